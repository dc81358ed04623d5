"""Zip archives: every member jixiao reads becomes its own input, named `archive.zip!folder/member.pdf`.

`members()` lists an archive when the inputs are expanded (the central directory only; a nested zip
is read into memory, bounded by the size limit) and names each member as a virtual path
`archive.zip!folder/member.pdf` (two levels: `a.zip!b.zip!c.pdf`).  `open_member()` gives a member's
bytes and `unpacked()` a temp copy of it, so a member goes through the pipeline like any file and
gets its own documents row, error row included (an encrypted member, one nested too deep).

Member names written by Chinese Windows carry GBK bytes without the UTF-8 flag; zipfile decodes
them as cp437, so the raw bytes are taken back and decoded as UTF-8, else GB18030.  Zip bombs are
refused before anything is inflated (extract/zip_limits.py, the limits office files are held to too).
7z, RAR and OFD files are recognised and given a reason.
"""
from __future__ import annotations

import io
import posixpath
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO, NoReturn

from jixiao.core.grid import ExtractError
from jixiao.extract import zip_limits


class ArchiveError(ExtractError, OSError):
    """An archive or member that cannot be read.  Also an OSError, so that a caller hashing a member
    (the batch, before it starts the file's process) treats it as an unreadable file and leaves the
    reason to the file's own documents row."""


SEP = "!"
MAX_DEPTH = 2  # an archive inside an archive is read; one more level is not
_UTF8_FLAG, _ENCRYPTED_FLAG = 0x800, 0x1

KINDS = ("zip", "7z", "rar", "ofd")
REASONS = {
    "7z": "7z archive: not read (no maintained pure-Python 7z reader); unpack it (7z x FILE) and run jixiao on the folder",
    "rar": "RAR archive: not read (no free RAR decoder); unpack it (unrar x FILE) and run jixiao on the folder",
    "ofd": "OFD document (the national fixed-layout format GB/T 33190): not read; export it to PDF with an OFD "
           "reader and run jixiao on the PDF",
}


def member_name(info: zipfile.ZipInfo) -> str:
    """The name as its writer meant it: UTF-8 when flagged, else UTF-8 or GB18030 from the raw bytes."""
    name = info.filename
    if not info.flag_bits & _UTF8_FLAG:
        raw = info.orig_filename.encode("cp437")  # zipfile decoded the raw bytes as cp437
        for encoding in ("utf-8", "gb18030"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return name.replace("\\", "/")


def _key(name: str) -> str:
    """Names compared the way pathlib writes them (no doubled or trailing slashes, no ./)."""
    return str(PurePosixPath(name))


def _infos(z: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    return {_key(member_name(i)): i for i in zip_limits.members(z)}


def _open_zip(source: Path | bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        raise ArchiveError(f"cannot read zip archive: {' '.join(str(e).split())[:160]}") from None


def _readable(info: zipfile.ZipInfo, name: str) -> None:
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise ArchiveError(f"encrypted (password-protected) archive member: {name} not read")


def _inflate(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """A nested archive's bytes, in memory (its size is within the limits already checked)."""
    with _stream(z, info, name) as f:
        return f.read()


@contextmanager
def _stream(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[BinaryIO]:
    _readable(info, name)
    try:
        with z.open(info) as f:
            yield f
    except NotImplementedError as e:  # a compression method zipfile lacks (deflate64, …)
        raise ArchiveError(f"archive member {name}: {e}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError) as e:
        raise ArchiveError(f"archive member {name} damaged: {' '.join(str(e).split())[:120]}") from None


def _is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


def _list(z: zipfile.ZipFile, readable: set[str], depth: int, budget: list[int]) -> list[str]:
    names = []
    for name, info in _infos(z).items():
        zip_limits.check(name, info, budget)
        if depth < MAX_DEPTH and _is_zip(name) and not info.flag_bits & _ENCRYPTED_FLAG:
            try:
                with _open_zip(_inflate(z, info, name)) as inner:
                    names += [name + SEP + n for n in _list(inner, readable, depth + 1, budget)]
                continue
            except zip_limits.Refused:
                raise
            except ArchiveError:
                pass  # a damaged inner archive is listed itself and gets its own error row
        if PurePosixPath(name).suffix.lower() in readable:
            names.append(name)
    return names


def members(path: Path, readable: set[str]) -> list[str]:
    """Names (as in `a.zip!b.pdf`, after the first '!') of the members with a suffix in `readable`."""
    with _open_zip(path) as z:
        return _list(z, readable, 1, [zip_limits.MAX_TOTAL])


def split(path: Path) -> tuple[Path, str] | None:
    """(archive file, member name) when `path` is a virtual member path, else None."""
    text = str(path)
    at = text.find(SEP)
    while at > 0:
        if Path(text[:at]).is_file():
            return Path(text[:at]), text[at + 1:]
        at = text.find(SEP, at + 1)
    return None


@contextmanager
def open_member(path: Path) -> Iterator[BinaryIO]:
    """A member's bytes as a binary file; an ordinary path is opened as it is."""
    parts = split(path) if not path.exists() else None
    if parts is None:
        with path.open("rb") as f:
            yield f
        return
    archive, rest = parts
    source: Path | bytes = archive
    budget = [zip_limits.MAX_TOTAL]
    for depth in range(1, MAX_DEPTH + 1):
        with _open_zip(source) as z:
            infos = _infos(z)
            name = _key(rest)
            if name not in infos:  # the member is inside a nested archive: a.zip!b.zip!c.pdf
                name = next((n for n in infos if rest.startswith(n + SEP) and _is_zip(n)), name)
            if name not in infos:
                raise ArchiveError(f"no member {rest} in the archive")
            zip_limits.check(name, infos[name], budget)
            if _is_zip(name) and depth >= MAX_DEPTH:
                raise ArchiveError(f"archive nested more than {MAX_DEPTH} levels deep: {name} not read")
            if name == _key(rest):
                with _stream(z, infos[name], name) as f:
                    yield f
                return
            data = _inflate(z, infos[name], name)
        source, rest = data, rest[len(name) + 1:]


@contextmanager
def unpacked(path: Path) -> Iterator[Path]:
    """A temp copy of an archive member, named like the member (its suffix picks the reader)."""
    with tempfile.TemporaryDirectory(prefix="jixiao-member-") as tmp:
        target = Path(tmp) / (posixpath.basename(str(path).rsplit(SEP, 1)[-1]) or "member")
        with open_member(path) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        yield target


def read_archive(path: Path, kind: str, readable: set[str]) -> NoReturn:
    """An archive that reached a reader itself (7z, RAR, OFD, or a zip that could not be expanded):
    always an ExtractError, with the reason."""
    if kind in REASONS:
        raise ExtractError(REASONS[kind])
    found = members(path, readable)
    if not found:
        raise ExtractError("archive holds no file jixiao reads")
    raise ExtractError(f"archive of {len(found)} readable files: run it through `jixiao run` to read each member")

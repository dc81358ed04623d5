"""What `jixiao run INPUT...` reads: files given by name, folders searched, glob patterns expanded.

Nothing is dropped without a word.  An input that cannot be read (a missing path, a symlink loop, a
FIFO or device, a type jixiao does not read, a pattern that matches nothing) becomes an `Input` with
a one-line `error`, which the run turns into its own `documents` row without ever opening the file.
Inside folders, files of types jixiao does not read are only counted (`skipped: 3 .rar`), except that
a server page (.shtml, .jsp, …) or a file without a suffix is read when its first bytes are HTML, as a
crawled site keeps the server's names; symlinked
subfolders are searched, each real folder once, so a link back up the tree cannot loop.  A zip
archive becomes one input per member jixiao reads (jixiao/runner/archive.py).
"""
from __future__ import annotations

import errno
import glob
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jixiao import extract
from jixiao.core.grid import ExtractError
from jixiao.runner import archive

OWN_PREFIX = ".jixiao"  # jixiao's own files (cache, lock, temp folders) are never inputs


@dataclass(frozen=True, slots=True)
class Input:
    path: Path
    name: str  # as given on the command line, or as found under a folder
    error: str | None = None  # set: the file is not read, this is its documents.error
    file_type: str | None = None


@dataclass(slots=True)
class Found:
    inputs: list[Input] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # suffix → files not read inside folders


def _special(mode: int) -> str:
    for test, what in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return what
    return "not a regular file"


def supported(path: Path) -> bool:
    """A type jixiao reads: a known suffix, or no suffix (the content is sniffed)."""
    return path.suffix.lower() in extract.SUPPORTED or not path.suffix


def _read_in_folder(entry: os.DirEntry[str]) -> bool:
    """A file found in a folder is read: a type jixiao reads, or a server page or suffixless file of HTML."""
    suffix = Path(entry.name).suffix.lower()
    if suffix in extract.SUPPORTED:
        return True
    if suffix and suffix not in extract.SERVER_PAGE_SUFFIXES:
        return False
    try:
        regular = entry.is_file()  # sniffed only when a regular file: opening a FIFO would hang
    except OSError:
        return False
    return regular and extract.file_type(Path(entry.path)) == "html"


def readable_suffixes() -> str:
    return " ".join(sorted(extract.SUPPORTED))


def check_file(path: Path, name: str) -> Input:
    """An Input for one path, with the reason it cannot be read (found with stat, never by opening)."""
    kind = path.suffix.lower().lstrip(".") or None
    try:
        st = path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            return Input(path, name, "symlink loop (the link never reaches a file)", kind)
        if e.errno == errno.ENOENT:
            return Input(path, name, "broken symlink" if path.is_symlink() else "no such file", kind)
        return Input(path, name, f"cannot read file: {e.strerror or e}", kind)
    if not stat.S_ISREG(st.st_mode):
        return Input(path, name, f"{_special(st.st_mode)}, not a file; not read", kind)
    if not supported(path) and extract.file_type(path) == kind:
        return Input(path, name, f"jixiao does not read .{kind} files (it reads {readable_suffixes()})", kind)
    return Input(path, name)


def _walk(folder: Path, found: Found, seen: set[tuple[int, int]]) -> None:
    """Every file under folder, sorted; symlinked folders followed, each real folder once."""
    try:
        st = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        found.inputs.append(Input(folder, str(folder), f"cannot read folder: {e.strerror or e}"))
        return
    if (st.st_dev, st.st_ino) in seen:
        return  # a symlink back to a folder already searched
    seen.add((st.st_dev, st.st_ino))
    for entry in entries:
        if entry.name.startswith(OWN_PREFIX):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, found, seen)
        elif _read_in_folder(entry):
            found.inputs.append(check_file(path, entry.path))
        else:
            found.skipped[path.suffix.lower() or "(no suffix)"] += 1


def expand(items: list[str]) -> Found:
    """Every input in order: files as given, folders sorted, glob patterns expanded and sorted.
    The same file reached twice (by two names or a link) is read once."""
    found = Found()
    seen_dirs: set[tuple[int, int]] = set()
    for item in items:
        p = Path(item)
        if p.is_dir():
            _walk(p, found, seen_dirs)
        elif not os.path.lexists(p) and glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                found.inputs.append(Input(p, item, "no file matches this pattern"))
            for match in matches:
                if Path(match).is_dir():
                    _walk(Path(match), found, seen_dirs)
                else:
                    found.inputs.append(check_file(Path(match), match))
        else:
            found.inputs.append(check_file(p, item))
    found.inputs = [m for i in _unique(found.inputs) for m in _members(i)]
    return found


def _members(i: Input) -> list[Input]:
    """A zip's readable members as inputs of their own (`a.zip!dir/b.pdf`); anything else as it is."""
    if i.error is not None:
        return [i]
    return [Input(path, name) for path, name in archive_members(i.path, i.name)]


def archive_members(path: Path, name: str) -> list[tuple[Path, str]]:
    """A zip's readable members as inputs of their own (`a.zip!dir/b.pdf`); any other path as it is.
    An archive that cannot be listed (damaged, a zip bomb, nothing readable) stays one input, whose
    documents row gives the reason."""
    if path.suffix.lower() != ".zip" and not (path.is_file() and extract.file_type(path) == "zip"):
        return [(path, name)]
    try:
        found = archive.members(path, extract.SUPPORTED)
    except ExtractError:
        return [(path, name)]
    return [(Path(f"{path}{archive.SEP}{m}"), f"{name}{archive.SEP}{m}") for m in found] or [(path, name)]


def _unique(inputs: list[Input]) -> list[Input]:
    seen: set[str] = set()
    unique = []
    for i in inputs:
        key = os.path.realpath(i.path) if i.error is None else f"\0{i.name}"
        if key not in seen:
            seen.add(key)
            unique.append(i)
    return unique

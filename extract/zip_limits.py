"""Zip-bomb limits, for every zip jixiao opens: archives of inputs (jixiao/runner/archive.py) and the
parts of office files (xlsx, ods, docx), whose readers would inflate a part whole.

A zip is refused before anything is inflated, by what its central directory declares: a member over
RATIO_FROM bytes that inflates more than MAX_RATIO times, members adding up to more than MAX_TOTAL
(zipfile never inflates past a member's declared size, so the declared sizes bound the work), or more
than MAX_MEMBERS members.
"""
from __future__ import annotations

import zipfile

from jixiao.core.grid import ExtractError

MAX_TOTAL = 2 * 2**30  # bytes: the declared sizes of every member, nested ones included
MAX_RATIO = 200  # declared size / compressed size, checked for members over RATIO_FROM bytes
RATIO_FROM = 2**20
MAX_MEMBERS = 10_000


class Refused(ExtractError, OSError):
    """A zip refused whole (a zip bomb, too many members).  Also an OSError, so that a caller hashing
    an archive member treats it as unreadable and leaves the reason to the member's own row."""


def members(z: zipfile.ZipFile, what: str = "archive") -> list[zipfile.ZipInfo]:
    """The zip's members that are files; Refused when there are too many."""
    infos = [i for i in z.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise Refused(f"{what} refused: {len(infos)} members (limit {MAX_MEMBERS})")
    return infos


def check(name: str, info: zipfile.ZipInfo, budget: list[int], what: str = "archive") -> None:
    """The limits on one member; `budget` holds the bytes still allowed for the whole zip."""
    if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise Refused(f"{what} refused as a zip bomb: {name} inflates "
                      f"{info.file_size // max(info.compress_size, 1)}× (limit {MAX_RATIO}×)")
    budget[0] -= info.file_size
    if budget[0] < 0:
        raise Refused(f"{what} refused as a zip bomb: members add up to more than {MAX_TOTAL >> 20} MiB")


def refuse_bomb(z: zipfile.ZipFile, what: str) -> None:
    """The limits on every part of an office file (`what`: workbook, Word document)."""
    budget = [MAX_TOTAL]
    for info in members(z, what):
        check(info.filename, info, budget, what)

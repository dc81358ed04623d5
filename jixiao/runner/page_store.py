"""OCR'd pages kept on disk while a scan is read, so that a scan that timed out, crashed or was
interrupted does not OCR its finished pages again when it is run again, and so that a second
process can read a long scan's pages ahead of the file's own (jixiao/read_ahead.py).

The batch runner turns it on in each file's process (with the result cache: the pages sit beside
the cached results, under the same fingerprint of the code and rules, so a change of either reads
them afresh) and removes a file's pages once its whole result is cached.  Off, it keeps nothing.
"""
from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path

from jixiao.runner.atomic import write_json

_where: tuple[Path, str] | None = None  # the cache folder, the file's SHA-256


def use(folder: str | None, digest: str | None) -> None:
    global _where
    _where = (Path(folder), digest) if folder and digest else None


def _path(folder: Path, digest: str, page: int) -> Path:
    return folder / digest[:2] / f"{digest}.page{page}.json"


def get(page: int) -> dict | None:
    """The saved reading of 1-based `page`, or None."""
    if _where is None:
        return None
    try:
        with _path(*_where, page).open(encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None  # absent or damaged: read it again


def put(page: int, reading: dict) -> None:
    """Saved whole or not at all (a temp file renamed into place); a full disk only loses the saving."""
    if _where is None:
        return
    with suppress(OSError):
        write_json(_path(*_where, page), reading)


def stored(pages: list[int]) -> set[int]:
    """Which of `pages` are saved."""
    if _where is None:
        return set()
    return {p for p in pages if _path(*_where, p).exists()}


def forget(folder: Path, digest: str) -> None:
    """A file's saved pages removed (its whole result is kept now)."""
    for path in (folder / digest[:2]).glob(f"{digest}.page*.json"):
        path.unlink(missing_ok=True)

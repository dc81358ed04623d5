"""OCR'd pages kept on disk while a scan is read, so that a scan that timed out, crashed or was
interrupted does not OCR its finished pages again when it is run again, and so that a second
process can read a long scan's pages ahead of the file's own (jixiao/runner/read_ahead.py).

The batch runner gives each file's process a PageStore in its settings (jixiao.core.settings): with
the result cache, the pages sit beside the cached results, under the same fingerprint of the code and
rules, so a change of either reads them afresh; the runner removes a file's pages once its whole
result is cached.  Without a store nothing is kept.
"""
from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path

from jixiao.runner.atomic import write_json


def _path(folder: Path, digest: str, page: int) -> Path:
    return folder / digest[:2] / f"{digest}.page{page}.json"


class PageStore:
    """The saved pages of one file (by its SHA-256) in one folder."""

    def __init__(self, folder: Path, digest: str) -> None:
        self.folder, self.digest = folder, digest

    def get(self, page: int) -> dict | None:
        """The saved reading of 1-based `page`, or None."""
        try:
            with _path(self.folder, self.digest, page).open(encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return None  # absent or damaged: read it again

    def put(self, page: int, reading: dict) -> None:
        """Saved whole or not at all (a temp file renamed into place); a full disk only loses the saving."""
        with suppress(OSError):
            write_json(_path(self.folder, self.digest, page), reading)

    def stored(self, pages: list[int]) -> set[int]:
        """Which of `pages` are saved."""
        return {p for p in pages if _path(self.folder, self.digest, p).exists()}


def forget(folder: Path, digest: str) -> None:
    """A file's saved pages removed (its whole result is kept now)."""
    for path in (folder / digest[:2]).glob(f"{digest}.page*.json"):
        path.unlink(missing_ok=True)

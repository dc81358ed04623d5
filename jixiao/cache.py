"""Results kept between runs, and the spool that puts results back into input order.

The cache is keyed by the file's SHA-256, the jixiao version, the output columns and a fingerprint of
the rules in force (the three YAML catalogues and the scheme), so a rerun after adding 10 files reads only those 10, an
interrupted run resumes where it stopped, and changing a rule or upgrading recomputes everything.
Files that failed are not cached: a timeout or a crash may not happen again.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from jixiao import __version__, config
from jixiao.pipeline import FileResult
from jixiao.schema import TABLES


def fingerprint(scheme: str | None) -> str:
    h = hashlib.sha256(f"jixiao {__version__}\nscheme {scheme}\n".encode())
    # The output columns too: a result cached before a column was added would leave it empty.
    h.update(json.dumps({name: list(columns) for name, columns in TABLES.items()}).encode())
    for name in ("rules", "values", "headers"):
        h.update(json.dumps(config.load(name), sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16]


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    os.replace(tmp, path)


class ResultCache:
    def __init__(self, folder: Path, scheme: str | None) -> None:
        self.folder = folder / fingerprint(scheme)

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, digest: str) -> FileResult | None:
        try:
            with self._path(digest).open(encoding="utf-8") as f:
                return FileResult.from_json(json.load(f))
        except (OSError, ValueError, KeyError, IndexError):
            return None  # absent, or a damaged entry: compute again

    def put(self, digest: str, result: FileResult) -> None:
        if result.document["status"] != "error":
            _write_json(self._path(digest), result.to_json())


class OrderedSpool:
    """Takes results in any order, gives them back in input order as soon as each one's turn comes.
    Results that arrive early wait on disk, not in memory."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=".jixiao-spool-", dir=folder))
        self.next = 0
        self.waiting: set[int] = set()

    def add(self, index: int, result: FileResult) -> Iterator[FileResult]:
        if index == self.next:
            self.next += 1
            yield result
        else:
            _write_json(self.folder / f"{index}.json", result.to_json())
            self.waiting.add(index)
        while self.next in self.waiting:
            path = self.folder / f"{self.next}.json"
            with path.open(encoding="utf-8") as f:
                result = FileResult.from_json(json.load(f))
            path.unlink()
            self.waiting.discard(self.next)
            self.next += 1
            yield result

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

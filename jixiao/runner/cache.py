"""Results kept between runs, and the spool that puts results back into input order.

A result is keyed by everything that decides it: the file's SHA-256, the type it was read as (the
same bytes named .txt and .html are read differently), and a fingerprint of the run — the jixiao
version, a hash of the source of every module that decides a result, the scheme and the rule catalogues in force.  So a
rerun after adding 10 files reads only those 10, an interrupted run resumes where it stopped, a
cached run always equals a clean one, and changing a rule or the code recomputes everything.
Failed files are not cached: a timeout or a crash may not happen again, so they are retried.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from functools import cache
from importlib import util
from pathlib import Path

from jixiao import __version__
from jixiao.core.config import NAMES
from jixiao.core.settings import Settings
from jixiao.runner.atomic import write_json
from jixiao.runner.pipeline import FileResult

# Every module that decides a result, with its subpackages; not the command line, the library API
# or the review report, which only present results.
DECIDING = ("jixiao.core", "jixiao.extract", "jixiao.normalize", "jixiao.rules", "jixiao.runner")


def deciding_sources() -> list[tuple[str, Path]]:
    """(name, path) of every module of DECIDING, subfolders included, in a fixed order."""
    found = []
    for package in DECIDING:
        folder = Path(util.find_spec(package).origin).parent
        found += [(f"{package}/{p.relative_to(folder).as_posix()}", p) for p in sorted(folder.rglob("*.py"))]
    return found


@cache
def source_hash() -> str:
    h = hashlib.sha256()
    for name, path in deciding_sources():
        h.update(name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def fingerprint(settings: Settings) -> str:
    """The code, the scheme and the catalogues in force: what a cached result was computed under."""
    h = hashlib.sha256(f"jixiao {__version__}\nsource {source_hash()}\nscheme {settings.scheme}\n".encode())
    for name in NAMES:
        h.update(json.dumps(settings.catalogue[name], sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16]


class ResultCache:
    def __init__(self, folder: Path, settings: Settings) -> None:
        self.root = folder
        self.folder = folder / fingerprint(settings)

    def _path(self, digest: str, kind: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.{kind}.json"

    def get(self, digest: str, kind: str) -> FileResult | None:
        path = self._path(digest, kind)
        try:
            with path.open(encoding="utf-8") as f:
                result = FileResult.from_json(json.load(f))
        except (OSError, ValueError, KeyError, IndexError):
            return None  # absent, or a damaged entry: compute again
        with suppress(OSError):
            os.utime(path)  # recently used: kept longest by prune()
        return result

    def put(self, digest: str, kind: str, result: FileResult) -> None:
        if result.document["status"] != "error":
            write_json(self._path(digest, kind), result.to_json())


def prune(root: Path, max_bytes: int, keep: Path | None = None) -> tuple[int, int]:
    """Delete cached results until the cache holds at most max_bytes: results of other rules or
    versions first (any folder but `keep`), then the least recently used.  (files removed, bytes freed)"""
    entries = []
    for path in root.glob("*/*/*"):
        try:
            st = path.stat()
        except OSError:
            continue
        entries.append((path.parent.parent == keep, st.st_mtime, st.st_size, path))
    total = sum(e[2] for e in entries)
    removed = freed = 0
    for _, _, size, path in sorted(entries, key=lambda e: (e[0], e[1])):
        if total - freed <= max_bytes:
            break
        path.unlink(missing_ok=True)
        removed, freed = removed + 1, freed + size
    return removed, freed


class OrderedSpool:
    """Takes results in any order, gives them back in input order as soon as each one's turn comes.
    Results that arrive early wait on disk, not in memory."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=".jixiao-spool-", dir=folder))
        self.next = 0
        self.waiting: set[int] = set()

    def add(self, index: int, result: FileResult, cached: bool) -> Iterator[tuple[FileResult, bool]]:
        """(result, whether it came from the cache) for every result whose turn has come."""
        if index == self.next:
            self.next += 1
            yield result, cached
        else:
            write_json(self.folder / f"{index}.json", {"cached": cached, "result": result.to_json()})
            self.waiting.add(index)
        while self.next in self.waiting:
            path = self.folder / f"{self.next}.json"
            with path.open(encoding="utf-8") as f:
                saved = json.load(f)
            path.unlink()
            self.waiting.discard(self.next)
            self.next += 1
            yield FileResult.from_json(saved["result"]), saved["cached"]

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

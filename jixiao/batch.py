"""Running many files: each in its own process, with a time limit and a memory guard.

One file that crashes, hangs or blows memory becomes a documents row with status `error` and the
reason; the others go on.  `run_isolated` is the unit of work for every executor: the local one
runs up to N of them at once (one thread per running child), the Dask one submits them to a cluster.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jixiao import config
from jixiao.cache import ResultCache
from jixiao.pipeline import FileResult, document_row, file_digest, process_file
from jixiao.rules.engine import Engine

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True, slots=True)
class Task:
    index: int  # position in the input order: the dataset is written in this order
    path: str
    source: str  # the name as given on the command line
    scheme: str | None = None
    rules_dir: str | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float = 300.0  # seconds per file
    max_memory_mib: float = 4096.0  # resident memory per file


@cache
def _engine(scheme: str | None, rules_dir: str | None) -> Engine:
    config.use_directory(Path(rules_dir) if rules_dir else None)
    return Engine(scheme)


def run_task(task: Task, digest: str | None = None) -> FileResult:
    """One file in this process (the engine is built once per process and scheme)."""
    return process_file(Path(task.path), task.source, _engine(task.scheme, task.rules_dir), digest)


def _child(task: Task, digest: str | None, conn) -> None:
    conn.send(run_task(task, digest).to_json())
    conn.close()


def _rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def failed(task: Task, reason: str, seconds: float) -> FileResult:
    kind = Path(task.path).suffix.lstrip(".").lower() or None
    return FileResult(document_row(task.source, kind, error=reason, seconds=round(seconds, 4)))


def run_isolated(task: Task, limits: Limits, digest: str | None = None) -> FileResult:
    """One file in a forked child; killed when it runs past the time limit or the memory guard."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(task, digest, send), daemon=True)
    start = time.monotonic()
    proc.start()
    send.close()
    reason = None
    try:
        while True:
            if recv.poll(0.05):
                try:
                    return FileResult.from_json(recv.recv())
                except EOFError:
                    break
            if not proc.is_alive() and not recv.poll(0):
                break
            if time.monotonic() - start > limits.timeout:
                reason = f"timed out after {limits.timeout:g} s (--file-timeout)"
                break
            if _rss_mib(proc.pid) > limits.max_memory_mib:
                reason = f"used more than {limits.max_memory_mib:g} MiB of memory (--max-memory)"
                break
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()
    if reason is None:
        code = proc.exitcode
        reason = f"worker crashed (signal {-code})" if code and code < 0 else f"worker crashed (exit code {code})"
    return failed(task, reason, time.monotonic() - start)


def _cached_or_run(task: Task, limits: Limits, cache: ResultCache | None) -> tuple[FileResult, bool]:
    digest = None
    try:
        digest = file_digest(Path(task.path))
    except OSError:
        pass  # the child reports why the file cannot be read
    if cache is not None and digest is not None:
        hit = cache.get(digest)
        if hit is not None:
            return hit.renamed(task.source), True
    result = run_isolated(task, limits, digest)
    if cache is not None and digest is not None:
        cache.put(digest, result)
    return result, False


Done = tuple[Task, FileResult, bool]  # the task, its result, whether it came from the cache


def run_local(tasks: list[Task], workers: int, limits: Limits, cache: ResultCache | None) -> Iterator[Done]:
    """Results as files finish, up to `workers` files at a time."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(_cached_or_run, t, limits, cache): t for t in tasks}
        try:
            for fut in as_completed(futures):
                yield (futures[fut], *fut.result())
        finally:
            for fut in futures:
                fut.cancel()


def run_dask(tasks: list[Task], scheduler: str, limits: Limits, cache: ResultCache | None) -> Iterator[Done]:
    """The same per-file unit of work on a Dask cluster (workers need jixiao installed and the
    files at the same paths, e.g. on a shared filesystem)."""
    from distributed import Client, as_completed as dask_completed

    with Client(scheduler) as client:
        pending = {}
        for t in tasks:
            digest = _digest_or_none(t)
            hit = cache.get(digest) if cache is not None and digest else None
            if hit is not None:
                yield t, hit.renamed(t.source), True
                continue
            fut = client.submit(_remote, t, limits, digest, pure=False)
            pending[fut] = (t, digest)
        for fut in dask_completed(pending):
            t, digest = pending.pop(fut)
            result = FileResult.from_json(fut.result())
            if cache is not None and digest:
                cache.put(digest, result)
            yield t, result, False


def _digest_or_none(task: Task) -> str | None:
    try:
        return file_digest(Path(task.path))
    except OSError:
        return None


def _remote(task: Task, limits: Limits, digest: str | None) -> dict:
    return run_isolated(task, limits, digest).to_json()


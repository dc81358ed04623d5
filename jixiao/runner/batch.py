"""Running many files: each in its own process, with a time limit and a memory guard.

One file that crashes, hangs or blows memory becomes a documents row with status `error` and the
reason; the others go on.  `run_isolated` is the unit of work for every executor: the local one
runs up to N of them at once (one thread per running child), the Dask one submits them to a cluster.

The per-file process is a fork of a process that has jixiao imported (~9 ms on 2 cores, against
~0.6 s for a fresh interpreter to import the pipeline).  Locally that is this process.  A Dask
worker may not fork a multiprocessing child (the nanny makes it daemonic, and it runs threads of
its own), so each Dask worker thread starts one `python -m jixiao.runner.worker` (a Forker) through
subprocess, and that fresh process forks the per-file children with the same limits and reasons.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from multiprocessing.connection import wait
from pathlib import Path

from jixiao import extract
from jixiao.core.config import Catalogue, bundled_catalogue
from jixiao.core.settings import Settings, active
from jixiao.runner import child_output, page_store
from jixiao.runner.cache import ResultCache
from jixiao.runner.pipeline import FileResult, document_row, file_digest, process_file
from jixiao.runner.read_ahead import Load

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
DASK_RETRIES = 3  # a task whose worker died is run again elsewhere (the task only computes)

_forking = threading.local()  # .child: this thread is starting a per-file child
_QUIET = {signal.SIGINT, signal.SIGTERM}
# Held while this process imports the OCR engine's modules: a child forked mid-import would inherit a
# half-imported module and the import lock of a thread it does not have.
_FORKS = threading.Lock()
_ocr_imported = False


def _after_fork_in_child() -> None:
    # The forking thread blocked SIGINT/SIGTERM, so none can arrive before this point: a Ctrl-C sent
    # to the whole process group must not print a traceback from a child.
    if getattr(_forking, "child", False):
        quiet_child()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _QUIET)


os.register_at_fork(after_in_child=_after_fork_in_child)


@dataclass(frozen=True, slots=True)
class Task:
    index: int  # position in the input order: the dataset is written in this order
    path: str
    source: str  # the name as given on the command line
    scheme: str | None = None
    rules_dir: str | None = None
    error: str | None = None  # known before reading (missing, special file, type not read): not run
    file_type: str | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float = 300.0  # seconds per file
    max_memory_mib: float = 4096.0  # resident memory per file
    ocr_threads: int = 0  # onnxruntime threads in a file's process (0: one a core)
    per_ocr_page: float = 10.0  # seconds allowed on top of `timeout` for each page the file OCRs
    page_store: str | None = None  # where a scan's OCR'd pages are kept until its result is (the cache)

    def allowed(self, ocr_pages: int) -> float:
        return self.timeout + self.per_ocr_page * ocr_pages


def file_settings(task: Task, limits: Limits, digest: str | None, **services) -> Settings:
    """The settings a file's process reads it with.  The bundled catalogue was read before the fork;
    a rules folder is read again here (a few ms: it was checked before the run started)."""
    catalogue = Catalogue(Path(task.rules_dir)) if task.rules_dir else bundled_catalogue()
    pages = page_store.PageStore(Path(limits.page_store), digest) if limits.page_store and digest else None
    return Settings(catalogue, task.scheme, limits.ocr_threads, pages, **services)


def quiet_child() -> None:
    """In a per-file process: Ctrl-C is the parent's business (it kills us), SIGTERM just ends us."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _child(task: Task, digest: str | None, conn, limits: Limits, output: child_output.Capture) -> None:
    output.redirect()  # whatever a native library prints goes to the runner, not the terminal
    tell = lambda what, value: conn.send((what, value))  # noqa: E731 - pages to OCR, the reader running
    result = process_file(Path(task.path), task.source, file_settings(task, limits, digest, report=tell), digest)
    conn.send(result.to_json())
    conn.close()


def rss_mib(pid: int) -> float:
    """Resident memory of process `pid` in MiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def failed(task: Task, reason: str, seconds: float | None = None, digest: str | None = None,
           printed: str | None = None) -> FileResult:
    """The error row of a file whose process gave no result; `digest` (hashed before the process
    started) gives it its doc_id, `printed` is the last line the process printed."""
    kind = task.file_type if task.error else Path(task.path).suffix.lstrip(".").lower() or None
    return FileResult(document_row(task.source, kind, error=reason, doc_id=digest[:16] if digest else None,
                                   seconds=None if seconds is None else round(seconds, 4),
                                   notes=f"last line printed: {printed}" if printed else None))


def _over_limit(pid: int, start: float, limits: Limits, ocr_pages: int, stop: threading.Event | None) -> str | None:
    if time.monotonic() - start > limits.allowed(ocr_pages):
        if ocr_pages:
            return (f"timed out after {limits.allowed(ocr_pages):g} s (--file-timeout {limits.timeout:g} s "
                    f"+ {limits.per_ocr_page:g} s for each of {ocr_pages} pages to OCR)")
        return f"timed out after {limits.timeout:g} s (--file-timeout)"
    if rss_mib(pid) > limits.max_memory_mib:
        return f"used more than {limits.max_memory_mib:g} MiB of memory (--max-memory)"
    if stop is not None and stop.is_set():
        return "interrupted"
    return None


def _fork(target, args: tuple):
    """A started child process running target(*args), with SIGINT/SIGTERM quiet in it."""
    proc = multiprocessing.get_context("fork").Process(target=target, args=args, daemon=True)
    _forking.child = True
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _QUIET)  # this thread only; see _after_fork_in_child
    try:
        with _FORKS:
            proc.start()
    finally:
        _forking.child = False
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    return proc


def _import_ocr() -> None:
    """The OCR engine's modules imported here, once a file has pages to OCR: the files forked after it
    start with them, not each importing them again (~1 s a file)."""
    global _ocr_imported
    with _FORKS:
        if not _ocr_imported:
            from jixiao.extract.pdf import ocr

            ocr.preload()
            _ocr_imported = True


def _read_ahead_child(task: Task, digest: str, limits: Limits, pages: list[int]) -> None:
    child_output.silence()  # its death is not reported: the file's own process reads on
    from jixiao.extract.pdf import reader as pdf

    with active(file_settings(task, limits, digest)):
        pdf.read_ahead(Path(task.path), pages)


def run_isolated(task: Task, limits: Limits, digest: str | None = None, load: Load | None = None,
                 stop: threading.Event | None = None) -> FileResult:
    """One file in a forked child; killed when it runs past the time limit or the memory guard, or
    when `stop` is set (the run was interrupted).  With `load` (a local run), a long scan may get a
    second process reading its pages ahead."""
    recv, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    output = child_output.Capture()
    start = time.monotonic()
    proc = _fork(_child, (task, digest, send, limits, output))
    send.close()
    output.forked()
    reason, pages, helper, reader = None, [], None, None
    try:
        while reason is None:
            wait([recv, output] if output.open else [recv], 0.05)
            output.drain()
            if recv.poll(0):
                try:
                    got = recv.recv()
                except EOFError:
                    break
                if isinstance(got, tuple):  # progress: ("ocr_pages", [page, …]) or ("reader", name)
                    pages, reader = (got[1], reader) if got[0] == "ocr_pages" else (pages, got[1])
                    if got[0] == "ocr_pages" and got[1]:
                        _import_ocr()
                    continue
                return FileResult.from_json(got)
            if not proc.is_alive() and not recv.poll(0):
                break
            reason = _over_limit(proc.pid, start, limits, len(pages), stop)
            # A helper only where the file's process has one core of its own and another is idle.
            if (helper is None and load is not None and digest and limits.page_store and len(pages) >= 2
                    and limits.ocr_threads == 1 and load.claim_helper()):
                helper = _fork(_read_ahead_child, (task, digest, limits, pages))
            if helper is not None and helper.is_alive() and rss_mib(helper.pid) > limits.max_memory_mib:
                helper.kill()  # the file's own process reads on alone
    finally:
        for p in (proc, helper):
            if p is not None and p.is_alive():
                p.kill()
        proc.join()
        if helper is not None:
            helper.join()
            load.helper_ended()
        recv.close()
        output.close()
    printed = output.last_line()
    reason = reason or child_output.died(proc.exitcode, reader, output.tail.decode("utf-8", "replace"))
    return failed(task, reason, time.monotonic() - start, digest, printed)


class Forker:
    """A `python -m jixiao.runner.worker` process that runs run_isolated for each task it is sent (one JSON
    line in, one out).  It is a fresh interpreter, not a multiprocessing child, so it may fork even
    where its caller may not (a daemonic Dask worker), and it imports jixiao once, not once a file."""

    _idle: list[Forker] = []
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "jixiao.runner.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, start_new_session=True)

    @classmethod
    def run(cls, task: Task, limits: Limits, digest: str | None) -> FileResult:
        with cls._lock:
            forker = cls._idle.pop() if cls._idle else None
        forker = forker or cls()
        message = {"task": asdict(task), "limits": asdict(limits), "digest": digest}
        try:
            forker.proc.stdin.write(json.dumps(message).encode() + b"\n")
            forker.proc.stdin.flush()
            line = forker.proc.stdout.readline()
        except OSError:
            line = b""
        if not line:  # the forker itself died: reported like a crashed child, a new one next time
            forker.proc.kill()
            return failed(task, child_output.died(forker.proc.wait(), None, ""), digest=digest)
        with cls._lock:
            cls._idle.append(forker)
        return FileResult.from_json(json.loads(line))


def file_kind(task: Task) -> str:
    """The type the file is read as: part of the cache key."""
    return extract.file_type(Path(task.path))


def _digest_or_none(task: Task) -> str | None:
    try:
        return file_digest(Path(task.path))
    except OSError:
        return None  # the reader reports why the file cannot be read


def _cached_or_run(task: Task, limits: Limits, cache: ResultCache | None, load: Load,
                   stop: threading.Event) -> tuple[FileResult, bool]:
    threads = load.file_started(os.cpu_count() or 1)
    try:
        return _cached_or_run_counted(task, replace(limits, ocr_threads=threads), cache, load, stop)
    finally:
        load.file_ended()


def _cached_or_run_counted(task: Task, limits: Limits, cache: ResultCache | None, load: Load,
                           stop: threading.Event) -> tuple[FileResult, bool]:
    if task.error is not None:
        return failed(task, task.error), False
    digest, kind = _digest_or_none(task), file_kind(task)
    if cache is not None and digest is not None:
        hit = cache.get(digest, kind)
        if hit is not None:
            return hit.renamed(task.source), True
    result = run_isolated(task, limits, digest, load, stop)
    if cache is not None and digest is not None:
        cache.put(digest, kind, result)
        if result.document["status"] != "error":
            page_store.forget(cache.folder, digest)
    return result, False


Done = tuple[Task, FileResult, bool]  # the task, its result, whether it came from the cache


def _size(task: Task) -> int:
    try:
        return os.stat(task.path).st_size
    except OSError:
        return 0


def run_local(tasks: list[Task], workers: int, limits: Limits, cache: ResultCache | None) -> Iterator[Done]:
    """Results as files finish, up to `workers` files at a time."""
    # OCR'd pages go beside the cache (kept for a rerun) or, without one, into a folder of this run.
    pages = str(cache.folder) if cache is not None else tempfile.mkdtemp(prefix="jixiao-pages-")
    limits = replace(limits, page_store=pages)
    load = Load(max(1, workers), len(tasks))  # also the OCR threads each file gets
    stop = threading.Event()  # set when the run ends early: every thread waiting on a child kills it
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            # Largest files first, so that a long scan does not start last (the dataset is written in
            # input order whatever the order files finish in).
            ordered = sorted(tasks, key=_size, reverse=True)
            futures = {pool.submit(_cached_or_run, t, limits, cache, load, stop): t for t in ordered}
            try:
                for fut in as_completed(futures):
                    yield (futures[fut], *fut.result())
            finally:
                stop.set()  # interrupted or failed: running children are killed, the rest never start
                for fut in futures:
                    fut.cancel()
    finally:
        if cache is None:
            shutil.rmtree(pages, ignore_errors=True)


def connect(scheduler: str, timeout: float):
    """A Dask client, or ConnectionError / ImportError with a one-line reason."""
    try:
        from distributed import Client
    except ImportError:
        raise ImportError("--executor dask needs the dask extra: pip install 'jixiao[dask]'") from None
    try:
        return Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as e:
        reason = " ".join(str(e).split()) or type(e).__name__
        raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s: {reason}") from None


def run_dask(tasks: list[Task], client, limits: Limits, cache: ResultCache | None) -> Iterator[Done]:
    """The same per-file unit of work on a Dask cluster (workers need jixiao installed and the
    files at the same paths, e.g. on a shared filesystem).  The client does the cache and the
    writing; a task only computes, so Dask may safely run it again when a worker dies."""
    from distributed import as_completed as dask_completed

    pending = {}
    try:
        for t in tasks:
            if t.error is not None:
                yield t, failed(t, t.error), False
                continue
            digest, kind = _digest_or_none(t), file_kind(t)
            hit = cache.get(digest, kind) if cache is not None and digest else None
            if hit is not None:
                yield t, hit.renamed(t.source), True
                continue
            fut = client.submit(_remote, t, limits, digest, pure=False, retries=DASK_RETRIES)
            pending[fut] = (t, digest, kind)
        for fut in dask_completed(list(pending)):
            t, digest, kind = pending.pop(fut)
            result = _remote_result(t, fut, digest)
            if cache is not None and digest:
                cache.put(digest, kind, result)
            yield t, result, False
    finally:
        client.cancel(list(pending))


def _remote_result(task: Task, fut, digest: str | None) -> FileResult:
    try:
        return FileResult.from_json(fut.result())
    except Exception as e:  # noqa: BLE001 - a task lost for good (its workers kept dying) is one error row
        return failed(task, f"lost on the Dask cluster: {' '.join(str(e).split()) or type(e).__name__}",
                      digest=digest)


def _remote(task: Task, limits: Limits, digest: str | None) -> dict:
    return Forker.run(task, limits, digest).to_json()

"""Command line: `jixiao run INPUT... --out DIR`, `jixiao cache prune DIR --max SIZE`.

Every fault ends in one line on stderr and a documented exit status, never a traceback:
0 the run finished (files that failed are rows in documents), 1 a failure during the run (a full
disk; nothing half-written is left, finished files stay cached), 2 a usage or environment error
found before any work, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""
from __future__ import annotations

import argparse
import math
import os
import signal
import stat
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

from jixiao import __version__
from jixiao.core.config import ConfigError
from jixiao.core.schema import TABLES
from jixiao.core.settings import Settings
from jixiao.report import cli as report_cli
from jixiao.runner import inputs, run
from jixiao.runner.batch import Done, Limits, Task, connect, run_dask, run_local
from jixiao.runner.cache import ResultCache, prune
from jixiao.runner.dataset import DatasetWriter, Locked, lock
from jixiao.runner.pipeline import FileResult
from jixiao.runner.progress import Progress

FAILED, USAGE_ERROR, INTERRUPTED, TERMINATED = 1, 2, 130, 143
RESUME = "the dataset was not written; run the same command again to resume"
CACHED = " (finished files come from the cache)"


class UsageError(Exception):
    """Exit 2: the command cannot run as given (found before any file is read)."""


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that the same clean-up as for Ctrl-C runs."""


def _number(kind: type, positive_finite: bool = True) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if positive_finite and not (math.isfinite(value) and value > 0):
            raise argparse.ArgumentTypeError(f"must be a positive finite number, not {text!r}")
        return value
    return parse


_UNITS = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "KIB": 2**10, "M": 2**20, "MB": 2**20, "MIB": 2**20,
          "G": 2**30, "GB": 2**30, "GIB": 2**30, "T": 2**40, "TB": 2**40, "TIB": 2**40}


def size(text: str) -> int:
    """500M, 2G, 1.5GiB, 1048576 → bytes (K/M/G/T are powers of 1024)."""
    number = text.strip().upper()
    digits = number.rstrip("KMGTIB")
    unit = number[len(digits):].strip()
    try:
        value = float(digits) * _UNITS[unit]
    except (ValueError, KeyError):
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 500M, 2G)") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 500M, 2G)")
    return int(value)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="jixiao",
        description="Turn published budget-performance self-evaluation tables (绩效自评表) in text, HTML and "
                    "PDF reports into a typed dataset (documents, projects, funds, indicators, flags).")
    ap.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_run_parser(sub)
    add_cache_parser(sub)
    report_cli.add_parser(sub)
    return ap


def add_run_parser(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser(
        "run", help="read reports and write the dataset",
        description="Read every INPUT and write DIR/{documents,projects,funds,indicators,flags}.{parquet,csv}. "
                    "Each file is read in its own process; a file that cannot be read, crashes, hangs or "
                    "blows memory becomes a documents row with status=error and the run goes on. "
                    "Exit status: 0 when the run finished (even if some files failed), 1 on a failure during "
                    "the run (e.g. a full disk), 2 on usage errors, 130 when interrupted, 143 on SIGTERM "
                    "(rerun to resume: finished files come from the cache).")
    run.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="report files (.txt, .html, .pdf), folders (searched recursively) or glob patterns")
    run.add_argument("--out", required=True, type=Path, metavar="DIR",
                     help="dataset folder to write (created if missing)")
    run.add_argument("--scheme", metavar="NAME",
                     help="grading scheme from rules.yaml (default: the file's `scheme`, mof2020)")
    run.add_argument("--rules", metavar="DIR", type=Path,
                     help="folder with your own rules.yaml / values.yaml / headers.yaml; each overrides only "
                          "what it names, the rest comes from the bundled ones")
    run.add_argument("--workers", type=_number(int), default=os.cpu_count() or 1, metavar="N",
                     help="files read at once, each in its own process (default: the CPU count, %(default)s here)")
    run.add_argument("--file-timeout", type=_number(float), default=300.0, metavar="SECONDS",
                     help="give up on a file after this long, plus 10 s for each page it has to OCR (default %(default)g)")
    run.add_argument("--max-memory", type=_number(float), default=4096.0, metavar="MIB",
                     help="give up on a file whose process uses more memory than this (default %(default)g)")
    run.add_argument("--cache", type=Path, metavar="DIR",
                     help="where results are kept between runs (default: DIR/.jixiao-cache under --out)")
    run.add_argument("--no-cache", action="store_true", help="read every file again and keep nothing")
    run.add_argument("--cache-max", type=size, metavar="SIZE",
                     help="after the run, prune the cache to SIZE (e.g. 2G), least recently used first")
    run.add_argument("--executor", choices=("local", "dask"), default="local",
                     help="local processes (default) or a Dask distributed cluster (needs --scheduler)")
    run.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    run.add_argument("--connect-timeout", type=_number(float), default=10.0, metavar="SECONDS",
                     help="give up on an unreachable Dask scheduler after this long (default %(default)g)")
    run.add_argument("--partitioned", action="store_true",
                     help="write each NAME.parquet as a folder of part files (default with --executor dask)")
    run.add_argument("--no-timing", action="store_true",
                     help="leave documents.seconds empty, so that reruns give byte-identical files")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors (no progress, no summary)")
    run.add_argument("--report", action="store_true",
                     help="also write the review report (review.html, review.xlsx) into DIR; see `jixiao report`")
    run.set_defaults(handler=run_command)


def add_cache_parser(sub: argparse._SubParsersAction) -> None:
    cache = sub.add_parser("cache", help="manage the result cache",
                           description="jixiao cache prune DIR --max SIZE: delete cached results until the "
                                       "cache holds at most SIZE, least recently used first.")
    action = cache.add_subparsers(dest="action", required=True, metavar="ACTION")
    prune_cmd = action.add_parser("prune", help="shrink a cache folder to a size")
    prune_cmd.add_argument("folder", type=Path, metavar="DIR", help="the cache folder (e.g. OUT/.jixiao-cache)")
    prune_cmd.add_argument("--max", type=size, default=0, metavar="SIZE",
                           help="size to keep (e.g. 500M, 2G; default 0: empty it)")
    prune_cmd.set_defaults(handler=prune_command)


class Summary:
    """Counts for the closing lines; kept as numbers so memory does not grow with the files."""

    def __init__(self, skipped: Counter[str]) -> None:
        self.status: Counter[str] = Counter()
        self.severity: Counter[str] = Counter()
        self.projects = self.indicators = self.cached = 0
        self.failed: list[tuple[str, str]] = []
        self.skipped = skipped

    def add(self, r: FileResult, cached: bool) -> None:
        self.status[r.document["status"]] += 1
        self.severity.update(f["severity"] for f in r.flags)
        self.projects += len(r.projects)
        self.indicators += len(r.indicators)
        self.cached += cached
        if r.document["status"] == "error":
            self.failed.append((r.document["source_file"], r.document["error"]))

    def text(self) -> str:
        s = self.status
        lines = [
            f"files read: {sum(s.values())} (ok {s['ok']}, no tables {s['no_tables']}, errors {s['error']}"
            + (f"; {self.cached} from the cache)" if self.cached else ")"),
            f"projects: {self.projects}",
            f"indicator rows: {self.indicators}",
            "flags: " + ", ".join(f"{k} {self.severity[k]}" for k in ("error", "warning", "info")),
        ]
        if self.skipped:
            lines.append("skipped: " + ", ".join(f"{n} {suffix}" for suffix, n in sorted(self.skipped.items()))
                         + f" (in folders; jixiao reads {inputs.readable_suffixes()})")
        if self.failed:
            lines.append(f"files with errors: {len(self.failed)}")
            lines += [f"  {name}: {error}" for name, error in self.failed[:20]]
            if len(self.failed) > 20:
                lines.append(f"  … and {len(self.failed) - 20} more (see documents.csv)")
        return "\n".join(lines)


def _writable_folder(path: Path, option: str) -> None:
    """Create the folder, or UsageError naming why it cannot be written.  A folder without write
    permission (the folder, or the one it would be created in) is refused even when running as root."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path} exists and is not a folder")
    existing = next((p for p in (path, *path.absolute().parents) if p.exists()), path)
    try:
        if existing.is_dir() and not existing.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise PermissionError(13, f"{existing} is read-only")
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=path, prefix=".jixiao-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise UsageError(f"{option} {path} cannot be written: {e.strerror or e}") from None


def load_settings(args: argparse.Namespace) -> Settings:
    """Every catalogue parsed, merged and checked, and the scheme known, before any file is read."""
    if args.rules is not None and not args.rules.is_dir():
        raise UsageError(f"--rules {args.rules} is not a folder")
    try:
        return run.configure(args.rules, args.scheme)
    except ConfigError as e:
        raise UsageError(str(e)) from None


def start_executor(args: argparse.Namespace, stack: ExitStack, limits: Limits,
                   cache: ResultCache | None) -> Callable[[list[Task]], Iterator[Done]]:
    if args.executor == "local":
        return lambda tasks: run_local(tasks, args.workers, limits, cache)
    if not args.scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS")
    try:
        client = stack.enter_context(connect(args.scheduler, args.connect_timeout))
    except (ImportError, ConnectionError) as e:
        raise UsageError(str(e)) from None
    return lambda tasks: run_dask(tasks, client, limits, cache)


def run_command(args: argparse.Namespace) -> int:
    if args.executor == "local" and args.scheduler:
        raise UsageError("--scheduler needs --executor dask")
    settings = load_settings(args)
    cache_dir = args.cache or args.out / ".jixiao-cache"
    cache = None if args.no_cache else ResultCache(cache_dir, settings)
    with ExitStack() as stack:
        execute = start_executor(args, stack, Limits(args.file_timeout, args.max_memory), cache)
        _writable_folder(args.out, "--out")
        try:
            stack.enter_context(lock(args.out))
        except Locked as e:
            raise UsageError(str(e)) from None
        except OSError as e:
            raise UsageError(f"--out {args.out} cannot be written: {e.strerror or e}") from None
        if cache is not None:
            _writable_folder(cache_dir, "--cache")
        found = inputs.expand(args.inputs)
        tasks = run.tasks(found, settings)
        summary = Summary(found.skipped)
        try:
            write_dataset(args, tasks, execute(tasks), summary)
        except OSError as e:
            where = e.filename or f"the dataset in {args.out} or the cache"
            print(f"jixiao: cannot write {where}: {e.strerror or e}; {RESUME}{CACHED if cache is not None else ''}",
                  file=sys.stderr)
            return FAILED
    if not args.quiet:
        print(summary.text())
        print(f"dataset written to {args.out}/")
    if cache is not None and args.cache_max is not None:
        removed, freed = prune(cache.root, args.cache_max, keep=cache.folder)
        if not args.quiet and removed:
            print(f"cache pruned: {removed} results removed ({freed / 2**20:.1f} MiB)")
    if args.report:
        return report_cli.report(args.out, None, args.workers, args.quiet)
    return 0


def write_dataset(args: argparse.Namespace, tasks: list[Task], done: Iterator[Done], summary: Summary) -> None:
    """Results in input order into the dataset; on any failure nothing is left half-written."""
    writer = DatasetWriter(args.out, partitioned=args.partitioned or args.executor == "dask")
    progress = Progress(len(tasks), args.quiet)
    results = run.in_order(done, writer.tmp, progress.update)
    try:
        for r, cached in results:
            if args.no_timing:
                r.document["seconds"] = None
            summary.add(r, cached)
            for table in TABLES:
                writer.add(table, r.rows(table))
        writer.close()
    except BaseException:
        results.close()  # stops the executor: running children are killed, no new ones start
        progress.close()
        writer.abort()
        raise
    progress.close()


def prune_command(args: argparse.Namespace) -> int:
    if not args.folder.is_dir():
        raise UsageError(f"cache folder {args.folder} does not exist")
    removed, freed = prune(args.folder, args.max)
    print(f"removed {removed} cached results ({freed / 2**20:.1f} MiB) from {args.folder}")
    return 0


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main else None
    try:
        return args.handler(args)
    except UsageError as e:
        print(f"jixiao: {e}", file=sys.stderr)
        return USAGE_ERROR
    except (KeyboardInterrupt, Terminated) as e:
        how = "interrupted" if isinstance(e, KeyboardInterrupt) else "terminated"
        cached = CACHED if args.command == "run" and not args.no_cache else ""
        print(f"jixiao: {how}; {RESUME}{cached}.", file=sys.stderr)
        return INTERRUPTED if isinstance(e, KeyboardInterrupt) else TERMINATED
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())

"""Command line: `jixiao run INPUT... --out DIR`."""
from __future__ import annotations

import argparse
import glob
import os
import sys
from collections import Counter
from pathlib import Path

from jixiao import __version__, config, extract
from jixiao.batch import Limits, Task, run_dask, run_local
from jixiao.cache import OrderedSpool, ResultCache
from jixiao.dataset import DatasetWriter
from jixiao.pipeline import FileResult
from jixiao.schema import TABLES
from jixiao.progress import Progress
from jixiao.rules.engine import Engine

USAGE_ERROR = 2
INTERRUPTED = 130


def expand(inputs: list[str]) -> list[tuple[Path, str]]:
    """(path, name as given) for every file: folders recursed (supported types), globs expanded.
    A path that does not exist is kept, so that it gets its own `error` row in documents."""
    found: list[tuple[Path, str]] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found += [(f, str(f)) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in extract.SUPPORTED]
        elif not p.exists() and glob.has_magic(item):
            for match in sorted(glob.glob(item, recursive=True)):
                m = Path(match)
                if m.is_dir():
                    found += expand([match])
                else:
                    found.append((m, match))
        else:
            found.append((p, item))
    seen: set[Path] = set()
    unique = []
    for path, name in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append((path, name))
    return [member for path, name in unique for member in extract.archive_members(path, name)]


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="jixiao",
        description="Turn published budget-performance self-evaluation tables (绩效自评表) in text, HTML and "
                    "PDF reports into a typed dataset (documents, projects, funds, indicators, flags).")
    ap.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser(
        "run", help="read reports and write the dataset",
        description="Read every INPUT and write DIR/{documents,projects,funds,indicators,flags}.{parquet,csv}. "
                    "Each file is read in its own process; a file that cannot be read, crashes, hangs or "
                    "blows memory becomes a documents row with status=error and the run goes on. "
                    "Exit status: 0 when the run finished (even if some files failed), 2 on usage errors, "
                    "130 when interrupted (rerun to resume: finished files come from the cache).")
    run.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="report files (.txt, .html, .pdf), folders (searched recursively) or glob patterns")
    run.add_argument("--out", required=True, metavar="DIR", help="dataset folder to write (created if missing)")
    run.add_argument("--scheme", metavar="NAME",
                     help="grading scheme from rules.yaml (default: the file's `scheme`, mof2020)")
    run.add_argument("--rules", metavar="DIR", type=Path,
                     help="folder with your own rules.yaml / values.yaml / headers.yaml overriding the bundled ones")
    run.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                     help="files read at once, each in its own process (default: the CPU count, %(default)s here)")
    run.add_argument("--file-timeout", type=float, default=300.0, metavar="SECONDS",
                     help="give up on a file after this long (default %(default)g)")
    run.add_argument("--max-memory", type=float, default=4096.0, metavar="MIB",
                     help="give up on a file whose process uses more memory than this (default %(default)g)")
    run.add_argument("--cache", type=Path, metavar="DIR",
                     help="where results are kept between runs (default: DIR/.jixiao-cache under --out)")
    run.add_argument("--no-cache", action="store_true", help="read every file again and keep nothing")
    run.add_argument("--executor", choices=("local", "dask"), default="local",
                     help="local processes (default) or a Dask distributed cluster (needs --scheduler)")
    run.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    run.add_argument("--partitioned", action="store_true",
                     help="write each NAME.parquet as a folder of part files (default with --executor dask)")
    run.add_argument("--no-timing", action="store_true",
                     help="leave documents.seconds empty, so that reruns give byte-identical files")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors (no progress, no summary)")
    return ap


class Summary:
    """Counts for the closing lines; kept as numbers so memory does not grow with the files."""

    def __init__(self) -> None:
        self.status: Counter[str] = Counter()
        self.severity: Counter[str] = Counter()
        self.projects = self.indicators = self.cached = 0
        self.failed: list[tuple[str, str]] = []

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
        if self.failed:
            lines.append(f"files with errors: {len(self.failed)}")
            lines += [f"  {name}: {error}" for name, error in self.failed[:20]]
            if len(self.failed) > 20:
                lines.append(f"  … and {len(self.failed) - 20} more (see documents.csv)")
        return "\n".join(lines)


def usage_error(message: str) -> int:
    print(f"jixiao: {message}", file=sys.stderr)
    return USAGE_ERROR


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        return usage_error(f"--out {out} exists and is not a folder")
    if args.rules is not None:
        if not args.rules.is_dir():
            return usage_error(f"--rules {args.rules} is not a folder")
        config.use_directory(args.rules)
    if args.workers < 1 or args.file_timeout <= 0 or args.max_memory <= 0:
        return usage_error("--workers, --file-timeout and --max-memory must be positive")
    if args.executor == "dask" and not args.scheduler:
        return usage_error("--executor dask needs --scheduler ADDRESS")
    try:
        Engine(args.scheme)  # an unknown scheme is a usage error, before any file is read
    except ValueError as e:
        return usage_error(str(e))
    files = expand(args.inputs)
    tasks = [Task(n, str(path), name, args.scheme, str(args.rules) if args.rules else None)
             for n, (path, name) in enumerate(files)]
    cache = None if args.no_cache else ResultCache(args.cache or out / ".jixiao-cache", args.scheme)
    limits = Limits(args.file_timeout, args.max_memory)
    if args.executor == "dask":
        done = run_dask(tasks, args.scheduler, limits, cache)
    else:
        done = run_local(tasks, args.workers, limits, cache)
    writer = DatasetWriter(out, partitioned=args.partitioned or args.executor == "dask")
    spool = OrderedSpool(writer.tmp)
    progress, summary = Progress(len(tasks), args.quiet), Summary()
    try:
        for task, result, cached in done:
            progress.update(result, cached)
            for r in spool.add(task.index, result):
                if args.no_timing:
                    r.document["seconds"] = None
                summary.add(r, cached)
                for table in TABLES:
                    writer.add(table, r.rows(table))
        spool.close()
        writer.close()
    except KeyboardInterrupt:
        progress.close()
        spool.close()
        writer.abort()
        print("jixiao: interrupted; the dataset was not written. Run the same command again to resume "
              "(finished files come from the cache).", file=sys.stderr)
        return INTERRUPTED
    progress.close()
    if not args.quiet:
        print(summary.text())
        print(f"dataset written to {out}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

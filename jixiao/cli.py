"""Command line: `jixiao run INPUT... --out DIR`."""
from __future__ import annotations

import argparse
import glob
import sys
from collections import Counter
from pathlib import Path

from jixiao import __version__, extract, rules
from jixiao.dataset import TABLES, write
from jixiao.pipeline import FileResult, process_file
from jixiao.rules.engine import Engine

USAGE_ERROR = 2


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
    return unique


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
                    "A file that cannot be read becomes a documents row with status=error and the run goes on. "
                    "Exit status: 0 when the run finished (even if some files failed), 2 on usage errors.")
    run.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="report files (.txt, .html, .pdf), folders (searched recursively) or glob patterns")
    run.add_argument("--out", required=True, metavar="DIR", help="dataset folder to write (created if missing)")
    run.add_argument("--scheme", metavar="NAME",
                     help="grading scheme from rules.yaml (default: the file's `scheme`, mof2020)")
    run.add_argument("--rules", metavar="DIR", type=Path,
                     help="folder with your own rules.yaml / values.yaml / headers.yaml overriding the bundled ones")
    run.add_argument("--no-timing", action="store_true",
                     help="leave documents.seconds empty, so that reruns give byte-identical files")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    return ap


def summary(results: list[FileResult]) -> str:
    status = Counter(r.document["status"] for r in results)
    severity = Counter(f["severity"] for r in results for f in r.flags)
    lines = [
        f"files read: {len(results)} (ok {status['ok']}, no tables {status['no_tables']}, errors {status['error']})",
        f"projects: {sum(len(r.projects) for r in results)}",
        f"indicator rows: {sum(len(r.indicators) for r in results)}",
        "flags: " + ", ".join(f"{s} {severity[s]}" for s in ("error", "warning", "info")),
    ]
    failed = [r.document for r in results if r.document["status"] == "error"]
    if failed:
        lines.append(f"files with errors: {len(failed)}")
        lines += [f"  {d['source_file']}: {d['error']}" for d in failed[:20]]
        if len(failed) > 20:
            lines.append(f"  … and {len(failed) - 20} more (see documents.csv)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"jixiao: --out {out} exists and is not a folder", file=sys.stderr)
        return USAGE_ERROR
    if args.rules is not None:
        if not args.rules.is_dir():
            print(f"jixiao: --rules {args.rules} is not a folder", file=sys.stderr)
            return USAGE_ERROR
        rules.use_directory(args.rules)
    try:
        engine = Engine(args.scheme)
    except ValueError as e:
        print(f"jixiao: {e}", file=sys.stderr)
        return USAGE_ERROR
    files = expand(args.inputs)
    results = [process_file(path, name, engine) for path, name in files]
    if args.no_timing:
        for r in results:
            r.document["seconds"] = None
    for table in TABLES:
        if table == "documents":
            write(out, table, (r.document for r in results))
        else:
            write(out, table, (row for r in results for row in getattr(r, table)))
    if not args.quiet:
        print(summary(results))
        print(f"dataset written to {out}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

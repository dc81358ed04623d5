"""`jixiao report DATASET [--out FILE]`: the subcommand's arguments and what it prints."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jixiao.report.load import DatasetError

USAGE_ERROR = 2


def add_parser(sub: argparse._SubParsersAction) -> None:
    rp = sub.add_parser(
        "report", help="write the review report (review.html, review.xlsx) of a dataset",
        description="Write review.html (one self-contained page: overview, every document and project, every "
                    "flag with a crop of the PDF page around its row or the source row's text) and review.xlsx "
                    "(sheets 概览, flags, projects, funds, indicators, documents) from a dataset folder and the "
                    "source files it names.  A source that moved or changed is named, and its flags are shown "
                    "without crops.")
    rp.add_argument("dataset", metavar="DATASET", help="dataset folder written by `jixiao run`")
    rp.add_argument("--out", metavar="FILE",
                    help="where to write: a folder, or the .html file (the .xlsx goes beside it); "
                         "default: the dataset folder")
    rp.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="source files read at once (default: the CPU count, %(default)s here)")
    rp.add_argument("--quiet", action="store_true", help="print nothing but errors")
    rp.set_defaults(handler=lambda a: report(Path(a.dataset), a.out and Path(a.out), a.workers, a.quiet))


def report(dataset: Path, out: Path | None, workers: int, quiet: bool) -> int:
    from jixiao.report.build import (
        write_report,  # Pillow and openpyxl are only imported for a report
    )

    if not dataset.is_dir():
        print(f"jixiao: {dataset} is not a folder", file=sys.stderr)
        return USAGE_ERROR
    try:
        r = write_report(dataset, out, max(1, workers))
    except DatasetError as e:
        print(f"jixiao: {e}", file=sys.stderr)
        return USAGE_ERROR
    if not quiet:
        print(f"report: {r.flags} flags, {r.crops} page crops, {r.seconds:.1f} s")
        for source, problem in r.unavailable:
            print(f"  {source}: {problem}")
        print(f"written: {r.html}, {r.xlsx}")
    return 0

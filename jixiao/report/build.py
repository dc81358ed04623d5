"""Write the review report: read the dataset, gather the evidence from the sources, write both files."""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jixiao.core.schema import Record
from jixiao.report import page, workbook
from jixiao.report.evidence import Evidence, Job, RowRef, gather
from jixiao.report.load import load


@dataclass(slots=True)
class Report:
    html: Path
    xlsx: Path
    flags: int
    crops: int
    unavailable: list[tuple[str, str]]  # (source, problem)
    seconds: float


def targets(dataset: Path, out: Path | None) -> tuple[Path, Path]:
    """review.html / review.xlsx in the dataset folder; `out`: a folder, or the .html path (the
    workbook goes beside it with the suffix .xlsx)."""
    if out is None or out.is_dir() or out.suffix.lower() not in (".html", ".htm"):
        folder = out or dataset
        folder.mkdir(parents=True, exist_ok=True)
        return folder / "review.html", folder / "review.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    return out, out.with_suffix(".xlsx")


def plan(tables: dict[str, list[Record]], dataset: Path) -> list[Job]:
    """One job per source file the dataset read: where to find it and the flagged rows to show."""
    doc_of = {p["project_id"]: p["doc_id"] for p in tables["projects"]}
    rows = {(i["project_id"], i["seq"]): i for i in tables["indicators"]}
    jobs: dict[str, Job] = {}
    for d in tables["documents"]:
        source = d["source_file"]
        if d["doc_id"] and d["status"] != "error" and source:
            # A relative name is relative to where `jixiao run` ran: here, or the dataset's parent.
            where = [source] if os.path.isabs(source) else [source, str(dataset.resolve().parent / source)]
            jobs[d["doc_id"]] = Job(d["doc_id"], source, d["file_type"], where)
    seen: set[tuple[str, int]] = set()
    for f in tables["flags"]:
        k = (f["project_id"], f["seq"])
        job = jobs.get(doc_of.get(f["project_id"]))
        i = rows.get(k)
        if f["seq"] is None or job is None or i is None or k in seen:
            continue
        seen.add(k)
        box = (i["bbox_x0"], i["bbox_top"], i["bbox_x1"], i["bbox_bottom"])
        job.rows.append(RowRef(k, i["page"], None if None in box else box, i["level3"] or "", i["target_raw"] or ""))
    return list(jobs.values())


def write_report(dataset: Path, out: Path | None = None, workers: int | None = None) -> Report:
    """Write review.html and review.xlsx; sources are read again by `workers` processes."""
    start = time.perf_counter()
    tables = load(dataset)
    jobs = plan(tables, dataset)
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        found = [gather(j) for j in jobs]
    else:
        with ProcessPoolExecutor(workers) as pool:
            found = list(pool.map(gather, jobs, chunksize=8))
    evidence: dict[str, Evidence] = {e.source: e for e in found}
    html, xlsx = targets(dataset, out)
    crops = page.write(html, dataset, tables, evidence)
    workbook.write(xlsx, tables, evidence)
    return Report(html, xlsx, len(tables["flags"]), crops, [(e.source, e.problem) for e in found if e.problem],
                  time.perf_counter() - start)

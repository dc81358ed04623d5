"""Benchmark of `jixiao report` on a synthetic dataset of N documents (default 1,000; BENCH_REPORT_DOCS).

The fixtures (born-digital PDFs, text, web text, HTML; not the broken ones) are read once by
`jixiao run`; then each is copied under a new name with a few unique trailing bytes until there are N
files, and the dataset rows of its original are cloned for every copy with the copy's doc_id and name.
So the report reads N real source files (and renders their flagged rows) without N extractions.
Prints the time and peak memory of `jixiao report`, the sizes of what it wrote, and, when Chromium is
installed, how long headless Chromium takes to open review.html and what flag count it shows.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import JIXIAO, ROOT, measure, row
from jixiao.core.schema import TABLES
from jixiao.report.load import load
from jixiao.runner.dataset import DatasetWriter

CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def sources() -> list[Path]:
    f = ROOT / "fixtures"
    return sorted(p for folder in ("pdf", "text", "web", "html", "seed") for p in (f / folder).iterdir()
                  if p.suffix.lower() in (".pdf", ".txt", ".html") and not p.name.startswith("bad_"))


def copy(src: Path, dest: Path, tag: str) -> str:
    """`src` copied to `dest` with a unique tail (a PDF comment, a text line); returns its doc_id."""
    data = src.read_bytes()
    data += (f"\n% {tag}\n" if src.suffix == ".pdf" else f"\n<!-- {tag} -->\n" if src.suffix == ".html"
             else f"\n{tag}\n").encode("ascii")
    dest.write_bytes(data)
    return hashlib.sha256(data).hexdigest()[:16]


def synthetic(tmp: Path, n: int) -> Path:
    srcs = sources()
    base = tmp / "base"
    subprocess.run([*JIXIAO, "run", *map(str, srcs), "--out", str(base), "--quiet", "--no-cache"], check=True)
    tables = load(base)
    by_source = {d["source_file"]: d for d in tables["documents"]}
    rows = {t: {} for t in ("projects", "funds", "indicators", "flags")}
    for t in rows:
        for r in tables[t]:
            rows[t].setdefault(r["project_id"][:16], []).append(r)
    files, out = tmp / "files", tmp / "dataset"
    files.mkdir()
    writer = DatasetWriter(out)
    for i in range(n):
        src = srcs[i % len(srcs)]
        dest = files / f"{i:05d}_{src.name}"
        doc = by_source[str(src)]
        new = copy(src, dest, f"copy {i:05d} of {src.name}")
        writer.add("documents", [dict(doc, doc_id=new, source_file=str(dest))])
        for t, by_doc in rows.items():
            extra = {"doc_id": new, "source_file": str(dest)} if t == "projects" else {}
            writer.add(t, [dict(r, project_id=new + r["project_id"][16:], **extra)
                           for r in by_doc.get(doc["doc_id"], [])])
    writer.close()
    return out


def browser(html: Path, tmp: Path) -> None:
    """Opening time as a person sees it (--screenshot: load, run the script, paint) and the flag count
    the page shows (--dump-dom, which also serializes the whole DOM, crops included, so it is slower)."""
    exe = shutil.which("chromium")
    if exe is None:
        print("  (chromium not installed: apt-get install chromium; browser timings skipped)")
        return
    base = [exe, *CHROMIUM, f"--user-data-dir={tmp / 'chromium'}", "--window-size=1280,900"]
    times = {}
    for name, url in (("blank", "about:blank"), ("report", html.as_uri())):
        start = time.perf_counter()
        subprocess.run([*base, f"--screenshot={tmp / 'shot.png'}", url], capture_output=True, timeout=300)
        times[name] = time.perf_counter() - start
    dom = subprocess.run([*base, "--dump-dom", html.as_uri()], capture_output=True, timeout=300).stdout.decode()
    shown = re.search(r'id="flag-count">(\d+)<', dom)
    ready = re.search(r'data-ready-ms="(\d+)"', dom)
    print(f"  chromium: screenshot of review.html {times['report']:.2f} s (of about:blank {times['blank']:.2f} s); "
          f"first page drawn {ready.group(1) if ready else '?'} ms after navigation; "
          f"flag count shown {shown.group(1) if shown else '?'}")


def report_bench(tmp: Path, n: int | None = None) -> None:
    n = n or int(os.environ.get("BENCH_REPORT_DOCS", "1000"))
    print(f"jixiao report: a synthetic dataset of {n} documents ({len(sources())} fixtures copied)")
    dataset = synthetic(tmp, n)
    tables = load(dataset)
    print("  " + ", ".join(f"{len(tables[t])} {t}" for t in TABLES)
          + f"; {sum(f['seq'] is not None for f in tables['flags'])} row-level flags")
    seconds, rss = measure([*JIXIAO, "report", str(dataset), "--quiet"])
    html, xlsx = dataset / "review.html", dataset / "review.xlsx"
    crops = html.read_text(encoding="utf-8").count("<script type=text/plain")
    row("jixiao report (whole process)", seconds, rss, f"{crops} crops")
    print(f"  review.html {html.stat().st_size / 1e6:.1f} MB, review.xlsx {xlsx.stat().st_size / 1e6:.1f} MB")
    browser(html, tmp)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        report_bench(Path(d), int(sys.argv[1]) if len(sys.argv) > 1 else None)

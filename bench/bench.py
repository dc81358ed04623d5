"""Benchmarks: prints numbers, asserts nothing.  Run with `make bench` (BENCH_FILES=N for the bulk
corpus size, default 500).

Each measurement runs in a fresh process (timed from outside, peak RSS from os.wait4), so Python
start-up and imports are included, as a user would see them.  Compare ratios within one run:
machines here are noisy.
"""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "000_3b6eebb77ec974f1.txt"
REAL = ROOT.parent / "shared" / "corpus" / "real"
JIXIAO = [sys.executable, "-m", "jixiao"]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # make_corpus beside this file

import bench_harness  # noqa: E402  (beside this file)
import bench_textforms  # noqa: E402


def measure(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one command in its own process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"bench: {' '.join(cmd[:4])}… failed: {proc.stderr.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def big_text_report(folder: Path, tables: int) -> Path:
    """A report of `tables` self-evaluation tables: the seed's five, renamed, over and over."""
    text = SEED.read_text(encoding="utf-8")
    chunks = text.split("财政项目支出绩效自评表")[1:]
    out = []
    for n in range(tables):
        chunk = chunks[n % len(chunks)]
        name = chunk.split("项目名称", 1)[1].split("\n", 1)[0].strip("\t").split("\t")[0]
        out.append("财政项目支出绩效自评表" + chunk.replace(name, f"{name}{n:04d}", 1))
    path = folder / f"report_{tables}_tables.txt"
    path.write_text("".join(out), encoding="utf-8")
    return path


def row(label: str, seconds: float, rss: float, extra: str = "") -> None:
    print(f"  {label:<46} {seconds:8.3f} s  {rss:7.1f} MiB  {extra}")


def text_bench(tmp: Path) -> None:
    print("Text reports (whole process: start-up, extract, normalize, rules, write Parquet+CSV):")
    baseline, _ = measure([sys.executable, "-c", "import jixiao.cli, jixiao.runner.dataset"])
    row("python start-up + imports (floor)", baseline, 0)
    for tables in (5, 200, 1000):
        report = big_text_report(tmp, tables)
        s, rss = measure([*JIXIAO, "run", str(report), "--out", str(tmp / f"out{tables}"), "--quiet", "--no-cache"])
        row(f"jixiao run: report of {tables} tables", s, rss, f"{tables / max(s - baseline, 1e-9):,.0f} tables/s above the floor")


def pdf_pages(paths: list[Path]) -> int:
    import pypdfium2 as pdfium
    total = 0
    for p in paths:
        doc = pdfium.PdfDocument(str(p))
        total += len(doc)
        doc.close()
    return total


RAW_PDFPLUMBER = """
import sys, pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
"""

RAW_CAMELOT = """
import sys, camelot
for path in sys.argv[1:]:
    camelot.read_pdf(path, pages="all", flavor="lattice")
"""


def pdf_bench(tmp: Path) -> None:
    good = sorted(p for p in (ROOT / "fixtures" / "pdf").glob("*.pdf") if not p.name.startswith("bad_"))
    sets = [("fixture PDFs", good)]
    if REAL.is_dir():
        sets.append(("real 部门决算 reports (../shared/corpus/real)", sorted(REAL.glob("*.pdf"))))
    for title, paths in sets:
        if not paths:
            continue
        pages = pdf_pages(paths)
        print(f"PDF: {title}: {len(paths)} files, {pages} pages")
        s, rss = measure([*JIXIAO, "run", *map(str, paths), "--out", str(tmp / "pdfout"), "--quiet", "--no-cache"])
        row("jixiao run (whole process)", s, rss, f"{pages / s:6.1f} pages/s")
        with open(tmp / "pdfout" / "documents.csv", encoding="utf-8-sig") as f:
            methods = [r["method"] for r in csv.DictReader(f)]
        print(f"  born-digital files read by OCR: {methods.count('ocr')} of {len(methods)}")
        base_s, base_rss = measure([sys.executable, "-c", RAW_PDFPLUMBER, *map(str, paths)])
        row("raw pdfplumber extract_tables(), every page", base_s, base_rss, f"{pages / base_s:6.1f} pages/s")
        try:
            import camelot  # noqa: F401
        except ImportError:
            print("  camelot lattice: not installed (pip install camelot-py to compare)")
        else:
            c_s, c_rss = measure([sys.executable, "-c", RAW_CAMELOT, *map(str, paths)])
            row("camelot lattice, every page", c_s, c_rss, f"{pages / c_s:6.1f} pages/s")
        print(f"  ratio jixiao / raw pdfplumber: {s / base_s:.2f}×")


def stress_pdf(folder: Path, pages: int) -> Path:
    """A long PDF: the real reports (or fixture PDFs) repeated, with a self-evaluation table at the end."""
    import pypdfium2 as pdfium
    sources = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
    sources = sources or sorted((ROOT / "fixtures" / "pdf").glob("p0[13]*.pdf"))
    table = ROOT / "fixtures" / "pdf" / "p05_in_report.pdf"
    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        for src in sources:
            doc = pdfium.PdfDocument(str(src))
            out.import_pages(doc)
            doc.close()
    out.import_pages(pdfium.PdfDocument(str(table)))
    path = folder / f"stress_{len(out)}_pages.pdf"
    out.save(str(path))
    out.close()
    return path


def stress_bench(tmp: Path) -> None:
    path = stress_pdf(tmp, 2000)
    pages = pdf_pages([path])
    print(f"PDF stress: one file of {pages} pages ({path.stat().st_size / 2**20:.0f} MiB), tables on its last pages")
    s, rss = measure([*JIXIAO, "run", str(path), "--out", str(tmp / "stressout"), "--quiet", "--no-cache"])
    row("jixiao run (whole process)", s, rss, f"{pages / s:6.1f} pages/s")


def bulk_bench(tmp: Path, n_files: int) -> None:
    from make_corpus import build
    files = build(tmp / "corpus", n_files)
    pdfs = [f for f in files if f.suffix == ".pdf" and "bad_" not in f.name]
    pages = pdf_pages(pdfs)
    workers = os.cpu_count() or 1
    print(f"Bulk: a corpus of {len(files)} files (fixtures good and broken, real reports; {len(pdfs)} PDFs, "
          f"{pages} PDF pages), --no-cache unless said")
    for n in sorted({1, workers}):
        s, rss = measure([*JIXIAO, "run", str(tmp / "corpus"), "--out", str(tmp / f"bulk{n}"), "--quiet",
                          "--no-cache", "--workers", str(n)])
        row(f"jixiao run --workers {n}", s, rss, f"{len(files) / s:6.1f} files/s {pages / s:7.1f} PDF pages/s")
    out = tmp / "bulkcache"
    measure([*JIXIAO, "run", str(tmp / "corpus"), "--out", str(out), "--quiet", "--workers", str(workers)])
    s, rss = measure([*JIXIAO, "run", str(tmp / "corpus"), "--out", str(out), "--quiet", "--workers", str(workers)])
    row("rerun, every file from the cache", s, rss, f"{len(files) / s:6.1f} files/s")
    s, rss = measure([sys.executable, "-c", RAW_PDFPLUMBER, *map(str, pdfs)])
    row("raw pdfplumber extract_tables(), same PDF pages", s, rss, f"{pages / s:7.1f} PDF pages/s")
    print("  (peak RSS: the largest process of the run, i.e. the main process or one worker)")


ENGINE_ALONE = """
import sys, pypdfium2 as pdfium, rapidocr
from pathlib import Path
from rapidocr import RapidOCR
models = Path(rapidocr.__file__).parent / "models"
engine = RapidOCR(params={"Global.log_level": "error", "Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
                          "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
                          "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx")})
for path in sys.argv[1:]:
    doc = pdfium.PdfDocument(path)
    for i in range(len(doc)):
        engine(doc[i].render(scale=200 / 72).to_numpy()[:, :, :3].copy())
"""


def ocr_bench(tmp: Path) -> None:
    """Scanned fixtures: jixiao with one and two workers against RapidOCR alone (its defaults, the same
    models) on every page rendered at 200 dpi; each a whole process, start-up and model loading in."""
    try:
        import rapidocr  # noqa: F401
    except ImportError:
        print("OCR: rapidocr not installed, skipped")
        return
    paths = sorted((ROOT / "fixtures" / "scan").glob("s*.pdf"))
    if not paths:
        return
    pages = pdf_pages(paths)
    print(f"OCR: scanned fixtures: {len(paths)} files, {pages} pages ({os.cpu_count()} cores)")
    alone, rss = measure([sys.executable, "-c", ENGINE_ALONE, *map(str, paths)])
    row("RapidOCR alone, every page at 200 dpi", alone, rss, f"{alone / pages:6.2f} s/page")
    runs = {}
    for workers in (1, 2):
        out = tmp / f"ocrout{workers}"
        s, rss = measure([*JIXIAO, "run", *map(str, paths), "--out", str(out), "--quiet", "--no-cache",
                          "--workers", str(workers)])
        runs[workers] = s
        row(f"jixiao run --workers {workers}", s, rss, f"{s / pages:6.2f} s/page  {s / alone:.2f}x the engine alone")
    print(f"  two workers: {runs[1] / runs[2]:.2f}x the throughput of one")


def main() -> None:
    n_files = int(os.environ.get("BENCH_FILES", "500"))
    with tempfile.TemporaryDirectory() as tmp:
        text_bench(Path(tmp))
        print()
        bench_textforms.main()
        print()
        bench_harness.main()
        print()
        pdf_bench(Path(tmp))
        print()
        stress_bench(Path(tmp))
        print()
        bulk_bench(Path(tmp), n_files)
        print()
        ocr_bench(Path(tmp))
        print()
        from bench_report import (
            report_bench,  # here, not at the top: bench_report imports this module
        )

        report_bench(Path(tmp))
    print()
    __import__("bench_office").main()


if __name__ == "__main__":
    main()

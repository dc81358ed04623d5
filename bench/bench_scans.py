"""Scans of the development corpus at 150, 200 and 300 dpi, scored and timed.  Prints numbers, asserts nothing.

    .venv/bin/python bench/bench_scans.py [--dpi 150 200] [--only jishan qingshen] [--no-time | --no-score]
                                          [--diff] [--keep DIR]

Each born-digital dev PDF (../shared/corpus/dev: the two real tables, ruled and borderless, and the
other forms in dev/forms) is rasterised the way fixtures/make_scans.py does (grayscale, turned by up to
1°, sensor noise, blur, speckles) and then laid on grey paper (a tone of 215–240, lit a little unevenly)
and saved as JPEG of quality 60–75 in an image-only PDF.  The angle, paper and quality of each file
come from its own random stream, so the scans are the same on every run.  jixiao reads them all in one
run; each is scored with ../shared/tools/score.py against the gold beside its source (NAME.json; a
`_borderless` source has the gold of NAME).  "flags" is exact when the gold flags are all found and no
other comes on top, OCR's own information flags (OCR_*) aside.  With timing, jixiao's run (one and two
workers) is set against RapidOCR alone on the same pages, as bench.py measures the scanned fixtures.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"
SCORE = ROOT.parent / "shared" / "tools" / "score.py"
DPIS = (150, 200, 300)
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "fixtures"))

import make_scans  # noqa: E402  (fixtures/: render, degrade, grey_paper, jpeg, write_pdf)

from bench import ENGINE_ALONE, JIXIAO, measure, pdf_pages  # noqa: E402


def sources() -> list[Path]:
    """The born-digital dev PDFs that have a gold file."""
    pdfs = sorted(DEV.glob("*.pdf")) + sorted((DEV / "forms").glob("*.pdf"))
    return [p for p in pdfs if gold_of(p).exists()]


def gold_of(pdf: Path) -> Path:
    return pdf.with_name(pdf.stem.removesuffix("_borderless") + ".json")


def make_scan(src: Path, dpi: int, out: Path) -> dict:
    """One image-only scan of `src` at `dpi`; returns what was done to it."""
    rng = np.random.default_rng(zlib.crc32(f"{src.name}@{dpi}".encode()))
    angle, quality = float(rng.uniform(-1, 1)), int(rng.integers(60, 76))
    pages = []
    for page in make_scans.render(src, dpi):
        img, tone = make_scans.grey_paper(make_scans.degrade(page, angle, rng), rng)
        pages.append(make_scans.jpeg(img, quality))
    path = out / f"{src.stem}_{dpi}.pdf"
    make_scans.write_pdf(pages, dpi, path)
    return {"path": path, "source": src, "dpi": dpi, "angle": angle, "quality": quality, "paper": tone}


def score(dataset: Path, scan: dict) -> tuple[float, bool, str]:
    """(field accuracy, flags exact but for OCR_*, the wrong fields) of one scan."""
    gold = gold_of(scan["source"])
    args = [sys.executable, str(SCORE), str(dataset), str(gold), "--source", scan["path"].name]
    report = json.loads(subprocess.run([*args, "--json"], capture_output=True, text=True, check=True).stdout
                        .rsplit("\nfield accuracy", 1)[0])
    flags = report["flags"]
    exact = flags is None or (flags["found"] == flags["expected"]
                              and not [f for f in flags["unexpected"] if "'OCR_" not in f])
    diff = subprocess.run([*args, "--diff"], capture_output=True, text=True, check=True).stdout
    return report["accuracy"], exact, diff


def timing(paths: list[Path], tmp: Path) -> None:
    pages = pdf_pages(paths)
    alone, _ = measure([sys.executable, "-c", ENGINE_ALONE, *map(str, paths)])
    print(f"\nTime, {len(paths)} files, {pages} pages: RapidOCR alone {alone:.1f} s ({alone / pages:.2f} s/page)")
    for workers in (1, 2):
        s, _ = measure([*JIXIAO, "run", *map(str, paths), "--out", str(tmp / f"time{workers}"), "--quiet",
                        "--no-cache", "--workers", str(workers)])
        print(f"  jixiao --workers {workers}: {s:.1f} s  {s / alone:.2f}x RapidOCR alone")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dpi", type=int, nargs="+", default=list(DPIS))
    ap.add_argument("--only", nargs="+", help="sources whose name contains one of these")
    ap.add_argument("--no-time", action="store_true", help="score only")
    ap.add_argument("--no-score", action="store_true", help="time only")
    ap.add_argument("--diff", action="store_true", help="print the wrong fields of scans below 100%%")
    ap.add_argument("--keep", type=Path, help="write scans and dataset here (kept)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = a.keep or Path(t)
        srcs = [s for s in sources() if not a.only or any(o in s.name for o in a.only)]
        scans = [make_scan(s, dpi, tmp / "scans") for s in srcs for dpi in a.dpi]
        if not a.no_score:
            out = tmp / "out"
            subprocess.run([*JIXIAO, "run", *(str(s["path"]) for s in scans), "--out", str(out), "--quiet",
                            "--no-cache"], check=True)
            with ThreadPoolExecutor(2) as pool:
                results = list(pool.map(lambda s: score(out, s), scans))
            report(scans, results, a.diff)
        if not a.no_time:
            timing([s["path"] for s in scans], tmp)


def report(scans: list[dict], results: list[tuple[float, bool, str]], diff: bool) -> None:
    print(f"{'scan':<36} {'dpi':>4} {'angle':>6} {'q':>3} {'paper':>5} {'accuracy':>9}  flags")
    for s, (acc, exact, wrong) in zip(scans, results):
        print(f"{s['source'].stem:<36} {s['dpi']:>4} {s['angle']:+6.2f} {s['quality']:>3} {s['paper']:>5} "
              f"{acc:9.2%}  {'exact' if exact else 'DIFF'}")
        if diff and (acc < 1 or not exact):
            print("".join(f"    {ln}\n" for ln in wrong.splitlines() if ln.startswith(("  wrong", "  flag", "  missing"))))
    accs = [acc for acc, _, _ in results]
    print(f"mean {np.mean(accs):.2%}, min {min(accs):.2%}, below 98%: {sum(a < 0.98 for a in accs)} of {len(accs)}, "
          f"flags exact: {sum(e for _, e, _ in results)} of {len(results)}")


if __name__ == "__main__":
    main()

"""Office benchmark: time per workbook and per Word document (extraction alone, and a whole jixiao run),
plus the reader comparison behind the choice of calamine (a 100-sheet workbook).  Prints numbers,
asserts nothing; `make bench` runs it, or `python bench/bench_office.py` alone."""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench import JIXIAO, ROOT, measure, row
from jixiao import extract
from jixiao.extract.office.convert import soffice

FILES = sorted((ROOT / "fixtures" / "office").glob("*.*")) + sorted(
    p for p in (ROOT.parent / "shared" / "corpus" / "dev").glob("*.*")
    if p.suffix in (".xlsx", ".xls", ".docx", ".doc"))


def per_file() -> None:
    print("Office files: extraction alone (in this process), best of 3")
    for path in FILES:
        kind = extract.file_type(path)
        if kind in ("doc", "wps", "et", "odt") and soffice() is None or kind == "zip":
            continue
        best = min(_timed(path, kind) for _ in range(1 if kind == "doc" else 3))
        print(f"  {path.name:<40} {kind:<5} {best * 1000:8.1f} ms")


def _timed(path: Path, kind: str) -> float:
    start = time.perf_counter()
    extract.read(path, kind)
    return time.perf_counter() - start


def hundred_sheets(tmp: Path) -> None:
    import openpyxl
    from python_calamine import CalamineWorkbook

    src = openpyxl.load_workbook(ROOT.parent / "shared" / "corpus" / "dev" / "seed.xlsx")
    for i in range(99):
        src.copy_worksheet(src.worksheets[0]).title = f"s{i}"
    path = tmp / "wb100.xlsx"
    src.save(path)
    print("A workbook of 100 sheets (the seed's sheet 100 times: 152,000 cells, 6,900 merged ranges)")
    for label, read in (("calamine (values + merged ranges)", lambda: [
            (s.to_python(), s.merged_cell_ranges) for s in map(CalamineWorkbook.from_path(str(path)).get_sheet_by_name,
                                                                  CalamineWorkbook.from_path(str(path)).sheet_names)]),
                        ("openpyxl (values + merged ranges)", lambda: [
            (list(ws.values), ws.merged_cells.ranges) for ws in openpyxl.load_workbook(path).worksheets]),
                        ("openpyxl read-only (no merged ranges)", lambda: [
            list(ws.values) for ws in openpyxl.load_workbook(path, read_only=True).worksheets])):
        start = time.perf_counter()
        read()
        print(f"  {label:<46} {time.perf_counter() - start:8.3f} s")
    s, rss = measure([*JIXIAO, "run", str(path), "--out", str(tmp / "out100"), "--quiet", "--no-cache"])
    row("jixiao run (whole process, 500 tables)", s, rss)


def main() -> None:
    per_file()
    print()
    with tempfile.TemporaryDirectory() as tmp:
        hundred_sheets(Path(tmp))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

"""Workbooks (.xlsx, .xlsm, .xls, .ods; WPS .et): every visible sheet as grid rows.

Read with python-calamine (Rust calamine): one library for xlsx, BIFF .xls and ods, with merged
ranges for xlsx and xls.  Measured on a 100-sheet workbook (the seed's sheet copied 100 times:
152,000 cells, 6,900 merged ranges): calamine 0.16 s, openpyxl 7.4 s (1.5 s in read-only mode,
which cannot see merged ranges); xlrd reads only .xls.  Calamine does not expose number formats or
hidden rows: a cell stored as 0.9982 with a percent format comes out as 0.9982.  Nor formulas: the
few formula cells that have no computed value are read again with openpyxl (below).

Numbers are written as the stored value, not the display format, to at most 15 significant digits
(what Excel itself shows), so 9.4800000000000004 is '9.48' and a whole number has no '.0'.
Merged ranges keep their text top-left and '' in the positions they cover.  Each sheet's rows carry
its 1-based position in `page`; hidden sheets are skipped and named in the notes.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
import zipfile
from pathlib import Path

import openpyxl
from python_calamine import CalamineSheet, CalamineWorkbook, SheetVisibleEnum

from jixiao.grid import ExtractError, Grid, Row

Cell = str | int | float | bool | dt.date | dt.time | dt.timedelta | None


def cell_text(value: Cell) -> str:
    """A stored cell value as the text the normalizer reads."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        text = format(Decimal(format(value, ".15g")), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def uncomputed_formulas(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet name, '=' + formula of every formula cell: where the file stores no computed value
    (a writer that saved text such as '=100.00(%)' as a formula), that text is what the author typed.
    Read with openpyxl (calamine does not expose formulas), only for an .xlsx that has formulas."""
    try:
        with zipfile.ZipFile(path) as z:
            if not any(n.startswith("xl/worksheets/") and b"<f" in z.read(n) for n in z.namelist()):
                return {}
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - calamine has read the values; formulas are a repair
        return {}
    found: dict[str, dict[tuple[int, int], str]] = {}
    for ws in book.worksheets:
        for cell in (c for row in ws.iter_rows() for c in row):
            if getattr(cell, "data_type", None) == "f" and isinstance(cell.value, str):
                found.setdefault(ws.title, {})[(cell.row - 1, cell.column - 1)] = cell.value
    book.close()
    return found


def sheet_rows(sheet: CalamineSheet, page: int, formulas: dict[tuple[int, int], str]) -> list[Row]:
    """The sheet's rows from A1 (so merged ranges line up), covered merge positions blanked; a
    formula cell without a computed value shows its formula."""
    values = sheet.to_python(skip_empty_area=False)
    for (r, c), formula in formulas.items():
        values += [[] for _ in range(r + 1 - len(values))]  # calamine stops at the last computed value
        values[r] += [""] * (c + 1 - len(values[r]))
        if values[r][c] == "":
            values[r][c] = formula
    covered: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    rows = []
    for r, values_row in enumerate(values):
        cells = tuple("" if (r, c) in covered else cell_text(v) for c, v in enumerate(values_row))
        if any(c.strip() for c in cells):
            rows.append(Row(cells, page=page))
    return rows


def read_workbook(path: Path) -> Grid:
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # noqa: BLE001 - calamine raises its own error types for every broken file
        raise ExtractError(f"cannot read workbook: {' '.join(str(e).split())[:200]}") from None
    formulas = uncomputed_formulas(path) if zipfile.is_zipfile(path) else {}
    rows: list[Row] = []
    notes = []
    with book:
        for n, meta in enumerate(book.sheets_metadata, start=1):
            if meta.visible != SheetVisibleEnum.Visible:
                notes.append(f"hidden sheet {meta.name} skipped")
                continue
            try:
                rows += sheet_rows(book.get_sheet_by_index(n - 1), n, formulas.get(meta.name, {}))
            except Exception as e:  # noqa: BLE001 - a chart or macro sheet has no cells; read the rest
                notes.append(f"sheet {meta.name} unreadable ({' '.join(str(e).split())[:80]})")
    return Grid(rows, method="spreadsheet", pages=len(book.sheet_names), notes=notes)

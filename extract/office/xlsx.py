"""Workbooks (.xlsx, .xlsm, .xls, .ods; WPS .et): every visible sheet as grid rows.

Read with python-calamine (Rust calamine): one library for xlsx, BIFF .xls and ods, with merged
ranges for xlsx and xls.  Measured on a 100-sheet workbook (the seed's sheet copied 100 times:
152,000 cells, 6,900 merged ranges; `make bench`): calamine 0.20 s, openpyxl 13.2 s (2.5 s in
read-only mode, which cannot see merged ranges); xlrd reads only .xls.  Calamine does not expose
number formats, hidden rows or formulas: an .xlsx with formulas, percent or fixed-decimal formats is read a
second time with openpyxl (read-only, about 25 ms a sheet) for the formulas to show as typed (see _TYPED), the
cells to write as a percent and with the decimals their format shows.

Numbers are written as the stored value to at most 15 significant digits (what Excel itself shows), so
9.4800000000000004 is '9.48' and a whole number has no '.0' — unless the cell's format fixes its decimals
(0.00, 0.0%): then with those, as the sheet shows it (98.6 in a 0.00 cell is '98.60', the cell text a
publisher typed).  Digit grouping (#,##0.00) is left out: it changes no number.
Merged ranges keep their text top-left and '' in the positions they cover.  Each sheet's rows carry
its 1-based position in `page`; hidden sheets are skipped and named in the notes, as are an .xlsx sheet's hidden
rows and columns (read from the sheet XML: calamine reads them as any other).  A sheet whose few
cells stand far apart (a stray cell at XFD1048576) is read as extract/office/spread.py says.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetVisibleEnum
from xlrd import compdoc

from jixiao.core.grid import ExtractError, Grid, Row
from jixiao.extract.office import spread

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


@dataclass(slots=True)
class SheetExtras:
    """What calamine does not expose: formula text, and the cells with a percent format."""
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)
    decimals: dict[tuple[int, int], int] = field(default_factory=dict)  # a format's fixed decimals (0.00 → 2)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)


_PERCENT_IDS = re.compile(rb'numFmtId="(9|10)"')  # the built-in 0% and 0.00% formats
_FIXED_IDS = re.compile(rb'numFmtId="(2|4)"|formatCode="[#,]*0\.0')  # built-in 0.00, #,##0.00, or a code with decimals
_FIXED = re.compile(r"^[#,]*0\.(0+)%?$")  # 0.0, #,##0.00, 0.00%: the number of decimals shown


def sheet_extras(path: Path) -> dict[str, SheetExtras]:
    """Per sheet name, formula text and percent-formatted cells, read with openpyxl (read-only) and
    only from an .xlsx that has formulas or percent formats at all."""
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            styles = z.read("xl/styles.xml") if "xl/styles.xml" in names else b""
            if not (b"%" in styles or _PERCENT_IDS.search(styles) or _FIXED_IDS.search(styles)
                    or any(n.startswith("xl/worksheets/") and b"<f" in z.read(n) for n in names)):
                return {}
        import openpyxl  # only here: its import costs more than calamine's whole read of a small file

        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - calamine has read the values; these are repairs
        return {}
    found: dict[str, SheetExtras] = {}
    for ws in book.worksheets:
        ws.reset_dimensions()  # a lying <dimension> (A1:XFD1048576) would pad every row to it
        extras = found.setdefault(ws.title, SheetExtras())
        for cell in (c for row in ws.iter_rows() for c in row):
            where = (getattr(cell, "row", 1) - 1, getattr(cell, "column", 1) - 1)
            if getattr(cell, "data_type", None) == "f" and isinstance(cell.value, str):
                extras.formulas[where] = cell.value
            fmt = getattr(cell, "number_format", None) or ""
            if "%" in fmt:
                extras.percent.add(where)
            if fixed := _FIXED.match(fmt):
                extras.decimals[where] = len(fixed.group(1))
    book.close()
    return found


_ROW_TAG, _COL_TAG = re.compile(rb"<row\b[^>]*>"), re.compile(rb"<col\b[^>]*>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')


def _attr(tag: bytes, name: bytes) -> int:
    m = re.search(rb"\b" + name + rb'="(\d+)"', tag)
    return int(m.group(1)) if m else 0


def hidden_cells(path: Path) -> dict[str, tuple[set[int], set[int]]]:
    """Per sheet name, its hidden rows and columns (0-based), from the sheet XML: calamine reads them as any
    other, and what a sheet hides it neither shows nor prints (a checker's notes in a hidden column)."""
    found: dict[str, tuple[set[int], set[int]]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            for part, name in spread.sheet_parts(z).items():
                xml = z.read(part)
                if not _HIDDEN.search(xml):
                    continue
                rows = {_attr(t, b"r") - 1 for t in _ROW_TAG.findall(xml) if _HIDDEN.search(t)}
                cols = {c - 1 for t in _COL_TAG.findall(xml) if _HIDDEN.search(t)
                        for c in range(_attr(t, b"min"), _attr(t, b"max") + 1)}
                found[name] = (rows - {-1}, cols - {-1})
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}  # calamine says what is wrong with the file, or has read it
    return found


# A formula that is one number, maybe with a unit, and no operator: '=100%', '=100.00(%)', '=0.00(起)',
# '=5000元/人' (a / before a word is the unit's, no division).  In these tables an '=' before a target
# means "equal to"; the spreadsheet took it for a formula and shows 1 or #NAME?.
_TYPED = re.compile(r"=\s*\(?[+-]?\d+(\.\d+)?\)?(?:[^+\-*/^&=<>!:$,]|/(?=[\u4e00-\u9fff]))*")


def sheet_rows(values: list[list[Cell]], merged: list, page: int, extras: SheetExtras) -> list[Row]:
    """The sheet's rows from A1 (so merged ranges line up), covered merge positions blanked.  A
    formula that is one number shows as typed (see _TYPED); other formulas show their computed value.
    A number with a percent format is written as a percent (0.9982 → 99.82%), and one whose format fixes its
    decimals with those (98.6 in a 0.00 cell → 98.60)."""
    for (r, c), formula in extras.formulas.items():
        values += [[] for _ in range(r + 1 - len(values))]  # calamine stops at the last computed value
        values[r] += [""] * (c + 1 - len(values[r]))
        if _TYPED.fullmatch(formula):
            values[r][c] = formula
    for r, c in extras.percent | set(extras.decimals):
        v = values[r][c] if r < len(values) and c < len(values[r]) else None
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            shown = v * 100 if (r, c) in extras.percent else v
            places = extras.decimals.get((r, c))
            text = cell_text(shown) if places is None else f"{shown:.{places}f}"
            values[r][c] = text + ("%" if (r, c) in extras.percent else "")
    for r in extras.hidden_rows & set(range(len(values))):
        values[r] = []
    for r, c in ((r, c) for r, row in enumerate(values) for c in extras.hidden_columns if c < len(row)):
        values[r][c] = None
    covered: set[tuple[int, int]] = set()
    down: dict[int, set[int]] = {}  # per row, the positions a cell merged down from a row above covers
    last_row, last_col = len(values) - 1, max(map(len, values), default=0) - 1
    for (r0, c0), (r1, c1) in merged:  # only where there are cells: a merge may span the whole sheet
        for r in range(r0, min(r1, last_row) + 1):
            for c in range(c0, min(c1, last_col) + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
                if r > r0:
                    down.setdefault(r, set()).add(c)
    rows = []
    for r, values_row in enumerate(values):
        cells = tuple("" if (r, c) in covered else cell_text(v) for c, v in enumerate(values_row))
        if any(c.strip() for c in cells):
            rows.append(Row(cells, page=page, covered=frozenset(down.get(r, ()))))
    return rows


def _biff_stream(path: Path) -> bytes:
    """The Workbook stream of a BIFF .xls (xlrd's compound-file reader); b'' when it has none."""
    try:
        doc = compdoc.CompDoc(path.read_bytes(), logfile=io.StringIO())
        return doc.get_named_stream("Workbook") or doc.get_named_stream("Book") or b""
    except Exception:  # noqa: BLE001 - not a readable compound file: calamine will say why
        return b""


def xls_has_formulas(path: Path) -> bool:
    """Whether a BIFF .xls holds FORMULA records (BIFF keeps formulas only as tokens, which calamine
    does not turn back into text)."""
    return any(record == 0x0006 for record, _, _ in spread.biff_records(_biff_stream(path)))


def read_workbook(path: Path) -> Grid:
    if zipfile.is_zipfile(path):
        with spread.cut(path) as (readable, notes):
            grid = _read_calamine(readable)
        grid.notes += notes
        return grid
    if spread.xls_absurd(_biff_stream(path)):
        return _read_xlrd(path)
    return _read_calamine(path)


def _read_calamine(path: Path) -> Grid:
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # noqa: BLE001 - calamine raises its own error types for every broken file
        raise ExtractError(f"cannot read workbook: {' '.join(str(e).split())[:200]}") from None
    extras = sheet_extras(path) if zipfile.is_zipfile(path) else {}
    for name, (hidden_rows, hidden_columns) in (hidden_cells(path) if zipfile.is_zipfile(path) else {}).items():
        sheet_extra = extras.setdefault(name, SheetExtras())
        sheet_extra.hidden_rows, sheet_extra.hidden_columns = hidden_rows, hidden_columns
    rows: list[Row] = []
    notes = []
    with book:
        for n, meta in enumerate(book.sheets_metadata, start=1):
            if meta.visible != SheetVisibleEnum.Visible:
                notes.append(f"hidden sheet {meta.name} skipped")
                continue
            extra = extras.get(meta.name, SheetExtras())
            if extra.hidden_rows or extra.hidden_columns:
                notes.append(f"sheet {meta.name}: {len(extra.hidden_rows)} hidden rows and "
                             f"{len(extra.hidden_columns)} hidden columns skipped")
            try:
                sheet = book.get_sheet_by_index(n - 1)
                rows += sheet_rows(sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [], n, extra)
            except Exception as e:  # noqa: BLE001 - a chart or macro sheet has no cells; read the rest
                notes.append(f"sheet {meta.name} unreadable ({' '.join(str(e).split())[:80]})")
    return Grid(rows, method="spreadsheet", pages=len(book.sheet_names), notes=notes)


def _read_xlrd(path: Path) -> Grid:
    """An .xls with an absurdly spread sheet, read with xlrd: only the cells that exist."""
    rows: list[Row] = []
    notes = ["cells far apart: read cell by cell (xlrd), not as one block"]
    n = 0
    for n, (name, visible, values, merged) in enumerate(spread.xls_sheets(path.read_bytes()), start=1):
        if not visible:
            notes.append(f"hidden sheet {name} skipped")
            continue
        rows += sheet_rows(values, merged, n, SheetExtras())
    return Grid(rows, method="spreadsheet", pages=n, notes=notes)

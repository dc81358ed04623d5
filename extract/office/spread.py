"""Workbooks whose cells stand far apart: a title in A1 and one stray cell at XFD1048576.

Calamine lays a sheet out as one dense block from its first to its last cell (32 bytes a position),
and the rows are then read from A1: a sheet with A1 and XFD1048576 set asks for 512 GB and the
process aborts (an .ods over 100 million positions is refused by calamine itself; an .xls is at most
65,536 × 256 positions, but that took 1.2 GB and 6 s).  So the cells that hold something are found
first, without laying anything out, and a sheet whose box from A1 is absurd for the cells it holds
is read another way:

- .xlsx/.xlsm: each worksheet's XML is scanned for the `r` references of the cells that hold a value
  (the `<dimension>` element can lie, and calamine ignores it too); an absurd sheet is read from a
  copy of the workbook in which every run of empty rows or columns longer than GAP is cut to GAP
  (cell, row, merge and shared-formula references renumbered), so calamine and the openpyxl pass
  read it with their usual values, types and merged ranges.  Measured on A1 + XFD1048576: see
  README ("Office files and archives").
- .ods: content.xml is scanned the same way (`number-rows-repeated`, `number-columns-repeated`);
  an absurd sheet is read from a copy whose repeats of empty rows and cells are cut to GAP.
- .xls: the cell records of the BIFF stream give the cells; an absurd sheet is read with xlrd
  (ragged rows: only the cells that exist), the rows that hold something laid out from A1 as
  calamine would (BIFF has at most 256 columns, so a row is never wider).

A sheet still absurd after the cut (its cells on a long diagonal) or past MAX_CELLS makes the
workbook one error row with the reason.
"""
from __future__ import annotations

import io
import posixpath
import re
import shutil
import struct
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from jixiao.core.grid import ExtractError
from jixiao.extract import zip_limits

DENSE_MAX = 2_000_000  # a sheet's box from A1 is laid out as it is up to this many positions (≈ 80 MB) …
DENSITY = 16  # … or up to this many positions for each cell that holds a value
MAX_CELLS = 65_536 * 256  # no box larger than the largest .xls sheet (≈ 1 GB with calamine)
GAP = 8  # a run of empty rows or columns longer than this is cut to this many


class Axis:
    """The rows (or columns) that hold a value, as runs [start, stop), merged as they come."""

    def __init__(self) -> None:
        self.runs: list[tuple[int, int]] = []
        self._merged = 0

    def add(self, start: int, stop: int) -> None:
        if self.runs and self.runs[-1][0] <= start <= self.runs[-1][1]:
            self.runs[-1] = (self.runs[-1][0], max(stop, self.runs[-1][1]))
            return
        self.runs.append((start, stop))
        if len(self.runs) > 2 * self._merged + 1024:  # amortised: memory follows the runs, not the cells
            self._merge()

    def _merge(self) -> None:
        merged: list[tuple[int, int]] = []
        for start, stop in sorted(self.runs):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
            else:
                merged.append((start, stop))
        self.runs, self._merged = merged, len(merged)

    @property
    def stop(self) -> int:
        self._merge()
        return self.runs[-1][1] if self.runs else 0

    def cut(self) -> Callable[[int], int]:
        """Position → position with every run of empty positions longer than GAP cut to GAP
        (monotonic, and one to one on the positions that hold a value)."""
        self._merge()
        runs, starts, new_starts, prev, new_prev = self.runs, [], [], 0, 0
        for start, stop in runs:
            new_start = new_prev + min(start - prev, GAP)
            starts.append(start)
            new_starts.append(new_start)
            prev, new_prev = stop, new_start + stop - start

        def moved(x: int) -> int:
            i = bisect_right(starts, x) - 1
            if i < 0:
                return min(x, GAP - 1) if starts and starts[0] > GAP else x
            (start, stop), new_start = runs[i], new_starts[i]
            return new_start + (x - start) if x < stop else new_start + stop - start + min(x - stop, GAP - 1)
        return moved


class Spread:
    """Where a sheet's cells that hold a value stand."""

    def __init__(self, name: str) -> None:
        self.name, self.rows, self.cols, self.cells = name, Axis(), Axis(), 0

    def add(self, row: int, col: int, rows: int = 1, cols: int = 1) -> None:
        self.rows.add(row, row + rows)
        self.cols.add(col, col + cols)
        self.cells += rows * cols

    def box(self) -> int:
        """Positions laid out from A1 to the last row and column."""
        return self.rows.stop * self.cols.stop

    def limit(self) -> int:
        return min(MAX_CELLS, max(DENSE_MAX, DENSITY * self.cells))

    def absurd(self) -> bool:
        return self.box() > self.limit()

    def describe(self) -> str:
        return (f"sheet {self.name}: {self.cells:,} cells spread over {self.rows.stop:,} rows × "
                f"{self.cols.stop:,} columns")


def _pieces(f: BinaryIO, size: int = 1 << 20) -> Iterator[bytes]:
    """The stream in pieces that each end after a '>', so that no tag is cut in two."""
    rest = b""
    for block in iter(lambda: f.read(size), b""):
        block = rest + block
        end = block.rfind(b">") + 1
        rest = block[end:]
        if end:
            yield block[:end]
    if rest:
        yield rest


def _attr(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(?<![\w:.-])(?:[\w.-]+:)?" + name + rb"""\s*=\s*(["'])([^"']*)\1""")


# ---- .xlsx ---------------------------------------------------------------------------------------
_XLSX_TAG = re.compile(rb"<((?:[\w.-]+:)?)(c|row|dimension|mergeCell|f)(?=[\s/>])([^>]*?)(/?)>")
_R, _REF = _attr(rb"r"), _attr(rb"ref")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def xlsx_spread(f: BinaryIO, name: str) -> Spread:
    """The cells of a worksheet part that hold something (calamine skips `<c …/>` with no value)."""
    spread, row, col = Spread(name), -1, -1
    for piece in _pieces(f):
        for m in _XLSX_TAG.finditer(piece):
            tag, attrs, empty = m.group(2), m.group(3), m.group(4)
            if tag not in (b"c", b"row"):
                continue
            ref = _R.search(attrs)
            where = _CELL_REF.fullmatch(ref.group(2).decode("ascii", "replace")) if ref else None
            if tag == b"row":
                row, col = (int(ref.group(2)) - 1 if ref and ref.group(2).isdigit() else row + 1), -1
                continue
            row, col = (int(where.group(2)) - 1, _column(where.group(1))) if where else (row, col + 1)
            if not empty:
                spread.add(row, col)
    return spread


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, from the workbook and its relationships."""
    try:
        rels = {r.get("Id"): r.get("Target", "") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
        book = ET.fromstring(z.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError):
        return {}
    names = {}
    for sheet in book.iter():
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if sheet.tag.endswith("}sheet") and rid in rels:
            target = rels[rid]
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            names[part] = sheet.get("name", part)
    return names


def _renumber(piece: bytes, rows: Callable[[int], int], cols: Callable[[int], int]) -> bytes:
    """A worksheet's cell, row, merge and shared-formula references moved by the cut; no dimension."""
    def ref(text: str) -> str:
        m = _CELL_REF.fullmatch(text)
        return f"{_letters(cols(_column(m.group(1))))}{rows(int(m.group(2)) - 1) + 1}" if m else text

    def attr(m: re.Match[bytes]) -> bytes:
        value = m.group(2).decode("ascii", "replace")
        moved = str(rows(int(value) - 1) + 1) if value.isdigit() else ":".join(map(ref, value.split(":")))
        return m.group(0)[:m.start(2) - m.start(0)] + moved.encode() + m.group(1)

    def tag(m: re.Match[bytes]) -> bytes:
        name = m.group(2)
        if name == b"dimension":
            return b""
        pattern = _R if name in (b"c", b"row") else _REF
        return b"<" + m.group(1) + name + pattern.sub(attr, m.group(3)) + m.group(4) + b">"
    return _XLSX_TAG.sub(tag, piece)


def _xlsx_copy(z: zipfile.ZipFile, out: zipfile.ZipFile, absurd: dict[str, Spread]) -> None:
    for info in z.infolist():
        with z.open(info) as src, out.open(info.filename, "w", force_zip64=True) as dst:
            if info.filename not in absurd:
                shutil.copyfileobj(src, dst, 1 << 20)
                continue
            spread = absurd[info.filename]
            rows, cols = spread.rows.cut(), spread.cols.cut()
            for piece in _pieces(src):
                dst.write(_renumber(piece, rows, cols))


def _cut_xlsx(z: zipfile.ZipFile, dest: Path) -> list[Spread]:
    """The spreads of the absurd sheets; when there are any, the workbook with them cut is at dest."""
    names = sheet_parts(z)
    absurd = {}
    for part in (n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        with z.open(part) as f:
            spread = xlsx_spread(f, names.get(part, part))
        if spread.absurd():
            absurd[part] = spread
    if absurd:
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            _xlsx_copy(z, out, absurd)
        with zipfile.ZipFile(dest) as cut:
            for part, spread in absurd.items():
                with cut.open(part) as f:
                    _check_cut(spread, xlsx_spread(f, spread.name))
    return list(absurd.values())


def _check_cut(before: Spread, after: Spread) -> None:
    if after.absurd():
        raise ExtractError(f"{before.describe()}: {after.box():,} positions to lay out even with the runs of empty "
                           f"rows and columns cut (limit {after.limit():,}); not read")


# ---- .ods ----------------------------------------------------------------------------------------
_ODS_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>")
_ROWS_REPEATED, _COLS_REPEATED = _attr(rb"number-rows-repeated"), _attr(rb"number-columns-repeated")
_TABLE_NAME, _VALUE_TYPE = _attr(rb"name"), _attr(rb"value-type")


def _repeat(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    m = pattern.search(attrs)
    return int(m.group(2)) if m and m.group(2).isdigit() else 1


def ods_spreads(f: BinaryIO) -> list[Spread]:
    """Each table of content.xml: its cells that hold something, repeats counted."""
    spreads: list[Spread] = []
    row = col = 0
    repeat = 1
    for piece in _pieces(f):
        for m in _ODS_TAG.finditer(piece):
            closing, tag, attrs, empty = m.groups()
            if tag == b"table" and not closing:
                name = _TABLE_NAME.search(attrs)
                spreads.append(Spread(name.group(2).decode("utf-8", "replace") if name else str(len(spreads) + 1)))
                row = 0
            elif tag == b"table-row":
                if not closing:
                    repeat, col = _repeat(_ROWS_REPEATED, attrs), 0
                if closing or empty:
                    row += repeat
            elif not closing and spreads:
                cols = _repeat(_COLS_REPEATED, attrs)
                if not empty or _VALUE_TYPE.search(attrs):
                    spreads[-1].add(row, col, repeat, cols)
                col += cols
    return spreads


_EMPTY_CELL = re.compile(rb"<((?:[\w.-]+:)?(?:covered-)?table-cell)\b((?:(?!value-type)[^>])*)/>")
_EMPTY_ROW = re.compile(rb"<((?:[\w.-]+:)?table-row)\b([^>]*)>((?:\s*<(?:[\w.-]+:)?(?:covered-)?table-cell\b"
                        rb"(?:(?!value-type)[^>])*/>)*\s*)</\1>")


def _at_most_gap(attrs: bytes, pattern: re.Pattern[bytes]) -> bytes:
    def cut(a: re.Match[bytes]) -> bytes:
        n = int(a.group(2)) if a.group(2).isdigit() else 1
        return a.group(0)[:a.start(2) - a.start(0)] + str(min(n, GAP)).encode() + a.group(1)
    return pattern.sub(cut, attrs)


def _cut_content(content: bytes) -> bytes:
    """content.xml with every repeat of an empty cell or an empty row cut to GAP."""
    content = _EMPTY_CELL.sub(lambda m: b"<" + m.group(1) + _at_most_gap(m.group(2), _COLS_REPEATED) + b"/>", content)
    return _EMPTY_ROW.sub(lambda m: b"<" + m.group(1) + _at_most_gap(m.group(2), _ROWS_REPEATED) + b">"
                          + m.group(3) + b"</" + m.group(1) + b">", content)


def _cut_ods(z: zipfile.ZipFile, dest: Path) -> list[Spread]:
    with z.open("content.xml") as f:
        absurd = [s for s in ods_spreads(f) if s.absurd()]
    if absurd:
        content = _cut_content(z.read("content.xml"))
        after = {s.name: s for s in ods_spreads(io.BytesIO(content))}
        for spread in absurd:
            _check_cut(spread, after.get(spread.name, Spread(spread.name)))
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for info in z.infolist():
                data = content if info.filename == "content.xml" else z.read(info)
                out.writestr(info.filename, data, zipfile.ZIP_STORED if info.filename == "mimetype" else None)
    return absurd


def _cut(path: Path, folder: Path) -> tuple[Path, list[Spread]]:
    """The workbook to read and its absurd sheets, cut in a copy in folder; none for a zip that
    cannot be scanned (calamine then says what is wrong with it).  Zip bombs are refused first."""
    try:
        with zipfile.ZipFile(path) as z:
            zip_limits.refuse_bomb(z, "workbook")
            names = set(z.namelist())
            if "xl/workbook.xml" in names:
                return folder / "cut.xlsx", _cut_xlsx(z, folder / "cut.xlsx")
            if "content.xml" in names:
                return folder / "cut.ods", _cut_ods(z, folder / "cut.ods")
    except ExtractError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        pass
    return path, []


@contextmanager
def cut(path: Path) -> Iterator[tuple[Path, list[str]]]:
    """The zipped workbook (xlsx, ods) to read: path itself, or a copy with its absurd sheets cut;
    and the notes that name the sheets cut."""
    with tempfile.TemporaryDirectory(prefix="jixiao-cut-") as tmp:
        dest, absurd = _cut(path, Path(tmp))
        yield (dest if absurd else path), [
            f"{s.describe()}: read with every run of more than {GAP} empty rows or columns cut to {GAP}"
            for s in absurd]


# ---- .xls ----------------------------------------------------------------------------------------
_BOF = 0x0809
_CELLS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0205, 0x00D6}  # NUMBER RK LABELSST LABEL FORMULA BOOLERR RSTRING
_MULRK = 0x00BD


def biff_records(stream: bytes) -> Iterator[tuple[int, int, int]]:
    """(record type, offset of its data, its length) along a BIFF workbook stream."""
    pos = 0
    while pos + 4 <= len(stream):
        record, length = struct.unpack_from("<HH", stream, pos)
        yield record, pos + 4, length
        pos += 4 + length


def xls_absurd(stream: bytes) -> bool:
    """Whether any sheet of a BIFF workbook stream is absurdly spread (see the module doc)."""
    spreads: list[Spread] = []
    for record, at, length in biff_records(stream):
        if record == _BOF:
            spreads.append(Spread(str(len(spreads))))
        elif spreads and length >= 4 and (record in _CELLS or record == _MULRK):
            row, col = struct.unpack_from("<HH", stream, at)
            last = struct.unpack_from("<H", stream, at + length - 2)[0] if record == _MULRK and length >= 6 else col
            spreads[-1].add(row, col, 1, max(1, last - col + 1))
    return any(s.absurd() for s in spreads)


Merge = tuple[tuple[int, int], tuple[int, int]]  # (first row, first column), (last row, last column)


def xls_sheets(data: bytes) -> Iterator[tuple[str, bool, list[list[object]], list[Merge]]]:
    """Each sheet of an .xls read with xlrd (only the cells that exist): name, visible, its rows of
    values as calamine gives them (datetime, bool, float, str; None where empty) — a row that holds
    something as wide as the sheet's last column, any other empty — and its merged ranges."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True, on_demand=True,
                                  logfile=io.StringIO())
    except Exception as e:  # noqa: BLE001 - xlrd raises its own error types for every broken file
        raise ExtractError(f"cannot read workbook: {' '.join(str(e).split())[:200]}") from None
    for n in range(book.nsheets):
        sheet = book.sheet_by_index(n)
        rows = [[_xlrd_value(c, book.datemode) for c in sheet.row(r)] for r in range(sheet.nrows)]
        width = max(map(len, rows), default=0)
        rows = [row + [None] * (width - len(row)) if any(v not in (None, "") for v in row) else [] for row in rows]
        yield (sheet.name, sheet.visibility == 0, rows,
               [((r0, c0), (r1 - 1, c1 - 1)) for r0, r1, c0, c1 in sheet.merged_cells])
        book.unload_sheet(n)


def _xlrd_value(cell, datemode: int) -> object:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return None if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR) else cell.value


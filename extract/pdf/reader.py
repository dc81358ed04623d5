"""Born-digital PDFs: the text layer's tables as a cell grid.

Two passes, page by page, so memory stays bounded however long the report is:

1. pypdfium2 reads every page's text (fast, ~ms a page) and classifies it: a *candidate* carries a
   self-evaluation title (…自评表) or the words of the indicator header or of the funds block; pages
   whose text layer is garbled ((cid:NN), U+FFFD, private-use glyphs) are noted for OCR.
2. pdfplumber measures table geometry only on candidate pages and on the page right after a page
   that ended in a table (a continuation is kept only when its table starts at the top of the page,
   with no title of its own above it).  Non-table pages cost only their text read.

Ruled tables come from pdfplumber's "lines" strategy.  A candidate page with no ruled table is read
as a borderless table by our own clustering (extract/borderless.py says why not pdfplumber's "text"
strategy); a borderless table whose first few lines stand at a page's foot is read again with the page it
runs on to (HELD_LINES).  Which lines are titles, labels and table starts comes from the header vocabulary
(rules/headers.yaml through jixiao.core.vocabulary), so a `--rules` alias reaches page selection too.

Titles and year lines outside the tables are emitted as single-cell rows in reading order; the
normalizer finds tables by them.  Cell text keeps in-cell line breaks as '\\n'; merged cells
stand once in their top-left position with '' in the positions they cover.
"""
from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex as re

from jixiao.core import settings
from jixiao.core.forms import forms
from jixiao.core.grid import Box, ExtractError, Grid, Row
from jixiao.core.settings import current
from jixiao.core.shapes import is_points
from jixiao.core.text import fold_compat, key
from jixiao.core.vocabulary import YEAR_LINE, aliases
from jixiao.extract.pdf.borderless import DocumentLayout, read_borderless
from jixiao.extract.pdf.words import GEOMETRY, Word, bounds, cell_text, inside, join, lines_of

# --------------------------------------------------------------------------------------------
# Page text
# --------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_PAGE_NO = re.compile(r"^([-—–_·.\s]*\d{1,4}[-—–_·.\s]*|第\d+页(共\d+页)?|\d+/\d+)$")
_GARBLED = re.compile("\\(cid:\\d+\\)|[\ufffd\ufffe\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")
_HEADER_ROLES = ("level1", "level2", "level3", "target", "actual", "deviation")
_FUNDS_ROLES = ("initial_budget", "full_year_budget", "executed", "execution_rate")
_SHORT_LINE = 20  # characters: a short line outside a table is kept (a unit, a department name)
_LABEL_START = 4  # characters: the first line of a wrapped label, at least this long, names it


def _page_kind(text: str) -> str:
    """'title', 'header' or '' from a page's NFKC text (pypdfium2)."""
    al = aliases()
    k = _WS.sub("", text)
    header = sum(any(a in k for a in al.indicator_columns.aliases_of(r)) for r in _HEADER_ROLES)
    funds = sum(any(a in k for a in al.funds_columns.aliases_of(r)) for r in _FUNDS_ROLES)
    if header >= 2 or (any(a in k for a in al.labels.aliases_of("project_name")) and funds >= 2):
        return "header"
    if any(al.is_title(_WS.sub("", line)) for line in text.splitlines()):
        return "title"
    return ""


def _reason_labels() -> tuple[str, ...]:
    """The labels of every form's table-wide reason rows (keys)."""
    return tuple(dict.fromkeys(r for f in forms().all for r in f.reason_rows))


def _garbled(raw: str) -> bool:
    bad = len(_GARBLED.findall(raw))
    chars = len(_WS.sub("", raw))
    return bad >= 20 or (bad >= 3 and bad >= 0.1 * max(chars, 1))


def _page_number(line: list[Word], around: list[list[Word]]) -> bool:
    """A line that reads as a page number (3, - 3 -, 第3页) and touches no line beside it: a lone
    `0` printed a little above its row (a 偏差原因 of a borderless table) reaches down into the row."""
    if not _PAGE_NO.match(key(join(line))):
        return False
    _, top, _, bottom = bounds(line)
    return not any(other is not line and bounds(other)[1] < bottom and top < bounds(other)[3] for other in around)


# A running header or footer: a line at the top or foot of a page (within EDGE lines of it) whose text, digits
# aside, is a line of at least RUNNING pages (a 部门决算's name over every page, 第 6 页 共 30 页).
_EDGE, _RUNNING, _APART = 2, 3, 1.2  # _APART: the gap to the body, in the line's heights
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d{2}")


def _masked(k: str) -> str:
    return _DIGITS.sub("#", k)


def _running(lines: list[list[Word]], n: int, running: frozenset[str]) -> bool:
    """Whether line n of a page is a running header or footer: no cell of a table going on across the page
    break, nor text between tables.  It stands apart from the body (a cell's text repeated on many rows runs on
    at the line spacing), and is never a title, year, label or header line, nor a line with a number standing
    apart (总分 100 99.83)."""
    line = lines[n]
    if not running or _EDGE <= n < len(lines) - _EDGE or len(lines) < 2 or _number_apart(line):
        return False
    head = n < _EDGE and n + 1 < len(lines)  # at the top, the body below it; else at the foot, the body above
    if not head and n == 0:
        return False
    _, top, _, bottom = bounds(line)
    body = lines[n + 1] if head else lines[n - 1]
    gap = bounds(body)[1] - bottom if head else top - bounds(body)[3]
    if gap < _APART * (bottom - top):
        return False
    k = key(join(line))
    if _masked(k) not in running:
        return False
    al = aliases()
    return not (al.is_title(k) or YEAR_LINE.match(k) or al.is_preamble(k) or k.startswith(al.notes)
                or al.labels.label(k) is not None or al.indicator_columns.column(k) is not None
                or al.funds_columns.column(k) is not None or _page_kind(k))


def _number_apart(line: list[Word]) -> bool:
    """A number standing apart in a line (总分 100 99.83: a table's row), not a year or a page's number (第 12 页)."""
    texts = [key(w["text"]) for w in line]
    for i, k in enumerate(texts):
        if is_points(k) and not _YEAR.fullmatch(k):
            before, after = texts[i - 1] if i else "", texts[i + 1] if i + 1 < len(texts) else ""
            if not (before.endswith(("第", "共")) and after.startswith("页")):
                return True
    return False


def _keep_line(text: str) -> bool:
    """A non-table line worth a single-cell row: a title, a year, a 部门:/单位: label, a short line, a note
    (注:…, which ends the table above it: a line under the note is not the rest of its last row)."""
    k = key(text)
    if not k or _PAGE_NO.match(k):
        return False
    al = aliases()
    return al.is_title(k) or bool(YEAR_LINE.match(k)) or al.is_preamble(k) or len(k) <= _SHORT_LINE \
        or k.startswith(al.notes)


# --------------------------------------------------------------------------------------------
# Opening
# --------------------------------------------------------------------------------------------

def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError as e:
        raise ExtractError(f"cannot read file: {e.strerror or e}") from None
    if size == 0:
        raise ExtractError("empty file (0 bytes)")
    if b"%PDF-" not in head:
        raise ExtractError("not a PDF: no %PDF- header")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        msg = str(e)
        # pdfium refuses an empty page tree without setting an error code (the message then repeats
        # the last error, of whatever file failed before), so ask pdfminer first.
        if _page_count_pdfminer(path) == 0:
            raise ExtractError("PDF has no pages") from None
        if "password" in msg.lower():
            raise ExtractError("encrypted PDF: a password is needed to open it") from None
        if "format" in msg.lower() or "data" in msg.lower():
            raise ExtractError("corrupt PDF: pdfium cannot parse it (damaged or truncated)") from None
        raise ExtractError(f"unreadable PDF: {msg}") from None
    if b"%%EOF" not in tail:
        doc.close()
        raise ExtractError(f"truncated PDF: no %%EOF marker at the end of its {size} bytes")
    if len(doc) == 0:
        doc.close()
        raise ExtractError("PDF has no pages")
    return doc


def _page_count_pdfminer(path: Path) -> int | None:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages)
    except Exception:
        return None


def _pages_list(pages: list[int]) -> str:
    """'3, 5-7, 12' from sorted 1-based page numbers."""
    out, i = [], 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        out.append(str(pages[i]) if i == j else f"{pages[i]}-{pages[j]}")
        i = j + 1
    return ", ".join(out)


# --------------------------------------------------------------------------------------------
# Geometry (pdfplumber)
# --------------------------------------------------------------------------------------------

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass
class _Block:
    """A piece of a page in reading order: a table (rows of cells) or a line kept as one cell."""
    top: float
    bottom: float
    rows: list[tuple[str, ...]]
    table: bool
    conf: list[tuple[float | None, ...]] | None = None  # OCR'd pages: per row, per cell
    boxes: list[Box | None] | None = None  # per row: its box across the table (Row.bbox)
    words: list[Word] | None = None  # a borderless table held to be read with the next page (_Held)
    covered: list[frozenset[int]] | None = None  # per row: Row.covered (ruled tables)


# A borderless table of at most this many printed lines at a page's foot that goes on (项目名称, 主管部门,
# the funds header) shows too little of its grid to find its columns: it is read with the page it runs on to.
HELD_LINES = 4


@dataclass
class _Held:
    """A table at a page's foot held to be read with the next page.  `taken`: its rows as read with the
    next page's (in its own page's coordinates); when the next page takes none, the rows read alone stand."""
    block: _Block
    page: int
    taken: _Block | None = None

    def rows(self) -> _Block:
        return self.taken or self.block


RowBand = tuple[float, float] | None  # a table row's extent (top, bottom); None for a row without boxes


def _open_cells(table, words: list[Word]) -> list[list[str | None]]:
    """table.extract(), plus the text of cells pdfplumber could not close.

    A merged cell cut by a page break has no rule at the page foot (reportlab, Word), and LibreOffice
    leaves out rules of merged cells, so pdfplumber finds no box there and returns None, dropping its
    text.  Words inside the table that fall in no cell are put back: by column, lines closer than the
    cell padding are one cell (满意度指 / 标), which stands in the first of the open rows (those
    no box covers in its column) it is centred on."""
    rows = table.extract()
    grid = [r.cells for r in table.rows]
    boxes = [b for r in grid for b in r if b]
    x0, top, x1, bottom = table.bbox
    stray = [w for w in words if inside(w, [(x0, top, x1, bottom)]) and not inside(w, boxes)]
    if not stray:
        return rows
    cols = _column_spans(grid)
    # A row's extent: from its top to the nearest cell bottom (merged cells reach further down).
    bands = [(min(b[1] for b in r if b), min(b[3] for b in r if b)) if any(r) else None for r in grid]
    found: dict[int, list[tuple[int, Word]]] = {}
    for w in stray:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        r = next((i for i, band in enumerate(bands) if band and band[0] <= cy <= band[1]), None)
        c = next((j for j, (a, b) in cols.items() if a <= cx <= b), None)
        if r is not None and c is not None and rows[r][c] is None:
            found.setdefault(c, []).append((r, w))
    middles = {c: (a + b) / 2 for c, (a, b) in cols.items()}
    starts = {c: _starts(boxes, bands, x) for c, x in middles.items()}
    for c in sorted(found, reverse=True):  # right to left: a cell keeps to the groups of the column right of it
        open_rows = _open_rows(boxes, bands, middles[c])
        for r, _ in found[c]:
            open_rows[r] = bands[r]  # a row with words in no box is open there, whatever box spans the column
        for r, ws in _stray_cells(found[c], open_rows, starts.get(c + 1, set())):
            rows[r][c] = "\n".join(join(line) for line in lines_of(ws))
            starts[c].add(r)
    return rows


def _column_spans(grid: list) -> dict[int, tuple[float, float]]:
    """Each column's x-range, from the first box that starts in it."""
    cols: dict[int, tuple[float, float]] = {}
    for r in grid:
        for c, b in enumerate(r):
            if b:
                cols.setdefault(c, (b[0], b[2]))
    return cols


def _starts(boxes: list[Box], bands: list[RowBand], x: float) -> set[int]:
    """The rows in which a box across x starts."""
    return {r for r, band in enumerate(bands) if band and any(abs(b[1] - band[0]) < 1 and b[0] <= x <= b[2]
                                                              for b in boxes)}


def _open_rows(boxes: list[Box], bands: list[RowBand], x: float) -> list[RowBand]:
    """The rows no box covers at x (others None)."""
    return [band if band and not any(b[0] <= x <= b[2] and b[1] <= (band[0] + band[1]) / 2 <= b[3] for b in boxes)
            else None for band in bands]


def _stray_cells(placed: list[tuple[int, Word]], open_rows: list[RowBand],
                 nested: set[int]) -> list[tuple[int, list[Word]]]:
    """One column's stray words (each with the row its centre lies in) as cells, each with the row
    it stands in: the first of the open rows around it, between the other cells' rows, whose middle
    is nearest its centre.  Of spans about as near, one that starts and ends where cells of the
    column to the right start (`nested`: 二级 groups nest in 一级 ones), then the shortest."""
    h = statistics.median(w["bottom"] - w["top"] for _, w in placed)
    cells: list[list[tuple[int, Word]]] = []
    for r, w in sorted(placed, key=lambda rw: rw[1]["top"]):
        if cells and w["top"] - max(x["bottom"] for _, x in cells[-1]) <= GEOMETRY.row_gap * h:
            cells[-1].append((r, w))
        else:
            cells.append([(r, w)])
    out = []
    for n, cell in enumerate(cells):
        lo = max(r for r, _ in cells[n - 1]) + 1 if n else 0
        hi = min(r for r, _ in cells[n + 1]) - 1 if n + 1 < len(cells) else len(open_rows) - 1
        ws = [w for _, w in cell]
        centre = (min(w["top"] for w in ws) + max(w["bottom"] for w in ws)) / 2
        spans = _open_spans(open_rows, min(r for r, _ in cell), max(r for r, _ in cell), lo, hi)
        out.append((_centred_span(open_rows, centre, spans, nested, GEOMETRY.label_slack * h), ws))
    return out


def _open_spans(open_rows: list[RowBand], first: int, last: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans (f, t) of open rows within [lo, hi] that hold rows first to last."""
    top, bottom = first, last
    while top > lo and open_rows[top - 1]:
        top -= 1
    while bottom < hi and open_rows[bottom + 1]:
        bottom += 1
    return [(f, t) for f in range(top, first + 1) for t in range(last, bottom + 1)]


def _centred_span(bands: list[RowBand], centre: float, spans: list[tuple[int, int]], nested: set[int],
                  slack: float) -> int:
    """The first row of the span (f, t) whose middle is nearest `centre`; of spans within `slack` of the
    nearest, one starting and ending where `nested` rows start, then the shortest."""
    scored = [(abs((bands[f][0] + bands[t][1]) / 2 - centre), f, t) for f, t in spans]
    nearest = min(off for off, _, _ in scored)
    ends = nested | {len(bands)}
    return min((not (f in nested and t + 1 in ends), t - f, f)
               for off, f, t in scored if off <= nearest + slack)[2]


def _ruled(page, words: list[Word]) -> list[_Block]:
    out = []
    for t in page.find_tables(LINES):
        rows = [tuple(cell_text(c) for c in r) for r in _open_cells(t, words)]
        # A row's band: from its top to the nearest cell bottom (merged cells reach further down).
        boxes = [(t.bbox[0], min(c[1] for c in g.cells if c), t.bbox[2], min(c[3] for c in g.cells if c))
                 if any(g.cells) else None for g, r in zip(t.rows, rows) if any(r)]
        covered = [c for c, r in zip(_covered_down([g.cells for g in t.rows], rows), rows) if any(r)]
        rows = [r for r in rows if any(r)]
        if sum(len(r) for r in rows) < 2:  # a box around one word is no table
            continue
        out.append(_Block(t.bbox[1], t.bbox[3], rows, True, boxes=boxes, covered=covered))
    return out


def _covered_down(grid: list, rows: list[tuple[str, ...]]) -> list[frozenset[int]]:
    """Per row, the empty positions a box that starts in a row above reaches over (Row.covered)."""
    cols = _column_spans(grid)
    boxes = [b for r in grid for b in r if b]
    out = []
    for r, cells in zip(grid, rows):
        if not any(r):
            out.append(frozenset())
            continue
        top, bottom = min(b[1] for b in r if b), min(b[3] for b in r if b)
        out.append(frozenset(c for c, (a, z) in cols.items() if c < len(cells) and r[c] is None and not cells[c]
                             and any(b[1] < top - 1 and b[3] >= (top + bottom) / 2 and b[0] <= (a + z) / 2 <= b[2]
                                     for b in boxes)))
    return out


_EDGES = ("x0", "x1", "top", "bottom", "y0", "y1")


def _settle_rotated(page) -> None:
    """A page stored turned (/Rotate 90) has its coordinates turned back by pdfplumber with a float's error
    (cos 90° = 6e-17): a ruling's top and bottom then differ in the 14th decimal, and pdfplumber takes every
    horizontal ruling for a vertical one (line_to_edge compares them exactly) and finds no grid.  Rounded to
    a thousandth of a point, in the objects pdfplumber keeps for the page."""
    for kind in ("line", "rect", "curve", "char"):
        for obj in page.objects.get(kind, []):
            for k in _EDGES:
                if isinstance(obj.get(k), float):
                    obj[k] = round(obj[k], 3)


def _diagonal(char: dict) -> bool:
    """A character printed at a slant (a watermark across the page, 仅供公开使用 at 40°): no table prints one, and
    over a table its characters would join the cells.  Text turned a quarter (a vertical label) is no slant."""
    a, b = (char.get("matrix") or (1.0, 0.0))[:2]
    return abs(2 * a * b) > 0.1 * (a * a + b * b)


def _read_page(page, kind: str, continuation: bool, document: DocumentLayout,
               last: bool, held: _Held | None, running: frozenset[str]) -> tuple[list[_Block], bool]:
    """Blocks of one page in reading order, and whether a table runs to the foot of the page.

    `continuation`: the page before ended in a table (or a title), so text at the top of this page,
    before any title, belongs to that table; `last`: no page follows."""
    if page.rotation % 360:
        _settle_rotated(page)
    if any(_diagonal(c) for c in page.chars):
        page = page.filter(lambda obj: obj.get("object_type") != "char" or not _diagonal(obj))
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=True)
    for w in words:
        w["text"] = fold_compat(w["text"])
    return _layout(words, _ruled(page, words), page.width, kind, continuation, document, last, held, running)


def _borderless_regions(lines: list[list[Word]], kind: str, continuation: bool,
                        under_title: bool = False) -> tuple[list, list]:
    """(regions, other lines): a borderless table runs from a 项目名称 / 一级指标 line (or, on a
    continuation, from the top of the page) to its 评分等级 line (or its 总分 line and the reason rows
    under it, when no 评分等级 follows), or else to a note line (说明:…) or the next title or 项目名称 line.  A titled
    page with no such line holds tables that open right under their titles (and year lines): a
    department table opens with its 部门名称 row, a score sheet with 序号; such a region is a table
    when a line of it has a table's many cells.  On a page without an indicator header, a 项目名称 line of
    cells right under a title opens a table too (one starting at the page's foot)."""
    al = aliases()
    region: list[list[Word]] | None = [] if continuation else None
    regions: list[list[list[Word]]] = []
    rest = []
    tail: str | None = None  # past the table's 总分 row: 'total', then 'reasons' once a reason row came
    h = statistics.median(w["bottom"] - w["top"] for ln in lines for w in ln) if lines else 0.0
    loose: list[list[Word]] = []  # lines outside a table since the last title or table
    titled = False  # the line before was a title (or its year line): a 项目名称 row under it opens a table
    for n, ln in enumerate(lines):
        k = key(join(ln))
        opens = titled and _cells(ln, h) >= 2
        # a year line under a table's 项目名称 row (评价年度 | 2023年) is a row of its head, not a title's
        titled = bool(al.is_title(k) or (YEAR_LINE.match(k) and not region))
        if titled:
            if region:
                regions.append(region)
                region = None
            # right under a title (region still []), a year line keeps the table open
            region = [] if under_title and (al.is_title(k) or region is not None) else None
            rest.append(ln)
            loose = []
        elif al.starts_table(k) and (kind == "header" or region is not None or opens):
            project = al.labels.label(k[:8], slack=8) == "project_name"
            if region and project:
                regions.append(region)
                region, tail = [], None  # the next table, printed right under this one's 总分
            elif region is None and not project and loose and (
                    any(_cells(x, h) >= GEOMETRY.column_min_cells for x in loose)
                    or all(_cells(x, h) >= 2 and al.labels.label(key(join(_first_cell(x, h)))) for x in loose)):
                # an indicator header under table rows with no 项目名称 (a department table's funds
                # block, a score sheet's 部门(单位)名称 row): the table opened under its title
                region = loose
                rest = [x for x in rest if not any(x is y for y in loose)]
            elif region is None:
                region = []
            region.append(ln)
        elif region is not None and tail and not _table_tail(ln, k, tail, region[-1], h, lines[n + 1:n + 2]):
            regions.append(region)  # past 总分 a note below is not the table
            region = None
            rest.append(ln)
            loose = [ln]
        elif region and k.startswith(al.notes) and _cells(ln, h) == 1:
            regions.append(region)  # 说明:… under a table with no 总分 row (a transfer payment's) is not the table
            region = None
            rest.append(ln)
            loose = [ln]
        elif region is not None:
            region.append(ln)
            if al.ends_table(k):  # 评分等级 is the form's last row: a note below it is not the table
                regions.append(region)
                region = None
                loose = []
        else:
            rest.append(ln)
            loose.append(ln)
        tail = _tail_after(tail, ln, k, h) if region is not None else None
    if region:
        regions.append(region)
    if not under_title:
        return _borderless_regions(lines, kind, continuation, True) if not regions and kind else (regions, rest)
    tables = [r for r in regions if max((_cells(ln, h) for ln in r), default=0) >= GEOMETRY.column_min_cells]
    rest += [ln for r in regions if r not in tables for ln in r]
    rest.sort(key=lambda ln: bounds(ln)[1])
    return tables, rest


def _reason_row(line: list[Word], h: float) -> bool:
    """A line opening one of the table-wide reason rows under the total (rules/forms.yaml
    `reason_rows`, 偏差大或目标未完成原因分析): its first cell is such a label, or the first line
    of one wrapped in its column."""
    first = key(join(_first_cell(line, h)))
    return len(first) >= _LABEL_START and any(r.startswith(first) or first.startswith(r) for r in _reason_labels())


def _table_tail(line: list[Word], k: str, tail: str, above: list[Word], h: float, below: list[list[Word]]) -> bool:
    """Whether a line past the 总分 row is still the table: 评分等级, a reason row, the first line of a
    reason wrapped beside its row's label when the label (`below`) starts within the line's height or on
    the next line (it is centred on the reason's lines: on the middle one of three), or, under a reason
    row, a line of it wrapped (no wider apart than lines of one cell, and not a note)."""
    if aliases().ends_table(k) or _reason_row(line, h):
        return True
    if below and bounds(below[0])[1] - bounds(line)[3] <= GEOMETRY.row_gap * h and _reason_row(below[0], h):
        return True
    close = bounds(line)[1] - bounds(above)[3] <= GEOMETRY.row_gap * h
    return tail == "reasons" and close and not k.startswith(aliases().notes)


def _tail_after(tail: str | None, line: list[Word], k: str, h: float) -> str | None:
    """The table's tail state after a line of it: 'reasons' from a reason row on, 'total' from 总分."""
    if tail == "reasons" or (tail and _reason_row(line, h)):
        return "reasons"
    return "total" if tail or aliases().is_total(k) else None


def _first_cell(line: list[Word], h: float) -> list[Word]:
    """The words of a line up to its first gap between cells."""
    for n, (a, b) in enumerate(zip(line, line[1:])):
        if b["x0"] - a["x1"] >= GEOMETRY.cell_gap * h:
            return line[:n + 1]
    return line


def _cells(line: list[Word], h: float) -> int:
    return 1 + sum(b["x0"] - a["x1"] >= GEOMETRY.cell_gap * h for a, b in zip(line, line[1:]))


def _takes(held: _Held, words: list[Word], others: list[list[Word]]) -> bool:
    """Whether a page's first table, `words`, goes on with the held one: nothing stands above it (`others`:
    the page's lines outside its tables) and both were read alike (from a text layer, or by OCR)."""
    top = bounds(words)[1]
    alike = ("conf" in held.block.words[0]) == ("conf" in words[0])
    return alike and not any(bounds(ln)[1] < top for ln in others)


def _read_with(held: _Held, words: list[Word], document: DocumentLayout, runs_off: bool) -> _Block | None:
    """A page's first table read with the table held from the page before, laid above it a blank line
    apart: the rows of the held words go back to their page (held.taken), the rest is this page's block
    (None when no row of the held words came out: the page is read alone)."""
    _, top, _, bottom = bounds(words)
    h = statistics.median(w["bottom"] - w["top"] for w in words)
    dy = top - 2 * h - bounds(held.block.words)[3]
    rows, conf, boxes = read_borderless([dict(w, top=w["top"] + dy, bottom=w["bottom"] + dy)
                                         for w in held.block.words] + words, document, False, runs_off)
    k = sum(b[1] < top for b in boxes)  # rows of held words come first, above this page's
    if not k:
        return None
    back = [(x0, y0 - dy, x1, y1 - dy) for x0, y0, x1, y1 in boxes[:k]]
    held.taken = _Block(held.block.top, held.block.bottom, rows[:k], True, conf[:k] if conf else None, back)
    return _Block(top, bottom, rows[k:], True, conf[k:] if conf else None, boxes[k:])


def _line_block(ln: list[Word]) -> _Block:
    conf = [(min(w["conf"] for w in ln),)] if all("conf" in w for w in ln) else None
    box = bounds(ln)
    return _Block(box[1], box[3], [(cell_text(join(ln)),)], False, conf, [box])


def _layout(words: list[Word], blocks: list[_Block], width: float, kind: str, continuation: bool,
            document: DocumentLayout, last: bool, held: _Held | None = None,
            running: frozenset[str] = frozenset()) -> tuple[list[_Block], bool]:
    """`_read_page` on a page's words and ruled tables (from pdfplumber, or from OCR: then each word
    carries its engine confidence as "conf" and the blocks carry per-cell confidence).  `held`: a table
    of the page before to read with this page's first, when this page goes on with it; `running`: the
    document's running header and footer lines (_Survey.running)."""
    lines = lines_of(words)
    lines = [ln for n, ln in enumerate(lines) if not _page_number(ln, lines[max(n - 1, 0):n + 2])]
    lines = [ln for n, ln in enumerate(lines) if not _running(lines, n, running)]
    text_bottom = max((w["bottom"] for ln in lines for w in ln), default=0)
    boxes = [(0, b.top, width, b.bottom) for b in blocks]
    lines = [ln for ln in lines if not all(inside(w, boxes) for w in ln)]
    if not blocks:
        regions, lines = _borderless_regions(lines, kind, continuation)
        al = aliases()
        for n, reg in enumerate(regions):
            if len(reg) >= 2 or continuation:
                ws = [w for ln in reg for w in ln]
                _, top, _, bottom = bounds(ws)
                keys = [key(join(ln)) for ln in reg]
                # the table goes on from the page before, or on to the next (it reaches the foot, unfinished)
                runs_on = continuation and n == 0 and not al.starts_table(keys[0])
                ends = any(al.ends_table(k) or al.is_total(k) for k in keys)
                runs_off = (not last and n == len(regions) - 1 and not ends
                            and bottom >= text_bottom - GEOMETRY.foot_margin)
                joined = runs_on and held and _takes(held, ws, lines) and _read_with(held, ws, document, runs_off)
                if joined:
                    blocks.append(joined)
                    continue
                rows, conf, row_boxes = read_borderless(ws, document, runs_on, runs_off)
                blocks.append(_Block(top, bottom, rows, True, conf, row_boxes,
                                     ws if runs_off and len(reg) <= HELD_LINES else None))
            else:
                lines += reg
    blocks += [_line_block(ln) for ln in lines if _keep_line(join(ln))]
    blocks.sort(key=lambda b: b.top)
    if continuation and not kind:
        # A continuation starts with its table (under a year line or a 续表 mark at most): a title or other
        # text above it means a new table.
        first_table = next((i for i, b in enumerate(blocks) if b.table), None)
        al = aliases()
        if first_table is None or any(not (YEAR_LINE.match(k := key(b.rows[0][0])) or al.is_continued(k))
                                      for b in blocks[:first_table]):
            return [], False
    runs_on = bool(blocks) and (not blocks[-1].table or blocks[-1].bottom >= text_bottom - GEOMETRY.foot_margin)
    return blocks, runs_on


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

# pdfium keeps every object it has parsed until the document is closed: reopening every so many
# pages bounds memory (a 2,000-page, 150 MB file: 730 MB peak without, 80 MB with).
_REOPEN_EVERY = 100
# A page of a table holds a few thousand characters; one of 200,000 glyphs took pdfplumber 11 s and
# 490 MB to lay out, so a page with more than this is not laid out (and says so in the notes).
MAX_PAGE_CHARS = 50_000


@dataclass
class _Survey:
    """What the fast text pass found on each page."""
    pages: int
    kinds: list[str]  # per page: 'title', 'header' or ''
    garbled: list[int]  # 1-based pages whose text layer is garbled
    imageonly: list[int]  # 1-based pages with images and no text
    crowded: list[int] = field(default_factory=list)  # 1-based pages of more than MAX_PAGE_CHARS characters
    lines: Counter[str] = field(default_factory=Counter)  # each line's key, digits masked: on how many pages

    @property
    def scanned(self) -> list[int]:
        return sorted(set(self.garbled) | set(self.imageonly))

    @property
    def running(self) -> frozenset[str]:
        """Lines printed on enough pages to be a running header or footer where they stand at a page's edge."""
        return frozenset(k for k, pages in self.lines.items() if pages >= _RUNNING)


def _survey_page(doc, i: int, survey: _Survey) -> None:
    try:
        page = doc[i]
    except Exception:  # a broken page object: note it and go on
        survey.kinds.append("")
        survey.garbled.append(i + 1)
        return
    try:
        tp = page.get_textpage()
        raw = tp.get_text_range()
        tp.close()
        if _garbled(raw):
            survey.garbled.append(i + 1)
            survey.kinds.append("")
        elif len(raw) > MAX_PAGE_CHARS:
            survey.crowded.append(i + 1)
            survey.kinds.append("")
        elif not raw.strip():
            if any(True for _ in page.get_objects(max_depth=1, filter=(3,))):  # FPDF_PAGEOBJ_IMAGE
                survey.imageonly.append(i + 1)
            survey.kinds.append("")
        else:
            survey.kinds.append(_page_kind(unicodedata.normalize("NFKC", raw)))
            survey.lines.update({_masked(k) for line in raw.splitlines() if (k := key(line))})
    finally:
        page.close()


def _survey(path: Path) -> _Survey:
    """Pass 1: every page's text through pypdfium2 (a few ms a page)."""
    doc = _open(path)
    try:
        survey = _Survey(len(doc), [], [], [])
        for i in range(survey.pages):
            if i and i % _REOPEN_EVERY == 0:
                doc.close()
                doc = _open(path)
            _survey_page(doc, i, survey)
    finally:
        doc.close()
    return survey


class _Plumber:
    """pdfplumber opened lazily, on the first page that needs table geometry."""

    def __init__(self, path: Path, grid: Grid, running: frozenset[str]) -> None:
        self.path, self.grid, self.pdf = path, grid, None
        self.running = running  # the document's running headers and footers
        self.document = DocumentLayout()  # what its borderless tables showed; OCR'd pages share it
        self.failed: list[int] = []

    def blocks(self, i: int, kind: str, runs_on: bool, last: bool,
               held: _Held | None) -> tuple[list[_Block], bool] | None:
        if self.pdf is None:
            import pdfplumber

            try:
                self.pdf = pdfplumber.open(str(self.path))
            except Exception as e:  # pdfium read it, pdfminer cannot
                self.grid.notes.append(f"table geometry unavailable: {type(e).__name__}: {str(e)[:80]}")
                self.pdf = False
        if self.pdf is False:
            return None
        try:
            page = self.pdf.pages[i]
            got = _read_page(page, kind, runs_on, self.document, last, held, self.running)
            page.close()
            return got
        except Exception:
            self.failed.append(i + 1)
            return None

    def close(self) -> None:
        if self.pdf:
            self.pdf.close()
        if self.failed:
            self.grid.notes.append(f"pages {_pages_list(self.failed)}: table geometry failed")


def _ocr_blocks(ocr: _Ocr, i: int, runs_on: bool, document: DocumentLayout, last: bool,
                held: _Held | None) -> tuple[list[_Block], bool] | None:
    got = ocr.read(i)
    if got is None:  # unavailable or failed: noted by _Ocr
        return None
    kind = _page_kind(unicodedata.normalize("NFKC", got.text))
    if not kind and not runs_on:
        return [], False
    tables = [_Block(t.top, t.bottom, t.rows, True, t.conf, t.boxes) for t in got.tables]
    words = [dict(w, text=fold_compat(w["text"])) for w in got.words]
    blocks, runs_on = _layout(words, tables, got.width, kind, runs_on, document, last, held)
    got.emitted = sum(len(b.rows) for b in blocks)
    return blocks, runs_on


def _emit(grid: Grid, blocks: list[_Block], page: int, new_page: bool = True) -> None:
    first = new_page
    for b in blocks:
        for k, r in enumerate(b.rows):
            grid.rows.append(Row(r, page, first and bool(grid.rows), b.conf[k] if b.conf else None,
                                 b.boxes[k] if b.boxes else None, b.covered[k] if b.covered else frozenset()))
            first = False


def read_pdf(path: Path) -> Grid:
    """Pass 1 surveys every page; pass 2 lays out candidate and continuation pages (OCR for scans)."""
    path = Path(path)
    survey = _survey(path)
    grid = Grid([], method="pdf_text", pages=survey.pages)
    if survey.crowded:
        grid.notes.append(f"pages {_pages_list(survey.crowded)}: more than {MAX_PAGE_CHARS:,} characters, more "
                          f"than a page of a table holds; not laid out")
    if not any(survey.kinds) and not survey.scanned:
        return grid
    settings.ocr_pages(survey.scanned)
    ocr = _Ocr(path, survey.scanned)
    plumber = _Plumber(path, grid, survey.running)
    try:
        runs_on, held = False, None
        for i in range(survey.pages):
            if i + 1 in ocr.pages:
                settings.reader("OCR engine")
                got = _ocr_blocks(ocr, i, runs_on, plumber.document, i == survey.pages - 1, held)
                if got is not None:
                    grid.method = "ocr"
            elif survey.kinds[i] or runs_on:
                settings.reader("PDF reader")
                got = plumber.blocks(i, survey.kinds[i], runs_on, i == survey.pages - 1, held)
            else:
                continue
            blocks, runs_on = got if got is not None else ([], False)
            if held:
                _emit(grid, [held.rows()], held.page, new_page=False)
            held = _Held(blocks.pop(), i + 1) if runs_on and blocks and blocks[-1].words else None
            _emit(grid, blocks, i + 1)
        if held:
            _emit(grid, [held.rows()], held.page, new_page=False)
    finally:
        plumber.close()
        ocr.close()
    grid.notes += ocr.notes(survey.garbled, survey.imageonly)
    return grid


def read_ahead(path: Path, pages: list[int]) -> None:
    """OCR a scan's `pages` (1-based) from the last backwards into the page store, until one is there
    already: the file's own process reads them from the first (jixiao/runner/read_ahead.py)."""
    from jixiao.extract.pdf import ocr

    store = current().pages
    if store is None:
        return
    doc = _open(path)
    try:
        for p in reversed(pages):
            if store.stored([p]):
                return
            page = doc[p - 1]
            try:
                got = ocr.read_page(page)
            finally:
                page.close()
            store.put(p, got.to_json())
    finally:
        doc.close()


class _Ocr:
    """The OCR side of read_pdf: pages whose text layer is missing or garbled, read one at a time
    (born-digital pages never come here), and the notes about them."""

    def __init__(self, path: Path, pages: list[int]):
        self.path, self.pages = path, set(pages)
        self.doc = None
        self.unavailable: str | None = None
        self.done: dict[int, object] = {}
        self.failed: dict[int, str] = {}
        self.reused: list[int] = []  # pages an earlier, unfinished run OCR'd
        self.store = current().pages  # the runner's page store (None: nothing is kept)
        self.before = self.store.stored(pages) if self.store is not None else set()  # saved before this run

    def read(self, i: int):
        """The OcrPage of 0-based page i, or None (engine unavailable, page failed: noted)."""
        if self.unavailable:
            return None
        from jixiao.extract.pdf import ocr

        got = self._saved(i)
        if got is not None:
            if i + 1 in self.before:  # else a helper read it ahead in this run (jixiao/runner/read_ahead.py)
                self.reused.append(i + 1)
        else:
            try:
                ocr.engine()
            except ocr.OcrUnavailable as e:
                self.unavailable = str(e)
                return None
            try:
                if self.doc is None:
                    self.doc = _open(self.path)
                page = self.doc[i]
                try:
                    got = ocr.read_page(page)
                finally:
                    page.close()
            except Exception as e:  # noqa: BLE001 - one bad page never stops the document
                self.failed[i + 1] = f"{type(e).__name__}: {str(e)[:60]}"
                return None
            if self.store is not None:
                self.store.put(i + 1, got.to_json())
        self.done[i + 1] = got
        return got

    def _saved(self, i: int):
        """The page as an earlier, unfinished run of this file read it (jixiao/runner/page_store.py)."""
        from jixiao.extract.pdf import ocr

        saved = self.store.get(i + 1) if self.store is not None else None
        try:
            return ocr.OcrPage.from_json(saved) if saved is not None else None
        except (KeyError, TypeError, ValueError):
            return None  # saved by another layout of OcrPage: read again

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()

    def notes(self, garbled: list[int], imageonly: list[int]) -> list[str]:
        out = []
        if self.unavailable:
            if garbled:
                out.append(f"pages {_pages_list(garbled)}: garbled text layer, left for OCR ({self.unavailable})")
            if imageonly:
                out.append(f"pages {_pages_list(imageonly)}: images without a text layer, left for OCR "
                           f"({self.unavailable})")
            return out
        by = lambda cond: sorted(p for p, g in self.done.items() if cond(g))  # noqa: E731
        read = [p for p in garbled if p in self.done and self.done[p].status == "ok"]
        if read:
            out.append(f"pages {_pages_list(read)}: garbled text layer, read by OCR")
        blank = by(lambda g: g.status == "blank")
        if blank:
            out.append(f"pages {_pages_list(blank)}: blank scan, nothing to read")
        unread = by(lambda g: g.status == "unread")
        if unread:
            out.append(f"pages {_pages_list(unread)}: OCR found no legible text")
        flipped = by(lambda g: g.status == "ok" and abs(g.turned) > 90)
        if flipped:
            out.append(f"pages {_pages_list(flipped)}: scanned upside down, read turned 180°")
        empty = by(lambda g: g.status == "ok" and not g.emitted)
        if empty:
            out.append(f"pages {_pages_list(empty)}: OCR found no self-evaluation table")
        if self.reused:
            out.append(f"pages {_pages_list(self.reused)}: OCR'd by an earlier run that did not finish, kept")
        if self.failed:
            first = min(self.failed)
            out.append(f"pages {_pages_list(sorted(self.failed))}: OCR failed ({self.failed[first]})")
        return out

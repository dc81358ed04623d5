"""Born-digital PDFs: the text layer's tables as a cell grid.

Two passes, page by page, so memory stays bounded however long the report is:

1. pypdfium2 reads every page's text (fast, ~ms a page) and classifies it: a *candidate* carries a
   self-evaluation title (…自评表) or the words of the indicator header or of the funds block; pages
   whose text layer is garbled ((cid:NN), U+FFFD, private-use glyphs) are noted for OCR.
2. pdfplumber measures table geometry only on candidate pages and on the page right after a page
   that ended in a table (a continuation is kept only when its table starts at the top of the page,
   with no title of its own above it).  Non-table pages cost only their text read.

Ruled tables come from pdfplumber's "lines" strategy.  A candidate page with no ruled table is read
as a borderless table by our own clustering (`_borderless`): pdfplumber's "text" strategy was
measured on fixtures/pdf/p03_borderless.pdf and lost to it (see tests/test_pdf_extract.py and the
report): it makes one row per printed line, so every wrapped cell becomes extra rows, and it cuts
columns wherever words happen to line up, splitting the wide goal and name cells.

Titles and year lines outside the tables are emitted as single-cell rows in reading order; the
normalizer finds tables by them.  Cell text keeps in-cell line breaks as '\\n'; merged cells
stand once in their top-left position with '' in the positions they cover.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jixiao.grid import ExtractError, Grid, Row

# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

# Kangxi radicals, CJK radicals supplement and compatibility ideographs that some exporters use in
# place of the common character (⽬ for 目).  Only these are folded (NFKC, plus the radicals
# supplement forms NFKC leaves alone): full NFKC of cell text would also turn full-width
# punctuation (，（）：) into ASCII and change the publisher's wording.
# Radicals-supplement forms that stand for a whole character (checked by code point name: ⻓ is
# CJK RADICAL C-SIMPLIFIED LONG, and so on).
_SUPPLEMENT = dict(zip("⻓⻔⻅⻋⻜⻢⻙⻚⻛⻉⻄⻩⻬⻮⻰⻆⻘⻝⻣⻤⻥⻦⻨⻧⻪⻠⺠⺶⻈",
                       "长门见车飞马韦页风贝西黄齐齿龙角青食骨鬼鱼鸟麦卤黾饣民羊讠"))
_COMPAT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def _fold_char(m: re.Match) -> str:
    c = m.group()
    return _SUPPLEMENT.get(c) or unicodedata.normalize("NFKC", c)


def fold_compat(s: str) -> str:
    return _COMPAT.sub(_fold_char, s)


def cell_text(s: str | None) -> str:
    """A cell as the grid wants it: '' for None, compat forms folded, lines trimmed."""
    if not s:
        return ""
    s = fold_compat(s)
    return "\n".join(line.strip() for line in s.splitlines() if line.strip())


_WS = re.compile(r"\s+")


def _key(s: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", s))


# A title line: short, ends in …自评表 / …评价表 (maybe with its year in brackets).
_TITLE = re.compile(r"^.{0,30}(自评|评价|自评价)(情况)?表(\(\d{4}年度?\))?$")
_YEAR = re.compile(r"^\(?\d{4}年度?\)?$")
_LABEL = re.compile(r"^(主管部门|预算部门|部门|单位|填报单位|金额单位|单位名称|报表编号|公开\d+表)(\(.*?\))?[:：]")
_PAGE_NO = re.compile(r"^([-—–_·.\s]*\d{1,4}[-—–_·.\s]*|第\d+页(共\d+页)?|\d+/\d+)$")
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因", "指标值")
_FUNDS_WORDS = ("年初预算数", "全年预算数", "全年执行数", "执行率")
_GARBLED = re.compile("\\(cid:\\d+\\)|[\ufffd\ufffe\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")


def _page_kind(text: str) -> str:
    """'title', 'header' or '' from a page's NFKC text (pypdfium2)."""
    k = _WS.sub("", text)
    if sum(w in k for w in _HEADER_WORDS) >= 2 or ("项目名称" in k and sum(w in k for w in _FUNDS_WORDS) >= 2):
        return "header"
    for line in text.splitlines():
        if _TITLE.match(_WS.sub("", line)):
            return "title"
    return ""


def _garbled(raw: str) -> bool:
    bad = len(_GARBLED.findall(raw))
    chars = len(_WS.sub("", raw))
    return bad >= 20 or (bad >= 3 and bad >= 0.1 * max(chars, 1))


def _keep_line(text: str) -> bool:
    """A non-table line worth a single-cell row: a title, a year, a 部门:/单位: label, a short line."""
    k = _key(text)
    if not k or _PAGE_NO.match(k):
        return False
    return bool(_TITLE.match(k) or _YEAR.match(k) or _LABEL.match(k)) or len(k) <= 20


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
        if "password" in msg.lower():
            raise ExtractError("encrypted PDF: a password is needed to open it") from None
        if "format" in msg.lower() or "data" in msg.lower():
            raise ExtractError("corrupt PDF: pdfium cannot parse it (damaged or truncated)") from None
        if "success" in msg.lower() and _page_count_pdfminer(path) == 0:
            raise ExtractError("PDF has no pages") from None  # pdfium refuses an empty page tree
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
    top: float
    bottom: float
    rows: list[tuple[str, ...]]
    table: bool


def _lines_of(words: list[dict], tol: float = 3.0) -> list[list[dict]]:
    """Words grouped into printed lines (by vertical overlap), each sorted left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines:
            last = lines[-1]
            top = min(x["top"] for x in last)
            bottom = max(x["bottom"] for x in last)
            if w["top"] < bottom - tol or abs(w["top"] - top) <= tol:
                last.append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _join(words: list[dict]) -> str:
    out = ""
    for i, w in enumerate(words):
        if i and w["x0"] - words[i - 1]["x1"] > 0.15 * (w["bottom"] - w["top"]):
            out += " "
        out += w["text"]
    return out


def _segments(line: list[dict]) -> list[list[dict]]:
    """A line cut into cells where the gap between words is wider than about one character."""
    segs: list[list[dict]] = []
    for w in line:
        h = w["bottom"] - w["top"]
        if segs and w["x0"] - segs[-1][-1]["x1"] < 0.9 * h:
            segs[-1].append(w)
        else:
            segs.append([w])
    return segs


def _inside(w: dict, boxes) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in boxes)


def _ruled(page) -> list[_Block]:
    out = []
    for t in page.find_tables(LINES):
        rows = [tuple(cell_text(c) for c in r) for r in t.extract()]
        rows = [r for r in rows if any(r)]
        if sum(len(r) for r in rows) < 2:  # a box around one word is no table
            continue
        out.append(_Block(t.bbox[1], t.bbox[3], rows, True))
    return out


def _borderless(lines: list[list[dict]]) -> list[tuple[str, ...]]:
    """Our clustering of a borderless table's printed lines into rows and columns.

    Columns: x-ranges left uncovered by every cell of the lines that have at least four cells (funds
    and indicator rows, which share the table's column grid); cells of other lines (wide name or
    goal cells) take the column they start in.  Rows: a line continues the row above when it is
    close below it and each of its cells sits in a column whose text in the line above ran up to
    the column's right edge (a wrapped cell); otherwise it starts a new row."""
    segs = [[(s[0]["x0"], max(w["x1"] for w in s), s) for s in _segments(line)] for line in lines]
    grid_lines = [ss for ss in segs if len(ss) >= 4] or [ss for ss in segs if len(ss) >= 2]
    if not grid_lines:
        return [tuple([_join(s) for _, _, s in ss]) for ss in segs]
    spans = sorted((x0, x1) for ss in grid_lines for x0, x1, _ in ss)
    # Gaps in the union of the grid lines' cells are the column boundaries.
    bounds, end = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 > end + 2:
            bounds.append((end + x0) / 2)
        end = max(end, x1)
    right = end
    ncol = len(bounds) + 1

    def col(x: float) -> int:
        return sum(x >= b - 1 for b in bounds)

    def col_right(c: int) -> float:
        return bounds[c] if c < len(bounds) else right

    rows: list[list[str]] = []
    prev_ends: dict[int, float] = {}
    prev_bottom = None
    heights = [w["bottom"] - w["top"] for line in lines for w in line]
    h = statistics.median(heights) if heights else 10.0
    for line, ss in zip(lines, segs):
        top = min(w["top"] for w in line)
        cells: dict[int, str] = {}
        ends: dict[int, float] = {}
        for x0, x1, s in ss:
            c = col(x0)
            cells[c] = (cells[c] + " " + _join(s)) if c in cells else _join(s)
            ends[c] = x1
        close = prev_bottom is not None and top - prev_bottom < 0.6 * h
        wrapped = close and all(c in prev_ends and col_right(c) - prev_ends[c] < 2.5 * h for c in cells)
        if wrapped and rows:
            for c, t in cells.items():
                rows[-1][c] = rows[-1][c] + "\n" + t if rows[-1][c] else t
        else:
            rows.append([""] * ncol)
            for c, t in cells.items():
                rows[-1][c] = t
        prev_ends = ends if not wrapped else {**prev_ends, **ends}
        prev_bottom = max(w["bottom"] for w in line)
    return [tuple(cell_text(c) for c in r) for r in rows]


_STARTS = re.compile(r"(项目名称|一级指标|自评|评价表)")


def _read_page(page, kind: str, continuation: bool) -> tuple[list[_Block], bool]:
    """Blocks of one page in reading order, and whether a table runs to the foot of the page."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False)
    for w in words:
        w["text"] = fold_compat(w["text"])
    blocks = _ruled(page)
    boxes = [(0, b.top, page.width, b.bottom) for b in blocks]
    loose = [w for w in words if not _inside(w, boxes)]
    lines = _lines_of(loose)
    if not blocks and (kind == "header" or continuation):
        # Borderless: the table runs from its title / first header line to the foot of the page.
        start = 0
        if not continuation:
            start = next((i for i, ln in enumerate(lines) if _STARTS.search(_key(_join(ln)))), 0)
        body = [ln for ln in lines[start:] if not _PAGE_NO.match(_key(_join(ln)))]
        head = [ln for ln in body if _TITLE.match(_key(_join(ln))) or _YEAR.match(_key(_join(ln)))]
        body = [ln for ln in body if ln not in head]
        if body and (len(body) >= 2 or continuation):
            rows = _borderless(body)
            blocks.append(_Block(min(w["top"] for w in body[0]), max(w["bottom"] for w in body[-1]), rows, True))
            lines = lines[:start] + head
    for ln in lines:
        text = _join(ln)
        if _keep_line(text):
            blocks.append(_Block(min(w["top"] for w in ln), max(w["bottom"] for w in ln), [(cell_text(text),)], False))
    blocks.sort(key=lambda b: b.top)
    if continuation:
        # A continuation starts with its table: a title or other text above it means a new table.
        first_table = next((i for i, b in enumerate(blocks) if b.table), None)
        if first_table is None or any(not b.table and not _YEAR.match(_key(b.rows[0][0]))
                                      for b in blocks[:first_table]) and kind == "":
            return [], False
    tables = [b for b in blocks if b.table]
    text_bottom = max((w["bottom"] for w in words), default=0)
    runs_on = bool(tables) and tables[-1].bottom >= text_bottom - 30 or (bool(blocks) and not blocks[-1].table)
    return blocks, runs_on


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

def read_pdf(path: Path) -> Grid:
    path = Path(path)
    doc = _open(path)
    kinds: list[str] = []
    garbled: list[int] = []
    imageonly: list[int] = []
    try:
        n = len(doc)
        for i in range(n):
            try:
                page = doc[i]
            except Exception:  # a broken page object: note it and go on
                kinds.append("")
                garbled.append(i + 1)
                continue
            try:
                tp = page.get_textpage()
                raw = tp.get_text_range()
                tp.close()
                if _garbled(raw):
                    garbled.append(i + 1)
                    kinds.append("")
                elif not raw.strip():
                    if any(True for _ in page.get_objects(max_depth=1, filter=(3,))):  # FPDF_PAGEOBJ_IMAGE
                        imageonly.append(i + 1)
                    kinds.append("")
                else:
                    kinds.append(_page_kind(unicodedata.normalize("NFKC", raw)))
            finally:
                page.close()
    finally:
        doc.close()

    grid = Grid([], method="pdf_text", pages=n)
    if garbled:
        grid.notes.append(f"pages {_pages_list(garbled)}: garbled text layer, left for OCR")
    if imageonly:
        grid.notes.append(f"pages {_pages_list(imageonly)}: images without a text layer, left for OCR")
    if not any(kinds):
        return grid

    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as e:  # pdfium read it, pdfminer cannot
        grid.notes.append(f"table geometry unavailable: {type(e).__name__}: {str(e)[:80]}")
        return grid
    try:
        failed: list[int] = []
        runs_on = False
        for i in range(n):
            if not kinds[i] and not runs_on:
                continue
            continuation = not kinds[i]
            try:
                page = pdf.pages[i]
                blocks, runs_on = _read_page(page, kinds[i], continuation)
                page.close()
            except Exception:
                failed.append(i + 1)
                runs_on = False
                continue
            first = True
            for b in blocks:
                for r in b.rows:
                    grid.rows.append(Row(r, i + 1, first and bool(grid.rows)))
                    first = False
        if failed:
            grid.notes.append(f"pages {_pages_list(failed)}: table geometry failed")
    finally:
        pdf.close()
    return grid

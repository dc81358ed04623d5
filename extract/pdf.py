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
measured on fixtures/pdf/p03_borderless.pdf and lost to it: of the 28 rows we know must come out
whole (2 名称 rows, 8 funds lines, 16 indicator rows, 2 总分 rows, all cells exact), ours finds 28 in
45 rows, the text strategy 2 in 128 rows.  It makes one row per printed line, so every wrapped cell
becomes extra rows, and it cuts columns wherever words happen to line up, splitting the wide goal
and name cells.

Titles and year lines outside the tables are emitted as single-cell rows in reading order; the
normalizer finds tables by them.  Cell text keeps in-cell line breaks as '\\n'; merged cells
stand once in their top-left position with '' in the positions they cover.
"""
from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex as re

from jixiao.grid import Box, ExtractError, Grid, Row
from jixiao.text import fold_compat, key

# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

def cell_text(s: str | None) -> str:
    """A cell as the grid wants it: '' for None, compat forms folded, lines trimmed."""
    if not s:
        return ""
    s = fold_compat(s)
    return "\n".join(line.strip() for line in s.splitlines() if line.strip())


_WS = re.compile(r"\s+")
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
    k = key(text)
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
    top: float
    bottom: float
    rows: list[tuple[str, ...]]
    table: bool
    conf: list[tuple[float | None, ...]] | None = None  # OCR'd pages: per row, per cell
    boxes: list[Box | None] | None = None  # per row: its box across the table (Row.bbox)


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


def _inside(w: dict, boxes) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in boxes)


def _open_cells(table, words: list[dict]) -> list[list[str | None]]:
    """table.extract(), plus the text of cells pdfplumber could not close.

    A merged cell cut by a page break has no rule at the page foot (reportlab, Word), so pdfplumber
    finds no box for it and returns None there, dropping its text.  Words inside the table that fall
    in no cell are put back in the position their centre lies in (row band × column band)."""
    rows = table.extract()
    grid = [r.cells for r in table.rows]
    boxes = [b for r in grid for b in r if b]
    x0, top, x1, bottom = table.bbox
    stray = [w for w in words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom
             and not _inside(w, boxes)]
    if not stray:
        return rows
    cols: dict[int, tuple[float, float]] = {}
    for r in grid:
        for c, b in enumerate(r):
            if b:
                cols.setdefault(c, (b[0], b[2]))
    bands = [(min(b[1] for b in r if b), max(b[3] for b in r if b)) if any(r) else None for r in grid]
    found: dict[tuple[int, int], list[dict]] = {}
    for w in stray:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        r = next((i for i, band in enumerate(bands) if band and band[0] <= cy <= band[1]), None)
        c = next((j for j, (a, b) in cols.items() if a <= cx <= b), None)
        if r is not None and c is not None and rows[r][c] is None:
            found.setdefault((r, c), []).append(w)
    for (r, c), ws in found.items():
        rows[r][c] = "\n".join(_join(line) for line in _lines_of(ws))
    return rows


def _ruled(page, words: list[dict]) -> list[_Block]:
    out = []
    for t in page.find_tables(LINES):
        rows = [tuple(cell_text(c) for c in r) for r in _open_cells(t, words)]
        # A row's band: from its top to the nearest cell bottom (merged cells reach further down).
        boxes = [(t.bbox[0], min(c[1] for c in g.cells if c), t.bbox[2], min(c[3] for c in g.cells if c))
                 if any(g.cells) else None for g, r in zip(t.rows, rows) if any(r)]
        rows = [r for r in rows if any(r)]
        if sum(len(r) for r in rows) < 2:  # a box around one word is no table
            continue
        out.append(_Block(t.bbox[1], t.bbox[3], rows, True, boxes=boxes))
    return out


def _borderless(words: list[dict]) -> tuple[list[tuple[str, ...]], list[tuple[float | None, ...]] | None, list[Box]]:
    """Our clustering of one borderless table's words into rows and columns.

    Columns: the x-gaps left uncovered by the words of the fullest lines (funds and
    indicator rows, which share the table's column grid).  Cells on a line: words closer than 0.6 of
    the text height and not across a column boundary; a wider cell (name, goal text) takes the
    column it starts in.  Rows: bands
    of the value columns (third column on) separated by a vertical gap wider than 0.7 of the text
    height (the cell padding), so a wrapped cell or a vertically centred value stays in its row.
    The first two columns hold labels merged over several rows (一级/二级指标, 项目资金, 年度总体目标):
    their lines are grouped into cells the same way, column by column, and each cell joins the row
    its first line sits in, which puts a merged label in its top-left position.  Each row's box spans
    the table's words across and the row's own words down."""
    if not words:
        return [], None, []
    ocr = all("conf" in w for w in words)
    h = statistics.median(w["bottom"] - w["top"] for w in words)
    lines = _lines_of(words)
    # Column boundaries: gaps in the union of the words of the fullest lines (at least four words and
    # 60% of the most on any line: a line with merged cells, like 主管部门, would cover the gaps).
    # Counted in runs of words closer than 0.6 of the text height, so spaces inside a cell don't count.
    runs = [1 + sum(b["x0"] - a["x1"] >= 0.6 * h for a, b in zip(line, line[1:])) for line in lines]
    most = max(runs)
    spans = sorted((w["x0"], w["x1"]) for line, n in zip(lines, runs) if n >= max(4, 0.6 * most) for w in line)
    bounds: list[float] = []
    if spans:
        end = spans[0][1]
        for x0, x1 in spans[1:]:
            if x0 > end + 2:
                bounds.append((end + x0) / 2)
            end = max(end, x1)
        # A last column that is empty on the fullest lines (偏差原因分析 with no text in any row).
        starts = [w for line in lines for a, w in zip([None] + line, line) if a is None or w["x0"] - a["x1"] >= 0.6 * h]
        beyond = [w["x0"] for w in starts if w["x0"] > end + 0.6 * h]
        if beyond:
            bounds.append((end + min(beyond)) / 2)

    def col(x: float) -> int:
        return sum(x >= b for b in bounds)

    segs = []  # (x0, x1, top, bottom, text, conf): a line cut at wide gaps and at column boundaries
    for line in lines:
        run: list[dict] = []
        for w in line + [None]:
            if w is None or (run and (w["x0"] - run[-1]["x1"] >= 0.6 * h or col(w["x0"]) != col(run[-1]["x1"]))):
                segs.append((run[0]["x0"], max(x["x1"] for x in run), min(x["top"] for x in run),
                             max(x["bottom"] for x in run), _join(run),
                             min(x["conf"] for x in run) if ocr else None))
                run = []
            if w is not None:
                run.append(w)

    nlabel = 2 if len(bounds) >= 3 else 0
    bands: list[list] = []  # [top, bottom, [(col, seg)]]
    for s in sorted((s for s in segs if col(s[0]) >= nlabel), key=lambda s: s[2]):
        if bands and s[2] - bands[-1][1] <= 0.7 * h:
            bands[-1][1] = max(bands[-1][1], s[3])
            bands[-1][2].append((col(s[0]), s))
        else:
            bands.append([s[2], s[3], [(col(s[0]), s)]])
    for c in range(nlabel):
        cells: list[list] = []
        for s in sorted((s for s in segs if col(s[0]) == c), key=lambda s: s[2]):
            if cells and s[2] - cells[-1][-1][3] <= 0.7 * h:
                cells[-1].append(s)
            else:
                cells.append([s])
        for cell in cells:
            top, bottom = cell[0][2], cell[0][3]
            best = max(bands, key=lambda b: min(bottom, b[1]) - max(top, b[0]), default=None)
            if best is None or min(bottom, best[1]) - max(top, best[0]) <= 0:
                best = [top, bottom, []]
                bands.append(best)
                bands.sort(key=lambda b: b[0])
            best[2] += [(c, s) for s in cell]
    rows, confs, boxes = [], [], []
    left, right = min(w["x0"] for w in words), max(w["x1"] for w in words)
    for _, _, members in bands:
        row = [""] * (len(bounds) + 1)
        conf: list[float | None] = [None] * (len(bounds) + 1)
        last: dict[int, float] = {}
        for c, s in sorted(members, key=lambda m: (round(m[1][2]), m[1][0])):
            if row[c]:
                row[c] += (" " if abs(s[2] - last[c]) < 0.5 * h else "\n") + s[4]
            else:
                row[c] = s[4]
            last[c] = s[2]
            if ocr:
                conf[c] = s[5] if conf[c] is None else min(conf[c], s[5])
        rows.append(tuple(cell_text(x) for x in row))
        confs.append(tuple(v if t else None for v, t in zip(conf, rows[-1])))
        boxes.append((left, min(s[2] for _, s in members), right, max(s[3] for _, s in members)))
    return rows, (confs if ocr else None), boxes


_STARTS = re.compile(r"^(项目名称|一级指标)")


def _read_page(page, kind: str, continuation: bool) -> tuple[list[_Block], bool]:
    """Blocks of one page in reading order, and whether a table runs to the foot of the page.

    `continuation`: the page before ended in a table (or a title), so text at the top of this page,
    before any title, belongs to that table."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False)
    for w in words:
        w["text"] = fold_compat(w["text"])
    return _layout(words, _ruled(page, words), page.width, kind, continuation)


def _layout(words: list[dict], blocks: list[_Block], width: float, kind: str,
            continuation: bool) -> tuple[list[_Block], bool]:
    """`_read_page` on a page's words and ruled tables (from pdfplumber, or from OCR: then each word
    carries its engine confidence as "conf" and the blocks carry per-cell confidence)."""
    lines = [ln for ln in _lines_of(words) if not _PAGE_NO.match(key(_join(ln)))]
    text_bottom = max((w["bottom"] for ln in lines for w in ln), default=0)
    boxes = [(0, b.top, width, b.bottom) for b in blocks]
    lines = [ln for ln in lines if not all(_inside(w, boxes) for w in ln)]
    if not blocks:
        # Borderless: a table runs from a 项目名称 / 一级指标 line (or, on a continuation, from the top
        # of the page) to the next title line or 项目名称 line.
        region: list[list[dict]] | None = [] if continuation else None
        regions: list[list[list[dict]]] = []
        rest = []
        for ln in lines:
            k = key(_join(ln))
            if _TITLE.match(k) or _YEAR.match(k):
                if region:
                    regions.append(region)
                region = None
                rest.append(ln)
            elif _STARTS.match(k) and (kind == "header" or region is not None):
                if region and k.startswith("项目名称"):
                    regions.append(region)
                    region = []
                elif region is None:
                    region = []
                region.append(ln)
            elif region is not None:
                region.append(ln)
            else:
                rest.append(ln)
        if region:
            regions.append(region)
        for reg in regions:
            if len(reg) >= 2 or continuation:
                ws = [w for ln in reg for w in ln]
                rows, conf, row_boxes = _borderless(ws)
                blocks.append(_Block(min(w["top"] for w in ws), max(w["bottom"] for w in ws), rows, True, conf,
                                     row_boxes))
            else:
                rest += reg
        lines = rest
    for ln in lines:
        text = _join(ln)
        if _keep_line(text):
            conf = [(min(w["conf"] for w in ln),)] if all("conf" in w for w in ln) else None
            box = (min(w["x0"] for w in ln), min(w["top"] for w in ln), max(w["x1"] for w in ln),
                   max(w["bottom"] for w in ln))
            blocks.append(_Block(box[1], box[3], [(cell_text(text),)], False, conf, [box]))
    blocks.sort(key=lambda b: b.top)
    if continuation and not kind:
        # A continuation starts with its table: a title or other text above it means a new table.
        first_table = next((i for i, b in enumerate(blocks) if b.table), None)
        if first_table is None or any(not _YEAR.match(key(b.rows[0][0])) for b in blocks[:first_table]):
            return [], False
    runs_on = bool(blocks) and (not blocks[-1].table or blocks[-1].bottom >= text_bottom - 30)
    return blocks, runs_on


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

_REOPEN_EVERY = 100


def read_pdf(path: Path) -> Grid:
    path = Path(path)
    doc = _open(path)
    kinds: list[str] = []
    garbled: list[int] = []
    imageonly: list[int] = []
    try:
        n = len(doc)
        for i in range(n):
            if i and i % _REOPEN_EVERY == 0:
                # pdfium keeps every object it has parsed until the document is closed: reopening
                # bounds memory (a 2,000-page, 150 MB file: 730 MB peak without, 80 MB with).
                doc.close()
                doc = _open(path)
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
    scanned = sorted(set(garbled) | set(imageonly))
    if not any(kinds) and not scanned:
        return grid

    ocr = _Ocr(path, scanned)
    pdf = None
    try:
        failed: list[int] = []
        runs_on = False
        for i in range(n):
            if i + 1 in ocr.pages:
                got = ocr.read(i)
                if got is None:  # unavailable or failed: noted by _Ocr
                    runs_on = False
                    continue
                grid.method = "ocr"
                kind = _page_kind(unicodedata.normalize("NFKC", got.text))
                if not kind and not runs_on:
                    continue
                tables = [_Block(t.top, t.bottom, t.rows, True, t.conf, t.boxes) for t in got.tables]
                words = [dict(w, text=fold_compat(w["text"])) for w in got.words]
                blocks, runs_on = _layout(words, tables, got.width, kind, runs_on)
                got.emitted = sum(len(b.rows) for b in blocks)
            else:
                if not kinds[i] and not runs_on:
                    continue
                if pdf is None:
                    import pdfplumber

                    try:
                        pdf = pdfplumber.open(str(path))
                    except Exception as e:  # pdfium read it, pdfminer cannot
                        grid.notes.append(f"table geometry unavailable: {type(e).__name__}: {str(e)[:80]}")
                        pdf = False
                if pdf is False:
                    runs_on = False
                    continue
                try:
                    page = pdf.pages[i]
                    blocks, runs_on = _read_page(page, kinds[i], runs_on)
                    page.close()
                except Exception:
                    failed.append(i + 1)
                    runs_on = False
                    continue
            first = True
            for b in blocks:
                for k, r in enumerate(b.rows):
                    grid.rows.append(Row(r, i + 1, first and bool(grid.rows), b.conf[k] if b.conf else None,
                                         b.boxes[k] if b.boxes else None))
                    first = False
        if failed:
            grid.notes.append(f"pages {_pages_list(failed)}: table geometry failed")
    finally:
        if pdf:
            pdf.close()
        ocr.close()
    grid.notes += ocr.notes(garbled, imageonly)
    return grid


class _Ocr:
    """The OCR side of read_pdf: pages whose text layer is missing or garbled, read one at a time
    (born-digital pages never come here), and the notes about them."""

    def __init__(self, path: Path, pages: list[int]):
        self.path, self.pages = path, set(pages)
        self.doc = None
        self.unavailable: str | None = None
        self.done: dict[int, object] = {}
        self.failed: dict[int, str] = {}

    def read(self, i: int):
        """The OcrPage of 0-based page i, or None (engine unavailable, page failed: noted)."""
        if self.unavailable:
            return None
        from jixiao.extract import ocr

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
        self.done[i + 1] = got
        return got

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
        if self.failed:
            first = min(self.failed)
            out.append(f"pages {_pages_list(sorted(self.failed))}: OCR failed ({self.failed[first]})")
        return out

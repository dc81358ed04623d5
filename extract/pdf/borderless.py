"""A borderless table's words clustered into rows and columns (our own, not pdfplumber's "text"
strategy: that makes one row per printed line, so every wrapped cell becomes extra rows, and it cuts
columns wherever words happen to line up — measured on fixtures/pdf/p03_borderless.pdf, of the 28
rows that must come out whole it gets 2, this module 28).

The steps, each a function below:
1. column boundaries: the x-gaps left uncovered by the words of the fullest lines, and the gaps of
   each header block (funds, indicators) that the other blocks cover (a table's blocks may print
   different column grids: 一级指标 | 二级指标 under a fund line's label that runs across both), but none
   before a column no cell starts in (one block's boundary inside another block's column);
2. segments: each printed line cut at wide gaps and at column boundaries;
3. rows: bands of the value columns separated by a vertical gap wider than the cell padding, so a
   wrapped cell or a vertically centred value stays in its row; a value cell beside which another
   column prints two cells or more is merged over rows (原因 once beside the fund lines) and stands in
   the first row of the span it is centred on; a band in which a column prints two cells is rows
   joined by cells centred across them (a two-row header), split into those rows; a row is centred
   where most of its cells are (settle: a cell printing paragraph spacing sits above that);
4. labels: the label columns (the first two, or those up to the 二级指标 header: a section label such
   as 绩效指标 may stand left of 一级指标; never a 序号 column) hold labels merged over several rows
   (一级/二级指标, 项目资金, 年度总体目标), printed once, vertically centred on their group or at
   its top.  A centred label gets the span of rows it is centred on, between the rows of the labels
   above and below it and inside the span of the column to its left (a column's labels placed together:
   leaving fewest rows in no group, then cutting none of the column to its right's groups, then the
   longest), and stands in the span's first row (the grid's convention for a merged
   cell); a column whose labels all start on their row's first line keeps them there, as does a label
   heading rows without one or split at the page's foot (groups says when); a row of labels only
   (其他资金 with no money) is a row to centre on.  On a page a table runs on to, the table's columns
   stand when the page leaves one empty (一级指标 printed on the page before);
5. cells: the segments of each row and column joined, each printed line left to right.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from jixiao.core.grid import Box
from jixiao.core.text import key
from jixiao.core.vocabulary import aliases
from jixiao.extract.pdf.words import GEOMETRY, Geometry, Word, bounds, cell_text, join, lines_of, printed_lines


class Segment(NamedTuple):
    """A run of words on one printed line within one column."""
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    conf: float | None  # lowest OCR confidence of its words; None for a text layer
    col: int


@dataclass(slots=True)
class Band:
    """One table row: its vertical extent and the segments in it.  `box`: the extent a label centred
    on it sees (set by settle), else top and bottom."""
    top: float
    bottom: float
    members: list[Segment] = field(default_factory=list)
    box: tuple[float, float] | None = None
    body: bool = False  # a row of the table's body (see _mark_body)
    again: bool = False  # the header printed again under rows of the body (see _without_headers_again)

    def add(self, s: Segment) -> None:
        self.top, self.bottom = min(self.top, s.top), max(self.bottom, s.bottom)
        self.members.append(s)

    def overlap(self, top: float, bottom: float) -> float:
        return min(bottom, self.bottom) - max(top, self.top)

    def extent(self) -> tuple[float, float]:
        return self.box or (self.top, self.bottom)


@dataclass(slots=True)
class DocumentLayout:
    """What a document's earlier borderless tables showed.  `centred`: a label was seen centred (off
    its row's first line); then a label that sits on a row's top but is exactly centred on a span
    reaching above it is read as centred (a two-line label centred on three rows lands on the middle
    row's top).  `columns`: the column boundaries of the last table, for a piece too small to show
    its own (总分 and 评分等级 alone at the top of a page).  `heads`: the label columns (by their place
    from the left) seen printed at their groups' tops over blank cells; a page the table runs on to,
    whose first rows go on the group before, reads them so too.  `headers`: the header cells of the label
    columns seen (一级指标), which printed again under rows of the body head no group."""
    centred: bool = False
    columns: list[float] = field(default_factory=list)
    heads: set[int] = field(default_factory=set)
    headers: set[str] = field(default_factory=set)
    labels: list[int] = field(default_factory=list)  # the label columns of the last table


Rows = list[tuple[str, ...]]
Confidences = list[tuple[float | None, ...]]
# A segment of one or two of these alone is a speck (or a sentence's last stop), never a row; three or more
# (。。。, ...) are a template row's placeholder, a row of their own.
_SPECKS = ".·•,，:：'`。、"


def read_borderless(words: list[Word], document: DocumentLayout | None = None, runs_on: bool = False,
                    runs_off: bool = False, g: Geometry = GEOMETRY) -> tuple[Rows, Confidences | None, list[Box]]:
    """The rows of one borderless table, per-cell confidences for OCR'd words, and each row's box
    (the table's words across, the row's own words down).  `document` carries what earlier tables
    of the document showed, and learns from this one; `runs_on`: the words go on a table from the
    page before; `runs_off`: the table goes on on the next page."""
    if not words:
        return [], None, []
    document = document or DocumentLayout()
    ocr = all("conf" in w for w in words)
    g = replace(g, label_exact=g.label_exact_ocr) if ocr else g
    h = statistics.median(w["bottom"] - w["top"] for w in words)
    printed = printed_lines(words, g)
    cuts = _without_empty_columns(column_bounds(lines_of(words, g), h, g), printed, h, g)
    if runs_on and len(document.columns) > len(cuts):
        cuts = _run_on(cuts, document.columns, words, h)
    elif len(cuts) >= 3:
        document.columns = cuts
    elif document.columns:
        cuts = document.columns
    segs = segments(printed, cuts, h, g)
    labels = label_columns(segs, h, g, document.labels if runs_on else None) if len(cuts) >= 3 else []
    document.labels = labels
    values = [s for s in segs if s.col not in labels]
    specks = [s for s in values if not s.text.strip(_SPECKS) and len(s.text.strip()) <= 2]
    values = [s for s in values if s not in specks]
    merged = spanning(values, h, g)
    bands, merged = split_rows(value_bands([s for s in values if s not in merged], h, g), merged, h, g)
    for s in specks:  # a speck between two rows (OCR) joins neither: it goes with the row nearest it
        near = min(bands, key=lambda b: max(b.top - s.bottom, s.top - b.bottom), default=None)
        if near is not None:
            near.members.append(s)
    cells = {c: label_cells([s for s in segs if s.col == c], h, g) for c in labels}
    settle(bands, [cell for c in labels for cell in cells[c]], h, g)
    # Every label column's rows first: a row with labels only (其他) is a row to centre on.  The innermost
    # column first: its cells are a row each, while a label of the column to its left spans them, and
    # would otherwise make one row that swallows the label-only rows beside it (fund lines with their
    # amounts in the label, beside 年度预算申请).
    for c in reversed(labels):
        for cell in cells[c]:
            _anchor(bands, cell)
    place_spanning(label_cells([s for s in values if s in merged], h, g), bands, values, h, g)
    _mark_body(bands, [s for s in values if s not in merged], max(labels, default=-1))
    for c in labels:
        cells[c] = _without_headers_again(cells[c], bands, document, runs_on)
    outer: list[Band] = []  # first rows of the groups of the column to the left (二级 nests in 一级)
    for place, (left, right) in enumerate(zip(labels, [*labels[1:], None])):
        # a first reading of the column to the right, to fit groups to: not learnt from
        runs, seen = (runs_on, runs_off), replace(document, heads=set(document.heads))
        inner = groups(cells[right], bands, [], document, runs, h, g, place=place + 1) if right is not None else []
        document.centred, document.heads = seen.centred, seen.heads
        spans = groups(cells[left], bands, outer, document, runs, h, g, inner, place)
        for cell, (first, _) in zip(cells[left], spans):
            bands[first].members.extend(cell)
        outer = [bands[first] for first, _ in spans]
    bands = [b for b in bands if b.members]  # a row made for a label that went to its group's first row
    rows, confs = assemble(bands, len(cuts) + 1, h, ocr, g)
    x0, _, x1, _ = bounds(words)
    boxes = [(x0, min(s.top for s in b.members), x1, max(s.bottom for s in b.members)) for b in bands]
    return rows, confs, boxes


def _without_empty_columns(cuts: list[float], printed: list[list[Word]], h: float, g: Geometry) -> list[float]:
    """The column boundaries but those before a column no cell of the table (its printed lines) starts in: a
    boundary of one block's grid (the funds block's, inside the indicators' 得分计算方法 column) beside one of
    another makes a column of nothing, which a page the table runs on to cannot match."""
    starts = {s.col for s in segments(printed, cuts, h, g)}
    return [c for k, c in enumerate(cuts) if k + 1 in starts]


def _without_headers_again(cells: list[list[Segment]], bands: list[Band], document: DocumentLayout,
                           runs_on: bool) -> list[list[Segment]]:
    """A label column's cells but the header printed again under rows of the body (a table split and its
    header repeated; on a page the table runs on to, a header the document showed before): such a cell
    goes in its own row, out of the body, and heads no group."""
    heads = [(cell, _anchor(bands, cell)) for cell in cells if _header(cell)]
    seen = document.headers if runs_on else {_text(cell) for cell, _ in heads[:1]}
    first = 0 if runs_on or not heads else heads[0][1] + 1  # rows of the body under the header, then it again
    again = [(cell, a) for cell, a in heads if _text(cell) in seen and any(b.body for b in bands[first:a])]
    document.headers |= {_text(cell) for cell, _ in heads}
    for cell, a in again:
        bands[a].members.extend(cell)
        bands[a].body, bands[a].again = False, True
    return [cell for cell in cells if not any(cell is other for other, _ in again)]


# A page a table runs on to with at most this many lines cannot show columns of its own (see _run_on).
RUN_ON_FEW_LINES = 2


def _run_on(own: list[float], table: list[float], words: list[Word], h: float) -> list[float]:
    """The column boundaries of a page a table runs on to: the table's (its page before printed a column
    this one leaves empty: 一级指标 printed there, 分值 and 得分 empty here), each one a word runs across
    moved to the page's own boundary near it (a boundary sits anywhere in its gap, and this page's text may
    reach further into it); the page's own when one has none near — unless the page shows too few of its own
    to tell columns apart (a reason's last line and 总分 alone at a page's top: 总分, merged over the label
    columns, runs across their boundaries).  A page of a line or two (a 三级指标's last characters and
    Hebei's 预算执行率 row) shows its cells' gaps, not its columns: there a word across a boundary is a cell
    merged over it."""
    few = len(lines_of(words)) <= RUN_ON_FEW_LINES
    out = []
    for c in table:
        if any(w["x0"] < c < w["x1"] for w in words):
            near = [o for o in own if abs(o - c) <= 2 * h]
            if not near and len(own) >= 3 and not few:
                return own
            c = min(near, key=lambda o: abs(o - c), default=c)
        out.append(c)
    return sorted(set(out))


def _cells_per_line(line: list[Word], h: float, g: Geometry) -> int:
    return 1 + sum(b["x0"] - a["x1"] >= g.cell_gap * h for a, b in zip(line, line[1:]))


def _gaps(spans: list[tuple[float, float]], g: Geometry) -> list[tuple[float, float]]:
    """The x-ranges no span covers, between the first and the last span."""
    out = []
    spans = sorted(spans)
    end = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 > end + g.column_gap:
            out.append((end, x0))
        end = max(end, x1)
    return out


def _narrowed(gap: tuple[float, float], words: list[Word]) -> float:
    """The middle of a column gap after narrowing it by the words of the other lines that reach into
    it from one side (a long 三级指标 name); words across the whole gap (a goal text) do not count."""
    a, b = gap
    left = [w["x1"] for w in words if w["x0"] <= a < w["x1"] < b]
    right = [w["x0"] for w in words if a < w["x0"] < b <= w["x1"]]
    a2, b2 = max([a, *left]), min([b, *right])
    return (a2 + b2) / 2 if a2 < b2 else (a + b) / 2


def column_bounds(lines: list[list[Word]], h: float, g: Geometry) -> list[float]:
    """x positions between columns.  Gaps in the union of the words of the fullest lines (a line with
    merged cells, like 主管部门, would cover the gaps), narrowed by the other lines; gaps in the union
    of all words left of those lines (the label columns, when no full line prints a label: a
    continuation page); and one before a last column that is empty on the fullest lines (偏差原因分析
    with no text in any row).  Then the gaps of each block (a funds or indicator header and the lines
    under it), and of its lines under the header where no header word crosses them, as wide as two
    cells' paddings that hold no boundary yet: the blocks of one table may print different column grids
    (一级指标 | 二级指标 under a fund line's label that runs across both)."""
    gaps, end = _column_gaps(lines, h, g)
    if end is None:
        return []
    words = [w for line in lines for w in line]
    cuts = [_narrowed(gap, words) for gap in gaps]
    starts = [w["x0"] for line in lines for a, w in zip([None, *line], line)
              if a is None or w["x0"] - a["x1"] >= g.cell_gap * h]
    beyond = [x for x in starts if x > end + g.cell_gap * h]
    if beyond:
        cuts.append((end + min(beyond)) / 2)
    blocks: list[list[list[Word]]] = [[]]
    for line in lines:
        if _header_line(line) and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
    for block in blocks if len(blocks) > 1 else []:
        # the body's gaps too: a header's words stand wider than the values under them, and OCR may read
        # two of them as one word (执行率权重); a gap one header word crosses is none (年度指标值 over ≥ | 90%)
        head, body = (block[0], block[1:]) if _header_line(block[0]) else ([], block)
        gaps = _column_gaps(block, h, g, 2)[0]
        gaps += [(a, b) for a, b in _column_gaps(body, h, g, 2)[0]
                 if not any(w["x0"] <= a and b <= w["x1"] for w in head)]
        gaps += _header_gaps(head, body)
        words = [w for line in block for w in line]
        for a, b in gaps:
            if b - a >= g.cell_gap * h and not any(a < c < b for c in cuts):
                cuts.append(_narrowed((a, b), words))
    return sorted(cuts)


def _header_gaps(head: list[Word], body: list[list[Word]]) -> list[tuple[float, float]]:
    """Gaps between a header's cells that one row of the body crosses at most (a row merged over their columns:
    Hebei's 预算执行率 across 一级指标 | 二级指标, which makes the columns' words one run on every full line) while
    the body prints cells on both sides of them on two rows or more."""
    if not head:
        return []
    out = []
    for a, b in _gaps([(w["x0"], w["x1"]) for w in head], GEOMETRY):
        crossing = sum(any(w["x0"] < a and b < w["x1"] for w in line) for line in body)
        left = sum(any(a - 2 * (b - a) < w["x1"] <= a for w in line) for line in body)
        right = sum(any(b <= w["x0"] < b + 2 * (b - a) for w in line) for line in body)
        if crossing <= 1 and left >= 2 and right >= 2:
            out.append((a, b))
    return out


def _column_gaps(lines: list[list[Word]], h: float, g: Geometry,
                 least: int = 1) -> tuple[list[tuple[float, float]], float | None]:
    """The column gaps of `lines` (when at least `least` of them are full), and where the full lines end."""
    counts = [_cells_per_line(line, h, g) for line in lines]
    fullest = max(max(counts, default=0), 1)
    full = [line for line, n in zip(lines, counts) if n >= max(g.column_min_cells, g.column_share * fullest)]
    spans = [(w["x0"], w["x1"]) for line in full for w in line]
    if not spans or len(full) < least:
        return [], None
    gaps = _gaps(spans, g)
    start, end = min(x0 for x0, _ in spans), max(x1 for _, x1 in spans)
    left = [(w["x0"], w["x1"]) for line in lines for w in line if w["x1"] <= start]  # not a note running across
    gaps += _gaps(left + [(start, start)], g) if left else []
    return gaps, end


def _header_line(line: list[Word]) -> bool:
    """A line naming two or more columns of a funds or indicator header, in two words or more that are
    little else than column names (a criteria line names several in one sentence: 按实际值/指标值×该指标分值
    计算得分, 全年实际值达到年度指标值)."""
    al = aliases()
    keys = [key(w["text"]) for w in line]
    for table in (al.funds_columns, al.indicator_columns):
        named = [table.named(k) - {"ignore"} for k in keys]
        if len(set().union(*named)) >= 2 and sum(map(bool, named)) >= 2:
            return True
    return False


def segments(lines: list[list[Word]], cuts: list[float], h: float, g: Geometry) -> list[Segment]:
    """Each line cut at gaps wider than a cell gap, and at narrower gaps (cell padding) where the
    next word starts in another column."""
    def col(x: float) -> int:
        return sum(x >= b for b in cuts)

    out = []
    for line in lines:
        run: list[Word] = []
        for w in [*line, None]:
            # Two cells' texts stand at least their paddings apart; a narrower gap where a line runs
            # on into the next column is spacing inside one wide cell (a goal text, 1.2 万亩).
            gap = w["x0"] - run[-1]["x1"] if w is not None and run else 0.0
            crosses = w is not None and run and col(run[-1]["x1"]) != col(w["x0"])
            if w is None or (run and (gap >= g.cell_gap * h or (crosses and gap >= g.padding * h))):
                conf = min(x["conf"] for x in run) if "conf" in run[0] else None
                out.append(Segment(run[0]["x0"], max(x["x1"] for x in run), min(x["top"] for x in run),
                                   max(x["bottom"] for x in run), join(run, g), conf, col(run[0]["x0"])))
                run = []
            if w is not None:
                run.append(w)
    return out


def label_columns(segs: list[Segment], h: float, g: Geometry, known: list[int] | None = None) -> list[int]:
    """The columns whose labels are merged over several rows: those up to the 二级指标 column of the
    indicator header (a section label such as 绩效指标 may stand left of 一级指标), at least the first
    `g.label_columns`; a 序号 column is not one (each row prints its own number).  Without a header,
    `known`: those of the page before, where the table runs on from it."""
    al = aliases()
    roles: dict[int, set[str]] = {}
    for c in sorted({s.col for s in segs}):
        for cell in label_cells([s for s in segs if s.col == c], h, g):
            role = al.indicator_columns.label(key("".join(s.text for s in cell)))
            if role:
                roles.setdefault(c, set()).add(role)
    levels = [c for c, rs in roles.items() if rs & {"level1", "level2"}]
    if not levels and known:
        return known
    last = max([g.label_columns, *(c + 1 for c in levels)])
    return [c for c in range(last) if "index" not in roles.get(c, ())]


def value_bands(segs: list[Segment], h: float, g: Geometry) -> list[Band]:
    """Rows from the value columns: segments closer vertically than the cell padding share a row."""
    bands: list[Band] = []
    for s in sorted(segs, key=lambda s: s.top):
        if bands and s.top - bands[-1].bottom <= g.row_gap * h:
            bands[-1].add(s)
        else:
            bands.append(Band(s.top, s.bottom, [s]))
    return bands


def _mark_body(bands: list[Band], cells: list[Segment], labels: int) -> None:
    """Mark the rows of the body: those with a cell of their own (in no other row) in the first column right
    of the labels (`labels`: the last label column) that at least half the rows with such cells fill:
    三级指标 or a fund line's money, not a total row, nor a level's score printed once beside its rows."""
    at = [[i for i, b in enumerate(bands) if b.overlap(s.top, s.bottom) > 0] for s in cells]
    own: list[set[int]] = [set() for _ in bands]
    for s, rows in zip(cells, at):
        if s.col > labels and len(rows) == 1:
            own[rows[0]].add(s.col)
    filled = [c for c in own if c]
    col = min((c for c in set().union(*filled) if 2 * sum(c in f for f in filled) >= len(filled)), default=None)
    for b, cols in zip(bands, own):
        b.body = col in cols


def settle(bands: list[Band], labels: list[list[Segment]], h: float, g: Geometry) -> None:
    """Each row's box as a centred label sees it: around the middle most of its cells share, as high as
    its farthest line or a taller label centred on it (可持续影响指⏎标 beside one-line values), where
    that differs from its lines' own.  A cell printing paragraph spacing below its text (a long 偏差原因
    in its own paragraph) sits above its row's middle, so the printed lines alone put the row's middle
    too high."""
    for n, band in enumerate(bands):
        cells: dict[int, tuple[float, float]] = {}
        for s in band.members:
            top, bottom = cells.get(s.col, (s.top, s.bottom))
            cells[s.col] = min(top, s.top), max(bottom, s.bottom)
        middle = statistics.median((t + b) / 2 for t, b in cells.values())
        half = max(middle - band.top, band.bottom - middle)
        # a label within a row keeps a cell's padding from the rows beside it; one reaching closer is centred
        # over more rows than this one (产出指⏎标 over five, on the middle one)
        above = bands[n - 1].bottom + g.row_gap * h if n else -math.inf
        below = bands[n + 1].top - g.row_gap * h if n + 1 < len(bands) else math.inf
        tall = max(((c[-1].bottom - c[0].top) / 2 for c in labels
                    if abs((c[0].top + c[-1].bottom) / 2 - middle) <= g.label_exact * h
                    and above < c[0].top and c[-1].bottom < below), default=0.0)
        if abs(middle - (band.top + band.bottom) / 2) > g.label_exact * h or tall > half:
            band.box = middle - max(half, tall), middle + max(half, tall)


def split_rows(bands: list[Band], spans: set[Segment], h: float, g: Geometry) -> tuple[list[Band], set[Segment]]:
    """Bands that hold several rows, split; and the segments of `spans` (value cells merged over
    rows) still to place, those centred inside a split band being placed here.

    A cell of one row never prints two cells in one column, so a band where a column does is rows
    joined by cells centred across them (a two-row header: 预期指标值 over 符号 | 值 | 单位, with 三级指标
    and 指标分值 merged over both rows, reaching from one into the other).  The cells of the columns
    that print two cells or more make the rows; every other cell of the band, and a merged one
    centred inside it, goes to the first of the rows it is centred on."""
    out: list[Band] = []
    left = set(spans)
    for band in bands:
        rows = _rows_in(band, h, g)
        if len(rows) < 2:
            out.append(band)
            continue
        inside = {s for s in left if band.top <= (s.top + s.bottom) / 2 <= band.bottom}
        left -= inside
        taken = {s for r in rows for s in r.members}
        rest = [s for s in band.members if s not in taken] + sorted(inside, key=lambda s: (s.top, s.x0))
        _centre_in(rows, _column_cells(rest, h, g), h, g)
        out += rows
    return out, left


def _column_cells(segs: list[Segment], h: float, g: Geometry) -> list[list[Segment]]:
    """The segments grouped into cells, column by column."""
    return [cell for c in sorted({s.col for s in segs}) for cell in label_cells([s for s in segs if s.col == c], h, g)]


def _rows_in(band: Band, h: float, g: Geometry) -> list[Band]:
    """The rows of the cells of a band's columns that print two cells or more (overlapping cells
    of different columns share a row); none when no column does."""
    cols = [label_cells([s for s in band.members if s.col == c], h, g) for c in sorted({s.col for s in band.members})]
    rows: list[Band] = []
    for cell in sorted((cell for cells in cols if len(cells) >= 2 for cell in cells), key=lambda c: c[0].top):
        if not rows or cell[0].top >= rows[-1].bottom:
            rows.append(Band(cell[0].top, cell[0].bottom))
        for s in cell:
            rows[-1].add(s)
    return rows


def _centre_in(rows: list[Band], cells: list[list[Segment]], h: float, g: Geometry) -> None:
    """Each cell in the first of the rows it is centred on (every span measured before a cell widens
    a row)."""
    centres = [(c[0].top + c[-1].bottom) / 2 for c in cells]
    middles = [(r.top + r.bottom) / 2 for r in rows]
    firsts = [_span(rows, y, 0, min(range(len(rows)), key=lambda i: abs(middles[i] - y)), len(rows) - 1,
                    g.label_slack * h)[0] for y in centres]
    for cell, first in zip(cells, firsts):
        rows[first].members.extend(cell)


def spanning(segs: list[Segment], h: float, g: Geometry) -> set[Segment]:
    """The segments of value cells merged over several rows: a cell (a column's lines closer than the
    cell padding) beside which another column prints two cells or more (原因 written once beside the
    fund lines).  A cell of one row never has that: its row is as tall as its tallest cell."""
    cols: dict[int, list[list[Segment]]] = {}
    for c in sorted({s.col for s in segs}):
        cols[c] = label_cells([s for s in segs if s.col == c], h, g)
    out: set[Segment] = set()
    for c, cells in cols.items():
        for cell in cells:
            if len(cell) < 2:
                continue
            top, bottom = cell[0].top, max(s.bottom for s in cell)
            if any(sum(min(bottom, o[-1].bottom) > max(top, o[0].top) for o in others) >= 2
                   for d, others in cols.items() if d != c):
                out.update(cell)
    return out


def place_spanning(cells: list[list[Segment]], bands: list[Band], segs: list[Segment], h: float,
                   g: Geometry) -> None:
    """Put each merged value cell in the first row of the rows it is centred on: the rows it overlaps
    and, of those around them, the span whose middle is nearest its centre (the longest of about as
    near ones), never a row with a cell of its own in that column."""
    for cell in cells:
        top, bottom = cell[0].top, max(s.bottom for s in cell)
        over = [i for i, b in enumerate(bands) if b.overlap(top, bottom) > 0]
        if not over:
            continue
        own = {i for i, b in enumerate(bands) for s in b.members if s.col == cell[0].col}
        lo = max([-1, *(i for i in own if i < over[0])]) + 1
        hi = min([len(bands), *(i for i in own if i > over[-1])]) - 1
        if any(i in own for i in over):
            first = over[0]
        else:
            first, _ = _span(bands, (top + bottom) / 2, lo, over[0], hi, g.label_slack * h, over[-1])
        bands[first].members.extend(cell)


def label_cells(segs: list[Segment], h: float, g: Geometry) -> list[list[Segment]]:
    """The lines of one label column grouped into cells (a wrapped label is one cell)."""
    cells: list[list[Segment]] = []
    for s in sorted(segs, key=lambda s: s.top):
        if cells and s.top - cells[-1][-1].bottom <= g.row_gap * h:
            cells[-1].append(s)
        else:
            cells.append([s])
    return cells


def _anchor(bands: list[Band], cell: list[Segment]) -> int:
    """The row a label cell sits in: the band its first line overlaps most, else the band the whole
    cell overlaps most (a long goal text beside a shorter, vertically centred one); a new row when it
    overlaps none (项目名称, whose row has no value column)."""
    for top, bottom in ((cell[0].top, cell[0].bottom), (cell[0].top, cell[-1].bottom)):
        best = max(range(len(bands)), key=lambda i: bands[i].overlap(top, bottom), default=None)
        if best is not None and bands[best].overlap(top, bottom) > 0:
            return best
    at = sum(b.top < cell[0].top for b in bands)
    bands.insert(at, Band(cell[0].top, cell[-1].bottom))
    return at


def _span(bands: list[Band], centre: float, lo: int, anchor: int, hi: int, slack: float,
          last: int | None = None) -> tuple[int, int]:
    """The rows [first, last] around `anchor` (through `last`), within [lo, hi], whose vertical middle
    is closest to the label's centre; of spans about as close (within `slack`), the longest.  The slack
    absorbs how a renderer centres a line (by its line height, not the glyph boxes measured here)."""
    _, _, first, last = min((f - t, off, f, t) for off, f, t in _near(bands, centre, lo, anchor, hi, slack, last))
    return first, last


def _near(bands: list[Band], centre: float, lo: int, anchor: int, hi: int, slack: float,
          last: int | None = None) -> list[tuple[float, int, int]]:
    """The spans _span chooses from: (distance, first, last) of those within `slack` of the closest."""
    box = [b.extent() for b in bands]
    spans = [(abs((box[f][0] + box[t][1]) / 2 - centre), f, t)
             for f in range(lo, anchor + 1) for t in range(max(anchor, last or anchor), hi + 1)]
    closest = min(off for off, _, _ in spans)
    return [s for s in spans if s[0] <= closest + slack]


def _top_aligned(cells: list[list[Segment]], anchors: list[int], bands: list[Band], h: float, g: Geometry) -> bool:
    """Whether this column's labels are printed at the top of their groups rather than centred:
    every label followed by rows without one starts on its row's first line."""
    ends = [*anchors[1:], len(bands)]
    multi = [i for i in range(len(cells)) if ends[i] - anchors[i] > 1]
    return all(abs(cells[i][0].top - bands[anchors[i]].top) <= g.label_top * h for i in multi)


def _centred_above(bands: list[Band], cell: list[Segment], lo: int, anchor: int, hi: int, h: float, g: Geometry,
                   inner: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span a label on its row's top is exactly centred on, when that span starts above it: of the
    spans it is exactly centred on (one-line rows: its own and its own with one more at each end), one
    that cuts none of the column to the right's groups, then one that leaves none of the body rows above
    it that it may take in no group (数量指标 on the second row of 产出指标's, centred on the first three),
    then the nearest."""
    centre = (cell[0].top + cell[-1].bottom) / 2
    exact = [s for s in _near(bands, centre, lo, anchor, hi, g.label_exact * h) if s[0] <= g.label_exact * h]
    if not exact:
        return None
    left_out = lambda f: sum(b.body for b in bands[lo:f])  # noqa: E731
    _, _, _, _, first, last = min((_cuts(f, t, inner), left_out(f), off, f - t, f, t) for off, f, t in exact)
    return (first, last) if first < anchor else None


def _cuts(first: int, last: int, inner: list[tuple[int, int]]) -> bool:
    """Whether rows [first, last] cut one of the groups of the column to the right."""
    return any(a < first <= b or a <= last < b for a, b in inner)


def _text(cell: list[Segment]) -> str:
    return key("".join(s.text for s in cell))


def _header(cell: list[Segment]) -> bool:
    """Whether a label cell names an indicator column (一级指标): it heads no rows under it."""
    return bool(aliases().indicator_columns.roles_in(_text(cell)))


def _header_end(bands: list[Band], a: int) -> int:
    """The last row of the header a column's header cell stands in at row a: the rows right under it that
    mostly name columns too (符号 | 值 | 单位 under 预期指标值) are its lines; a row of values is not."""
    t = a
    while t + 1 < len(bands):
        names = [bool(aliases().indicator_columns.named(k)) for s in bands[t + 1].members if (k := key(s.text))]
        if not names or 2 * sum(names) < len(names):
            break
        t += 1
    return t


def groups(cells: list[list[Segment]], bands: list[Band], outer: list[Band], document: DocumentLayout,
           runs: tuple[bool, bool], h: float, g: Geometry, inner: list[tuple[int, int]] = (),
           place: int = 0) -> list[tuple[int, int]]:
    """The rows [first, last] of each label cell's group in one column (the label goes in the first: the
    grid's convention for a merged cell).  The group is the row of its first line when the column's
    labels are top-aligned (the rows below inherit it in the normalizer; in a document seen to centre
    its labels, unless the label is exactly centred on a span reaching above it), else the span it is
    centred on, which stays inside the group of the column to the left (`outer`: the first rows of its
    groups).  Of spans as near, the column's labels take together those that leave fewest rows of the
    body (Band.body) in no group, then cut none of the column to the right's groups (`inner`), then the
    longest.

    A label on its row's top in the first row its group can take (under the label before it or the
    header), with rows without a label under it, heads those rows when the next label is on its
    row's top too: were that one centred on a span reaching up (a one-line label in one-line rows
    stands on the middle row's top), the rows between would be in no group, as the label above
    cannot be centred on them (成本指标 under a blank 一级 cell below 产出指标's rows); where its span starts
    right under the label above's group, leaving no row between, that centred reading is weighed too (a
    column that centres its labels would have printed the label above between the rows it heads).  So does the
    last label on its row's top in a table going on on the next page (`runs_off`): a merged cell split
    at the page's foot prints its label at the top of its part.  Last, the labels may head their groups
    over blank cells (_top_reading; `runs`: on from the page before, off to the next; `place`: the
    column's place among the label columns)."""
    runs_on, runs_off = runs
    # Rows inserted for cells that overlap none shift indices: find each cell's row first, index after.
    rows = [bands[_anchor(bands, c)] for c in cells]
    index = {id(b): i for i, b in enumerate(bands)}
    anchors = [index[id(b)] for b in rows]
    walls = sorted(index[id(b)] for b in outer)
    centred = not _top_aligned(cells, anchors, bands, h, g)
    document.centred = document.centred or centred
    # the last label's group ends with the body (合计 and 评价等级 under it are no group's)
    last = max((i for i, b in enumerate(bands) if b.body), default=len(bands) - 1)
    his = [_header_end(bands, a) if aliases().indicator_columns.named(_text(cells[i])) else  # heads no rows
           min([anchors[i + 1] - 1 if i + 1 < len(anchors) else max(a, last), *(w - 1 for w in walls if w > a)])
           for i, a in enumerate(anchors)]
    tops = [abs(c[0].top - bands[a].top) <= g.label_top * h for c, a in zip(cells, anchors)]
    # a label split at the page's foot stays on its row
    split = [on_top and runs_off and hi == len(bands) - 1 for on_top, hi in zip(tops, his)]
    slack = g.label_slack * h

    # The spans of all the column's labels are chosen together: every choice so far, kept per what it
    # leaves the next label (the first row it may take, whether the label before heads the rows down to
    # it, whether it stands on its group's top), scored by (labels put on a span off their own near ones,
    # rows no group takes after the first, 二级 groups cut, -rows taken, distance from centre).  A label as
    # near centred on its row as on its row with one more at each end is settled by its neighbours: the
    # choice that leaves no row out wins.
    paths: dict[_State, tuple[_Score, list[tuple[int, int]]]] = {(0, False, False): ((0, 0.0, 0, 0, 0.0), [])}
    for i, (cell, anchor, hi, on_top) in enumerate(zip(cells, anchors, his, tops)):
        centre = (cell[0].top + cell[-1].bottom) / 2
        base = max([anchors[i - 1] + 1 if i else 0, *(w for w in walls if w <= anchor)])
        own = _near(bands, centre, base, anchor, hi, slack) if centred and base <= anchor <= hi else []
        after: dict[_State, tuple[_Score, list[tuple[int, int]]]] = {}
        for (start, heads, topped), (score, spans) in paths.items():
            headed = heads and on_top  # the rows above are the group of the label before
            lo = anchor if headed else max([start, *(w for w in walls if w <= anchor)])
            free = lo <= anchor <= hi and not split[i]  # else two labels share a row: each stays where it is
            if centred and free:
                options = [(off, f, t, 0) for off, f, t in own if f >= lo and not headed]
                if not options:  # the label before took the rows it is near centred on: the nearest left
                    nearest = _near(bands, centre, lo, anchor, hi, slack)
                    options = [(off, f, t, int(not headed)) for off, f, t in nearest]
                if headed:  # or it did not: centred on rows right under its group, as the rest of the column
                    options += [(off, f, t, 0) for off, f, t in own if f == start < anchor]
            elif document.centred and free:
                options = [(0.0, *(_centred_above(bands, cell, lo, anchor, hi, h, g, inner) or (anchor, anchor)), 0)]
            else:
                options = [(0.0, anchor, anchor, 0)]
            heading = on_top and lo == anchor < hi and not _header(cell)
            for off, f, t, forced in options:
                gap = _left_out(bands, start, f, topped) if spans else 0.0
                new = _plus(score, (forced, gap, int(_cuts(f, t, inner)), f - t, off))
                at = (max(lo, t + 1), heading, on_top and f == anchor)
                if at not in after or new < after[at][0]:
                    after[at] = (new, [*spans, (f, t)])
        paths = after
    end = his[-1] + 1 if his else 0  # rows after the last group are no group's either
    rest = lambda p: _plus(p[1][0], (0, _left_out(bands, p[0][0], end, p[0][2]), 0, 0, 0.0))  # noqa: E731
    spans = min(paths.items(), key=rest)[1][1]
    return _top_reading(cells, anchors, spans, bands, walls, document, centred, runs_on, place, h, g)


def _left_out(bands: list[Band], start: int, end: int, topped: bool) -> float:
    """Rows of the body from start to before end that no group takes: half a row each after a label on
    its group's first row's top (it may head them, printed at its group's top, or be centred on its row).
    Rows under the header printed again go on the group above it, as rows at a page's top do."""
    end = next((i for i in range(start, end) if bands[i].again), end)
    return sum(b.body for b in bands[start:end]) * (0.5 if topped else 1.0)


def _top_reading(cells: list[list[Segment]], anchors: list[int], spans: list[tuple[int, int]], bands: list[Band],
                 walls: list[int], document: DocumentLayout, centred: bool, runs_on: bool, place: int, h: float,
                 g: Geometry) -> list[tuple[int, int]]:
    """The groups of a column whose body labels, read as centred, leave rows of the body in no group
    (_orphans) where reading them as printed in their groups' first rows over blank cells (not merged)
    leaves none (_heads_rows): each body label on its own row, the rows below inheriting it.  The
    document remembers such a column for the pages the table runs on to; else `spans`, as read."""
    # the indicator block's rows: those under the column's header (一级指标), else the body's
    first = max((a + 1 for c, a in zip(cells, anchors) if _header(c)),
                default=next((i for i, b in enumerate(bands) if b.body), len(bands)))
    asked = (runs_on and place in document.heads) or (centred and _orphans(spans, anchors, bands, first, runs_on))
    if not asked or not _heads_rows(cells, anchors, bands, walls, first, runs_on, h, g):
        return spans
    heads = [span if a < first else (a, a) for span, a in zip(spans, anchors)]
    if heads != spans:  # learnt only where it reads otherwise (a label split at a page's foot is on top too)
        document.heads.add(place)
    return heads


def _orphans(spans: list[tuple[int, int]], anchors: list[int], bands: list[Band], first: int, runs_on: bool) -> bool:
    """Whether the centred reading leaves rows of the body (from row `first`) in no group right above a
    group that reaches above its label's row: rows the label before, at its group's top, may head (on a
    page the table runs on to, the rows above its first label go on the page before's)."""
    body = [(f, t, a) for (f, t), a in zip(spans, anchors) if a >= first]
    ends = [None if runs_on else first - 1, *(t for _, t, _ in body)]
    return any(f < a and before is not None and any(b.body for b in bands[before + 1:f])
               for (f, _, a), before in zip(body, ends))


def _heads_rows(cells: list[list[Segment]], anchors: list[int], bands: list[Band], walls: list[int], first: int,
                runs_on: bool, h: float, g: Geometry) -> bool:
    """Whether the column's labels in the body (from row `first`) read as printed in their groups' first
    rows: every such label stands on its own row (on its top, or centred on it alone) and every row of the
    body has a label above it in its group of the column to the left (on a page the table runs on to, the
    rows before its first label go on the page before's)."""
    for cell, a in zip(cells, anchors):
        if a < first:
            continue
        top, bottom = bands[a].extent()
        on_top = abs(cell[0].top - bands[a].top) <= g.label_top * h
        if not on_top and abs((cell[0].top + cell[-1].bottom) / 2 - (top + bottom) / 2) > g.label_exact * h:
            return False
    starts, headed = {a for a in anchors if a >= first}, runs_on
    for i, band in enumerate(bands[first:], first):
        headed = i in starts or (headed and i not in walls)
        if band.body and not headed:
            return False
    return True


_State = tuple[int, bool, bool]
_Score = tuple[int, float, int, int, float]


def _plus(a: _Score, b: _Score) -> _Score:
    return tuple(x + y for x, y in zip(a, b))  # type: ignore[return-value]


def _reading_order(segs: list[Segment], same_line: float) -> list[Segment]:
    """Segments line by line, each printed line left to right: pieces whose tops are less than
    `same_line` apart stand on one line (a word opening with a quote mark stands a little higher
    than the word before it, `定性指标按` `“完全达`)."""
    lines: list[list[Segment]] = []
    for s in sorted(segs, key=lambda s: s.top):
        if lines and s.top - lines[-1][0].top < same_line:
            lines[-1].append(s)
        else:
            lines.append([s])
    return [s for line in lines for s in sorted(line, key=lambda s: s.x0)]


def assemble(bands: list[Band], ncols: int, h: float, ocr: bool, g: Geometry) -> tuple[Rows, Confidences | None]:
    """Each row's segments joined column by column: pieces on one printed line with a space, lines
    with a line break."""
    rows, confs = [], []
    for band in bands:
        row = [""] * ncols
        conf: list[float | None] = [None] * ncols
        last: dict[int, float] = {}
        for s in _reading_order(band.members, g.same_line * h):
            c = s.col
            if row[c]:
                row[c] += (" " if abs(s.top - last[c]) < g.same_line * h else "\n") + s.text
            else:
                row[c] = s.text
            last[c] = s.top
            if ocr:
                conf[c] = s.conf if conf[c] is None else min(conf[c], s.conf)
        rows.append(tuple(cell_text(x) for x in row))
        confs.append(tuple(v if t else None for v, t in zip(conf, rows[-1])))
    return rows, (confs if ocr else None)

"""HTML pages (.html/.htm): each <table> as grid rows, merged cells expanded by rowspan/colspan.

The markup is parsed (stdlib html.parser, which tolerates the unclosed <td>/<tr> that finance sites
publish), not the rendered text.  A cell covered by a rowspan/colspan is '' as the grid convention
asks; <br> and block tags inside a cell are kept as '<br>', which the normalizer turns into line
breaks.  Text outside tables (titles such as 财政项目支出绩效自评表, the year line) becomes
single-cell rows in document order.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from jixiao.core.grid import ExtractError, Grid, Row
from jixiao.extract.text.reader import read_decoded

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article"}
_SKIP = {"script", "style", "head", "title"}
_EDGE_BREAKS = re.compile(r"^(?:\s|<br>)+|(?:\s|<br>)+$")
_BREAK_RUN = re.compile(r"<br>(?:\s*<br>)+")


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), 1000))
    except ValueError:
        return 1


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self.text: list[str] = []  # text outside tables, up to the next block boundary
        self.depth = 0  # <table> nesting; only the outermost table makes rows
        self.skip = 0
        self.table: list[list[tuple[str, int, int]]] | None = None  # rows of (text, rowspan, colspan)
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.tags: Counter[str] = Counter()

    # -- structure ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag in _SKIP:
            self.skip += 1
        elif tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.flush_text()
                self.table = []
        elif self.depth == 1 and tag == "tr":
            self.end_cell()
            self.table.append([])
        elif self.depth == 1 and tag in ("td", "th"):
            self.end_cell()
            if not self.table:
                self.table.append([])
            a = dict(attrs)
            self.cell, self.span = [], (_span(a.get("rowspan")), _span(a.get("colspan")))
        elif tag in _BLOCK:
            self.boundary()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.end_cell()
                self.rows += expand(self.table or [])
                self.table = None
        elif self.depth == 1 and tag in ("td", "th"):
            self.end_cell()
        elif tag in _BLOCK:
            self.boundary()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.depth == 0:
            self.text.append(data)

    # -- helpers --------------------------------------------------------------------------------
    def boundary(self) -> None:
        if self.cell is not None:
            self.cell.append("<br>")
        elif self.depth == 0:
            self.flush_text()

    def flush_text(self) -> None:
        line = "".join(self.text).strip()
        self.text = []
        if line:
            self.rows.append(Row((line,)))

    def end_cell(self) -> None:
        if self.cell is not None and self.table is not None:
            # a cell's text in paragraphs (<td><p>总分</p></td>, pasted from Word): breaks between them only
            text = _BREAK_RUN.sub("<br>", _EDGE_BREAKS.sub("", "".join(self.cell)))
            self.table[-1].append((text, *self.span))
        self.cell = None


def expand(table: list[list[tuple[str, int, int]]]) -> list[Row]:
    """Rows of a table with every rowspan/colspan laid out: text top-left, '' where covered (Row.covered:
    where a rowspan from a row above covers)."""
    grid: list[dict[int, str]] = []
    down: list[set[int]] = []
    for r, cells in enumerate(table):
        while len(grid) <= r:
            grid.append({})
            down.append(set())
        col = 0
        for text, rowspan, colspan in cells:
            while col in grid[r]:
                col += 1
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append({})
                    down.append(set())
                for dc in range(colspan):
                    grid[r + dr][col + dc] = text if dr == dc == 0 else ""
                    if dr:
                        down[r + dr].add(col + dc)
            col += colspan
    width = max((max(row) + 1 for row in grid if row), default=0)
    return [Row(tuple(row.get(c, "") for c in range(width)), covered=frozenset(below))
            for row, below in zip(grid, down) if any(v.strip() for v in row.values())]


def read_html(path: Path) -> Grid:
    text, encoding = read_decoded(path)
    parser = _Tables()
    parser.feed(text)
    parser.close()
    parser.flush_text()
    if not parser.tags:
        raise ExtractError(f"named .{path.suffix.lstrip('.').lower() or 'html'} but holds no HTML markup "
                           f"(plain text, {encoding}); rename it .txt to read it as text")
    notes = [] if parser.tags["table"] else ["no <table> element in the page"]
    return Grid(parser.rows, method="html", encoding=encoding, notes=notes)

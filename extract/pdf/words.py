"""Positioned words (pdfplumber's `extract_words()` dicts, or OCR boxes shaped like them) grouped into
printed lines and joined into text, with the geometry knobs every layout step shares.

A word is a dict with "text", "x0", "x1", "top", "bottom" in PDF points (top-down), and "conf" (the
engine's confidence, 0–1) when it was read by OCR.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jixiao.core.grid import Box
from jixiao.core.text import fold_compat

Word = dict  # pdfplumber's word dict; see the module docstring


@dataclass(frozen=True, slots=True)
class Geometry:
    """Layout tuning, in PDF points or in multiples of the median text height h of a table."""
    line_tolerance: float = 3.0  # pt: words whose tops differ by less stand on one printed line
    line_overlap: float = 0.6  # ... as do words overlapping by this share of the smaller height
    space_gap: float = 0.15  # × h: a wider gap between two words of a line is printed as a space
    cell_gap: float = 0.6  # × h: a wider gap between two words of a line separates two cells
    padding: float = 0.35  # × h: a wider gap where a line crosses into the next column separates cells
    row_gap: float = 0.7  # × h: a wider vertical gap (the cell padding) separates two rows
    same_line: float = 0.5  # × h: two pieces of one cell closer vertically are one printed line
    column_min_cells: int = 4  # lines that define the columns have at least this many cells ...
    column_share: float = 0.6  # ... and this share of the cells of the fullest line
    column_gap: float = 2.0  # pt: a gap this wide in the union of those lines is a column boundary
    label_columns: int = 2  # leftmost columns whose merged labels (一级/二级指标) span several rows
    label_top: float = 0.2  # × h: a label this close to its row's top is printed top-aligned
    label_exact: float = 0.1  # × h: a label this close to a span's middle is exactly centred on it
    label_exact_ocr: float = 0.2  # ... in OCR'd words, whose boxes the engine draws looser than a text layer's
    label_slack: float = 0.3  # × h: spans whose middles are this much farther from a centred label's
    #                           centre than the closest one's are as likely (the longer one wins)
    foot_margin: float = 30.0  # pt: a table ending this close to the page's last text runs on
    page_tolerance: float = 1.0  # pt: slack when testing whether a word lies inside a cell


GEOMETRY = Geometry()


def cell_text(s: str | None) -> str:
    """A cell as the grid wants it: '' for None, compat forms folded, lines trimmed."""
    if not s:
        return ""
    s = fold_compat(s)
    return "\n".join(line.strip() for line in s.splitlines() if line.strip())


def lines_of(words: Iterable[Word], g: Geometry = GEOMETRY) -> list[list[Word]]:
    """Words grouped into lines by vertical overlap, each sorted left to right.  Overlap chains: a
    vertically centred one-line cell beside a wrapped one joins both its lines, so a line here is
    everything printed at the height of one table row (what column and region finding want)."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines:
            last = lines[-1]
            top = min(x["top"] for x in last)
            bottom = max(x["bottom"] for x in last)
            if w["top"] < bottom - g.line_tolerance or abs(w["top"] - top) <= g.line_tolerance:
                last.append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def printed_lines(words: Iterable[Word], g: Geometry = GEOMETRY) -> list[list[Word]]:
    """Words grouped into printed lines, each sorted left to right: a word joins the line when their
    tops are within the tolerance or they overlap by most of the smaller height, so the two lines of
    a wrapped cell stay two lines beside a vertically centred neighbour."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines:
            first = lines[-1][0]
            overlap = min(w["bottom"], first["bottom"]) - max(w["top"], first["top"])
            smaller = min(w["bottom"] - w["top"], first["bottom"] - first["top"])
            if abs(w["top"] - first["top"]) <= g.line_tolerance or overlap >= g.line_overlap * smaller:
                lines[-1].append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def join(words: list[Word], g: Geometry = GEOMETRY) -> str:
    """The words of one line as text.  A text layer's words keep their own spaces (extract_words with
    keep_blank_chars): a bare gap between them is the renderer's spacing (between CJK and Latin
    letters), not a space.  OCR words have no spaces: a gap wider than a letter's spacing is one."""
    out = ""
    for i, w in enumerate(words):
        if i and "conf" in w and w["x0"] - words[i - 1]["x1"] > g.space_gap * (w["bottom"] - w["top"]):
            out += " "
        out += w["text"]
    return out


def centre(w: Word) -> tuple[float, float]:
    return (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2


def inside(w: Word, boxes: Iterable[Box], g: Geometry = GEOMETRY) -> bool:
    cx, cy = centre(w)
    t = g.page_tolerance
    return any(b[0] - t <= cx <= b[2] + t and b[1] - t <= cy <= b[3] + t for b in boxes)


def bounds(words: Iterable[Word]) -> Box:
    ws = list(words)
    return (min(w["x0"] for w in ws), min(w["top"] for w in ws), max(w["x1"] for w in ws),
            max(w["bottom"] for w in ws))

"""The printed text lines inside the cells of a ruled grid, found from the ink alone.

A cell of these tables holds one or a few lines of text, so a line is found by the rows of the cell
that hold glyphs (between rows without) rather than by the text detector: that is faster (no
detection network runs over the table) and a line never crosses a ruling into the next cell, which
a detector's box does when text runs close to a border.

The same is done for the text outside the tables (titles, year and unit lines), split into words
where the glyphs stand far apart, so a page with ruled tables needs no detection at all.  Each line
comes back with the crop to show the recogniser (see _crop).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

Cell = tuple[int, int]  # a merged region's top-left grid position
Mark = tuple[int, int, int, int]  # a component of ink: x0, x1, top, bottom (pixels, in its region)
Box = tuple[int, int, int, int]  # x0, top, x1, bottom in page pixels


class Line(NamedTuple):
    cell: Cell | None  # None: a line of words outside the tables
    box: Box  # the glyphs
    crop: Box  # what the recogniser is shown, padding included (may run off the page)
    keep: Box  # the part of the crop taken from the page; the rest is paper
    specks: tuple[bool, bool]  # whether its first and its last mark are speck-sized (see trim)


SPECK_READINGS = ".·•'`"


def trim(text: str, line: Line) -> str:
    """A reading without the dot the recogniser made of a speck at either end of the line (`拨.`,
    `91.78.`): only where the mark there is speck-sized, so a comma or a full stop stays."""
    if line.specks[1] and len(text) > 1 and text[-1] in SPECK_READINGS:
        text = text[:-1]
    if line.specks[0] and len(text) > 1 and text[0] in SPECK_READINGS:
        text = text[1:]
    return text


class _Band(NamedTuple):
    """Rows [a, b) of a cell holding ink, with the marks in them."""
    cell: Cell | None
    X0: int  # the cell's inset origin in the page
    Y0: int
    a: int
    b: int
    marks: list[Mark]
    size: tuple[int, int]  # the cell's inset width and height


def regions(ys: list[float], xs: list[float], top_left: dict[Cell, Cell]) -> dict[Cell, tuple[float, float, float, float]]:
    """Each merged region's box (x0, top, x1, bottom) in pixels, keyed by its top-left position."""
    spans: dict[Cell, list[int]] = {}
    for (r, c), root in top_left.items():
        s = spans.setdefault(root, [r, c, r, c])
        s[0], s[1], s[2], s[3] = min(s[0], r), min(s[1], c), max(s[2], r), max(s[3], c)
    return {root: (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]) for root, (r0, c0, r1, c1) in spans.items()}


def runs(on: np.ndarray) -> list[list[int]]:
    """[start, end) of each run of True."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    return [[int(a), int(b)] for a, b in zip(edges[::2], edges[1::2])]


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """cv2.connectedComponentsWithStats of a uint8 mask, 8-connected: (count with the background,
    labels, stats).  The labels are 16-bit where they fit: the same components, found two to three
    times faster than with 32-bit labels (OpenCV refuses when there are more, then 32-bit it is)."""
    import cv2

    try:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return n, labels, stats


def _marks(ink: np.ndarray, min_side: int) -> list[Mark]:
    """The components of ink at least `min_side` tall or wide (specks and stray dots left out; a
    decimal point is read with its digits, here only where the lines are is decided)."""
    _, _, stats = components((ink > 0).astype(np.uint8))
    return [(int(x), int(x + w), int(y), int(y + h)) for x, y, w, h, _ in stats[1:] if max(w, h) >= min_side]


def _bands(sub: np.ndarray, cell: Cell | None, X0: int, Y0: int, unit: float) -> list[_Band]:
    # Rules no ruled grid took (a box round the page, a margin line, an underline) are no glyphs: a
    # tall one would make one band of every line beside it.
    found = [m for m in _marks(sub, max(3, int(1.8 * unit)))
             if m[3] - m[2] <= 40 * unit and not (m[1] - m[0] > 60 * unit and m[3] - m[2] < 3 * unit)]
    inked = np.zeros(sub.shape[0], bool)
    for _, _, top, bottom in found:
        inked[top:bottom] = True
    return [_Band(cell, X0, Y0, a, b, [m for m in found if a <= m[2] and m[3] <= b], (sub.shape[1], sub.shape[0]))
            for a, b in runs(inked)]


def _is_text(m: Mark, height: float) -> bool:
    """A glyph (at least 0.4 of a line tall) or a dash ('-' stands for "none" in these tables; a
    thinner or shorter streak is a scratch or a ruling's shadow)."""
    w, h = m[1] - m[0], m[3] - m[2]
    return h >= 0.4 * height or (w >= 3 * h and w >= 0.3 * height and h >= 0.08 * height)


def _groups(found: list[Mark], gap: float, height: float) -> list[tuple[int, int]]:
    """Column extents of the groups of marks closer than `gap`, those with a glyph in them (a cluster
    of specks off to one side is not read as '-' or '一')."""
    groups: list[list[Mark]] = []
    for m in sorted(found):
        if groups and m[0] - max(g[1] for g in groups[-1]) <= gap:
            groups[-1].append(m)
        else:
            groups.append([m])
    return [(min(m[0] for m in g), max(m[1] for m in g)) for g in groups if any(_is_text(m, height) for m in g)]


def _split(band: _Band, height: float) -> list[_Band]:
    """A band taller than one line (lines printed close enough to touch) cut at its thinnest rows; not
    a line of larger type (a title in the table's first row), whose glyphs are themselves tall."""
    if band.b - band.a <= 1.7 * height or max(m[3] - m[2] for m in band.marks) > 1.2 * height:
        return [band]
    profile = np.zeros(band.b, np.int64)
    for x0, x1, top, bottom in band.marks:
        profile[top:bottom] += x1 - x0
    lo, hi = band.a + int(0.6 * height), band.b - int(0.6 * height)
    cut = lo + int(np.argmin(profile[lo:hi]))
    # A mark astride the cut goes with the line holding most of it.
    upper = [m for m in band.marks if (m[2] + m[3]) / 2 < cut]
    lower = [m for m in band.marks if (m[2] + m[3]) / 2 >= cut]
    return _split(band._replace(b=cut, marks=upper), height) + _split(band._replace(a=cut, marks=lower), height)


def _lines(ink: np.ndarray, areas: dict[Cell | None, tuple[float, float, float, float]], unit: float,
           height: float | None) -> tuple[list[_Band], float]:
    """The bands of ink of each region that hold glyphs, pieces of one line joined; and the line
    height (the median band with glyphs, unless given)."""
    inset = max(2, int(round(1.2 * unit)))  # clear of the ruling and its blur
    bands: list[_Band] = []
    for cell, (x0, top, x1, bottom) in areas.items():
        X0, Y0 = int(round(x0)) + inset, int(round(top)) + inset
        sub = ink[Y0:int(round(bottom)) - inset, X0:int(round(x1)) - inset]
        if sub.size:
            bands += _bands(sub, cell, X0, Y0, unit)
    if height is None:
        tall = [b.b - b.a for b in bands if any(m[3] - m[2] >= 3.5 * unit for m in b.marks)]
        height = float(np.median(tall)) if tall else 9 * unit
    merged: list[_Band] = []
    for band in bands:
        if not any(_is_text(m, height) for m in band.marks):
            continue  # specks
        last = merged[-1] if merged else None
        # Pieces of one line (三, or a line of 一 and 二 alone): close together and no taller than a line.
        if last and last.cell == band.cell and band.a - last.b < 0.35 * height and band.b - last.a <= 1.3 * height:
            merged[-1] = last._replace(b=band.b, marks=last.marks + band.marks)
        else:
            merged.append(band)
    return merged, height


def _crop(band: _Band, x0: int, x1: int, rows: tuple[int, int], cols: tuple[int, int], height: float) -> Line:
    """A line's crop: padded so that the glyphs fill about half its height (the recogniser scales every
    line to 48 px high, so a taller crop is a narrower input and a faster read, with no loss seen).
    Only the glyphs' box, a hair wider, is taken from the page, and not past `rows` and `cols` (the
    neighbouring lines and the cell's border): the padding is clean paper, with no specks or pieces
    of other lines in it."""
    pad_y, pad_x = int(0.55 * height), int(0.4 * height)
    hair = max(1, int(0.08 * height))
    X, Y = band.X0, band.Y0
    inside = [m for m in band.marks if x0 <= m[0] and m[1] <= x1]
    tiny = lambda m: max(m[1] - m[0], m[3] - m[2]) < 0.25 * height  # noqa: E731
    specks = (tiny(min(inside)), tiny(max(inside, key=lambda m: m[1]))) if inside else (False, False)
    return Line(band.cell, (X + x0, Y + band.a, X + x1, Y + band.b),
                (X + x0 - pad_x, Y + band.a - pad_y, X + x1 + pad_x, Y + band.b + pad_y),
                (X + max(cols[0], x0 - hair), Y + max(rows[0], band.a - hair),
                 X + min(cols[1], x1 + hair), Y + min(rows[1], band.b + hair)), specks)


def _rows(lines: list[_Band], i: int) -> tuple[int, int]:
    """The rows of its region that line i may show: up to halfway to the lines above and below."""
    band = lines[i]
    above = lines[i - 1] if i and lines[i - 1].cell == band.cell else None
    below = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].cell == band.cell else None
    return ((above.b + band.a) // 2 if above else 0, (band.b + below.a) // 2 if below else band.size[1])


def find(ink: np.ndarray, cells: dict[Cell, tuple[float, float, float, float]], unit: float) -> tuple[list[Line], float]:
    """The text lines of each cell, top to bottom, and the page's line height.  `ink` is the binarized
    page with the rulings wiped; `unit` is one PDF point in pixels."""
    merged, height = _lines(ink, cells, unit, None)
    bands = [piece for b in merged for piece in _split(b, height)]
    lines = []
    for i, band in enumerate(bands):
        groups = _groups(band.marks, 1.2 * height, height)
        if groups:
            lines.append(_crop(band, groups[0][0], groups[-1][1], _rows(bands, i), (0, band.size[0]), height))
    return lines, height


def words(ink: np.ndarray, height: float, unit: float) -> list[Line]:
    """The text outside the tables (`ink` with them wiped) as lines of words: groups of glyphs
    further apart than a line's height are separate words (a title, a unit at the right margin)."""
    bands, _ = _lines(ink, {None: (0, 0, ink.shape[1], ink.shape[0])}, unit, height)
    out = []
    for i, band in enumerate(bands):
        groups = _groups(band.marks, 1.2 * max(height, band.b - band.a), height)
        for k, (x0, x1) in enumerate(groups):
            left = (groups[k - 1][1] + x0) // 2 if k else 0
            right = (x1 + groups[k + 1][0]) // 2 if k + 1 < len(groups) else band.size[0]
            out.append(_crop(band, x0, x1, _rows(bands, i), (left, right), height))
    return out

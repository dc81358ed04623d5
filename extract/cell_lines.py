"""The printed text lines inside the cells of a ruled grid, found from the ink alone.

A cell of these tables holds one or a few lines of text, so a line is found by the rows of the cell
that hold glyphs (between rows without) rather than by the text detector: that is faster (no
detection network runs over the table) and a line never crosses a ruling into the next cell, which
a detector's box does when text runs close to a border.

Each line comes back as a crop box in pixels for the recogniser, padded as the recogniser expects
(a detector's box stands a quarter of the line height clear of the glyphs).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

Cell = tuple[int, int]  # a merged region's top-left grid position
Mark = tuple[int, int, int, int]  # a component of ink: x0, x1, top, bottom (pixels, in its cell)


class Line(NamedTuple):
    cell: Cell
    x0: int  # the crop, padding included, in pixels
    top: int
    x1: int
    bottom: int


class _Band(NamedTuple):
    """Rows [a, b) of a cell holding ink, with the marks in them."""
    cell: Cell
    X0: int  # the cell's inset origin in the page
    Y0: int
    a: int
    b: int
    marks: list[Mark]


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


def marks(ink: np.ndarray, min_side: int) -> list[Mark]:
    """The components of ink at least `min_side` tall or wide (specks and stray dots left out; a
    decimal point is read with its digits, here only where the lines are is decided)."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    return [(int(x), int(x + w), int(y), int(y + h)) for x, y, w, h, _ in stats[1:] if max(w, h) >= min_side]


def inked_rows(found: list[Mark], rows: int) -> np.ndarray:
    """Which of `rows` rows some mark covers."""
    on = np.zeros(rows, bool)
    for _, _, top, bottom in found:
        on[top:bottom] = True
    return on


def _bands(found: list[Mark], rows: int, cell: Cell, X0: int, Y0: int) -> list[_Band]:
    return [_Band(cell, X0, Y0, a, b, [m for m in found if a <= m[2] and m[3] <= b])
            for a, b in runs(inked_rows(found, rows))]


def _is_text(m: Mark, height: float) -> bool:
    """A glyph (at least 0.4 of a line tall) or a dash ('-' stands for "none" in these tables; a
    thinner or shorter streak is a scratch or a ruling's shadow)."""
    w, h = m[1] - m[0], m[3] - m[2]
    return h >= 0.4 * height or (w >= 3 * h and w >= 0.3 * height and h >= 0.08 * height)


def _extent(found: list[Mark], height: float) -> tuple[int, int] | None:
    """The columns of a line's text: groups of marks closer than 1.2 line heights, those with a glyph
    in them (a cluster of specks off to one side is not read as '-' or '一')."""
    groups: list[list[Mark]] = []
    for m in sorted(found):
        if groups and m[0] - max(g[1] for g in groups[-1]) <= 1.2 * height:
            groups[-1].append(m)
        else:
            groups.append([m])
    kept = [g for g in groups if any(_is_text(m, height) for m in g)]
    if not kept:
        return None
    return min(m[0] for m in kept[0]), max(m[1] for g in kept for m in g)


def _split(band: _Band, height: float) -> list[_Band]:
    """A band taller than one line (lines printed close enough to touch) cut at its thinnest rows."""
    if band.b - band.a <= 1.7 * height:
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


def find(ink: np.ndarray, cells: dict[Cell, tuple[float, float, float, float]], unit: float) -> list[Line]:
    """The text lines of each cell, top to bottom.  `ink` is the binarized page with the rulings
    wiped; `unit` is one PDF point in pixels."""
    inset = max(2, int(round(1.2 * unit)))  # clear of the ruling and its blur
    bands: list[_Band] = []
    for cell, (x0, top, x1, bottom) in cells.items():
        X0, Y0 = int(round(x0)) + inset, int(round(top)) + inset
        sub = ink[Y0:int(round(bottom)) - inset, X0:int(round(x1)) - inset]
        if sub.size:
            bands += _bands(marks(sub, max(3, int(1.8 * unit))), sub.shape[0], cell, X0, Y0)
    tall = [b.b - b.a for b in bands if any(m[3] - m[2] >= 3.5 * unit for m in b.marks)]
    height = float(np.median(tall)) if tall else 9 * unit  # the page's line height
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
    pad_y, pad_x = int(0.25 * height), int(0.4 * height)
    lines: list[Line] = []
    for band in (piece for b in merged for piece in _split(b, height)):
        cols = _extent(band.marks, height)
        if cols:
            lines.append(Line(band.cell, max(0, band.X0 + cols[0] - pad_x), max(0, band.Y0 + band.a - pad_y),
                              band.X0 + cols[1] + pad_x, band.Y0 + band.b + pad_y))
    return lines

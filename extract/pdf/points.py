"""A decimal point the recogniser read between two digits where the scan shows a speck.

A printed decimal point has an advance of its own (a quarter to half an em: `.` in a Latin font, half
an em in a Chinese font's half-width set), so the digits on either side of it stand that much further
apart than the number's other digits, which keep one pitch.  A speck that fell between two digits, read
as a point (`5000` read `500.0`), leaves their pitch as it was: that point is paper.  If one other pair
of the number's digits stands a point's advance apart, the point printed there was lost and the speck
read instead (`202.79` read `20.279`): it goes there.  A number with no other pair of digits to set the
pitch is left as read.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from jixiao.extract.pdf.ink_runs import NEAR, distance, glyphs, nearest, positions

# Pitch (line heights) the digits either side of a point stand further apart than the number's other digits:
# a printed point adds at least POINT_GAP, a speck at most SPECK_GAP.
POINT_GAP, SPECK_GAP = 0.18, 0.08
# A digit's ink is at most this share of the line's height wide.
DIGIT_WIDTH = 0.75
NUMBER = re.compile(r"\d+\.\d+")


def in_line(text: str, cols: Sequence[int], steps: float, ink: np.ndarray) -> str:
    """`text` as read from one line's crop with each decimal point that its digits' pitch shows to be a
    speck left out or moved (see the module's docstring).  `cols`, `steps`, `ink`: as brackets.in_line."""
    where = [i for i, ch in enumerate(text) if not ch.isspace()]  # the characters the time steps are of
    if len(where) != len(cols) or steps <= 0 or not NUMBER.search(text):
        return text
    runs, h = glyphs(ink)
    if not runs:
        return text
    at = dict(zip(where, positions(cols, steps, ink.shape[1])))
    moves: dict[int, int | None] = {}  # a point's place in `text` -> the place it goes to (None: left out)
    for m in NUMBER.finditer(text):
        digits = [i for i in range(m.start(), m.end()) if text[i] != "."]
        found = [nearest(runs, at[i]) for i in digits]
        if any(distance(runs[j], at[i]) > NEAR * h or runs[j].x1 - runs[j].x0 > DIGIT_WIDTH * h
               for j, i in zip(found, digits)) or found != list(range(found[0], found[0] + len(found))):
            continue  # not one run a digit, in order: specks or merged glyphs would mislead the pitch
        pitches = np.diff([(runs[j].x0 + runs[j].x1) / 2 for j in found])
        point = text.index(".", m.start()) - m.start()  # the pitch that spans the point is pitches[point - 1]
        others = np.delete(pitches, point - 1)
        if not others.size:
            continue
        extra = (pitches - np.median(others)) / h
        wide = [p for p in range(len(pitches)) if p != point - 1 and extra[p] >= POINT_GAP]
        steady = sum(abs(e) <= SPECK_GAP for p, e in enumerate(extra) if p != point - 1)
        if extra[point - 1] > SPECK_GAP or steady + len(wide) < len(others) or len(wide) > 1:
            continue  # a point's advance, or digits that keep no one pitch
        moves[m.start() + point] = digits[wide[0] + 1] if wide else None
    out = list(text)
    for i, to in moves.items():
        out[i] = ""
        if to is not None:
            out[to] = "." + out[to]
    return "".join(out)

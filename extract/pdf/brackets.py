"""Full- or half-width brackets on a scan, told by the paper beside them.

The recogniser reads `（` and `(` alike from a line's crop: it leans to `(`, and it reads the paper a
full-width bracket stands in as a space (`供给 (个)`).  Tables print both kinds, often on one page
(`资金（森林生态效益补偿）` beside `资金情况(万元)`), and a table is matched by its project name, so the
width is worth reading from the image.  A full-width bracket is set in a square as wide as a Chinese
glyph, its ink to one side: on its outer side (before an opening bracket, after a closing one) it
leaves at least ~0.4 of the line's height of paper to the glyph next to it, where a half-width one,
set in a Latin font, leaves under ~0.25 (measured on the brackets of our scan sets at 150–300 dpi:
full-width 0.33 and over, half-width 0.21 and under).  Only that gap to a Chinese glyph is evidence (digits and
letters have side bearings of their own).  A narrow gap is sure evidence of a half-width bracket; a wide
one is not quite sure of a full-width one, as a half-width bracket typed after a space leaves as much
(`提升 (3)制定`), so of a pair the half-width side wins.  A bracket without evidence takes the width of
the one it pairs with, or keeps the width read: of 615 brackets, the recogniser read 21 of 205
full-width ones half-width, and none of 409 half-width ones full-width.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from jixiao.core.text import HAN
from jixiao.extract.pdf.ink_runs import NEAR, distance, glyphs, nearest, positions
from jixiao.extract.pdf.words import GEOMETRY

FULL = {"(": "（", ")": "）"}
HALF = {v: k for k, v in FULL.items()}
OPENING, CLOSING = "(（", ")）"
# Paper on a bracket's outer side, in line heights: at least FULL_GAP is a full-width bracket's square,
# at most HALF_GAP a half-width one's spacing; between the two nothing is decided.  A gap over
# WORD_GAP is no bracket's paper but a gap between words or cells.
FULL_GAP, HALF_GAP, WORD_GAP = 0.28, 0.22, 0.85
# A bracket's ink is at most this share of the line's height wide and at least this share tall.
BRACKET_WIDTH, BRACKET_HEIGHT = 0.6, 0.7
ANY = re.compile(r"[()（）]")


def in_line(text: str, cols: Sequence[int], steps: float, ink: np.ndarray) -> str:
    """`text` as read from one line's crop with each bracket in the width its paper shows.  `cols` are
    the recogniser's time steps of the text's characters other than spaces, `steps` the number of steps
    that span the crop, `ink` the crop binarized (True: ink)."""
    chars = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    if not any(ch in FULL or ch in HALF for _, ch in chars) or len(chars) != len(cols) or steps <= 0:
        return text
    runs, h = glyphs(ink)
    if not runs:
        return text
    at = positions(cols, steps, ink.shape[1])
    forms: dict[int, bool] = {}
    for k, (i, ch) in enumerate(chars):
        if ch not in FULL and ch not in HALF:
            continue
        step = -1 if ch in OPENING else 1
        if not 0 <= k + step < len(chars) or not HAN.match(chars[k + step][1]):
            continue
        j = nearest(runs, at[k])
        if not 0 <= j + step < len(runs) or distance(runs[j + step], at[k + step]) > NEAR * h:
            continue  # the glyph beside it is not in the run beside it: the runs are not these characters
        run = runs[j]
        if run.core1 - run.core0 > BRACKET_WIDTH * h or run.height < BRACKET_HEIGHT * h:
            continue  # the ink there is no bracket alone (it touches its neighbour, or the steps point off it)
        gap = run.core0 - runs[j - 1].x1 if step < 0 else runs[j + 1].x0 - run.core1
        full = _full(gap / h)
        if full is not None:
            forms[i] = full
    return apply(text, forms)


def at_cuts(words: Sequence[str], gaps: Sequence[float]) -> list[str]:
    """The words of one line, cut apart at wide gaps in its ink (`gaps[k]` line heights between word k
    and word k + 1), each bracket beside a cut in the width the gap shows: the cut was made at the paper
    of a full-width bracket's square (`≥260台` `(套)`) when the gap is one the layout reads within a cell
    (narrower than its cell gap: a wider one may part two columns, `(6分)` `年度绩`).  Not where the bracket
    it pairs with stands beside a Chinese glyph in its word: in_line has read that one's width, and a
    half-width one after a typed space leaves as wide a gap (`提升 (3)制定`)."""
    forms: list[dict[int, bool]] = [{} for _ in words]
    for k, gap in enumerate(gaps):
        left, right = words[k], words[k + 1]
        if not left or not right or gap >= GEOMETRY.cell_gap or _full(gap) is not True:
            continue
        if right[0] in OPENING and HAN.match(left[-1]) and not _told(right, _partner(right, 0)):
            forms[k + 1][0] = True
        if left[-1] in CLOSING and HAN.match(right[0]) and not _told(left, _partner(left, len(left) - 1)):
            forms[k][len(left) - 1] = True
    return [apply(w, f) for w, f in zip(words, forms)]


def wrapped(above: str, line: str, indent: float) -> str:
    """`line`, wrapped from the lines `above` (joined by newlines) and starting `indent` line heights right
    of the last of them, with its brackets in the width the wrap shows: an opening bracket that starts it
    is full-width where the indent is a full-width bracket's paper and the line above starts at a Chinese
    glyph (lines of a cell start at one edge); a closing bracket left open from `above` is in the width
    of the bracket that opened it there when its own paper was not read (the recogniser never reads a
    half-width bracket full-width, but a full-width one half-width one time in ten)."""
    forms: dict[int, bool] = {}
    last = above.rsplit("\n", 1)[-1]
    if line[:1] in OPENING and HAN.match(last[:1]) and not _told(line, _partner(line, 0)) and _full(indent):
        forms[0] = True
    opened = [o for o in _unpaired(above) if above[o] in OPENING]
    closing = [c for c in _unpaired(line) if line[c] in CLOSING]
    if opened and closing and above[opened[-1]] == "（" and not _told(line, closing[0]):
        forms[closing[0]] = True
    return apply(line, forms)


def apply(text: str, forms: dict[int, bool]) -> str:
    """`text` with the brackets at the keys of `forms` full-width (True) or half-width (False), each pair's
    other bracket in the same form unless decided itself, and no space beside a full-width one (the
    recogniser reads its paper as one)."""
    if not forms:
        return text
    forms = dict(forms)
    for o, i in _pairs(text):
        if o in forms or i in forms:  # a half-width side is sure (see the module's docstring)
            forms[o] = forms[i] = forms.get(o, True) and forms.get(i, True)
    out = list(text)
    for i, full in forms.items():
        out[i] = FULL.get(text[i], text[i]) if full else HALF.get(text[i], text[i])
        if full:  # the space the recogniser made of the square's paper
            side = i - 1 if text[i] in OPENING else i + 1
            if 0 <= side < len(text) and text[side] == " ":
                out[side] = ""
    return "".join(out)


def _pairs(text: str) -> list[tuple[int, int]]:
    """(opening, closing) positions of the bracket pairs of `text`."""
    stack: list[int] = []
    out = []
    for i, ch in enumerate(text):
        if ch in OPENING:
            stack.append(i)
        elif ch in CLOSING and stack:
            out.append((stack.pop(), i))
    return out


def _unpaired(text: str) -> list[int]:
    """Positions of the brackets of `text` that pair with none in it."""
    paired = {i for pair in _pairs(text) for i in pair}
    return [i for i, ch in enumerate(text) if ch in OPENING + CLOSING and i not in paired]


def _partner(text: str, i: int) -> int | None:
    """The position of the bracket that pairs with the one at i."""
    return next((o if c == i else c for o, c in _pairs(text) if i in (o, c)), None)


def _told(text: str, i: int | None) -> bool:
    """Whether the bracket at i (if any) has a Chinese glyph on its outer side, whose gap tells its width."""
    if i is None:
        return False
    j = i - 1 if text[i] in OPENING else i + 1
    return 0 <= j < len(text) and bool(HAN.match(text[j]))


def _full(gap: float) -> bool | None:
    """Whether a bracket with `gap` line heights of paper on its outer side is full-width (None: can't say)."""
    if FULL_GAP <= gap <= WORD_GAP:
        return True
    if gap <= HALF_GAP:
        return False
    return None

"""The runs of ink along one line's crop, and the run a character the recogniser read stands on.

The recogniser (CTC) gives each character it reads a time step, a column of its input; `positions`
turns them into the crop's pixels.  `glyphs` finds the runs of inked columns (a glyph, or the parts of
one: 川, 补), specks left out, so that what the paper between two characters shows can be measured:
the width of a bracket (brackets.py), a decimal point that is a speck (points.py).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from jixiao.extract.pdf import cell_lines

# Ink smaller than this share of the tallest glyph is a speck; runs of inked columns shorter than GLYPH_HEIGHT
# of the line are no glyph either (a dot, a dash).
SPECK, GLYPH_HEIGHT = 0.25, 0.3
# A column of a run inked over this share of its fullest column's rows is part of its stroke, not of a speck
# stuck to it.
CORE = 0.35
# The recogniser's time step of a character falls within this share of the line's height of its ink.
NEAR = 0.25


class Run(NamedTuple):
    """A run of inked columns of a line: [x0, x1), its ink `height` rows tall, and [core0, core1) the columns
    of it inked over CORE of its fullest one's rows (a speck stuck to a bracket's side is not in it)."""
    x0: int
    x1: int
    height: int
    core0: int
    core1: int


def glyphs(ink: np.ndarray) -> tuple[list[Run], float]:
    """The runs of inked columns of the crop's line, specks left out, and the line's height (their median
    height).  The line is the longest run of rows with ink: specks and pieces of the lines above and below
    stand apart from it."""
    _, labels, stats = cell_lines.components(ink.astype(np.uint8))
    sizes = np.maximum(stats[1:, 2], stats[1:, 3])
    if not sizes.size:
        return [], 0.0
    mask = np.isin(labels, 1 + np.flatnonzero(sizes >= SPECK * sizes.max()))
    top, bottom = max(cell_lines.runs(mask.any(axis=1)), key=lambda r: r[1] - r[0])
    line = mask[top:bottom]
    spans = []
    for x0, x1 in cell_lines.runs(line.any(axis=0)):
        inked = np.flatnonzero(line[:, x0:x1].any(axis=1))
        spans.append((x0, x1, int(inked[-1] - inked[0]) + 1))
    height = float(np.median([tall for *_, tall in spans]))
    runs = []
    for x0, x1, tall in spans:
        if tall >= GLYPH_HEIGHT * height:
            inked = line[:, x0:x1].sum(axis=0)
            core = x0 + np.flatnonzero(inked >= CORE * inked.max())
            runs.append(Run(x0, x1, tall, *((int(core[0]), int(core[-1]) + 1) if core.size else (x0, x1))))
    return runs, height


def positions(cols: Sequence[int], steps: float, width: int) -> list[float]:
    """The crop's x (pixels) of each time step in `cols`, where `steps` steps span the crop's `width`."""
    return [(c + 0.5) * width / steps for c in cols]


def nearest(runs: Sequence[Run], x: float) -> int:
    """The index of the run whose middle is nearest x (a step falls near a character's middle, and may
    fall on the edge of a wide run beside it)."""
    return min(range(len(runs)), key=lambda r: abs(runs[r].x0 + runs[r].x1 - 2 * x))


def distance(run: Run, x: float) -> float:
    """Pixels from x to the run (0 inside it)."""
    return 0.0 if run.x0 <= x < run.x1 else min(abs(x - run.x0), abs(x - run.x1))

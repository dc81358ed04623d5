"""Drawn ink for the OCR tests: marks on a blank page, as the OCR step's ink mask holds them (no engine)."""
from __future__ import annotations

import numpy as np

H = 24  # glyph height in pixels (~9 pt at 200 dpi)


def page(*marks: tuple[int, int, int, int]) -> np.ndarray:
    """Ink (255) on paper (0): each mark x0, x1, top, bottom."""
    ink = np.zeros((300, 1200), np.uint8)
    for x0, x1, top, bottom in marks:
        ink[top:bottom, x0:x1] = 255
    return ink


def word(x: int, n: int, top: int = 100, h: int = H) -> list[tuple[int, int, int, int]]:
    """n glyph-sized marks a little apart, as the characters of one word."""
    return [(x + 26 * k, x + 26 * k + 22, top, top + h) for k in range(n)]

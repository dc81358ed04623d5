"""The image steps of scan reading (jixiao.extract.pdf.ocr) against the plain whole-page forms they
were sped up from: the same components, specks, line pieces and crossings on random synthetic pages."""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from jixiao.extract.pdf import cell_lines, ocr  # noqa: E402


def _page(seed: int, shape: tuple[int, int] = (300, 260)) -> np.ndarray:
    """Ink (255) on paper (0): bars, blocks, lines, and specks, some at the page's edges."""
    rng = np.random.default_rng(seed)
    H, W = shape
    ink = np.zeros(shape, np.uint8)
    for _ in range(40):
        y, x = rng.integers(0, H), rng.integers(0, W)
        ink[y:y + rng.integers(1, 30), x:x + rng.integers(1, 30)] = 255
    for _ in range(6):
        y, x = rng.integers(0, H), rng.integers(0, W)
        ink[y:y + rng.integers(1, 4), x:x + rng.integers(40, 200)] = 255
        ink[y:y + rng.integers(40, 200), x:x + rng.integers(1, 5)] = 255
    for _ in range(150):
        y, x = rng.integers(-2, H), rng.integers(-2, W)
        ink[max(0, y):y + rng.integers(1, 5), max(0, x):x + rng.integers(1, 5)] = 255
    return ink


def _despeckled(gray: np.ndarray, bw: np.ndarray) -> tuple[np.ndarray, int]:
    """despeckle as whole-page filters of the label image."""
    unit = ocr.DPI / 72
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    side = 2.2 * unit
    small = (w <= side) & (h <= side) & (np.maximum(w, h) < 2.5 * np.maximum(np.minimum(w, h), 1))
    small[0] = False
    r = int(round(1.5 * unit))
    kernel = np.ones((2 * r + 1, 2 * r + 1), np.uint8)
    grown = cv2.dilate(labels.astype(np.float32), kernel)
    grown_min = -cv2.dilate(-np.where(labels > 0, labels, n + 1).astype(np.float32), kernel)
    crowded = (grown != grown_min) & (grown_min <= n)
    touching = np.unique(np.concatenate([grown[crowded], grown_min[crowded]]).astype(np.int64))
    drop = small.copy()
    drop[touching[touching <= n]] = False
    if not drop.any():
        return gray, 0
    mask = cv2.dilate(drop[labels].astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    out = gray.copy()
    out[mask] = np.uint8(np.median(gray[::8, ::8]))
    return out, int(drop.sum())


def _segments_one_by_one(mask: np.ndarray, horizontal: bool, min_len: int) -> list[tuple[float, float, float]]:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if (w if horizontal else h) < min_len:
            continue
        if (h if horizontal else w) <= 3:
            pos = (y + h / 2) if horizontal else (x + w / 2)
        else:
            prof = (labels[y:y + h, x:x + w] == i).sum(axis=1 if horizontal else 0)
            pos = (y if horizontal else x) + float(np.flatnonzero(prof >= prof.max() * 0.6).mean())
        out.append((pos, float(x), float(x + w)) if horizontal else (pos, float(y), float(y + h)))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_despeckle_as_whole_page_filters(seed):
    bw = _page(seed)
    gray = np.where(bw > 0, 30, 220).astype(np.uint8)
    got, removed = ocr.despeckle(gray, bw)
    want, want_removed = _despeckled(gray, bw)
    assert removed == want_removed and np.array_equal(got, want)


@pytest.mark.parametrize("seed", range(8))
def test_segments_as_one_component_at_a_time(seed):
    ink = _page(seed)
    for horizontal in (True, False):
        for min_len in (1, 10, 40):
            assert ocr._segments(ink, horizontal, min_len) == _segments_one_by_one(ink, horizontal, min_len)


def test_crossings_as_pairs():
    rng = np.random.default_rng(0)
    v = [(float(x), float(y), float(y + n)) for x, y, n in rng.integers(0, 300, (60, 3))]
    h = [(float(y), float(x), float(x + n)) for y, x, n in rng.integers(0, 300, (40, 3))]
    tol = 8.3
    for (x, y0, y1), (count, first, last) in zip(v, ocr._crossings(v, h, tol)):
        hits = sorted(hy for hy, hx0, hx1 in h if hx0 - tol <= x <= hx1 + tol and y0 - tol <= hy <= y1 + tol)
        assert count == len(hits)
        if hits:
            assert (first, last) == (hits[0], hits[-1])
    assert ocr._crossings(v, [], tol) == [(0, np.inf, -np.inf)] * len(v)
    assert ocr._crossings([], h, tol) == []


def test_components_past_16_bit_labels():
    # 90,000 lone pixels: more labels than 16 bits hold, found with 32-bit ones.
    mask = np.zeros((600, 600), np.uint8)
    mask[::2, ::2] = 1
    n, labels, stats = cell_lines.components(mask)
    assert n == 90_001 and labels.dtype == np.int32 and labels.max() == 90_000
    n, labels, stats = cell_lines.components(_page(0))
    want_n, want_labels, want_stats, _ = cv2.connectedComponentsWithStats(_page(0), connectivity=8)
    assert n == want_n and labels.dtype == np.uint16
    assert np.array_equal(labels, want_labels) and np.array_equal(stats, want_stats)

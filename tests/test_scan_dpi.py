"""Scans at 150–300 dpi (bench/bench_scans.py measures them): what the OCR step does to the detector's
boxes before the layout step, dust and lone strokes read as marks, and a short ruling under a narrow cell — on
drawn images, so no engine runs."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("cv2")

from drawn import H, page, word  # noqa: E402  (tests/drawn.py)

from jixiao.extract.pdf import ocr  # noqa: E402


def test_two_columns_in_one_box_are_two_words():
    """`10.00 100.00`: two words a column gap apart in one detector box, the reading shared out."""
    ink = page(*word(100, 4), *word(260, 5))
    box = ocr.Box(90, 100, 400, 100 + H, "10.00 100.00", 0.97)
    got = ocr.split_words([box], ink, ink)
    assert [(b.text, b.x0, b.x1) for b in got] == [("10.00", 100, 100 + 3 * 26 + 22), ("100.00", 260, 260 + 4 * 26 + 22)]
    assert all(b.conf == 0.97 for b in got)


def test_one_word_stays_whole_pulled_in_to_its_ink():
    ink = page(*word(100, 6))
    box = ocr.Box(88, 100, 270, 100 + H, "国家基本公共", 1.0)
    (got,) = ocr.split_words([box], ink, ink)
    assert (got.text, got.x0, got.x1) == ("国家基本公共", 100, 100 + 5 * 26 + 22)


def test_a_sliver_of_the_next_column_is_cut_off():
    """The detector's box reaching across a column gap into a glyph of the next word."""
    ink = page(*word(100, 4), (220, 226, 100, 100 + H))
    box = ocr.Box(95, 100, 226, 100 + H, "社会效益", 1.0)
    (got,) = ocr.split_words([box], ink, ink)
    assert (got.text, got.x0, got.x1) == ("社会效益", 100, 100 + 3 * 26 + 22)


def test_level_sets_glyph_boxes_round_the_ink():
    """Boxes as tall as the page's common text, centred on their ink; shorter glyphs (digits) get the
    common height, a taller line (a title) its own."""
    ink = page(*word(100, 4), *word(300, 3, top=104, h=16), *word(500, 4, top=90, h=40))
    boxes = [ocr.Box(95, 94, 210, 130, "项目名称", 1.0), ocr.Box(295, 94, 380, 130, "100", 1.0),
             ocr.Box(495, 85, 610, 135, "自评表", 1.0), ocr.Box(95, 200, 210, 230, "项目名称", 1.0)]
    ink[200:200 + H, 100:200] = 255
    got = ocr.level(boxes, ink)
    assert [(b.top, b.bottom) for b in got] == [(100, 100 + H), (100, 100 + H), (90, 130), (200, 200 + H)]


def reading(*texts: str) -> ocr._Reading:
    return ocr._Reading([], [ocr.Box(0, 20 * i, 100, 20 * i + 10, t, 1.0) for i, t in enumerate(texts)])


def test_short_ruling_under_a_narrow_cell():
    """序号 cells 24 pt wide beside a 一级指标 cell merged down the rows: the rulings between the 序号
    cells are shorter than any other, and still rows of the grid."""
    import cv2

    gray = np.full((900, 1600), 255, np.uint8)
    xs, ys = [160, 227, 295, 700, 1450], [200, 280, 360, 440, 520]
    for x in xs:
        cv2.line(gray, (x, ys[0]), (x, ys[-1]), 0, 2)
    cv2.line(gray, (xs[0], ys[0]), (xs[-1], ys[0]), 0, 2)
    cv2.line(gray, (xs[0], ys[-1]), (xs[-1], ys[-1]), 0, 2)
    for y in ys[1:-1]:
        cv2.line(gray, (xs[0], y), (xs[1], y), 0, 2)  # under a 序号 cell: 67 px
        cv2.line(gray, (xs[2], y), (xs[-1], y), 0, 2)  # not across the merged 一级指标 cell
    (table,) = ocr.find_tables(gray)
    assert [round(y) for y in table.ys] == ys and [round(x) for x in table.xs] == xs
    regions = ocr.grid_cells(table.ys, table.xs, table.hmask, table.vmask)
    assert [regions[(r, 0)] for r in range(4)] == [(r, 0) for r in range(4)]
    assert [regions[(r, 1)] for r in range(4)] == [(0, 1)] * 4


def stroke(top: int, bottom: int, x_top: int, x_bottom: int, width: int = 3) -> np.ndarray:
    """A page with one straight stroke of ink from (x_top, top) to (x_bottom, bottom)."""
    ink = np.zeros((100, 100), np.uint8)
    for y in range(top, bottom):
        x = round(x_top + (x_bottom - x_top) * (y - top) / (bottom - top))
        ink[y, x:x + width] = 255
    return ink


def test_a_slash_read_as_a_digit_or_letter():
    """'/' (not applicable) in a funds cell, read as 1, 7 or A: a thin stroke leaning right."""
    slash = stroke(20, 45, 28, 21)
    assert [ocr._slash(t, slash, (15, 20, 40, 45)) for t in ("1", "7", "A", "/")] == ["/"] * 4
    one = stroke(20, 45, 25, 25)
    assert ocr._slash("1", one, (15, 20, 40, 45)) == "1"
    seven = stroke(20, 45, 28, 21)
    seven[20:23, 15:31] = 255  # the bar
    assert ocr._slash("7", seven, (15, 20, 40, 45)) == "7"
    assert ocr._slash("10", slash, (15, 20, 40, 45)) == "10"


def test_an_upright_stroke_read_as_a_letter_is_one():
    one = stroke(20, 45, 25, 25)
    assert [ocr._slash(t, one, (15, 20, 40, 45)) for t in ("I", "l", "|", "7")] == ["1", "1", "1", "7"]


def test_dust_after_a_full_stop_is_dropped():
    r = reading("较好地完成本年工作任务。·(2)通过加强", "合计:100.00")
    ocr.drop_dust_after_marks(r)
    assert [b.text for b in r.boxes] == ["较好地完成本年工作任务。(2)通过加强", "合计:100.00"]


def test_a_dot_without_ink_of_its_own_or_on_dust_is_dropped():
    glyphs = word(10, 3, top=10)
    area = (0, 6, 120, 6 + 32)  # a box round them, as tall as their type
    printed_stop = page(*glyphs, (92, 96, 30, 34))  # on the baseline
    dust = page(*glyphs, (92, 95, 14, 17))  # up in the line
    assert ocr._trim_dust("贷款了.", printed_stop, area) == "贷款了."
    assert ocr._trim_dust("产出指.", dust, area) == "产出指"
    assert ocr._trim_dust("产出指.", page(*glyphs), area) == "产出指"
    assert ocr._trim_dust("100.00", page(*glyphs), area) == "100.00"


def test_a_slash_read_with_a_speck_before_it_is_a_slash(monkeypatch):
    """`/` in a 得分 cell beside a speck at its foot, read `.1`: the dot is the speck's (a number is not printed
    from its decimal point) and the stroke left, on its own ink, leans: a slash, not a score of 1."""
    pytest.importorskip("rapidocr")
    from types import SimpleNamespace

    ink = stroke(20, 45, 40, 33)
    ink[42:45, 26:29] = 255  # the speck, at the stroke's foot
    img = 255 - ink
    monkeypatch.setattr(ocr, "engine", lambda: lambda p: SimpleNamespace(boxes=[[[22, 16], [48, 16], [48, 49],
                                                                                  [22, 49]]]))
    monkeypatch.setattr(ocr, "read_crops", lambda crops: [(".1", 0.9)] * len(crops))
    monkeypatch.setattr(ocr, "missed", lambda img, ink, boxes: [])
    assert [b.text for b in ocr.run_ocr(img)] == ["/"]


def test_a_slash_with_a_speck_at_its_foot_still_leans():
    """The rows at a stroke's ends decide nothing alone: a speck beside its foot (the last row's middle moved
    under its top) leaves a `/` read as I a slash (as 1 it was a weight of 1 where the cell printed none)."""
    slash = stroke(20, 46, 28, 21)
    slash[45, 26:29] = 255  # a speck beside the foot, in the last row
    assert ocr._slash("I", slash, (15, 20, 40, 46)) == "/"

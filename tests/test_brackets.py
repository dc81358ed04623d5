"""Full- or half-width brackets on a scan, told by the paper beside them (jixiao.extract.pdf.brackets).

The lines here are drawn: a Chinese glyph is a block a line tall and nearly as wide, a bracket a narrow
stroke a little taller; the recogniser's time steps are the glyphs' middles (one step a pixel)."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("cv2")

from jixiao.extract.pdf import brackets  # noqa: E402

H = 20  # the line's height in pixels


def drawn(*parts: tuple[str, int]) -> tuple[str, list[int], float, np.ndarray]:
    """(text, time steps, steps, ink) of a line of (character, x) parts: a bracket 4 px wide, a glyph 18."""
    ink = np.zeros((H + 12, max(x for _, x in parts) + 40), bool)
    cols = []
    for ch, x in parts:
        w = 4 if ch in "()（）" else 18
        if ch in "()（）":
            ink[5:7 + H, x:x + w] = True
        else:
            ink[6:6 + H, x:x + w] = True
        cols.append(x + w // 2)
    return "".join(ch for ch, _ in parts), cols, float(ink.shape[1]), ink


def test_a_bracket_with_a_full_square_of_paper_before_it_is_full_width():
    # 金 ends at 38; 9 px (0.45 of the line) of paper, then the bracket: a full-width one's square
    text, cols, steps, ink = drawn(("资", 0), ("金", 20), ("(", 47), ("森", 53))
    assert brackets.in_line(text, cols, steps, ink) == "资金（森"


def test_a_bracket_close_to_its_glyph_is_half_width_even_when_read_full_width():
    text, cols, steps, ink = drawn(("资", 0), ("金", 20), ("（", 41), ("森", 47))
    assert brackets.in_line(text, cols, steps, ink) == "资金(森"


def test_a_gap_between_the_two_widths_decides_nothing():
    for read in "(（":
        text, cols, steps, ink = drawn(("资", 0), ("金", 20), (read, 43), ("森", 49))  # 5 px: 0.25
        assert brackets.in_line(text, cols, steps, ink) == text


def test_a_speck_stuck_to_a_bracket_s_side_does_not_narrow_its_paper():
    text, cols, steps, ink = drawn(("资", 0), ("金", 20), ("(", 47), ("森", 53))
    ink[20:23, 42:47] = True  # a 5 × 3 speck touching the bracket's left, near its foot
    assert brackets.in_line(text, cols, steps, ink) == "资金（森"


def test_a_pair_takes_the_width_one_side_shows():
    text, cols, steps, ink = drawn(("金", 0), ("(", 27), ("森", 33), ("林", 53), (")", 73))
    assert brackets.in_line(text, cols, steps, ink) == "金（森林）"


def test_a_half_width_side_outweighs_a_wide_gap_a_typed_space_can_make():
    # 提升 (3)制定: a space before `(` leaves as much paper as a full-width bracket; `)制` does not
    text, cols, steps, ink = drawn(("升", 0), ("(", 27), ("3", 33), (")", 53), ("制", 59))
    assert brackets.in_line(text, cols, steps, ink) == text


def test_a_bracket_is_the_run_whose_middle_its_time_step_is_nearest():
    # the step of `)` falls on the edge of the glyphs after it, printed close enough to touch (制定)
    text, cols, steps, ink = drawn(("升", 0), ("(", 27), ("3", 33), (")", 53), ("制", 59), ("定", 77))
    cols[3] = 59
    assert brackets.in_line(text, cols, steps, ink) == text


def test_a_bracket_touching_its_neighbour_is_not_measured():
    text, cols, steps, ink = drawn(("资", 0), ("金", 20), ("(", 47), ("森", 53))
    ink[15:17, 38:47] = True  # joined to 金 by a smear
    assert brackets.in_line(text, cols, steps, ink) == text


def test_readings_without_brackets_or_with_steps_that_do_not_match_are_left():
    text, cols, steps, ink = drawn(("资", 0), ("金", 20), ("(", 47), ("森", 53))
    assert brackets.in_line("资金森", cols[:3], steps, ink) == "资金森"
    assert brackets.in_line(text, cols[:3], steps, ink) == text


def test_a_word_cut_at_a_full_width_bracket_s_paper():
    assert brackets.at_cuts(["义务教育学位供给", "(个)"], [0.5]) == ["义务教育学位供给", "（个）"]
    assert brackets.at_cuts(["生态效益补偿)", "护林员"], [0.5]) == ["生态效益补偿）", "护林员"]
    assert brackets.at_cuts(["(6分)", "年度绩"], [0.7]) == ["(6分)", "年度绩"]  # a gap between two columns
    assert brackets.at_cuts(["10.00", "(万元)"], [0.5]) == ["10.00", "(万元)"]  # a digit's bearing is its own
    # its pair was measured where it stands (a typed space before `(3)`, and `)制` close)
    assert brackets.at_cuts(["提升", "(3)制定"], [0.5]) == ["提升", "(3)制定"]


def test_a_wrapped_line_that_starts_with_a_bracket_indented_by_its_square():
    assert brackets.wrapped("培育高素质农民人数", "(人)", 0.35) == "（人）"
    assert brackets.wrapped("培育高素质农民人数", "(人)", 0.05) == "(人)"
    assert brackets.wrapped("执行率", "(%)", 2.0) == "(%)"  # centred under a longer line: no evidence
    assert brackets.wrapped("2024", "(人)", 0.35) == "(人)"  # the line above starts at a digit


def test_a_bracket_closing_one_opened_full_width_lines_above():
    assert brackets.wrapped("农业机械化率（耕\n种收综合机械化", "率)", 0.0) == "率）"
    assert brackets.wrapped("满意度\n(农户及新型经营", "主体)", 0.0) == "主体)"
    assert brackets.wrapped("农业机械化率（耕", "种收)综合", 0.0) == "种收)综合"  # its own paper was read


def test_apply_drops_the_space_read_for_a_full_width_bracket_s_paper():
    assert brackets.apply("供给 (个)", {3: True}) == "供给（个）"
    assert brackets.apply("资金（万元）", {2: False}) == "资金(万元)"

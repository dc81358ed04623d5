"""A decimal point read where the scan shows a speck between two digits (jixiao.extract.pdf.points).

The lines here are drawn: a digit is a block 12 px wide and 20 tall (the line's height), set at a pitch
of 16 px; a printed point adds 8 px of advance (0.4 of the line) and a dot on the baseline."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("cv2")

from jixiao.extract.pdf import points  # noqa: E402

H, PITCH, POINT = 20, 16, 8


def drawn(printed: str, read: str, speck_after: int | None = None) -> tuple[str, list[int], float, np.ndarray]:
    """(reading, time steps, steps, ink) of the number `printed` read as `read` (the same digits), with a
    speck on the baseline after digit `speck_after` (0-based) where one was read as a point."""
    ink = np.zeros((H + 12, len(printed) * PITCH + 40), bool)
    x, middles, dots = 4, [], {}
    for ch in printed:
        if ch == ".":
            ink[4 + H:6 + H, x:x + 2] = True
            dots[len(middles)] = x
            x += POINT
            continue
        ink[6:6 + H, x:x + 12] = True
        middles.append(x + 6)
        x += PITCH
    if speck_after is not None:
        at = middles[speck_after] + 7
        ink[4 + H:6 + H, at:at + 2] = True
        dots[speck_after + 1] = at
    cols, digit = [], 0
    for ch in read:
        if ch == ".":
            cols.append(dots[digit])
        else:
            cols.append(middles[digit])
            digit += 1
    return read, cols, float(ink.shape[1]), ink


def test_a_point_between_digits_that_keep_their_pitch_is_a_speck():
    text, cols, steps, ink = drawn("5000", "500.0", speck_after=2)
    assert points.in_line(text, cols, steps, ink) == "5000"


def test_a_printed_point_stands_a_point_s_advance_between_its_digits():
    text, cols, steps, ink = drawn("362.45", "362.45")
    assert points.in_line(text, cols, steps, ink) == "362.45"


def test_a_speck_read_for_the_point_printed_elsewhere_gives_its_place_back():
    text, cols, steps, ink = drawn("202.79", "20.279", speck_after=1)
    assert points.in_line(text, cols, steps, ink) == "202.79"


def test_a_number_without_another_pair_of_digits_to_set_the_pitch_is_left():
    text, cols, steps, ink = drawn("50", "5.0", speck_after=0)
    assert points.in_line(text, cols, steps, ink) == "5.0"


def test_a_speck_big_enough_to_be_a_run_of_its_own_is_left_to_the_reading():
    text, cols, steps, ink = drawn("5000", "500.0", speck_after=2)
    ink[6:6 + H, 33:35] = True  # a scratch between the second and third digit
    assert points.in_line(text, cols, steps, ink) == "500.0"


def test_text_around_the_number_keeps_its_place():
    text, cols, steps, ink = drawn("5000", "500.0", speck_after=2)
    assert points.in_line("≤ " + text, [0] + cols, steps, ink) == "≤ 5000"


def test_numbers_a_space_apart_are_measured_apart():
    # `9.89 10 0` (a score beside its weight and another score): their digits set no pitch for 9.89
    text, cols, steps, ink = drawn("9.89", "9.89")
    line = np.zeros((ink.shape[0], 240), bool)
    line[:, :ink.shape[1]] = ink
    for x in (120, 136, 190):
        line[6:6 + H, x:x + 12] = True
    assert points.in_line(text + " 10 0", cols + [126, 142, 196], 240.0, line) == "9.89 10 0"

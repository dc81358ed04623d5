"""How the OCR step feeds the recogniser and lays out what the detector found, on drawn images or plain
numbers, so no engine runs."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("cv2")

from jixiao.extract.pdf import ocr  # noqa: E402


def test_a_line_is_not_batched_with_one_twice_as_wide():
    """The recogniser pads every crop of a batch with grey to the widest; a line padded to twice its
    width was misread (19951 as 19051).  Crops of about one width share a batch, at most BATCH_SIZE."""
    ratios = [8.9, 17.7, 9.1, 10.7, 10.9, 16.9, 2.0, 3.0, 1.0]
    got = ocr.batches(ratios)
    assert sorted(i for b in got for i in b) == list(range(len(ratios)))
    for b in got:
        widths = [max(ratios[i], 160 / 48) for i in b]
        assert max(widths) <= ocr.BATCH_SPREAD * min(widths)
        assert len(b) <= ocr.BATCH_SIZE
    assert [6, 7, 8] in [sorted(b) for b in got]  # all padded to the engine's least width: one batch
    assert not any({0, 1} <= set(b) for b in got)


def test_batches_hold_at_most_batch_size():
    assert [len(b) for b in ocr.batches([5.0] * 14)] == [6, 6, 2]


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


def spans(boxes: list[ocr.Box]) -> list[tuple[float, float]]:
    return [(b.x0, b.x1) for b in boxes]


def test_a_column_gap_after_a_glyph_splits_a_line_with_commas(monkeypatch):
    """Two cells' lines a column gap apart in one detector box, the first with a comma in it: the wider
    gap that the paper of a full-width mark needs is asked only after a mark, not after a glyph."""
    monkeypatch.setattr(ocr, "_read_boxes", lambda img, boxes: [("x", 1.0)] * len(boxes))
    gap = int(0.6 * H)  # wider than WORD_GAP, narrower than WORD_GAP_BY_MARK
    comma = (100 + 4 * 26, 100 + 4 * 26 + 6, 100 + H - 7, 100 + H)  # low and small, after four glyphs
    first = word(100, 4) + [comma] + word(comma[1] + 10, 2)
    end = comma[1] + 10 + 26 + 22
    second = end + gap
    ink = page(*first, *word(second, 3))
    box = ocr.Box(95, 100, second + 3 * 26, 100 + H, "整,用以评价据信息是", 0.99)
    assert spans(ocr.split_words([box], ink, ink)) == [(100, end), (second, second + 2 * 26 + 22)]
    # the same gap right after the comma is the paper of its square: one word
    after_comma = page(*word(100, 4), comma, *word(comma[1] + gap, 3))
    box = ocr.Box(95, 100, comma[1] + gap + 3 * 26, 100 + H, "整,用以评,价据信", 0.99)
    assert len(ocr.split_words([box], after_comma, after_comma)) == 1


def test_a_box_over_two_lines_a_little_apart_in_height_is_cut_by_its_glyphs(monkeypatch):
    """`(6分) 年度绩`: two columns' lines printed 6 px apart in height, in one box as tall as both; the
    gap between them is measured in the height of the glyphs, not of the box."""
    monkeypatch.setattr(ocr, "_read_boxes", lambda img, boxes: [("x", 1.0)] * len(boxes))
    gap = int(0.55 * H)
    ink = page(*word(100, 3, top=100), *word(100 + 3 * 26 - 4 + gap, 3, top=112))
    box = ocr.Box(95, 100, 100 + 6 * 26 + gap, 112 + H, "(6分) 年度绩", 0.96)
    assert len(ocr.split_words([box], ink, ink)) == 2


def test_a_lone_slash_after_a_number_is_a_word_of_its_own(monkeypatch):
    """`100.00%/`: the `/` of the next column (a third of a glyph wide) read into the box; it stands
    clear of the box's edge, so it is a word, not a sliver of the next column's glyph."""
    monkeypatch.setattr(ocr, "_read_boxes", lambda img, boxes: [("100.00%", 1.0), ("1", 0.6)][:len(boxes)])
    slash = (100 + 7 * 26 + 16, 100 + 7 * 26 + 24, 100, 100 + H)
    ink = page(*word(100, 7), slash)
    box = ocr.Box(95, 100, slash[1] + 8, 100 + H, "100.00%/", 0.99)
    assert spans(ocr.split_words([box], ink, ink)) == [(100, 100 + 6 * 26 + 22), (slash[0], slash[1])]


def test_words_the_detector_missed_are_read_on_its_lines(monkeypatch):
    """A lone `=` before `100` and a `/` alone in a cell, which the detector passed over, are read where
    they stand on a line of text it found; a rule off its lines, the scanner's border and dust are not."""
    ink = page(*word(300, 3), (200, 212, 106, 110), (200, 212, 114, 118),  # `100` and an `=` before it
               (500, 508, 100, 100 + H),  # a stroke alone in a cell, read as `1` but leaning: see _slash
               (300, 500, 200, 202),  # a rule under nothing
               (700, 706, 104, 114),  # dust on the line
               (0, 3, 20, 280))  # the scanner's border
    for y in range(100, 100 + H):  # make the stroke lean
        ink[y, 500:509] = 0
        x = 506 - (y - 100) * 6 // H
        ink[y, x:x + 3] = 255
    boxes = [ocr.Box(300, 100, 300 + 2 * 26 + 22, 100 + H, "100", 0.99)]
    seen: list[tuple[int, int, int, int]] = []

    def recognize(img, lines, wipe):
        seen.extend(ln.box for ln in lines)
        return [("=", 0.7) if ln.box[0] < 300 else ("1", 0.45) for ln in lines]

    monkeypatch.setattr(ocr, "recognize", recognize)
    got = ocr.missed(255 - ink, ink, boxes)
    assert [(b.text, round(b.x0, -1)) for b in got] == [("=", 200), ("/", 500)]
    assert all(top < 100 + H and bottom > 100 for _, top, _, bottom in seen)  # nothing off the line was read

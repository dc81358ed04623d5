"""How the OCR step feeds the recogniser and lays out what the detector found, on drawn images or plain
numbers, so no engine runs."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("cv2")

from drawn import H, page, word  # noqa: E402  (tests/drawn.py)

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


def test_words_whose_spaces_fall_off_the_ink_s_gaps_are_read_again(monkeypatch):
    """`(6 分)年度绩`: a label's last line and the next column's first, a column gap apart; the reading has as
    many words as the ink but its space after 6, inside the label: the pieces are read again, not shared out."""
    monkeypatch.setattr(ocr, "_read_boxes", lambda img, boxes: [("读", 1.0)] * len(boxes))
    gap = int(0.6 * H)
    ink = page(*word(100, 3), *word(100 + 2 * 26 + 22 + gap, 3))
    box = ocr.Box(95, 100, 100 + 5 * 26 + 22 + gap, 100 + H, "(6 分)年度绩", 0.96)
    assert [b.text for b in ocr.split_words([box], ink, ink)] == ["读", "读"]
    box.text = "(6分) 年度绩"  # the space on the gap: shared out
    assert [b.text for b in ocr.split_words([box], ink, ink)] == ["(6分)", "年度绩"]


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


def test_a_faint_equals_sign_the_engine_cannot_read_is_known_by_its_two_bars(monkeypatch):
    """A faint `=` the detector passed over and the engine reads as 国 (unsure) is an `=`: two bars of one
    length, one over the other; a colon (two dots) or a bar over a shorter one (二) is not."""
    ink = page(*word(300, 3), (200, 213, 106, 111), (200, 213, 114, 118),  # `100` and a faint `=`
               (600, 605, 106, 111), (600, 605, 114, 119),  # a colon
               (900, 913, 106, 110), (897, 919, 114, 118))  # 二
    boxes = [ocr.Box(300, 100, 300 + 2 * 26 + 22, 100 + H, "100", 0.99)]
    monkeypatch.setattr(ocr, "recognize", lambda img, lines, wipe: [("国", 0.47) for _ in lines])
    got = ocr.missed(255 - ink, ink, boxes)
    assert [(b.text, b.x0, b.top, b.x1, b.bottom) for b in got] == [("=", 200, 106, 213, 118)]


def test_marks_read_in_the_pages_form():
    """A page printed with `,` whose recogniser read `，` twice: those two in the page's form; numbers
    (1,234.00, 10:30) and cells without Chinese text are left as read, as is a page with no clear form."""
    table = ocr.Table(0, 0, 10, 10, rows=[("严格执行相关政策，保障工资及时,足额发放", "1,234.00"), ("合计", "1，234")])
    r = ocr._Reading([table], [ocr.Box(0, 0, 10, 10, t, 1.0) for t in
                               ("积极履职,强化管理,较好地完成,不断培育", "通过加强预算收支管理，不断建立",
                                "会议时间10:30,地点：", "组织经济运行,促进经济发展,协调好")])
    ocr.unify_marks(r)
    assert table.rows == [("严格执行相关政策,保障工资及时,足额发放", "1,234.00"), ("合计", "1，234")]
    assert [b.text for b in r.boxes] == [
        "积极履职,强化管理,较好地完成,不断培育", "通过加强预算收支管理,不断建立", "会议时间10:30,地点：", "组织经济运行,促进经济发展,协调好"]
    mixed = ocr._Reading([], [ocr.Box(0, 0, 10, 10, t, 1.0) for t in ("甲,乙,丙", "丁，戊，己")])
    ocr.unify_marks(mixed)
    assert [b.text for b in mixed.boxes] == ["甲,乙,丙", "丁，戊，己"]


def test_a_line_of_short_glyphs_is_read_in_other_views_too(monkeypatch):
    """`=` alone in a cell, read `I` in the line's own crop and surely `=` in a taller one: the surest
    view is kept.  A line of whole glyphs is read once, and a streak that reads as nothing stays so."""
    from jixiao.extract.pdf import cell_lines

    def line(top: int, bottom: int) -> cell_lines.Line:
        return cell_lines.Line((0, 0), (10, top, 25, bottom), (0, top - 10, 35, bottom + 10),
                               (9, top - 1, 26, bottom + 1), (False, False))

    eq, word_, streak = line(100, 108), line(200, 224), line(250, 256)
    shown: list[cell_lines.Line] = []

    def read(ln: cell_lines.Line) -> tuple[str, float]:
        tall = ln.crop[3] - ln.crop[1] > 40
        if ln.box[1] == 250:  # a streak: nothing in its own crop, `_` in a tall one
            return ("_", 0.63) if tall else ("", 0.0)
        return ("项目", 0.99) if ln.box[1] == 200 else ("=", 0.85) if tall else ("I", 0.49)

    def recognize(page, lines, wipe):
        shown.extend(lines)
        return [read(ln) for ln in lines]

    monkeypatch.setattr(ocr, "recognize", recognize)
    got = ocr.read_lines(np.zeros((300, 300), np.uint8), [eq, word_, streak], None, H)
    assert got == [("=", 0.85), ("项目", 0.99), ("", 0.0)]
    assert sum(ln.box == word_.box for ln in shown) == 1


def test_a_dot_after_a_decimal_number_is_a_speck_and_the_box_ends_before_it():
    """`10.00.`: a number has one decimal point, so a dot after it is a speck even on the baseline, and
    the box is pulled in to the digits (running on over the speck it closed the gap before the next
    column of a borderless table, which then lost its boundary)."""
    digits = [(10 + 14 * k, 10 + 14 * k + 11, 10, 10 + H) for k in range(5)]
    ink = page(*digits, (84, 88, 10 + H - 4, 10 + H))
    area = (0, 6, 100, 6 + 32)
    assert ocr._trim_dust("10.00.", ink, area) == "10.00"
    assert ocr._trim_dust("银行贷款.", page(*word(10, 4, top=10), (116, 120, 10 + H - 4, 10 + H)), (0, 6, 130, 38)) == "银行贷款."
    assert ocr._before_last_mark(ink, area, 100.0) == 10 + 4 * 14 + 11


def test_a_speck_before_a_word_is_not_its_edge():
    """`.预算完成率`: a speck a few pixels left of a word (closer than a word gap) that the reading holds no
    character for is dust; the box starts at the word's ink, else it covers the narrow gap before the
    column to the left in a borderless table.  A reading that starts with a small mark keeps its ink,
    and so does ink off the word by less than a glyph's spacing (the dot of 心)."""
    glyphs = word(120, 5, top=10)
    ink = page((100, 103, 14, 17), (108, 110, 26, 29), *glyphs)  # two specks, the nearer 10 px off
    box = ocr.Box(100, 6, 120 + 4 * 26 + 22, 6 + 32, "预算完成率", 0.99)
    ocr._without_dust(box, ink)
    assert (box.x0, box.x1) == (120, 120 + 4 * 26 + 22)
    quoted = ocr.Box(100, 6, 120 + 4 * 26 + 22, 6 + 32, "“三公经费", 0.99)
    ocr._without_dust(quoted, ink)
    assert quoted.x0 == 100
    close = ocr.Box(116, 6, 120 + 4 * 26 + 22, 6 + 32, "心理健康", 0.99)
    ocr._without_dust(close, page((116, 119, 26, 29), *glyphs))
    assert close.x0 == 116


def test_a_speck_over_or_under_a_word_is_not_its_edge():
    """`本项目不涉及` boxed with a speck a few pixels over it: the box is as tall as the word's ink, else it
    comes nearer the row above than a borderless table's rows are apart and is read as that row's cell's
    second line.  The dot of 文 over its body starts where the other glyphs start and stays in."""
    glyphs = word(100, 6, top=20)
    box = ocr.Box(100, 8, 100 + 5 * 26 + 22, 20 + H + 9, "本项目不涉及", 0.99)
    ocr._without_dust(box, page((160, 163, 9, 12), (200, 203, 20 + H + 5, 20 + H + 8), *glyphs))
    assert (box.top, box.bottom) == (20, 20 + H)
    dotted = ocr.Box(100, 8, 100 + 26 + 22, 20 + H + 9, "文本", 0.99)
    ocr._without_dust(dotted, page((108, 112, 20, 24), (100, 122, 26, 20 + H), *word(126, 1, top=20)))
    assert (dotted.top, dotted.bottom) == (8, 20 + H + 9)


def test_a_speck_after_a_number_is_not_its_edge():
    digits = [(10 + 14 * k, 10 + 14 * k + 11, 10, 10 + H) for k in range(3)]
    box = ocr.Box(10, 6, 70, 6 + 32, "3.5", 0.99)
    ocr._without_dust(box, page(*digits, (66, 69, 20, 23)))
    assert box.x1 == 10 + 2 * 14 + 11


def test_a_dot_before_a_number_or_with_no_ink_is_a_speck():
    """`.6` in a 序号 column, `.4` in 分值: a number is not printed from its decimal point (0.6), and a
    box whose ink is one mark holds no dot beside it (the speck it was read from was wiped as dust)."""
    area = (0, 6, 60, 6 + 32)
    six = (20, 31, 10, 10 + H)
    assert ocr._trim_dust(".6", page((14, 17, 10 + H - 3, 10 + H), six), area) == "6"
    assert ocr._trim_dust(".4", page(six), area) == "4"
    assert ocr._trim_dust("4.", page(six), area) == "4"


def test_a_dot_before_words_is_a_speck():
    """`.二级指标`: a speck on the baseline before a header word is read as a dot; no line of Chinese text
    starts with one, and the header printed again mid-page was not known as a header with it."""
    glyphs = word(20, 4, top=10)
    area = (0, 6, 130, 6 + 32)
    assert ocr._trim_dust(".二级指标", page((12, 15, 10 + H - 3, 10 + H), *glyphs), area) == "二级指标"
    assert ocr._trim_dust("..", page((12, 15, 10 + H - 3, 10 + H), (20, 23, 10 + H - 3, 10 + H)), area) == ".."


def test_words_the_detector_missed_are_cut_at_word_gaps_too(monkeypatch):
    """A 得分 `7` the detector passed over, found in the ink left over with the bar of a `一` that ends the
    line of the column before (missed() groups ink a line's height apart): cut into words as the
    detector's boxes are, the bar (a sliver, unread) goes and the box starts at the 7, not in the gap."""
    pytest.importorskip("rapidocr")
    from types import SimpleNamespace

    bar, seven = (300, 313, 110, 113), (338, 350, 104, 104 + H)
    img = 255 - page(*word(100, 3), bar, seven)
    monkeypatch.setattr(ocr, "engine", lambda: lambda p: SimpleNamespace(boxes=[[[95, 96], [180, 96], [180, 128],
                                                                                  [95, 128]]]))
    monkeypatch.setattr(ocr, "read_crops", lambda crops: [("项目的", 0.99)] * len(crops))
    monkeypatch.setattr(ocr, "missed", lambda img, ink, boxes: [ocr.Box(300, 100, 350, 104 + H, "7", 0.98)])
    monkeypatch.setattr(ocr, "_read_boxes", lambda img, boxes: [("7", 0.98)] * len(boxes))
    got = {b.text: b for b in ocr.run_ocr(img)}
    assert abs(got["7"].x0 - seven[0]) <= 1  # (the ink is opened against dust: a pixel either way)


def test_a_glyph_ending_in_strokes_across_is_no_mark_before_a_column_gap(monkeypatch):
    """`的，按“全年实际值/年 6.84`: 年's right edge is two strokes across, as short as a comma's ink, but 年 is one
    piece of ink as tall as a glyph; the gap after it is a word gap, not the paper of a mark's square."""
    monkeypatch.setattr(ocr, "_read_boxes", lambda img, boxes: [("x", 1.0)] * len(boxes))
    nian = [(100 + 4 * 26 + 10, 100 + 4 * 26 + 13, 100, 100 + H),  # the stroke down, the strokes across it
            (100 + 4 * 26, 100 + 4 * 26 + 22, 104, 107), (100 + 4 * 26, 100 + 4 * 26 + 22, 112, 115)]
    comma = (100 + 26 + 2, 100 + 26 + 8, 100 + H - 7, 100 + H)
    end = 100 + 4 * 26 + 22
    gap = int(0.65 * H)  # wider than WORD_GAP, narrower than WORD_GAP_BY_MARK
    ink = page(*word(100, 1), comma, *word(100 + 2 * 26, 2), *nian, *word(end + gap, 2))
    box = ocr.Box(95, 100, end + gap + 2 * 26, 100 + H, "的，按年6.84", 0.99)
    assert spans(ocr.split_words([box], ink, ink)) == [(100, end), (end + gap, end + gap + 26 + 22)]



def test_the_paper_after_a_semicolon_is_its_square_s(monkeypatch):
    """`齐；预算执行率`: a ； is two pieces of ink (a dot over a hook) reaching most of the line's height; each is a
    mark's, so the paper after it is its square's, not a word gap (cut there, a space came into the reason)."""
    monkeypatch.setattr(ocr, "_read_boxes", lambda img, boxes: [("x", 1.0)] * len(boxes))
    semicolon = [(100 + 26 + 2, 100 + 26 + 7, 104, 109), (100 + 26 + 2, 100 + 26 + 7, 100 + H - 8, 100 + H)]
    gap = int(0.65 * H)  # wider than WORD_GAP, narrower than WORD_GAP_BY_MARK
    ink = page(*word(100, 1), *semicolon, *word(100 + 26 + 7 + gap, 3))
    box = ocr.Box(95, 100, 100 + 26 + 7 + gap + 3 * 26, 100 + H, "齐；预算执", 0.99)
    assert len(ocr.split_words([box], ink, ink)) == 1


def test_a_box_opening_with_a_full_width_bracket_stands_over_the_paper_before_its_ink():
    """（'s ink stands at the right of its square: the box starts where a text layer's glyph box would, so
    `管护机制` `（县级统管` are not two cells of a borderless table.  A quote may be printed narrow: left so."""
    assert ocr._advance(ocr.Box(100, 10, 200, 34, "（县级统管", 0.99)).x0 == 100 - 0.6 * 24
    assert ocr._advance(ocr.Box(100, 10, 200, 34, "“三公经费”", 0.99)).x0 == 100


def test_a_speck_floating_in_a_column_gap_does_not_bridge_it():
    """`资金拨付及时率 · 3`: the detector bridged the gap between a 三级指标 and its 分值 with a speck between
    them (read as `-`); the speck, off the glyphs' foot, is paper when the box is cut at word gaps.  A full
    stop at the foot is ink, and so is a middle dot the reading holds (人·天)."""
    glyphs = word(100, 3, top=20)
    three = (100 + 3 * 26 + 10, 100 + 3 * 26 + 21, 20, 20 + H)  # 10 px after the last glyph
    speck = (100 + 3 * 26 + 1, 100 + 3 * 26 + 5, 20 + 12, 20 + 16)  # floating in the middle of the gap
    box = ocr.Box(96, 16, 100 + 3 * 26 + 25, 20 + H + 4, "及时率-3", 0.99)
    assert len(ocr._pieces(box, page(*glyphs, speck, three))) == 2
    foot = (100 + 3 * 26 + 1, 100 + 3 * 26 + 5, 20 + H - 4, 20 + H)
    assert len(ocr._pieces(ocr.Box(96, 16, 100 + 3 * 26 + 25, 20 + H + 4, "及时率.3", 0.99),
                           page(*glyphs, foot, three))) == 1
    dotted = ocr.Box(96, 16, 100 + 3 * 26 + 25, 20 + H + 4, "元/人·天", 0.99)
    assert len(ocr._pieces(dotted, page(*glyphs, speck, three))) == 1
    # 门: a glyph's dot a pixel off its stroke, over the gap before it, is ink
    door = ocr.Box(96, 16, 100 + 3 * 26 + 25, 20 + H + 4, "及时门", 0.99)
    dot = (100 + 3 * 26 + 5, 100 + 3 * 26 + 9, 20, 20 + 4)
    assert len(ocr._pieces(door, page(*glyphs, dot, three))) == 1
    # 0.5分: a decimal point on the digits' feet, above the foot of the glyph after them, is ink
    digits = [(100, 111, 22, 20 + H - 4), (121, 132, 22, 20 + H - 4)]
    point = (113, 117, 20 + H - 8, 20 + H - 4)
    number = ocr.Box(96, 16, 170, 20 + H + 4, "0.5分", 0.99)
    assert len(ocr._pieces(number, page(digits[0], point, digits[1], (140, 162, 20, 20 + H)))) == 1

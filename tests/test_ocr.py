"""Scanned pages: OCR into the same cell grid (jixiao.extract.pdf.ocr, hooked into read_pdf).

The scans in fixtures/scan/ are made by fixtures/make_scans.py.  OCR costs seconds a page, so each
scan is read once per module and shared by the tests."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("rapidocr")
pytest.importorskip("cv2")

from jixiao.core.grid import Grid  # noqa: E402
from jixiao.core.settings import Settings, active  # noqa: E402
from jixiao.extract.pdf import cell_lines, ocr  # noqa: E402
from jixiao.extract.pdf.reader import read_pdf  # noqa: E402

FIX = Path(__file__).resolve().parent.parent / "fixtures"
SCAN = FIX / "scan"


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def scans() -> dict[str, Grid]:
    return {name: read_pdf(SCAN / f"{name}.pdf") for name in
            ("s03_level1_weights", "bad_blank", "bad_upside_down", "bad_photo")}


@pytest.mark.ocr
def test_scanned_grid(scans):
    g = scans["s03_level1_weights"]
    assert g.method == "ocr" and g.pages == 2 and g.notes == []
    assert g.rows and all(r.page in (1, 2) for r in g.rows)
    cells = [flat(c) for r in g.rows for c in r.cells]
    for label in ("项目名称", "一级指标", "二级指标", "三级指标", "全年预算数"):
        assert label in cells, label
    # Title and year lines stand as single-cell rows above their table, as for born-digital pages.
    titles = [i for i, r in enumerate(g.rows) if len(r.cells) == 1 and flat(r.cells[0]).endswith("自评表")]
    assert len(titles) == 2  # s03 prints two tables, one a page
    for i in titles:
        assert any(flat(c) == "项目名称" for r in g.rows[i + 1:i + 4] for c in r.cells)
    # The second table starts on page 2 after a page break.
    assert [r.page for r in g.rows if r.break_before] == [2]


@pytest.mark.ocr
def test_confidence_per_cell(scans):
    g = scans["s03_level1_weights"]
    for r in g.rows:
        assert r.confidence is not None and len(r.confidence) == len(r.cells)
        for text, conf in zip(r.cells, r.confidence):
            if text.strip():
                assert conf is not None and 0 <= conf <= 1
            else:
                assert conf is None
    confs = [c for r in g.rows for c in r.confidence if c is not None]
    assert sum(confs) / len(confs) > 0.9


@pytest.mark.ocr
def test_merged_cells_top_left(scans):
    """一级指标 labels merged over several rows stand once, with '' below them."""
    g = scans["s03_level1_weights"]
    header = next(i for i, r in enumerate(g.rows) if r.cells and flat(r.cells[0]) == "一级指标")
    body = g.rows[header + 1:header + 10]
    assert [flat(r.cells[0]) for r in body] == ["产出指标(50分)", "", "", "", "效益指标(30)", "", "满意度指标(10分)", "",
                                              "总分"]
    assert [flat(r.cells[1]) for r in body[:6]] == ["数量指标", "", "质量指标", "时效指标", "社会效益指标",
                                                   "可持续影响指标"]


@pytest.mark.ocr
def test_blank_scan(scans):
    g = scans["bad_blank"]
    assert g.rows == [] and g.method == "ocr"
    assert g.notes == ["pages 1: blank scan, nothing to read"]


@pytest.mark.ocr
def test_upside_down_scan(scans):
    g = scans["bad_upside_down"]
    assert any("upside down" in n for n in g.notes)
    assert any(flat(c) == "项目名称" for r in g.rows for c in r.cells)


@pytest.mark.ocr
def test_photo_without_table(scans):
    g = scans["bad_photo"]
    assert not any(flat(c) == "项目名称" for r in g.rows for c in r.cells)
    assert len(g.notes) == 1 and "\n" not in g.notes[0] and "OCR found no" in g.notes[0]


@pytest.mark.ocr
def test_bad_scans_end_without_tables(tmp_path):
    import pandas as pd

    from jixiao.cli import main

    out = tmp_path / "out"
    assert main(["run", str(SCAN / "bad_blank.pdf"), "--out", str(out), "--quiet"]) == 0
    doc = pd.read_parquet(out / "documents.parquet").iloc[0]
    assert doc["status"] == "no_tables" and doc["method"] == "ocr" and "blank" in doc["notes"]


def test_born_digital_never_ocrd(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a born-digital page went to OCR")

    monkeypatch.setattr(ocr, "read_page", refuse)
    monkeypatch.setattr(ocr, "read_image", refuse)
    monkeypatch.setattr(ocr, "run_ocr", refuse)
    for name in ("p01_seed_ruled", "v08_level1_weights"):
        g = read_pdf(FIX / "pdf" / f"{name}.pdf")
        assert g.method == "pdf_text" and g.notes == [] and g.rows
        assert all(r.confidence is None for r in g.rows)


def test_engine_unavailable_leaves_pages_with_a_note(monkeypatch):
    def missing():
        raise ocr.OcrUnavailable("rapidocr is not installed (rapidocr)")

    monkeypatch.setattr(ocr, "engine", missing)
    g = read_pdf(SCAN / "s03_level1_weights.pdf")
    assert g.rows == [] and g.method == "pdf_text"
    assert g.notes == ["pages 1-2: images without a text layer, left for OCR (rapidocr is not installed (rapidocr))"]


def test_models_are_loaded_from_the_package(monkeypatch):
    """The engine is built from the model files inside the rapidocr package, given by path (a given
    path is never downloaded); without them it refuses with a reason instead of reaching out."""
    import rapidocr

    made = {}

    class Recorder:
        def __init__(self, params: dict) -> None:
            made.update(params)

    monkeypatch.setattr(ocr, "_ENGINE", None)
    monkeypatch.setattr(rapidocr, "RapidOCR", Recorder)
    ocr.engine()
    package = Path(rapidocr.__file__).parent
    paths = [Path(made[k]) for k in ("Det.model_path", "Rec.model_path", "Cls.model_path")]
    assert all(p.is_file() and package in p.parents for p in paths)
    assert "EngineConfig.onnxruntime.intra_op_num_threads" not in made  # one thread a core

    made.clear()
    monkeypatch.setattr(ocr, "_ENGINE", None)
    with active(Settings(ocr_threads=1)):  # as the batch runner gives two files on two cores
        ocr.engine()
    assert made["EngineConfig.onnxruntime.intra_op_num_threads"] == 1

    monkeypatch.setattr(ocr, "_ENGINE", None)
    monkeypatch.setattr(rapidocr, "__file__", "/nonexistent/rapidocr/__init__.py")
    with pytest.raises(ocr.OcrUnavailable, match="OCR models missing from the rapidocr package"):
        ocr.engine()
    monkeypatch.setattr(ocr, "_ENGINE", None)


# ---------------------------------------------------------------------------------------------
# The grid from ruling lines, on a drawn table (no OCR)
# ---------------------------------------------------------------------------------------------

def drawn_table(angle: float = 0.0) -> np.ndarray:
    """A 3×4 ruled table on white: row 0 one cell over all columns, column 0 merged over rows 1-2."""
    import cv2

    img = np.full((900, 1400), 255, np.uint8)
    xs, ys = [200, 400, 700, 1000, 1200], [200, 300, 400, 500]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 2)
    for x in (xs[0], xs[-1]):
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 2)
    for x in xs[1:-1]:
        cv2.line(img, (x, ys[1]), (x, ys[-1]), 0, 2)
    # merged: no line between rows 1 and 2 in column 0
    cv2.line(img, (xs[0] + 2, ys[2]), (xs[1] - 2, ys[2]), 255, 3)
    if angle:
        img = ocr.rotate(img, angle)
    return img


def test_find_tables_and_merged_regions():
    gray = drawn_table()
    tables = ocr.find_tables(gray)
    assert len(tables) == 1
    ys, xs = tables[0].ys, tables[0].xs
    assert [round(y) for y in ys] == [200, 300, 400, 500] and [round(x) for x in xs] == [200, 400, 700, 1000, 1200]
    regions = ocr.grid_cells(ys, xs, tables[0].hmask, tables[0].vmask)
    assert {regions[(0, c)] for c in range(4)} == {(0, 0)}
    assert regions[(2, 0)] == (1, 0) and regions[(2, 1)] == (2, 1)



def test_a_faint_ruling_the_binarizer_lost_still_parts_two_cells():
    """Where no ruling was kept between two cells but the page shows a thin line there, the cells are two;
    where the page shows paper, one (merged)."""
    gray = drawn_table()
    (table,) = ocr.find_tables(gray)
    ys, xs = table.ys, table.xs
    lost = table.hmask.copy()
    lost[395:406, 705:995] = 0  # the line between rows 1 and 2 of column 2, lost to the binarizer
    assert ocr.grid_cells(ys, xs, lost, table.vmask)[(2, 2)] == (1, 2)
    faint = gray.copy()
    faint[398:403, 702:998] = 190  # ... drawn faint on the page
    assert ocr.grid_cells(ys, xs, lost, table.vmask, faint)[(2, 2)] == (2, 2)
    faint[390:410, 702:998] = 255  # no line at all
    assert ocr.grid_cells(ys, xs, lost, table.vmask, faint)[(2, 2)] == (1, 2)


def test_a_faint_ruling_right_under_a_full_cell_s_text_still_parts_two_cells():
    """A faint ruling the binarizer lost, with the last line of the cell above's text ending a few pixels over
    it: the line is darker than the paper under it everywhere, and than both sides between the characters."""
    gray = drawn_table()
    (table,) = ocr.find_tables(gray)
    lost = table.hmask.copy()
    lost[395:406, 705:995] = 0
    faint = gray.copy()
    faint[398:403, 702:998] = 190
    for x in range(710, 990, 25):  # the bottoms of a line of characters, 4-8 pixels over the ruling
        faint[388:396, x:x + 10] = 60
    assert ocr.grid_cells(table.ys, table.xs, lost, table.vmask, faint)[(2, 2)] == (2, 2)
    faint[398:403, 702:998] = 255  # no line: one merged cell
    assert ocr.grid_cells(table.ys, table.xs, lost, table.vmask, faint)[(2, 2)] == (1, 2)


def test_a_grid_inside_a_table_s_cell_is_no_table_and_no_ruling():
    """Lines inside a table's cell that make a grid of their own (the strokes of a long text lined up over
    its lines) are neither a second table nor rulings to wipe from the text; a table inside a frame is."""
    import cv2

    gray = np.full((1400, 1400), 255, np.uint8)
    outer_ys, outer_xs = [100, 200, 900, 1000], [100, 300, 1300]
    for y in outer_ys:
        cv2.line(gray, (outer_xs[0], y), (outer_xs[-1], y), 0, 2)
    for x in outer_xs:
        cv2.line(gray, (x, outer_ys[0]), (x, outer_ys[-1]), 0, 2)
    for y in (400, 500, 600):  # the grid inside cell (1, 1)
        cv2.line(gray, (400, y), (1000, y), 0, 2)
    for x in (400, 700, 1000):
        cv2.line(gray, (x, 400), (x, 600), 0, 2)
    (table,) = ocr.find_tables(gray)
    assert [round(y) for y in table.ys] == outer_ys and not table.hmask[500, 550] and not table.vmask[450, 700]
    cv2.rectangle(gray, (50, 50), (1350, 1350), 0, 2)  # a frame round it all: the table is still found
    assert [len(t.ys) for t in ocr.find_tables(gray)] == [2, 4]


def test_a_ruling_faded_beside_text_is_joined_across_the_fade():
    """A thin ruling scanned faint: the binarizer loses stretches of it, so it comes in pieces, and a piece
    reaches a vertical line at one end or none.  The pieces are joined where the gap is as dark as a line,
    and only there."""
    gray = np.full((100, 400), 221, np.uint8)
    gray[49:52, 10:390] = 185  # the ruling, faint all along
    pieces = [(50.0, 150.0, 250.0), (50.0, 10.0, 100.0), (50.0, 290.0, 390.0), (80.0, 10.0, 100.0)]
    assert ocr._bridged(pieces, gray, 3.0) == [(50.0, 10.0, 390.0), (80.0, 10.0, 100.0)]
    gray[49:52, 100:150] = 221  # a gap of paper: a merged cell the line does not cross
    assert ocr._bridged(pieces, gray, 3.0) == [(50.0, 10.0, 100.0), (80.0, 10.0, 100.0), (50.0, 150.0, 390.0)]
    gray[45:56, 100:150:3] = 40  # text in that cell darkens some columns only
    assert ocr._bridged(pieces, gray, 3.0) == [(50.0, 10.0, 100.0), (80.0, 10.0, 100.0), (50.0, 150.0, 390.0)]


def test_a_faint_ruling_in_pieces_none_of_which_reaches_both_borders_is_found():
    """A ruling scanned so faint that the binarizer keeps it only in pieces between the text of the rows above
    and below, none long and none reaching a vertical line at both ends, is still a row of the grid."""
    import cv2

    gray = np.full((400, 1200), 222, np.uint8)
    for y in (50, 350):
        cv2.line(gray, (100, y), (1100, y), 0, 2)
    for x in (100, 500, 1100):
        cv2.line(gray, (x, 50), (x, 350), 0, 2)
    gray[199:201, 100:1100] = 190  # the faint middle ruling
    for x0 in (300, 650, 900):  # text of the rows above and below crowds it there: the binarizer loses it
        gray[180:190, x0:x0 + 30] = 40
        gray[211:221, x0:x0 + 30] = 40
    (table,) = ocr.find_tables(gray)
    assert [round(y) for y in table.ys] == [50, 200, 350]


def test_strokes_of_text_are_not_rulings():
    """A character's vertical stroke bridged to the rulings above and below its cell, and a line of
    horizontal strokes run into the border the text starts at, leave the grid as drawn."""
    import cv2

    gray = np.full((600, 1000), 255, np.uint8)
    ys, xs = [200, 244, 288, 332], [200, 400, 700, 900]
    for y in ys:
        cv2.line(gray, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(gray, (x, ys[0]), (x, ys[-1]), 0, 2)
    gray[254:279, 550:553] = 0    # 目's stroke: 10 px clear of the rulings above and below
    gray[300:303, 401:520] = 0    # strokes from the column's left border into the cell
    tables = ocr.find_tables(gray)
    assert [round(y) for y in tables[0].ys] == ys
    assert [round(x) for x in tables[0].xs] == xs


def glyphs(img: np.ndarray, x: int, y: int, n: int, h: int = 24) -> None:
    """n solid glyph-sized marks on one line (ink = 255)."""
    for k in range(n):
        img[y:y + h, x + 30 * k:x + 30 * k + 22] = 255


def test_cell_lines():
    unit = ocr.SCALE
    ink = np.zeros((900, 1400), np.uint8)
    ys, xs = [200, 300, 400, 500], [200, 400, 700, 1000, 1200]
    top_left = {(r, c): (r, c) for r in range(3) for c in range(4)}
    top_left[(2, 0)] = (1, 0)                       # column 0 merged over rows 1-2
    glyphs(ink, 220, 240, 5)                        # (0, 0): one line
    glyphs(ink, 220, 320, 4)                        # (1, 0): two lines in the merged cell
    glyphs(ink, 220, 356, 3)
    ink[340:343, 450:453] = 255                     # (1, 1): specks only
    ink[350:352, 470:472] = 255
    ink[449:452, 720:735] = 255                     # (2, 2): a dash, "none"
    for dy in (430, 441, 452):                      # (2, 3): 三, three strokes making one line
        ink[dy:dy + 3, 1020:1042] = 255
    glyphs(ink, 1100, 430, 1)
    cells = cell_lines.regions(ys, xs, top_left)
    assert cells[(1, 0)] == (200, 300, 400, 500)
    lines, height = cell_lines.find(ink, cells, unit)
    assert height == 24
    assert [ln.cell for ln in lines] == [(0, 0), (1, 0), (1, 0), (2, 2), (2, 3)]
    first = lines[0]
    assert first.box == (220, 240, 362, 264)
    x0, top, x1, bottom = first.crop
    assert x0 < 220 and top < 240 and x1 > 362 and bottom > 264       # padded with paper ...
    assert first.keep[1] >= 240 - 3 and first.keep[3] <= 264 + 3     # ... the page taken near the glyphs only
    # The two lines of the merged cell do not show each other.
    assert lines[1].keep[3] <= lines[2].box[1] and lines[2].keep[1] >= lines[1].box[3]
    assert lines[4].box[1] == 430 and lines[4].box[3] == 455


def test_speck_read_as_a_dot_is_trimmed():
    line = cell_lines.Line((0, 0), (0, 0, 10, 10), (0, 0, 10, 10), (0, 0, 10, 10), (False, True))
    assert cell_lines.trim("财政拨.", line) == "财政拨" and cell_lines.trim("91.78.", line) == "91.78"
    assert cell_lines.trim(".5", line) == ".5"          # the first mark is a glyph: kept
    assert cell_lines.trim("确保嘉定，", line) == "确保嘉定，"  # a comma is never taken for a speck


def test_deskew_angle():
    gray = drawn_table(1.2)
    angle = ocr.skew_angle(ocr.binarize(gray))
    assert abs(angle + 1.2) <= 0.1


def test_a_box_round_the_page_is_not_a_table():
    """A frame (two lines each way) round a table, or round a paragraph, is no table: what it holds
    is read as text outside the tables."""
    empty = np.zeros((10, 10), np.uint8)
    table = ocr.RuledGrid([300, 350, 400], [100, 300, 500], empty, empty, (100, 300, 500, 400))
    frame = ocr.RuledGrid([50, 1000], [40, 560], empty, empty, (40, 50, 560, 1000))
    assert ocr._frame(frame) and not ocr._frame(table)


def test_a_page_of_frames_only_is_read_by_the_detector(monkeypatch):
    """A box round a few words (two lines each way) on a page with no ruled table: the page goes to the
    detector like any page without rulings, with the box wiped; the line reading of ruled pages cannot
    cut a borderless table's cells apart."""
    import cv2

    gray = np.full((1400, 1000), 255, np.uint8)
    cv2.rectangle(gray, (100, 100), (700, 220), 0, 2)
    gray[150:174, 150:172] = 0  # a glyph in the box
    assert ocr.find_tables(gray) and all(ocr._frame(g) for g in ocr.find_tables(gray))
    seen: list[np.ndarray] = []
    monkeypatch.setattr(ocr, "run_ocr", lambda img: seen.append(img) or [])
    assert ocr._read(gray, gray).tables == [] and len(seen) == 1
    assert seen[0][100, 400] == 255 and seen[0][160, 400] == 255 and seen[0][160, 160] == 0


def test_rules_outside_tables_are_not_glyphs():
    """A page-tall margin line and an underline beside the words outside the tables do not join the
    lines of text into one band."""
    unit = ocr.SCALE
    ink = np.zeros((1400, 1000), np.uint8)
    ink[100:1300, 60:63] = 255                      # a margin rule down the page
    glyphs(ink, 300, 200, 6)                        # a title
    glyphs(ink, 400, 260, 4)                        # a year line
    ink[330:332, 100:900] = 255                     # an underline across the page
    lines = cell_lines.words(ink, 24, unit)
    assert [(ln.box[1], ln.box[3]) for ln in lines] == [(200, 224), (260, 284)]


def test_a_text_s_strokes_lined_up_over_its_lines_are_no_table():
    """A borderless table's reason column scanned at 150 dpi (fixtures/make_scans.py, CROPS `lined_up_text`): the
    characters' strokes of its lines of text line up into what passes for rulings, a grid a character's width
    apart.  It is no table, so the page goes to the detector whole, as a page without rulings does."""
    from PIL import Image

    crop = Image.open(SCAN / "lined_up_text.png")
    gray = np.asarray(crop.resize((crop.width * ocr.DPI // 150, crop.height * ocr.DPI // 150), Image.BICUBIC))
    assert ocr.find_tables(gray) == []


@pytest.mark.ocr
def test_brackets_are_read_in_the_width_their_paper_shows():
    """A transfer-payment table's head scanned at 300 dpi (fixtures/make_scans.py, CROPS `brackets`): the project
    name prints full-width brackets, which the recogniser reads `(`; a label beside it prints half-width
    ones.  The paper a full-width bracket's square leaves before its ink tells them apart (brackets.py)."""
    from PIL import Image

    crop = Image.open(SCAN / "brackets.png")
    gray = np.asarray(crop.resize((crop.width * ocr.DPI // 300, crop.height * ocr.DPI // 300), Image.BICUBIC))
    texts = [w["text"] for w in ocr.read_image(gray).words]
    assert "2022年省级林业改革发展资金（森林生态效益补偿）" in texts
    assert "资金情况(万元)" in texts


@pytest.mark.ocr
def test_a_speck_between_two_digits_that_keep_their_pitch_is_no_decimal_point():
    """A target cell scanned at 300 dpi (fixtures/make_scans.py, CROPS `points`): a speck on the baseline between two
    zeros of `≤5000元` reads as a point; the zeros keep the number's pitch, which a printed point widens."""
    from PIL import Image

    crop = Image.open(SCAN / "points.png")
    gray = np.asarray(crop.resize((crop.width * ocr.DPI // 300, crop.height * ocr.DPI // 300), Image.BICUBIC))
    assert "≤5000元" in [w["text"] for w in ocr.read_image(gray).words]

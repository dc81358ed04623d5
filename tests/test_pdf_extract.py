"""The born-digital PDF backend's grid (jixiao.extract.pdf.reader.read_pdf) on the fixtures in fixtures/pdf/.

The fixtures are made by fixtures/make_pdfs.py (LibreOffice lays out HTML of the seed tables)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.core.grid import ExtractError, Grid
from jixiao.extract.pdf import reader as pdfmod
from jixiao.extract.pdf.reader import read_pdf

PDF = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
SEED_NAMES = ["信息化项目运维", "其他专项工作经费", "活动经费", "城维工程类", "宣传经费"]
TITLE = "财政项目支出绩效自评表"


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def grids() -> dict[str, Grid]:
    return {name: read_pdf(PDF / f"{name}.pdf") for name in
            ("p01_seed_ruled", "p02_seed_bigtype", "p03_borderless", "p04_kangxi", "p05_in_report")}


def find(grid: Grid, *texts: str):
    return [r for r in grid.rows if all(any(flat(c) == t for c in r.cells) for t in texts)]


@pytest.mark.parametrize("name", ["p01_seed_ruled", "p02_seed_bigtype", "p03_borderless", "p04_kangxi", "p05_in_report"])
def test_grid_shape(grids, name):
    g = grids[name]
    assert g.method == "pdf_text" and g.encoding is None and g.notes == []
    assert g.pages and g.rows
    prev = None
    for i, r in enumerate(g.rows):
        assert isinstance(r.cells, tuple) and all(isinstance(c, str) for c in r.cells)
        assert r.page is not None and 1 <= r.page <= g.pages
        # break_before exactly on the first row of each new page
        assert r.break_before == (prev is not None and r.page != prev), (i, r)
        prev = r.page


def test_ruled_seed_rows(grids):
    g = grids["p01_seed_ruled"]
    assert find(g, "项目名称", "信息化项目运维")
    titles = [r for r in g.rows if r.cells == (TITLE,)]
    assert len(titles) == len(SEED_NAMES)  # one title and one year line above each of the seed's tables
    assert sum(1 for r in g.rows if len(r.cells) == 1 and flat(r.cells[0]) == "(2024年度)") == len(SEED_NAMES)
    for name in SEED_NAMES:
        assert find(g, "项目名称", name), name
    # an indicator row, cells in order, the merged 一级/二级 cells present only at their top-left
    row = find(g, "累计注册人数")[0]
    assert [flat(c) for c in row.cells] == ["效益指标", "社会效益指标", "累计注册人数", "≥17.00(万人)", "23.40(万人)",
                                             "10.00", "10.00", ""]
    below = g.rows[g.rows.index(row) + 1]
    assert [flat(c) for c in below.cells[:3]] == ["", "", "活动累计发布数量"]
    assert find(g, "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    assert find(g, "年度资金总额:", "5,279.44", "4,592.25", "4,572.89", "10.00", "99.57", "9.96")
    assert len(find(g, "总分", "100.00")) == len(SEED_NAMES)
    # wrapped cell text keeps its line break
    assert any("\n" in c for r in g.rows for c in r.cells)


def test_title_at_foot_of_page(grids):
    g = grids["p02_seed_bigtype"]
    name = find(g, "项目名称", "活动经费")[0]
    i = g.rows.index(name)
    assert g.rows[i - 1].cells == ("(2024 年度)",) or flat(g.rows[i - 1].cells[0]) == "(2024年度)"
    assert g.rows[i - 2].cells == (TITLE,)
    assert g.rows[i - 2].page == g.rows[i - 1].page == name.page - 1
    assert name.break_before
    assert len([r for r in g.rows if r.cells == (TITLE,)]) == len(SEED_NAMES)


def test_rows_split_across_pages(grids):
    g = grids["p02_seed_bigtype"]
    breaks = [r for r in g.rows if r.break_before]
    assert [r.page for r in breaks] == list(range(2, g.pages + 1))  # every page after the first
    first = {r.page: tuple(flat(c) for c in r.cells) for r in breaks}
    # cells cut by a page break: their ends stand alone in their columns at the top of the next page
    assert first[9] == ("", "", "馆运营服务天数", "(天)", "(天)", "", "", "")
    assert first[11] == ("", "", "考核情况", "", "", "", "", "")


def test_borderless(grids):
    g = grids["p03_borderless"]
    assert find(g, "项目名称", "信息化项目运维") and find(g, "项目名称", "城维工程类")
    assert len([r for r in g.rows if r.cells == (TITLE,)]) == 2  # the fixture prints two of the seed's tables
    expect = [("产出指标", "数量指标", "运维工作完成率", "=100.00(%)", "100.00(%)", "20.00", "20.00", ""),
              ("", "质量指标", "运维工作验收合格率", "=100.00(%)", "100.00(%)", "30.00", "30.00", ""),
              ("", "", "维修工作完成率", "=100.00(%)", "100.00(%)", "10.00", "10.00", "")]
    rows = [tuple(flat(c) for c in r.cells) for r in g.rows]
    for e in expect:
        assert e in rows, e
    assert ("", "其中:当年财政拨款", "0.00", "1,351.37", "1,346.32", "-", "99.62", "-") in rows
    assert ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施") in rows
    assert ("总分", "", "", "", "", "100.00", "99.96", "") in rows


def test_kangxi_folded(grids):
    g = grids["p04_kangxi"]
    assert not any(re.search("[\u2e80-\u2fdf]", c) for r in g.rows for c in r.cells)
    assert find(g, "项目名称", "信息化项目运维")
    assert len([r for r in g.rows if r.cells == (TITLE,)]) == len(SEED_NAMES)
    # same grid as the unmodified document
    # same grid as the unmodified document, up to where lines wrap (radical glyphs differ in width)
    assert [tuple(map(flat, r.cells)) for r in g.rows] == [tuple(map(flat, r.cells)) for r in grids["p01_seed_ruled"].rows]


def test_report_tables_are_not_self_evaluation_tables(grids):
    g = grids["p05_in_report"]
    cells = {flat(c) for r in g.rows for c in r.cells}
    assert "9,746.50" not in cells and "收入支出决算总表" not in cells and "2,264.87" not in cells
    assert [r for r in g.rows if r.cells == (TITLE,)].__len__() == 2
    assert find(g, "项目名称", "信息化项目运维") and find(g, "项目名称", "宣传经费")
    assert min(r.page for r in g.rows) == 6  # the 附件 page; pages 1-5 are the report


def test_geometry_only_on_candidate_pages(monkeypatch):
    seen = []
    real = pdfmod._read_page

    def spy(page, *args):
        seen.append(page.page_number)
        return real(page, *args)

    monkeypatch.setattr(pdfmod, "_read_page", spy)
    read_pdf(PDF / "p05_in_report.pdf")
    assert seen == [6, 7, 8], seen  # the 附件 pages only


@pytest.mark.parametrize("name, message", [
    ("bad_encrypted.pdf", "encrypted"),
    ("bad_truncated.pdf", "truncated"),
    ("bad_zero_pages.pdf", "no pages"),
])
def test_bad_inputs(name, message):
    with pytest.raises(ExtractError) as e:
        read_pdf(PDF / name)
    text = str(e.value)
    assert message in text and "\n" not in text


def test_not_a_pdf(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"hello")
    with pytest.raises(ExtractError, match="not a PDF"):
        read_pdf(p)
    p.write_bytes(b"")
    with pytest.raises(ExtractError, match="empty"):
        read_pdf(p)
    with pytest.raises(ExtractError, match="cannot read"):
        read_pdf(tmp_path / "missing.pdf")


def test_garbled_detection():
    assert pdfmod._garbled("(cid:12)(cid:13)(cid:14)" * 10)
    assert pdfmod._garbled("\ue001\ue002\ue003 项目")
    assert pdfmod._garbled("\ufffd" * 30 + "正常的文字" * 10)
    assert not pdfmod._garbled("项目名称 信息化项目运维 \uf0b7 一级指标 二级指标 三级指标" * 3)  # a Wingdings bullet


def test_a_lone_number_is_a_page_number_only_apart_from_the_rows():
    def word(text, top):
        return {"text": text, "x0": 100.0, "x1": 110.0, "top": top, "bottom": top + 9.0}
    row, zero, page_no = [word("10.00", 473.2)], [word("0", 466.1)], [word("3", 800.0)]
    assert not pdfmod._page_number(zero, [zero, row])  # a 偏差原因 `0` printed a little above its row
    assert pdfmod._page_number(page_no, [row, page_no])
    assert not pdfmod._page_number(row, [row])


def test_fold_compat_keeps_fullwidth_punctuation():
    assert pdfmod.cell_text("项⽬（⽂旅）：，") == "项目（文旅）：，"
    assert pdfmod.cell_text("⻓⻔") == "长门"
    assert pdfmod.cell_text(None) == ""
    assert pdfmod.cell_text(" a \n\n b ") == "a\nb"


REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is not beside this clone")
def test_real_reports_have_no_self_evaluation_table(tmp_path):
    import pandas as pd

    from jixiao.cli import main
    assert main(["run", str(REAL), "--out", str(tmp_path), "--quiet"]) == 0
    docs = pd.read_csv(tmp_path / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(docs) == len(list(REAL.glob("*.pdf"))) > 0  # every report read, none with a 自评表
    assert set(docs.status) == {"no_tables"} and set(docs.projects) == {"0"}


def test_a_slanted_character_is_a_watermark_s():
    assert pdfmod._diagonal({"matrix": (0.766, 0.643, -0.643, 0.766, 148.3, 278.9)})  # 仅供公开使用 at 40°
    assert not pdfmod._diagonal({"matrix": (1.0, 0.0, 0.0, 1.0, 128.2, 611.1)})
    assert not pdfmod._diagonal({"matrix": (0.0, 1.0, -1.0, 0.0, 50.0, 300.0)})  # a label turned a quarter

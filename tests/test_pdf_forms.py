"""Borderless PDFs of the other forms (spec FORMS.md) read into the grid their ruled print gives.

fixtures/make_forms_borderless.py lays out one invented table of each shape twice, ruled and without rules
(cells vertically centred): a department table (no 项目名称 row: the table opens under its title, and its
indicator block runs on from its funds block), a score
sheet (序号 first, level labels in the second and third columns) and a Sichuan project table (a funds block
and an indicator block with different column grids, 原因 merged over the fund lines)."""
from pathlib import Path

import pytest

from jixiao.extract.pdf.reader import read_pdf

PDF = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
FORMS = ["f01_department", "f02_score_sheet", "f03_sichuan"]


def cells(path: Path) -> list[tuple[str, ...]]:
    return [r.cells for r in read_pdf(path).rows]


@pytest.mark.parametrize("name", FORMS)
def test_borderless_reads_as_ruled(name):
    assert cells(PDF / f"{name}_borderless.pdf") == cells(PDF / f"{name}_ruled.pdf")


def test_department_table_opens_under_its_title():
    rows = cells(PDF / "f01_department_borderless.pdf")
    assert rows[:2] == [("附件",), ("2022年度部门整体支出绩效自评表",)]
    assert rows[2] == ("预算部门、单位名称", "", "青石县民政局", "", "", "", "", "")
    # the section label, centred on the funds block, stands in its first row (the header)
    assert rows[3][0] == "年度预算申请\n(万元)" and rows[3][2] == "年初预算数"
    assert rows[5] == ("", "按收入性质分:640.25", "", "", "按支出性质分:631.80", "", "", "")
    assert rows[8][1] == "其他资金:15.00"  # a row with a label only
    # the indicator header further down does not cut the table: it runs on from the funds block
    assert rows[11][:3] == ("一级指标", "二级指标", "三级指标") and rows[-1][0] == "总分"


def test_score_sheet_levels_follow_the_header():
    rows = cells(PDF / "f02_score_sheet_borderless.pdf")
    assert rows[1][:4] == ("序号", "一级\n指标", "二级\n指标", "三级\n指标")
    assert [r[0] for r in rows[2:]] == ["1", "2", "3", "4", "5"]  # 序号 is per row, not a merged label
    assert [r[1] for r in rows[2:]] == ["投入\n(15\n分)", "", "", "", ""]
    assert [r[2].split("\n")[0] for r in rows[2:]] == ["基础", "工作", "", "绩效", ""]


def test_merged_value_cell_and_block_columns():
    rows = cells(PDF / "f03_sichuan_borderless.pdf")
    funds = next(i for i, r in enumerate(rows) if r[1:2] == ("总额",))
    assert rows[funds][9].startswith("1.预算执行率")
    assert [r[1] for r in rows[funds:funds + 5]] == ["总额", "其中:财政资金", "财政专户管理资\n金", "单位资金", "其他资金"]
    assert all(r[9] == "" for r in rows[funds + 1:funds + 5])
    header = next(r for r in rows if r[3:4] == ("三级指标",))
    assert header[1:3] == ("一级\n指标", "二级指标") and header[10] == "未完成原因分析"

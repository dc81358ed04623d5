"""Labels a page break cut in two (a PDF laid out by LibreOffice, a text export keeping its pages): the rest
of a fund line's label or of 年度总体目标 on the next page is joined to its half, not read as a row of its own
or as another field."""
from builders import projects, table_text

from jixiao.core.grid import Grid
from jixiao.extract.text.reader import rows_from_lines
from jixiao.normalize.layout import read_tables

ROWS = [("产出指标", "数量指标", "培训人数", "≥100人", "120人", "90.00", "90.00", "")]


def test_a_fund_line_label_cut_by_a_page_break_is_joined():
    funds = ["\t年度资金总额:\t100.00\t100.00\t90.00\t10.00\t90.00\t9.00",
             "\t其中:当年财\t80.00\t80.00\t70.00\t-\t87.50\t-", "", "\t政拨款",
             "\t其他资金\t20.00\t20.00\t20.00\t-\t100.00\t-"]
    p, = projects(table_text(ROWS, funds=funds))
    lines = {f.line: (f.full_year_budget, f.executed) for f in p.funds}
    assert lines["current_appropriation"] == (80.0, 70.0)
    assert lines["other"] == (20.0, 20.0)


def test_a_goal_label_cut_by_a_page_break_keeps_the_goals():
    text = table_text(ROWS).replace("年度总体目标\t预期目标\t\t实际完成情况\n\t完成年度任务\t\t已完成年度任务",
                                    "年度总体\t预期目标\t\t实际完成情况\n\n目标\t完成年度任务\t\t已完成年度任务")
    table, = read_tables(Grid(rows_from_lines(text.splitlines()), method="text"))
    assert table.goal == {"expected": "完成年度任务", "actual": "已完成年度任务"}


def test_a_short_label_left_of_the_goals_without_a_break_is_another_field():
    goals = "\t完成年度任务\t\t已完成年度任务"
    text = table_text(ROWS).replace(goals, goals + "\n备注\t另一栏\t\t说明")
    table, = read_tables(Grid(rows_from_lines(text.splitlines()), method="text"))
    assert table.goal == {"expected": "完成年度任务", "actual": "已完成年度任务"}

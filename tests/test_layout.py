"""Finding tables and their columns in a grid: headers by alias, values by shape."""
from dataclasses import replace

import pytest
from builders import BALANCED, TEXT_RENDERINGS, project, projects, rendered, table_text

from jixiao import read
from jixiao.core.grid import Grid
from jixiao.extract.text.reader import rows_from_lines
from jixiao.normalize.layout import read_tables
from jixiao.rules.engine import Engine


def test_seed_style_shifts_are_realigned():
    rows = [
        ("产出指标", "数量指标", "修缮次数", "≥1.00(次)", "2.00(次)", "10.00", "10.00", ""),
        ("维修工作时效性", "", "及时", "达成指标", "5.00", "5.00", "", ""),          # L3 in L1 column, values left
        ("", "人均培训时长", "≥3.00(小时)", "3.00(小时)", "1.00", "1.00", "", ""),  # L3 in L2 column, values left
        ("", "", "时效 指标", "培训完成率", "=100.00(%)", "100.00(%)", "1.00", "1.00"),  # shifted right
        ("", "演出举办及时性", "", "及时", "达成指标", "1.00", "1.00", ""),
    ]
    p = project(rows, total=None)
    got = [(i.level1, i.level2, i.level3, i.target_raw, i.actual_raw, i.weight, i.score) for i in p.indicators]
    assert got == [
        ("产出指标", "数量指标", "修缮次数", "≥1.00(次)", "2.00(次)", 10.0, 10.0),
        ("产出指标", "数量指标", "维修工作时效性", "及时", "达成指标", 5.0, 5.0),
        ("产出指标", "数量指标", "人均培训时长", "≥3.00(小时)", "3.00(小时)", 1.0, 1.0),
        ("产出指标", "时效指标", "培训完成率", "=100.00(%)", "100.00(%)", 1.0, 1.0),
        ("产出指标", "时效指标", "演出举办及时性", "及时", "达成指标", 1.0, 1.0),
    ]


def test_row_broken_by_a_page_break_is_joined():
    text = table_text([
        ("效益指标", "社会效益指标", "不可移动文物目录", "不断完善", "部分达成指标并具有一", "1.00", "0.80", "工作在 2025"),
        ("汽车文化节活动项目内容和汽车", "", "=100.00(%)", "100.00(%)", "5.00", "5.00", "", ""),
    ], total=None, grade=None)
    lines = text.splitlines()
    at = lines.index(next(l for l in lines if l.startswith("效益指标"))) + 1
    lines[at:at] = ["", "\t\t\t\t定效果\t\t\t年6月完成"]
    lines += ["", "\t\t主题相关度\t\t\t\t\t"]
    (p,) = projects("\n".join(lines))
    a, b = p.indicators
    assert a.actual_raw == "部分达成指标并具有一定效果" and a.achievement == "partially_achieved"
    assert a.deviation_reason == "工作在 2025年6月完成"
    assert b.level3 == "汽车文化节活动项目内容和汽车主题相关度"


def test_goal_cells_continued_after_a_page_break():
    text = table_text(BALANCED).replace(
        "\t完成年度任务\t\t已完成年度任务",
        "\t<p>1、为社会提供丰富</p>\t\t<p>1、完</p>\n\n\t\t<p>多彩的文化产品</p> <p>2、第二</p>\t\t<p>善了服务</p>")
    (p,) = projects(text)
    assert p.goal_expected == "1、为社会提供丰富多彩的文化产品\n2、第二"
    assert p.goal_actual == "1、完善了服务"


def test_weight_before_target_and_other_header_names():
    header = "一级指标\t二级指标\t三级指标\t指标权重(分)\t年度指标值\t全年实际值\t指标得分(分)\t未完成原因分析"
    rows = [(l1, l2, l3, w, t, a, s, r) for l1, l2, l3, t, a, w, s, r in BALANCED]
    p = project(rows, header=header)
    assert [(i.target_raw, i.actual_raw, i.weight, i.score) for i in p.indicators] == [
        ("≥100人次", "100人次", 50.0, 50.0), ("≥90%", "95%", 30.0, 30.0), ("≥90%", "92%", 10.0, 10.0)]


def test_three_column_target_and_bare_actuals():
    header = "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"
    rows = [("产出指标", "数量指标", "培训人次", "≧", "735", "人次", "800", "50", "50", ""),
            ("效益指标", "社会效益指标", "政策知晓", "定性", "提升", "-", "达成指标", "30", "30", "")]
    p = project(rows, header=header)
    a, b = p.indicators
    assert a.target_raw == "≧735人次" and a.target.op == ">=" and a.target.base_unit == "人次"
    assert a.actual.unit is None and a.actual_base_value == 800 and a.actual_base_unit == "人次"
    assert a.achievement == "achieved"
    assert b.target_raw == "提升" and b.target.kind == "qualitative"  # 定性: the row's kind, not a comparator


def test_two_line_header_with_split_target():
    header = ("一级指标\t二级指标\t三级指标\t年度指标值\t\t\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
              "\t\t\t指标性质\t指标值\t度量单位\t\t\t\t")
    rows = [("产出指标", "数量指标", "培训人次", "≥", "735", "人次", "735", "50", "50", "")]
    p = project(rows, header=header)
    assert p.indicators[0].target_raw == "≥735人次" and p.indicators[0].weight == 50


def test_money_in_yuan_without_initial_budget():
    funds = ["资金情况(元)\t\t全年预算数(A)\t全年执行数(B)\t分值\t执行率(B/A)\t得分",
             "\t年度资金总额\t1,000,000.00\t950,000.00\t10\t95%\t9.5",
             "\t其中：本年一般公共预算拨款\t1,000,000.00\t950,000.00\t—\t95%\t—"]
    text = table_text(BALANCED, funds=funds, total=("100", "99.5"))
    text = text.replace("项目资金(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率(%)\t得分\n", "")
    (p,) = projects(text)
    assert p.money_unit == "元"
    total, current = p.funds
    assert (total.line, total.initial_budget, total.full_year_budget, total.executed) == ("total", None, 100.0, 95.0)
    assert (total.weight, total.execution_rate, total.score) == (10.0, 95.0, 9.5)
    assert current.line == "current_appropriation" and current.weight is None


def test_level1_label_with_weight_and_lone_weight_line():
    rows = [("产出指标(50分)", "数量指标", "培训人次", "≥100人次", "100人次", "50", "50", "")]
    p = project(rows + BALANCED[1:])
    assert p.indicators[0].level1 == "产出指标" and p.indicators[0].level1_points == 50.0


@pytest.mark.parametrize("label", ["产出指标(50分", "产出指标50分)", "产出指标(50分.)"])
def test_level1_label_whose_bracket_a_scan_lost_or_specked(label):
    rows = [(label, "数量指标", "培训人次", "≥100人次", "100人次", "50", "50", "")]
    p = project(rows + BALANCED[1:])
    assert p.indicators[0].level1 == "产出指标" and p.indicators[0].level1_points == 50.0


def test_several_tables_without_titles_and_report_text_between():
    one = table_text(BALANCED, name="甲项目", title="")
    two = table_text(BALANCED, name="乙项目", title="")
    text = "本部门按要求开展了项目支出绩效自评，详见下表。\n" + one + "\n附：说明文字\n" + two
    ps = projects(text)
    assert [p.project_name for p in ps] == ["甲项目", "乙项目"]
    assert all(len(p.indicators) == 3 and p.total_score == 100 for p in ps)


def test_title_with_year_and_prefix():
    (p,) = projects(table_text(BALANCED, title="公开14表 2022年度项目支出绩效自评表").replace("(2024年度)\n", ""))
    assert p.form == "项目支出绩效自评表" and p.year == 2022


@pytest.mark.parametrize("title, line", [("二〇二三年度区级部门项目支出绩效自评表", ""),
                                         ("项目支出绩效自评表", "（二零二三年度）\n")])
def test_a_year_in_chinese_numerals(title, line):
    text = table_text(BALANCED, title=title).replace("(2024年度)\n", line)
    (p,) = projects(text)
    assert (p.form, p.year) == (title.replace("二〇二三年度", ""), 2023)


def test_a_year_line_that_goes_on_with_a_preamble_label():
    # Sichuan's 510000 form prints its year and its 报表编号 in one cell under the title
    line = "（2020年度） 报表编号：510000_0013zp\n"
    text = table_text(BALANCED, title="项目支出绩效自评表").replace("(2024年度)\n", line)
    (p,) = projects(text)
    assert p.year == 2020
    assert projects(table_text(BALANCED, title="项目支出绩效自评表").replace(
        "(2024年度)\n", "（2020年度） 本年完成情况较好\n"))[0].year is None  # words of no label: no year line

def test_a_mention_of_the_form_is_not_a_table():
    assert projects("详见项目支出绩效自评表\n收入支出决算总表\n项目\t本年收入\t本年支出\n合计\t100\t90\n") == []


def test_place_names():
    p = project(BALANCED)
    assert (p.province, p.city, p.district) == ("浙江省", "杭州市", "西湖区")


def test_header_cut_by_a_page_break_is_joined():
    header = ("一级指标\t二级指标\t三级指标\t年度指标\t实际完成\t分值\t得分\t偏差原\n\n"
              "\t\t\t值\t值\t\t\t因分析及改进措施")
    p = project(BALANCED, header=header)
    assert [(i.target_raw, i.actual_raw, i.weight) for i in p.indicators][0] == ("≥100人次", "100人次", 50.0)


def test_label_cut_by_a_page_break_is_joined():
    rows = [BALANCED[0], ("效益指标", "可持续影响", "机制建", "建立", "达成指标", "30", "30", "")]
    text = table_text(rows + BALANCED[2:])
    text = text.replace("达成指标\t30\t30\t\n", "达成指标\t30\t30\t\n\n\t指标\t立\t\t\t\t\t\n")
    (p,) = projects(text)
    assert (p.indicators[1].level2, p.indicators[1].level3) == ("可持续影响指标", "机制建立")
    assert p.indicators[2].level2 == "服务对象满意度指标"


def test_web_text_with_pipe_cells():
    text = table_text(BALANCED)
    lines = ["| " + " | ".join(line.split("\t")) + " |" if "\t" in line else line for line in text.splitlines()]
    header_at = next(n for n, line in enumerate(lines) if "一级指标" in line)
    lines.insert(header_at + 1, "|---|---|---|---|---|---|---|---|")
    (p,) = projects("\n".join(lines))
    assert [(i.level3, i.target_raw, i.weight) for i in p.indicators] == [
        ("培训人次", "≥100人次", 50.0), ("政策知晓率", "≥90%", 30.0), ("群众满意度", "≥90%", 10.0)]
    assert p.total_score == 100 and p.funds[0].execution_rate == 100


def test_lone_weight_line_belongs_to_the_group_above():
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "40", "40", ""),
            ("(50分)", "", "培训天数", "≥5天", "5天", "10", "10", ""), *BALANCED[1:]]
    p = project(rows)
    assert [(i.level1, i.level1_points) for i in p.indicators[:2]] == [("产出指标", 50.0), ("产出指标", 50.0)]


def test_header_on_two_rows_under_a_super_header():
    header = ("绩效指标\t\t\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
              "一级指标\t二级指标\t三级指标\t\t\t\t\t")
    p = project(BALANCED, header=header)
    assert [(i.level1, i.level3, i.target_raw, i.weight) for i in p.indicators][0] == ("产出指标", "培训人次", "≥100人次", 50.0)


def test_total_row_named_heji():
    text = table_text(BALANCED).replace("总分\t", "合计\t")
    (p,) = projects(text)
    assert (len(p.indicators), p.total_weight, p.total_score) == (3, 100.0, 100.0)


def test_merged_label_cut_by_a_page_break_on_a_data_row():
    rows = [BALANCED[0], BALANCED[1],
            ("满意", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "5", "5", ""),
            ("度指标", "", "游客满意度", "≥90%", "92%", "5", "5", "")]
    text = table_text(rows).replace("\n度指标\t", "\n\n度指标\t")
    (p,) = projects(text)
    assert [(i.level1, i.level2) for i in p.indicators[2:]] == [("满意度指标", "服务对象满意度指标")] * 2
    assert "NO_SATISFACTION" not in {f.rule_id for f in Engine().check(p)}


def test_a_label_cut_by_a_page_break_keeps_the_points_its_rest_prints():
    """满意度 / 指标(10分) and 服务对象满意 / 度指标(10分): the rest on the next page carries the label's points."""
    rows = [BALANCED[0], BALANCED[1],
            ("满意度", "服务对象满意", "群众满意度", "≥90%", "92%", "5", "5", ""),
            ("指标(10分)", "度指标(10分)", "游客满意度", "≥90%", "92%", "5", "5", "")]
    text = table_text(rows).replace("\n指标(10分)\t", "\n\n指标(10分)\t")
    (p,) = projects(text)
    assert [(i.level1, i.level1_points, i.level2, i.level2_points) for i in p.indicators[2:]] == [
        ("满意度指标", 10.0, "服务对象满意度指标", 10.0)] * 2
    # the points cut open (效果(20 / 分), a label of the form's own words): the rest closes them
    (p,) = projects(text.replace("\n满意度\t", "\n效果(20\t").replace("\n指标(10分)\t", "\n分)\t"))
    assert [(i.level1, i.level1_points) for i in p.indicators[2:]] == [("效果", 20.0)] * 2


def test_money_unit_on_a_row_of_its_own():
    text = table_text(BALANCED).replace("项目资金(万元)\t\t年初预算数", "项目资金（元）\n\t\t年初预算数")
    (p,) = projects(text)
    assert p.money_unit == "元" and p.funds[0].executed == 0.01


def test_two_row_header_repeated_on_the_next_page():
    header = ("一级指标\t二级指标\t三级指标\t年度指标值\t\t\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
              "\t\t\t指标性质\t指标值\t度量单位\t\t\t\t")
    rows = [("产出指标", "数量指标", "培训人次", "≥", "735", "人次", "735", "50", "50", ""),
            ("效益指标", "社会效益指标", "知晓率", "≥", "90", "%", "95", "30", "30", "")]
    text = table_text(rows, header=header).replace("\n效益指标", "\n\n" + header + "\n效益指标")
    (p,) = projects(text)
    assert [(i.target_raw, i.actual_raw) for i in p.indicators] == [("≥735人次", "735"), ("≥90%", "95")]


def test_levels_are_read_as_printed():
    """成本指标 in the 二级指标 column under 产出指标 is a level-2 label; in the 一级指标 column, level 1."""
    rows = [
        ("产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "20", "20", ""),
        ("", "成本指标", "培训成本", "≤10万元", "9万元", "10", "10", ""),
        ("", "", "场地成本", "≤2万元", "2万元", "10", "10", ""),
        ("成本指标", "经济成本指标", "设备成本", "≤5万元", "5万元", "10", "10", ""),
        ("", "成本指标", "运维成本", "≤1万元", "1万元", "10", "10", ""),
    ]
    p = project(rows, total=None)
    assert [(i.level1, i.level2) for i in p.indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "成本指标"), ("产出指标", "成本指标"),
        ("成本指标", "经济成本指标"), ("成本指标", "成本指标"),
    ]
    # A label row of its own (成本指标 alone in the 二级指标 column) is read the same way.
    text = table_text([rows[0], ("", "成本指标", "", "", "", "", "", ""), ("", "", "场地成本", "≤2万元", "2万元", "10", "10", "")],
                      total=None)
    (q,) = projects(text)
    assert [(i.level1, i.level2) for i in q.indicators] == [("产出指标", "数量指标"), ("产出指标", "成本指标")]


def test_a_zero_in_the_reason_column_does_not_shift_the_row():
    rows = [("产出指标", "数量指标", "新建农田面积", "≥1.2万亩", "1.2万亩", "50", "50", "0"),
            ("效益指标", "社会效益指标", "项目资金拨付及时性", "及时", "及时", "30", "30", "0"),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "10", "10", "0")]
    p = project(rows)
    got = [(i.level3, i.target_raw, i.actual_raw, i.weight, i.score, i.deviation_reason) for i in p.indicators]
    assert got == [("新建农田面积", "≥1.2万亩", "1.2万亩", 50.0, 50.0, "0"),
                   ("项目资金拨付及时性", "及时", "及时", 30.0, 30.0, "0"),
                   ("群众满意度", "≥90%", "92%", 10.0, 10.0, "0")]
    assert not Engine().check(p)


def test_wu_as_the_actual_is_qualitative_and_flagged():
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "无", "50", "0", "未开展培训"), *BALANCED[1:]]
    p = project(rows, total=("100.00", "50.00"), grade="差")
    first = p.indicators[0]
    assert (first.actual_raw, first.actual.kind, first.achievement) == ("无", "qualitative", None)
    assert {(f.rule_id, f.seq) for f in Engine().check(p)} == {("KIND_MISMATCH", 1), ("ACHIEVEMENT_UNKNOWN", 1)}


def test_a_row_without_points_stands_as_the_header_says():
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "120", "", "", ""),  # a bare actual, no points
            ("效益指标", "社会效益指标", "政策知晓率", "≥90%", "95%", "", "", "")]
    (p,) = projects(table_text(rows, total=("", ""), grade=""))
    got = [(i.level2, i.level3, i.target_raw, i.actual_raw, i.weight, i.score) for i in p.indicators]
    assert got == [("数量指标", "培训人次", "≥100人次", "120", None, None),
                   ("社会效益指标", "政策知晓率", "≥90%", "95%", None, None)]



SHORT_LABELS = [["项目支出绩效自评表"], ["项目名称", "设备购置"],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
                ["产出", "数量", "购置台数", "≥36台", "36台", "40", "40"],
                ["产出", "质量", "设备完好率", "≥95%", "", "10", "8", "检测报告尚未出具。"],
                ["产出", "成本", "采购价格控制", "≤预算价", "≤预算价", "10", "10"],
                ["效益", "社会效益", "基层首诊率", "≥60%", "63%", "30", "30"],
                ["满意度", "服务对象满意度", "患者满意度", "≥90%", "92%", "10", "10"],
                ["总分", "", "", "", "", "100", "98"]]


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
def test_ministry_categories_printed_short_take_their_canonical_names(tmp_path, rendering):
    """产出 | 数量 on every row of a project table: the Ministry's categories (产出指标, 数量指标; 成本 under
    产出 is 成本指标) in a grid and in text that lost its table, where a short label is a label, not the
    end of the reason before it (a score sheet's 投入/过程/产出 stay as printed: test_forms)."""
    src = tmp_path / "t.txt"
    src.write_text(rendered(SHORT_LABELS, rendering), encoding="utf-8")
    ind = read(src).indicators
    assert [tuple(r) for r in ind[["level1", "level2", "level3", "target_raw", "actual_raw"]].fillna("").values] == [
        ("产出指标", "数量指标", "购置台数", "≥36台", "36台"),
        ("产出指标", "质量指标", "设备完好率", "≥95%", ""),
        ("产出指标", "成本指标", "采购价格控制", "≤预算价", "≤预算价"),
        ("效益指标", "社会效益指标", "基层首诊率", "≥60%", "63%"),
        ("满意度指标", "服务对象满意度指标", "患者满意度", "≥90%", "92%")]


def test_a_table_ends_on_the_page_of_its_last_row_not_of_the_next_title():
    """A report prints the next project's heading at a page's foot and its table on the next page: the
    title and year lines there open the next table and do not carry the one before onto that page."""
    first = rows_from_lines(table_text(BALANCED, name="一").splitlines() + ["项目二：测试项目"])
    second = rows_from_lines(table_text(BALANCED, name="二").splitlines())
    rows = [replace(r, page=1) for r in first] + [replace(r, page=2, break_before=not n) for n, r in enumerate(second)]
    tables = read_tables(Grid(rows, method="pdf"))
    assert [(t.page_first, t.page_last) for t in tables] == [(1, 1), (2, 2)]


@pytest.mark.parametrize("under", [
    ["填报人：王海燕 联系电话：0574-88123456 填报日期：2022年3月10日"],
    ["填报日期：2021年4月8日"],
    ["注：本表由项目单位填报。", "王海燕 2022年3月10日"],
])
def test_lines_under_a_table_without_total_row_are_not_its_last_row(under):
    """A table whose total is in its header (or absent) ends at a note or a sign-off line, so the line under it
    is not the rest of the last 三级指标 (a PDF keeps every note line for this: extract/pdf/reader.py)."""
    text = table_text([("满意度指标", "服务对象满意度指标", "低楼层住户满意度", "≥80%", "82%", "3", "3")],
                      total=None, grade=None)
    (p,) = projects(text + "\n" + "\n".join(under))
    assert [i.level3 for i in p.indicators] == ["低楼层住户满意度"]


def test_a_pdf_keeps_a_note_line_under_a_table():
    from jixiao.extract.pdf.reader import _keep_line

    assert _keep_line("注：单项指标折算得分=单项指标得分×权重占比；预算执行率得分=预算执行进度×指标分值。")
    assert not _keep_line("本部门严格按照预算绩效管理要求开展自评工作，自评结果已按规定公开，"
                          "并将结果应用于下一年度预算安排。")


def test_a_score_sheet_row_cut_by_a_page_break_joins_each_text_column_to_its_own():
    """指标解释 | 评分标准 (both criteria): the rest of each after the break goes on its own column's text."""
    lines = ["2018年度部门整体支出绩效评价指标表", "单位名称\t某县水务局",
             "一级指标\t二级指标\t三级指标\t分值\t指标解释\t评分标准\t得分",
             "投入(20)\t预算执行(20)\t资金使用合规性\t20\t使用预算资金是否符合\t1、符合财经法规\t18"]
    rest = ["\t\t\t\t相关的财务管理制度。\t（1分）；2、审批完整。\t", "合计\t\t\t20\t\t\t18"]
    rows = [replace(r, page=1) for r in rows_from_lines(lines)]
    rows += [replace(r, page=2, break_before=not n) for n, r in enumerate(rows_from_lines(rest))]
    (t,) = read_tables(Grid(rows, method="pdf"))
    assert t.indicators[0].parts["criteria"] == (
        "使用预算资金是否符合相关的财务管理制度。\n1、符合财经法规（1分）；2、审批完整。")
    assert t.fields["department"] == "某县水务局"


@pytest.mark.parametrize("line", ["单位名称：某县水务局", "单位名称某县水务局"])
def test_a_unit_name_with_its_label_on_a_line_above_the_table(line):
    (p,) = projects(f"2018年度部门整体支出绩效评价指标表\n{line}\n一级指标\t二级指标\t三级指标\t分值\t评分标准\t得分\n"
                    "投入(20)\t预算执行(20)\t预算执行率\t20\t按执行率计分\t18\n合计\t\t\t20\t\t18\n")
    assert p.department == "某县水务局"


def test_a_list_of_projects_is_no_self_evaluation_table():
    """A 部门决算's 项目支出决算表 heads its columns 项目名称 | 资金来源 | 年初预算数 | …: no table with the project
    name 资金来源 (it was one, flagged EXTRACTION_INCOMPLETE), and the table after it is read as ever."""
    listing = ["项目支出决算表", "项目名称\t资金来源\t年初预算数\t全年预算数\t决算数",
               "农村公路日常养护\t一般公共预算\t1,260.00\t1,320.00\t1,306.80", "合计\t\t1,260.00\t1,320.00\t1,306.80"]
    tables = read_tables(Grid(rows_from_lines(listing + table_text(BALANCED, name="一").splitlines()), method="text"))
    assert [t.fields.get("project_name") for t in tables] == ["一"]


def test_a_level_s_list_number_is_no_part_of_its_label():
    text = table_text(BALANCED).replace("产出指标\t", "（一）产出指标\t", 1)
    (p,) = projects(text)
    assert p.indicators[0].level1 == "产出指标"


def test_the_total_row_follows_the_header_s_order_of_points_and_score():
    header = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t得分\t分值\t偏差原因分析及改进措施"
    rows = [(level1, level2, level3, target, actual, score, weight, *rest)
            for level1, level2, level3, target, actual, weight, score, *rest in BALANCED]
    (p,) = projects(table_text(rows, header=header, total=("98.50", "100.00")))
    assert (p.total_weight, p.total_score) == (100.0, 98.5)


def test_a_subtotal_row_among_the_indicators_is_no_indicator():
    rows = [*BALANCED[:1], ("", "", "小计", "", "", "50", "50", "")] + list(BALANCED[1:])
    (p,) = projects(table_text(rows))
    assert [i.level3 for i in p.indicators] == [r[2] for r in BALANCED]
    assert [i.seq for i in p.indicators] == list(range(1, len(BALANCED) + 1))


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
def test_a_row_with_its_third_level_left_empty_keeps_its_category(tmp_path, rendering):
    """A level-2 category alone on a row with values (时效指标 | | 年内完成 | 年内完成) is no 三级指标: that one is
    empty, in a grid and in text that lost its table (where the same words twice are the target and actual)."""
    rows = [("产出指标", "数量指标", "新建公厕", "≥24座", "24座", "30", "30", ""),
            ("", "时效指标", "", "年内完成", "年内完成", "30", "30", ""),
            ("效益指标", "社会效益指标", "公厕开放率", "≥95%", "100%", "30", "30", "")]
    src = tmp_path / "t.txt"
    src.write_text(rendered([line.split("\t") for line in table_text(rows).splitlines()], rendering), encoding="utf-8")
    ind = read(src).indicators
    assert [tuple(r) for r in ind[["level2", "level3", "target_raw", "actual_raw"]].fillna("-").values] == [
        ("数量指标", "新建公厕", "≥24座", "24座"), ("时效指标", "", "年内完成", "年内完成"),
        ("社会效益指标", "公厕开放率", "≥95%", "100%")]


def test_a_reason_merged_down_over_two_rows_holds_for_both():
    text = table_text([("产出指标", "数量指标", "新建公厕", "≥24座", "20座", "10", "8", "用地未落实，明年续建"),
                       ("", "", "改建公厕", "≥10座", "8座", "10", "8", ""),
                       ("", "", "配置厕位", "≥24个", "26个", "10", "10", "")], total=None)
    rows = rows_from_lines(text.splitlines())
    at = next(n for n, r in enumerate(rows) if r.cells[2:3] == ("改建公厕",))
    rows[at] = replace(rows[at], covered=frozenset({0, 1, 7}))  # as an xlsx, docx, HTML or ruled PDF reads it
    (t,) = read_tables(Grid(rows, method="text"))
    assert [i.parts.get("deviation") for i in t.indicators] == ["用地未落实，明年续建"] * 2 + [""]

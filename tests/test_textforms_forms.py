"""The forms beyond the Ministry table (FORMS.md) in text that lost its table: small synthetic tables of
each form's shape, as tab text and as `|` runs, flat lines and one cell a line, must read alike."""
from jixiao.extract.text import tokens
from jixiao.extract.text.reader import read_text
from jixiao.normalize.layout import read_tables
from jixiao.normalize.records import build


def _cells(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("\t") if c.strip()] for line in text.splitlines()]


def pipe_form(text: str) -> str:
    """Web text: the table's rows run together on `|` lines, empty cells dropped, `| |` between rows."""
    return "| " + " | | ".join(" | ".join(row) for row in _cells(text) if row) + " |\n"


def flat_form(text: str) -> str:
    """An office text dump: all non-empty cells of the table on one line, one space apart."""
    return " ".join(c for row in _cells(text) for c in row) + "\n"


def lines_form(text: str) -> str:
    """A web page's visible text: one non-empty cell a line (a cell's own line breaks too)."""
    return "\n".join(part for row in _cells(text) for c in row for part in c.split("⏎")) + "\n"


FORMS = {"pipe": pipe_form, "flat": flat_form, "lines": lines_form}


def read(tmp_path, text: str, name: str):
    path = tmp_path / name
    path.write_text(text.replace("⏎", " "), encoding="utf-8")
    return [build(n, t) for n, t in enumerate(read_tables(read_text(path)), start=1)]


def funds_of(p) -> dict[str, tuple]:
    return {f.line: (f.initial_budget, f.full_year_budget, f.executed, f.weight, f.execution_rate, f.score)
            for f in p.funds}


def every_form(tmp_path, text: str):
    """The projects read from the tab text and from each text form of it, by form."""
    out = {"tab": read(tmp_path, text, "tab.txt")}
    for name, form in FORMS.items():
        assert tokens.stream(form(text).splitlines()) is not None, name
        out[name] = read(tmp_path, form(text), f"{name}.txt")
    return out


HUNAN = """2022年度部门整体支出绩效自评表
预算部门、单位名称\t\t某县某镇人民政府
年度预算申请⏎(万元\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t自评得分
\t年度资金总额\t500.00\t800.00\t760.00\t10\t95%\t9.5
\t按收入性质分:800.00\t\t\t按支出性质分:760.00
\t其中: 一般公共预算:600.00\t\t\t其中:基本支出:400.00
\t政府性基金拨款:150.00\t\t\t项目支出:360.00
\t纳入专户管理的非税收入拨款:
\t其他资金:50.00
年度总体目标\t\t预期目标\t\t\t实际完成情况
\t\t完成全年各项工作任务\t\t\t全年各项工作任务已完成
"""


def test_a_department_table_with_amounts_in_its_labels(tmp_path):
    """A1: no 项目名称; two breakdowns side by side, each amount written into its label cell."""
    for form, projects in every_form(tmp_path, HUNAN).items():
        (p,) = projects
        assert (p.form_kind, p.project_name, p.department) == ("department", None, "某县某镇人民政府"), form
        assert p.money_unit == "万元", form
        assert funds_of(p) == {
            "total": (500.0, 800.0, 760.0, 10.0, 95.0, 9.5),
            "general_budget": (None, 600.0, None, None, None, None),
            "government_fund": (None, 150.0, None, None, None, None),
            "fiscal_special_account": (None,) * 6,
            "other": (None, 50.0, None, None, None, None),
            "basic": (None, 400.0, None, None, None, None),
            "project": (None, 360.0, None, None, None, None),
        }, form
        assert (p.goal_expected, p.goal_actual) == ("完成全年各项工作任务", "全年各项工作任务已完成"), form


GUIZHOU = """部门整体支出绩效自评表
单位(盖章):某县某镇人民政府\t\t\t\t\t填报日期:2023年1月5日
部门(单位)名称\t某县某镇人民政府
部门(单位)总体⏎资金(万元)\t资 金 来 源\t年初预算数(A)\t全年执行数(B)\t分值(10分)\t得分\t得分计算方法
\t年度资金总额:\t1000.00\t950.00\t10\t10\t执行率*该指标分值,最高不得超过分值上限。
\t基本支出\t800.00\t700.00\t10\t10
\t项目支出\t200.00\t250.00\t10\t10
\t其他
年度总体目标\t年初设定目标\t\t\t\t\t年度总体目标完成情况
\t(1)抓好经济发展。(2)做好民生保障。\t\t\t\t\t(1)经济平稳发展。 (2)民生保障有力。
"""


def test_a_department_table_with_a_source_column_and_a_text_column(tmp_path):
    """A2: 资金来源 heads the line labels; 得分计算方法 holds words after the amounts; spaced-out 资 金 来 源."""
    for form, projects in every_form(tmp_path, GUIZHOU).items():
        (p,) = projects
        assert (p.form_kind, p.department) == ("department", "某县某镇人民政府"), form
        assert funds_of(p) == {
            "total": (1000.0, None, 950.0, 10.0, None, 10.0),
            "basic": (800.0, None, 700.0, 10.0, None, 10.0),
            "project": (200.0, None, 250.0, 10.0, None, 10.0),
            "other": (None,) * 6,
        }, form
        assert p.goal_expected == "(1)抓好经济发展。(2)做好民生保障。", form
        assert p.goal_actual.replace(" ", "") == "(1)经济平稳发展。(2)民生保障有力。", form


def test_spaced_out_characters_are_one_cell():
    assert tokens.merge_words("资 金 来 源 年初预算数 优 良".split()) == ["资 金 来 源", "年初预算数", "优", "良"]


def test_a_pipe_cell_with_a_line_break_keeps_the_rows_run_together():
    lines = ["| 部门整体支出绩效自评表 | | 年度预算申请", "(万元 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | "
             "得分 | | 年度资金总额 | 1 | 2 | 3 | 10 | 100% | 10 | | 其他资金 | 1 |"]
    stream = tokens.stream(lines)
    assert stream is not None and stream[1].text == "年度预算申请\n(万元"


SICHUAN = """报表编号:510000_0013zp
部门预算项目支出绩效自评表(2022年度)
项目名称\t51000022R000000012345-办公设备购置
主管部门\t某县某局本级\t\t\t\t实施单位(盖章)\t\t某县某局
项目基本情况\t1.项目年度目标完成情况\t\t项目年度目标\t\t\t\t年度目标完成情况
\t\t\t按计划购置办公设备,保障日常运转。\t\t\t\t已按计划购置,运转正常。
\t2.项目实施内容及过程概述
预算执行情况(10分)\t年度预算数(万元)\t\t年初预算\t调整后预算数\t预算执行数\t预算执行率\t权重\t得分\t原因
\t总额\t\t50.00\t60.00\t54.00\t90.00%\t10\t9\t年中追加设备采购,执行略低于预算。
\t其中:财政资金\t\t50.00\t60.00\t54.00\t90.00%\t/\t/
\t单位资金\t\t0.00\t0.00\t0.00\t0.00%\t/\t/
\t其他资金\t\t\t\t\t\t/\t/
绩效指标(90分)\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t权重\t得分\t未完成原因分析
\t产出指标\t数量指标\t设备购置数量\t≥\t20\t台\t20\t50\t50
\t效益指标\t社会效益指标\t设备完好率\t=\t100\t%\t\t40
合计\t\t\t\t\t\t\t\t100
"""


def test_a_sichuan_table_goals_before_funds_reason_column_and_split_targets(tmp_path):
    """B2: goals under 项目基本情况 before the funds; 原因 text after the total's amounts; 指标性质 |
    指标值 | 度量单位 in place of 年度指标值; 完成值 and 得分 left empty on a row."""
    for form, projects in every_form(tmp_path, SICHUAN).items():
        (p,) = projects
        assert (p.goal_expected, p.goal_actual) == ("按计划购置办公设备,保障日常运转。", "已按计划购置,运转正常。"), form
        funds = {f.line: f for f in p.funds}
        total = funds["total"]
        assert (total.initial_budget, total.full_year_budget, total.executed, total.execution_rate,
                total.weight, total.score) == (50.0, 60.0, 54.0, 90.0, 10.0, 9.0), form
        assert total.deviation_reason == "年中追加设备采购,执行略低于预算。", form
        assert funds["other"].deviation_reason in ("", None), form
        got = [(i.level3, i.target_raw.replace(" ", ""), i.actual_raw, i.weight, i.score) for i in p.indicators]
        assert got == [("设备购置数量", "≥20台", "20", 50.0, 50.0), ("设备完好率", "=100%", "", 40.0, None)], form
        assert p.total_weight == 100.0, form


SHEET = """2022年度部门整体支出绩效评价自评表
序号\t一级⏎指标\t二级⏎指标\t三级⏎指标\t指标分值\t指标解释\t评分标准\t自评得分
1\t部门决策⏎(20分)\t目标任务⏎(12分)\t目标设定⏎合理性\t6\t部门是否设定年度目标,目标是否合理。\t1、设定年度目标(3分); 2、目标合理(3分)。\t6
2\t\t\t目标任务⏎明确性\t6\t目标是否明确、细化。\t目标明确细化(6分)\t5
3\t\t预算编制⏎(8分)\t预算编制⏎科学性\t8\t预算编制是否科学。\t编制科学,依据充分(8分)\t8
4\t综合管理⏎(30分)\t资金管理⏎(30分)\t资金使用⏎合规性\t30\t资金使用是否合规。\t1、无违规使用(20分) 2、手续完备(10分)\t28
"""


def test_a_score_sheet_with_row_numbers_points_in_labels_and_criteria_text(tmp_path):
    """A4: 序号 first, level labels with their points, 三级指标 in pieces, two criteria text columns,
    points and scores only (no targets)."""
    expected = [(1, "部门决策", 20.0, "目标任务", 12.0, "目标设定合理性", 6.0, 6.0),
                (2, "部门决策", 20.0, "目标任务", 12.0, "目标任务明确性", 6.0, 5.0),
                (3, "部门决策", 20.0, "预算编制", 8.0, "预算编制科学性", 8.0, 8.0),
                (4, "综合管理", 30.0, "资金管理", 30.0, "资金使用合规性", 30.0, 28.0)]
    for form, projects in every_form(tmp_path, SHEET).items():
        (p,) = projects
        assert p.form_kind == "department", form
        got = [(i.seq, i.level1, i.level1_points, i.level2, i.level2_points, i.level3.replace(" ", ""), i.weight,
                i.score) for i in p.indicators]
        assert got == expected, form
        assert {i.target_raw for i in p.indicators} == {None}, form
        assert p.indicators[0].criteria.replace(" ", "").replace("\n", "") == \
            "部门是否设定年度目标,目标是否合理。1、设定年度目标(3分);2、目标合理(3分)。", form
        assert p.indicators[3].criteria.replace(" ", "").replace("\n", "") == \
            "资金使用是否合规。1、无违规使用(20分)2、手续完备(10分)", form


CITY = """市本级部门项目支出绩效自评表
(2021年度)
项目名称\t城市绿化管护\t主管部门\t某市城管局\t实施单位\t某市园林处
年初设定目标\t完成绿化管护面积50万平方米\t年度总体目标完成情况\t完成管护面积52万平方米
一级指标\t二级指标\t三级指标\t参考分值\t指标值(A)\t全年实际值(B)\t得分\t未完成原因分析及改进措施
项目决策(10分)\t项目目标\t目标明确性\t5\t明确\t明确\t5
\t项目立项\t立项规范性\t5\t规范\t规范\t5
项目管理(25分)\t投入管理\t预算执行率\t10\t100%\t95%\t9\t部分资金未支付
\t财务管理\t资金使用合规性\t15\t合规\t合规\t15
项目产出\t数量指标\t管护面积\t30\t50万平方米\t52万平方米\t30
项目效益\t社会效益指标\t市民满意度\t35\t≥90%\t93%\t31\t个别区域管护不及时
"""


def test_a_city_table_with_its_own_level_labels_and_goals_side_by_side(tmp_path):
    """B6: level-1 labels of its own with points (项目决策(10分)) and without (项目产出), level-2 labels
    not ending in 指标, and 年初设定目标 | text | 年度总体目标完成情况 | text on one row."""
    expected = [("项目决策", "项目目标", "目标明确性", 5.0, 5.0, ""), ("项目决策", "项目立项", "立项规范性", 5.0, 5.0, ""),
                ("项目管理", "投入管理", "预算执行率", 10.0, 9.0, "部分资金未支付"),
                ("项目管理", "财务管理", "资金使用合规性", 15.0, 15.0, ""),
                ("项目产出", "数量指标", "管护面积", 30.0, 30.0, ""),
                ("项目效益", "社会效益指标", "市民满意度", 35.0, 31.0, "个别区域管护不及时")]
    for form, projects in every_form(tmp_path, CITY).items():
        (p,) = projects
        assert (p.goal_expected, p.goal_actual) == ("完成绿化管护面积50万平方米", "完成管护面积52万平方米"), form
        got = [(i.level1, i.level2, i.level3, i.weight, i.score, i.deviation_reason) for i in p.indicators]
        assert got == expected, form


HUNAN_STACKED = """2021年度部门整体支出绩效自评表
一级预算单位名称\t\t某县农业农村局
年度预算申请(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t自评得分
\t年度资金总额\t1200.00\t1500.00\t1450.00\t10\t96.67%\t9.67
\t按收入性质分:\t1200.00\t1500.00\t1450.00
\t其中:一般公共预算\t1000.00\t1300.00\t1260.00
\t政府性基金拨款\t200.00\t200.00\t190.00
\t按支出性质分:\t1200.00\t1500.00\t1450.00
\t其中:基本支出\t700.00\t750.00\t740.00
\t项目支出\t500.00\t750.00\t710.00
年度总体目标\t预期目标\t\t\t实际完成情况
\t\t1、保障机构正常运转;2、完成农业产业发展任务。\t\t\t1、机构运转正常;2、产业发展任务全面完成。
年度绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标(50分)\t数量指标\t高标准农田建设面积\t≥2万亩\t2.1万亩\t20\t20
\t\t\t……
\t\t质量指标\t项目验收合格率\t100%\t100%\t15\t15
\t\t时效指标\t资金拨付及时率\t≥95%\t90%\t15\t12\t部分项目进度滞后
\t效益指标(30分)\t经济效益指标\t农民人均增收\t≥500元\t520元\t15\t15
\t满意度指标(10分)\t服务对象满意度指标\t农户满意度\t≥90%\t94%\t10\t10
总分\t\t\t\t\t\t90\t87
"""


def test_a_department_table_with_breakdowns_in_the_money_columns_and_template_rows(tmp_path):
    """A1: the breakdowns one under the other, their subtotals and lines with amounts in the money
    columns; a template row (……) and points in the level-1 labels in the indicator block."""
    forms = every_form(tmp_path, HUNAN_STACKED)
    (tab,) = forms.pop("tab")
    for form, projects in forms.items():
        (p,) = projects
        assert funds_of(p) == funds_of(tab), form
        assert funds_of(p)["general_budget"] == (1000.0, 1300.0, 1260.0, None, None, None), form
        assert [(i.level1, i.level1_points, i.level2, i.level3, i.weight, i.score) for i in p.indicators] == \
            [(i.level1, i.level1_points, i.level2, i.level3, i.weight, i.score) for i in tab.indicators], form
        assert [i.level2 for i in p.indicators] == ["数量指标", "质量指标", "时效指标", "经济效益指标",
                                                    "服务对象满意度指标"], form
        assert (p.total_weight, p.total_score) == (90.0, 87.0), form



def test_a_fund_line_no_form_declares_does_not_end_the_funds(tmp_path):
    """国有资本经营预算 0.00 … among the income lines: no form declares it, so it is no fund line, and the lines
    under it (here the spending breakdown) are read all the same, in every form."""
    text = HUNAN_STACKED.replace("\t政府性基金拨款\t200.00\t200.00\t190.00\n",
                                 "\t政府性基金拨款\t200.00\t200.00\t190.00\n\t国有资本经营预算\t0.00\t0.00\t0.00\n")
    for form, projects in every_form(tmp_path, text).items():
        (p,) = projects
        assert list(funds_of(p)) == ["total", "general_budget", "government_fund", "basic", "project"], form
        assert funds_of(p)["project"] == (500.0, 750.0, 710.0, None, None, None), form


SHEET_NO_INDEX = """2019年度部门整体支出绩效评价自评表
一级指标\t二级指标\t三级指标\t指标分值\t评价标准\t自评得分
部门决策(25)\t目标任务(15)\t绩效目标合理性\t8\t目标符合部门职责得满分\t8
\t\t绩效指标明确性\t7\t指标清晰、可衡量得满分\t6
\t预算编制(10)\t预算编制科学性\t10\t编制依据充分得满分\t9
综合管理(35)\t预算执行(20)\t预算执行率\t20\t执行率×分值\t19
\t财务管理(15)\t资金使用合规性\t15\t无违规得满分\t15
部门绩效情况(40)\t履职成效(25)\t重点工作完成率\t25\t完成率×分值\t24
\t满意度(15)\t服务对象满意度\t15\t满意度×分值\t14
合计\t\t\t100\t\t95
"""


def test_a_score_sheet_without_row_numbers_and_with_a_total(tmp_path):
    """A4 (Hunan/Sichuan style): points in parentheses without 分, a 评价标准 column, a 合计 row."""
    for form, projects in every_form(tmp_path, SHEET_NO_INDEX).items():
        (p,) = projects
        got = [(i.level1, i.level1_points, i.level2, i.level2_points, i.level3, i.weight, i.score)
               for i in p.indicators]
        assert got[0] == ("部门决策", 25.0, "目标任务", 15.0, "绩效目标合理性", 8.0, 8.0), form
        assert got[4] == ("综合管理", 35.0, "财务管理", 15.0, "资金使用合规性", 15.0, 15.0), form
        assert [g[4] for g in got] == ["绩效目标合理性", "绩效指标明确性", "预算编制科学性", "预算执行率",
                                       "资金使用合规性", "重点工作完成率", "服务对象满意度"], form
        assert (p.total_weight, p.total_score) == (100.0, 95.0), form


def test_pipe_rows_one_a_line_with_line_breaks_in_their_cells(tmp_path):
    """Web text with one `| row |` a line whose cells keep their own line breaks (一级⏎指标) is read by
    its rows, each cell whole."""
    rows = [row.split("\t") for row in SHEET_NO_INDEX.replace("一级指标", "一级⏎指标").splitlines()]
    text = "\n".join("| " + " | ".join(c.replace("⏎", "\n") for c in row) + " |" for row in rows) + "\n"
    assert tokens.stream(text.splitlines()) is None
    assert tokens.pipe_rows(["| a | b", "c | d |", "| e |"]) == ["| a | b\nc | d |", "| e |"]
    (p,) = read(tmp_path, text, "rows.txt")
    assert [i.level3 for i in p.indicators][:2] == ["绩效目标合理性", "绩效指标明确性"]
    assert (p.indicators[0].level1, p.indicators[0].level1_points) == ("部门决策", 25.0)


HEBEI_FUNDS_AND_GOALS = """预算项目绩效自评表
(2022年度)
项目名称:\t乡村道路养护项目\t是否为专项资金:\t是
实施(主管)单位\t某县交通运输局\t金额单位:万元
资金情况(万元)\t预算数\t到位数\t执行数
总额\t100.00\t100.00\t95.00\t95.00
其中:财政资金\t100.00\t100.00\t95.00\t95.00
其他\t0.00\t0.00\t0.00\t0.00
年度预期目标\t具体完成情况\t总体完成率(%)
完成道路养护100公里\t完成养护98公里\t98
一级指标\t二级指标\t三级指标\t指标分值\t年度指标值\t实际完成值\t自评得分
产出指标\t数量指标\t养护里程\t30\t≥100公里\t98公里\t29
"""


def test_fund_lines_with_amounts_under_unnamed_columns_and_goal_columns_without_a_label(tmp_path):
    """B1: a fund line prints more amounts than its header names (a progress column left unnamed);
    the goal's columns 年度预期目标 | 具体完成情况 | 总体完成率(%) come without a 年度总体目标 label."""
    for form, projects in every_form(tmp_path, HEBEI_FUNDS_AND_GOALS).items():
        (p,) = projects
        funds = {f.line: (f.full_year_budget, f.received, f.executed) for f in p.funds}
        assert funds == {"total": (100.0, 100.0, 95.0), "fiscal": (100.0, 100.0, 95.0), "other": (0.0, 0.0, 0.0)}, form
        assert p.goal_expected is not None and p.goal_expected.startswith("完成道路养护100公里"), form
        assert [(i.level3, i.weight, i.score) for i in p.indicators] == [("养护里程", 30.0, 29.0)], form


def test_a_score_sheet_whose_labels_print_no_points(tmp_path):
    """A4 without points in its labels: short words before the 三级指标 are its level labels."""
    text = SHEET_NO_INDEX
    for label in ("(25)", "(15)", "(10)", "(35)", "(20)", "(40)"):
        text = text.replace(label, "")
    for form, projects in every_form(tmp_path, text).items():
        (p,) = projects
        got = [(i.level1, i.level2, i.level3) for i in p.indicators]
        assert got[:3] == [("部门决策", "目标任务", "绩效目标合理性"), ("部门决策", "目标任务", "绩效指标明确性"),
                           ("部门决策", "预算编制", "预算编制科学性")], form
        assert got[-1][0] == "部门绩效情况" and got[-1][1].startswith("满意度"), form


HUBEI = """2022年项目自评表
单位名称:某区交通局\t\t\t填报日期:2023年3月1日
项目名称\t农村公路养护
主管部门\t某区交通局\t项目实施单位\t某区公路中心
预算执行情况(万元)(20分)\t预算数(A)\t执行数(B)\t执行率(B/A)\t得分(20分*执行率)
\t100.00\t95.00\t95%\t19
年度绩效目标(80分)\t一级指标\t二级指标\t三级指标\t年初目标值(A)\t实际完成值(B)\t得分
\t产出指标(60分)\t数量指标\t养护里程\t≥100公里\t100公里\t60
\t效益指标(20分)\t社会效益指标\t通行条件\t改善\t部分改善\t15
总分\t\t\t\t\t\t94
偏差大或目标未完成原因分析\t部分路段养护资金到位较晚，养护进度滞后。
改进措施及结果应用方案
单位主要负责人签批意见
备注:预算数为调整后的财政资金总额。
"""


def test_table_wide_reason_rows_under_the_total(tmp_path):
    """B3: 偏差大或目标未完成原因分析 | text and an empty 改进措施及结果应用方案 under the total are every row's
    reason; a label line after them is not their text."""
    for form, projects in every_form(tmp_path, HUBEI).items():
        (p,) = projects
        assert {i.deviation_reason for i in p.indicators} == {"部分路段养护资金到位较晚，养护进度滞后。"}, form
        assert p.total_score == 94.0, form


def test_a_note_under_the_table_ends_its_rows_and_a_header_total_is_read(tmp_path):
    text = CITY.replace("实施单位\t某市园林处", "实施单位\t某市园林处\t自评得分\t90") + "说明:定性指标按完成程度评分。\n"
    for form, projects in every_form(tmp_path, text).items():
        (p,) = projects
        assert p.total_score == 90.0, form
        assert p.indicators[-1].deviation_reason == "个别区域管护不及时", form

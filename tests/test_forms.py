"""The forms of rules/forms.yaml: each table read as the form its title and header say, a broken
declaration refused at start, a form added by a --rules folder alone, and the real tables of the other
forms (../shared/corpus/dev/forms) read exactly from every backend the grid reader serves."""
from pathlib import Path

import pytest
from builders import TEXT_RENDERINGS, projects, rendered
from scorer import score

from jixiao import read
from jixiao.cli import main
from jixiao.core.config import Catalogue, ConfigError
from jixiao.core.forms import forms
from jixiao.core.settings import Settings, active

ROOT = Path(__file__).parent.parent
FORMS_DEV = ROOT.parent / "shared" / "corpus" / "dev" / "forms"
DEV_TABLES = ["guantang_2023", "hubei_2020", "qingshen_2023", "shouxian_2023", "taibai_2021"]
GRID_BACKENDS = [".txt", ".xlsx", ".docx", ".pdf", "_borderless.pdf"]

DEPARTMENT = """2023年度部门整体支出绩效自评表
预算部门、单位名称\t\t某县某乡人民政府
年度预算申请(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t自评得分
\t年度资金总额\t100.00\t200.00\t190.00\t10\t95%\t9.5
\t按收入性质分:200.00\t\t\t按支出性质分:190.00
\t其中: 一般公共预算:150.00\t\t\t其中:基本支出:90.00
\t其他资金:50.00\t\t\t项目支出:100.00
"""


def test_department_table_by_title_and_header():
    (p,) = projects(DEPARTMENT)
    assert (p.form, p.form_kind, p.project_name, p.department) == (
        "部门整体支出绩效自评表", "department", None, "某县某乡人民政府")
    assert {f.line: f.full_year_budget for f in p.funds} == {
        "total": 200.0, "other": 50.0, "general_budget": 150.0, "basic": 90.0, "project": 100.0}
    assert (p.traits.names_project, p.traits.funds_block) == (False, True)


@pytest.mark.parametrize("rendering", ["tab", "flat"])
def test_an_amount_in_a_label_before_a_list_s_comma_is_the_line_s(tmp_path, rendering):
    """其他资金:50.00万元， — the comma a list of lines in words leaves (or a scan's speck) after the amount."""
    rows = [line.split("\t") for line in DEPARTMENT.replace("其他资金:50.00", "其他资金:50.00万元，").splitlines()]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    funds = read(src).funds
    assert funds.loc[funds["line"] == "other", "full_year_budget"].tolist() == [50.0]


def test_an_execution_rate_printed_as_a_fraction_is_in_percent():
    """执行率 `0.9856` (no % sign) is 98.56 % where 全年执行数/预算数 says so (else FUND_RATE would fire on it);
    a rate printed with its sign, or one that a fraction does not fit (0.5 of 1000/200000), stays as printed."""
    table = DEPARTMENT.replace("\t95%\t", "\t{}\t")
    rates = [projects(table.format(rate))[0].funds[0].execution_rate for rate in ("0.95", "0.95%", "95")]
    assert rates == [95.0, 0.95, 95.0]
    small = table.format("0.5").replace("\t200.00\t190.00\t", "\t200000.00\t1000.00\t")
    assert projects(small)[0].funds[0].execution_rate == 0.5


def test_signs_settle_forms_of_one_title():
    f = forms.__wrapped__(Catalogue(None))  # the bundled declarations, outside a call
    candidates = f.by_title("部门整体支出绩效自评表")
    assert {x.id for x in candidates} == {"hunan_department", "guizhou_department", "chongqing_department"}
    assert f.settle(candidates, "部门(单位)名称部门(单位)总体资金(万元)资金来源").id == "guizhou_department"
    assert f.settle(candidates, "主管部门财政处室自评总分(分)").id == "chongqing_department"
    assert f.by_title("财政项目支出绩效自评表")[0].id == "ministry"


def test_score_sheet_has_no_targets_and_keeps_criteria():
    text = ("部门整体支出绩效评价自评表\n序号\t一级指标\t二级指标\t三级指标\t指标分值\t指标解释\t评分标准\t自评得分\n"
            "1\t决策 (20分)\t目标设定 (8分)\t目标合理性\t8\t是否合理。\t合理得8分\t8\n"
            "2\t\t\t目标明确性\t0\t是否明确。\t明确得满分\t0\n"
            "3\t\t预算编制 (12分)\t编制科学性\t12\t是否科学。\t科学得12分\t11\n合计\t\t\t\t20\t\t\t19\n")
    (p,) = projects(text)
    first = p.indicators[0]
    assert (first.level1, first.level1_points, first.level2, first.level2_points) == ("决策", 20.0, "目标设定", 8.0)
    assert (first.target_raw, first.actual_raw, first.deviation_reason) == (None, None, None)
    assert first.criteria == "是否合理。\n合理得8分"
    assert [i.level2 for i in p.indicators] == ["目标设定", "目标设定", "预算编制"]
    assert p.traits.targets is False and p.money_unit is None


def test_placeholder_rows_are_not_indicators():
    from builders import table_text
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "90", "90", ""),
            ("", "", "……", "", "", "", "", "")]
    (p,) = projects(table_text(rows))
    assert [i.level3 for i in p.indicators] == ["培训人次"]


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
def test_a_template_row_s_label_after_an_empty_reason_is_no_reason(tmp_path, rendering):
    """成本指标 | …… after a row whose 偏差原因 is empty: text that lost its table drops the empty cell, and the
    Ministry category name is the template row's label, never the row above's reason."""
    from builders import table_text
    text = table_text([("产出指标", "时效指标", "办理时限", "3个工作日以内", "2.5个工作日", "50", "50", ""),
                       ("", "成本指标", "……", "", "", "", "", ""),
                       ("效益指标", "社会效益指标", "群众满意度", "≥90%", "95%", "40", "40", "")])
    src = tmp_path / "t.txt"
    src.write_text(rendered([line.split("\t") for line in text.splitlines()], rendering), encoding="utf-8")
    got = read(src).indicators[["level2", "level3", "deviation_reason"]].fillna("")
    assert [tuple(r) for r in got.itertuples(index=False)] == [
        ("时效指标", "办理时限", ""), ("社会效益指标", "群众满意度", "")]


def _run(tmp_path: Path, text: str, *extra: str) -> tuple[int, Path]:
    src = tmp_path / "t.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    return main(["run", str(src), "--out", str(out), "--quiet", "--no-cache", *extra]), out


@pytest.mark.parametrize("body,where,what", [
    ("forms:\n  mine:\n    kind: city\n", 3, "kind must be one of project, department"),
    ("forms:\n  mine:\n    titles: 自评表\n", 3, "titles must be a list of words"),
    ("forms:\n  ministry:\n    colour: red\n", 3, "unknown key 'colour'"),
    ("defaults:\n  funds: maybe\n", 2, "funds must be true or false"),
    ("forms:\n  score_sheet:\n    skip: {index: many}\n", 3, "skip of 'index': must be a number"),
    ("forms:\n  score_sheet:\n    skip: {colour: 1}\n", 3, "skip of 'colour': not a declared indicator column"),
    ("columns:\n  indicators:\n    weight: {holds: cash}\n", 3, "holds must be one of money"),
    ("columns:\n  indicators:\n    colour: {holds: text}\n", 3, "indicators has no column 'colour'"),
    ("columns:\n  indicators:\n    level3:\n      skip: never\n", 4, "skip must be a number"),
    ("columns:\n  budget:\n    total: {holds: money}\n", 3, "unknown block 'budget'"),
])
def test_a_broken_declaration_is_refused_at_start(tmp_path, capsys, body, where, what):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "forms.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"forms.yaml:{where}: .*{what}"):
        Catalogue(rules)
    code, _ = _run(tmp_path, DEPARTMENT, "--rules", str(rules))
    assert code == 2 and f"forms.yaml:{where}:" in capsys.readouterr().err


def test_a_title_that_ends_in_a_new_word_names_the_form(tmp_path):
    """The form's name is cut from the title by the declared title words (评价表 is no bundled ending)."""
    text = ("2023年度资金绩效评价表\n项目名称\t示范项目\n主管部门\t某局\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
            "产出指标\t数量指标\t培训人次\t≥100人次\t100人次\t90\t88\t\n")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "forms.yaml").write_text("forms:\n  fund_table:\n    titles: [资金绩效评价表]\n", encoding="utf-8")
    with active(Settings(catalogue=Catalogue(rules))):
        (p,) = projects(text)
    assert p.form == "资金绩效评价表"


def test_what_a_column_holds_is_declared_once(tmp_path):
    """`columns` in forms.yaml drives the grid reader: criteria may be printed twice (joined) as declared;
    declared once, the column named by the longer alias keeps the role."""
    text = ("部门整体支出绩效评价自评表\n序号\t一级指标\t二级指标\t三级指标\t指标分值\t指标解释\t评分标准\t自评得分\n"
            "1\t决策 (20分)\t目标设定 (20分)\t目标合理性\t20\t是否合理。\t合理得20分\t20\n合计\t\t\t\t20\t\t\t20\n")
    (p,) = projects(text)
    assert p.indicators[0].criteria == "是否合理。\n合理得20分"
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "forms.yaml").write_text("columns:\n  indicators:\n    criteria: {many: false}\n", encoding="utf-8")
    with active(Settings(catalogue=Catalogue(rules))):
        (p,) = projects(text)
    assert p.indicators[0].criteria in ("是否合理。", "合理得20分")


def test_a_form_added_by_yaml_alone(tmp_path):
    """A form jixiao does not ship (a made-up 资金绩效自评表 with its total printed in the header as
    考核总分) becomes readable with a forms.yaml entry and a headers.yaml word, no Python."""
    text = ("资金绩效自评表\n项目名称\t示范项目\t考核总分\t88\n主管部门\t某局\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
            "产出指标\t数量指标\t培训人次\t≥100人次\t100人次\t90\t88\t\n")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "forms.yaml").write_text(
        "forms:\n  fund_table:\n    titles: [资金绩效自评表]\n    total: header\n    total_labels: [考核总分]\n",
        encoding="utf-8")
    (p,) = projects(text)
    assert p.total_score is None  # the bundled forms know no 考核总分
    catalogue = Catalogue(rules)
    with active(Settings(catalogue=catalogue)):
        (p,) = projects(text)
    assert (p.total_score, p.traits.total_in_header) == (88.0, True)


@pytest.fixture(scope="module")
def forms_dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("forms") / "out"
    files = [FORMS_DEV / f"{n}{ext}" for n in DEV_TABLES for ext in GRID_BACKENDS]
    assert main(["run", *map(str, files), "--out", str(out), "--quiet", "--no-cache"]) == 0
    return out


@pytest.mark.skipif(not FORMS_DEV.exists(), reason="../shared/corpus/dev/forms is not beside this clone")
@pytest.mark.parametrize("name", [f"{n}{ext}" for n in DEV_TABLES for ext in GRID_BACKENDS])
def test_dev_forms_exact(forms_dataset, name):
    report = score(forms_dataset, FORMS_DEV / f"{name.split('.')[0].removesuffix('_borderless')}.json", name)
    assert report["accuracy"] == 1.0, report["wrong"]
    flags = report["flags"]
    assert flags["found"] == flags["expected"] and not flags["unexpected"], flags


CHONGQING = """2022年度部门整体支出绩效自评表
主管部门\t财政处室\t自评总分(分)\t部门联系人\t联系电话
某区民政局\t社保科\t95.35\t张三\t12345678
部门预算执行情况(万元)\t年初预算数\t全年(调整)预算数\t全年执行数\t执行率(%)\t执行率权重\t执行率得分(分)
\t1000.00\t1100.00\t1050.00\t95.45\t10\t9.55
年初绩效目标\t全年(调整)绩效目标\t全年目标实际完成情况
保障民生\t保障民生,加强救助\t完成救助任务
指标名称\t计量单位\t指标性质\t年初指标值\t调整指标值\t全年完成值\t得分系数(%)\t指标权重(分)\t指标得分(分)\t是否核心指标
低保对象人数\t人\t≥\t1000\t1100\t1150\t100\t30\t30\t是
救助及时率\t%\t≥\t95\t95\t96\t100\t30\t30\t否
群众满意度\t%\t≥\t90\t90\t88\t86\t30\t25.8\t否
新增救助点\t个\t≥\t\t5\t5\t100\t0\t0\t否
"""


def test_a_ratio_column_printed_as_fractions_is_in_percent():
    text = (CHONGQING.replace("得分系数(%)", "得分系数").replace("1150\t100\t30", "1150\t1\t30")
            .replace("96\t100\t30", "96\t1\t30").replace("88\t86\t30", "88\t0.86\t30")
            .replace("5\t5\t100\t0", "5\t5\t1\t0"))
    (p,) = projects(text)
    assert [i.score_ratio for i in p.indicators] == [100.0, 100.0, 86.0, 100.0]
    (p,) = projects(CHONGQING.replace("88\t86\t30", "88\t0.86\t30"))  # one fraction among percents: as printed
    assert [i.score_ratio for i in p.indicators] == [100.0, 100.0, 0.86, 100.0]


def test_chongqing_names_over_values_no_levels_and_ratio():
    (p,) = projects(CHONGQING)
    assert (p.form_kind, p.department, p.total_score, p.traits.total_in_header) == (
        "department", "某区民政局", 95.35, True)
    assert (p.goal_expected, p.goal_actual) == ("保障民生,加强救助", "完成救助任务")
    (total,) = p.funds
    assert (total.initial_budget, total.full_year_budget, total.executed, total.weight, total.score) == (
        1000.0, 1100.0, 1050.0, 10.0, 9.55)
    first = p.indicators[0]
    assert (first.level1, first.level2, first.target_raw, first.target_initial_raw, first.score_ratio, first.core) == (
        None, None, "≥1100人", "≥1000人", 100.0, True)
    added = p.indicators[-1]  # added during the year: no 年初指标值, its sign and unit are the 调整指标值's
    assert (added.target_raw, added.target_initial_raw) == ("≥5个", None)
    assert p.traits.level_columns is False


def test_chongqing_target_not_adjusted_printed_slash():
    """调整指标值 printed / (not adjusted), as publishers mark a cell that does not apply: the 年初指标值 holds."""
    (p,) = projects(CHONGQING.replace("≥\t95\t95\t96", "≥\t95\t/\t96"))
    row = p.indicators[1]
    assert (row.target_raw, row.target_initial_raw, row.achievement) == ("≥95%", "≥95%", "achieved")


@pytest.mark.parametrize("rendering", ["tab", "pipe", "flat", "lines"])
def test_chongqing_kind_in_the_sign_column_is_no_part_of_the_target(tmp_path, rendering):
    """定性 in 指标性质 (a qualitative row where others print ≥): the row's kind, not its comparator, and no value."""
    text = CHONGQING.replace("救助及时率\t%\t≥\t95\t95\t96", "救助机制\t\t定性\t逐步健全\t\t逐步健全")
    rows = [line.split("\t") for line in text.splitlines()]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    row = read(src).indicators.iloc[1]
    assert (row["target_raw"], row["target_initial_raw"], row["achievement"]) == ("逐步健全", "逐步健全", "achieved")


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
def test_chongqing_goal_without_its_adjusted_text(tmp_path, rendering):
    """全年(调整)绩效目标 left empty: of two texts under three goal columns, the second is the actual (always
    filled), in text that lost its table too."""
    rows = [line.split("\t") for line in CHONGQING.replace("保障民生\t保障民生,加强救助", "保障民生\t").splitlines()]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    assert read(src).projects[["goal_expected", "goal_actual"]].values.tolist() == [["保障民生", "完成救助任务"]]


HEBEI = """预算项目绩效自评表
(2022年度)
一、基本情况
项目名称:\t乡村振兴示范项目\t是否为专项资金:\t是
实施(主管)单位\t某县农业农村局\t\t\t金额单位:万元
二、预算执行情况
\t预算安排情况(调整后)\t资金到位情况\t资金执行情况\t预算执行进度(%)
\t预算数\t到位数\t执行数
合计\t200.00\t200.00\t190.00\t95.00
其中:财政资金\t200.00\t200.00\t190.00\t95.00
三、目标完成情况
年度预期目标\t具体完成情况\t总体完成率(%)
建设示范村5个\t建成示范村5个\t100
四、年度绩效指标完成情况
一级指标\t二级指标\t三级指标\t指标分值\t预期指标值\t\t\t单项指标实际完成值\t单项指标完成情况\t自评得分
\t\t\t\t符号\t值\t单位(文字描述)\t\t\t单项指标得分\t权重占比(%)\t单项指标折算得分
产出指标\t数量指标\t示范村数量\t30\t≥\t5\t个\t5\t完成\t30\t30\t9
效果指标\t社会效益指标\t带动农户数\t60\t≥\t500\t户\t520\t完成\t60\t60\t36
预算执行率\t\t\t10\t\t\t\t\t\t9.5\t10\t0.95
"""


def test_hebei_two_row_headers_and_the_budget_row():
    (p,) = projects(HEBEI)
    assert (p.project_name, p.implementing_unit, p.goal_expected, p.goal_actual, p.goal_rate) == (
        "乡村振兴示范项目", "某县农业农村局", "建设示范村5个", "建成示范村5个", 100.0)
    total = p.funds[0]
    assert (total.line, total.full_year_budget, total.received, total.executed, total.execution_rate) == (
        "total", 200.0, 200.0, 190.0, 95.0)
    assert (total.weight, total.score, total.weight_share, total.weighted_score) == (10.0, 9.5, 10.0, 0.95)
    got = [(i.level1, i.level3, i.target_raw, i.actual_raw, i.weight, i.score, i.completion, i.weight_share,
            i.weighted_score, i.deviation_reason) for i in p.indicators]
    assert got == [("产出指标", "示范村数量", "≥5个", "5", 30.0, 30.0, "完成", 30.0, 9.0, None),
                   ("效益指标", "带动农户数", "≥500户", "520", 60.0, 60.0, "完成", 60.0, 36.0, None)]
    assert not p.traits.prints_total



def test_a_dash_in_the_value_cell_leaves_the_text_description_as_the_target():
    """A qualitative Hebei row prints its target in 单位(文字描述); the 值 cell holds `——` (or the flattened text
    puts the 符号 cell's `——` there): the target is the words, as with an empty 值."""
    text = HEBEI.replace("效果指标\t社会效益指标\t带动农户数\t60\t≥\t500\t户\t520",
                         "效果指标\t社会效益指标\t人居环境\t60\t\t——\t明显改善\t明显改善")
    (p,) = projects(text)
    (row,) = [i for i in p.indicators if i.level3 == "人居环境"]
    assert (row.target_raw, row.target.kind, row.achievement) == ("明显改善", "qualitative", "achieved")


def test_a_header_s_labels_centred_over_its_two_lines_land_on_the_second():
    """A borderless table sets 一级指标 | 二级指标, centred over the header's two lines, on its second line (符号 |
    值 | 单位 …); the first line is a whole header without them: the second completes it, not replaces it."""
    text = HEBEI.replace("一级指标\t二级指标\t三级指标\t指标分值", "\t\t三级指标\t指标分值").replace(
        "\t\t\t\t符号\t值", "一级指标\t二级指标\t\t\t符号\t值")
    (p,) = projects(text)
    got = [(i.level1, i.level2, i.level3, i.target_raw, i.actual_raw, i.weight, i.completion) for i in p.indicators]
    assert got == [
        ("产出指标", "数量指标", "示范村数量", "≥5个", "5", 30.0, "完成"),
        ("效益指标", "社会效益指标", "带动农户数", "≥500户", "520", 60.0, "完成")]


TRANSFER = """中央对地方转移支付区域绩效目标自评表
(2021年度)
转移支付(项目)名称\t农村综合改革转移支付
中央主管部门\t财政部\t\t\t地方主管部门\t某县财政局
资金使用单位\t某县农业农村局
项目资金(万元)\t\t全年预算数(A)\t全年执行数(B)\t执行率(B/A)
\t年度资金总额\t500.00\t480.00\t96.00%
\t其中:中央补助\t400.00\t400.00\t100.00%
\t地方资金\t100.00\t80.00\t80.00%
总体目标完成情况\t总体目标\t\t\t全年实际完成情况
\t完成村级公益事业建设项目10个\t\t\t完成9个
一级指标\t二级指标\t三级指标\t指标值\t全年实际完成值\t未完成原因和改进措施
产出指标\t数量指标\t建设项目数\t≥10个\t9个\t一个项目延期
效益指标\t社会效益指标\t受益群众数\t≥5000人\t5200人
说明\t请在此处简要说明
"""


def test_transfer_payment_without_points():
    (p,) = projects(TRANSFER)
    # the local 主管部门 (the unit whose table it is, and the place), not the central ministry
    assert (p.project_name, p.department, p.implementing_unit) == (
        "农村综合改革转移支付", "某县财政局", "某县农业农村局")
    assert (p.goal_expected, p.goal_actual) == ("完成村级公益事业建设项目10个", "完成9个")
    assert [f.line for f in p.funds] == ["total", "central_subsidy", "local_funds"]
    assert [(i.level3, i.weight, i.deviation_reason) for i in p.indicators] == [
        ("建设项目数", None, "一个项目延期"), ("受益群众数", None, "")]
    assert p.traits.score_columns is False


def test_transfer_payment_goal_label_centred_on_the_text_row():
    """A borderless table centres 总体目标完成情况 on the goal texts, under the row of their columns."""
    text = TRANSFER.replace("总体目标完成情况\t总体目标\t\t\t全年实际完成情况\n\t完成村级",
                            "\t总体目标\t\t\t全年实际完成情况\n总体目标完成情况\t完成村级")
    (p,) = projects(text)
    assert (p.goal_expected, p.goal_actual) == ("完成村级公益事业建设项目10个", "完成9个")


def test_an_adjusted_goal_that_says_it_was_not_adjusted_leaves_the_initial_goal():
    for printed in ("无调整", "未调整", "/"):
        (p,) = projects(CHONGQING.replace("保障民生,加强救助", printed))
        assert p.goal_expected == "保障民生", printed


def test_city_table_common_indicators_and_header_total():
    text = ("市本级部门项目支出绩效自评表\n项目名称\t城市道路维护\t\t自评得分\t92.5\t财政审核评分\n"
            "一级指标\t二级指标\t三级指标\t参考分值\t指标值(A)\t全年实际值(B)\t得分\t未完成原因分析及改进措施\n"
            "项目决策(10分)\t项目目标\t目标明确性\t10\t—\t—\t10\n"
            "项目产出\t数量指标\t道路维护里程\t90\t≥20公里\t21公里\t82.5\n")
    (p,) = projects(text)
    assert (p.total_score, p.traits.total_in_header) == (92.5, True)
    assert [(i.level1, i.level1_points, i.level2) for i in p.indicators] == [
        ("项目决策", 10.0, "项目目标"), ("项目产出", None, "数量指标")]



def test_a_level2_label_named_as_the_goals_stays_in_the_indicators():
    """B6's 项目决策 groups 项目立项, 绩效目标, 资金投入: a 绩效目标 row with points is an indicator row, not the
    goals block (which prints no points)."""
    text = ("市本级部门项目支出绩效自评表\n项目名称\t城市道路维护\t\t自评得分\t92.5\t财政审核评分\n"
            "一级指标\t二级指标\t三级指标\t参考分值\t指标值(A)\t全年实际值(B)\t得分\t未完成原因分析及改进措施\n"
            "项目决策(10分)\t项目立项\t立项依据充分性\t5\t—\t依据充分\t5\n"
            "\t绩效目标\t绩效目标合理性\t5\t—\t目标合理\t4\t指标未细化\n"
            "项目产出\t数量指标\t道路维护里程\t90\t≥20公里\t21公里\t82.5\n")
    (p,) = projects(text)
    assert [(i.level1, i.level2, i.level3) for i in p.indicators] == [
        ("项目决策", "项目立项", "立项依据充分性"), ("项目决策", "绩效目标", "绩效目标合理性"),
        ("项目产出", "数量指标", "道路维护里程")]
    assert p.goal_expected is None


LEVEL_SCORES = [["2019年度部门整体支出绩效评价得分表"],
                ["序号", "一级指标", "得分", "二级指标", "得分", "三级指标", "分值", "评分标准", "得分"],
                ["1", "投入(20分)", "18", "目标设定(8分)", "7", "绩效目标合理性", "4", "目标合理得4分。", "4"],
                ["2", "", "", "", "", "绩效指标明确性", "4", "指标明确得4分。", "3"],
                ["3", "", "", "预算配置(12分)", "11", "在职人员控制率", "6", "控制率≤100%得6分。", "6"],
                ["4", "", "", "", "", "三公经费变动率", "6", "变动率≤0得6分。", "5"],
                ["5", "产出(80分)", "76", "职责履行(80分)", "76", "重点工作完成率", "80", "完成率×80分。", "76"],
                ["合计", "", "", "", "", "", "100", "", "94"]]


@pytest.mark.parametrize("rendering", TEXT_RENDERINGS)
def test_score_sheet_with_a_score_after_each_level(tmp_path, rendering):
    """FORMS.md A4: 一级指标 | 得分 | 二级指标 | 得分 | 三级指标 | 分值 | … | 得分 — the scores after a level's label
    are the level's; the indicator's score is the one after its 三级指标 (tab, and text that lost its table)."""
    src = tmp_path / "t.txt"
    src.write_text(rendered(LEVEL_SCORES, rendering), encoding="utf-8")
    ds = read(src)
    got = ds.indicators[["level1", "level1_points", "level2", "level2_points", "level3", "weight", "score"]]
    assert [tuple(r) for r in got.itertuples(index=False)] == [
        ("投入", 20.0, "目标设定", 8.0, "绩效目标合理性", 4.0, 4.0),
        ("投入", 20.0, "目标设定", 8.0, "绩效指标明确性", 4.0, 3.0),
        ("投入", 20.0, "预算配置", 12.0, "在职人员控制率", 6.0, 6.0),
        ("投入", 20.0, "预算配置", 12.0, "三公经费变动率", 6.0, 5.0),
        ("产出", 80.0, "职责履行", 80.0, "重点工作完成率", 80.0, 76.0)]
    assert ds.projects[["total_weight", "total_score"]].values.tolist() == [[100.0, 94.0]]
    assert ds.flags.empty

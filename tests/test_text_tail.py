"""Text that lost its table (pipe/flat/lines): the decisions behind the generalisation harness's mutations
(issue 21) — a cell's column first, its shape second."""
import pytest
from builders import rendered

from jixiao import read
from jixiao.extract.text import regroup
from jixiao.extract.text.tokens import Token, stream

HEADER = ["level1", "level2", "level3", "target", "actual", "weight", "score", "deviation"]
FUND_COLS = ["initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score"]


def decode(cells: str, header: list[str] = HEADER, fund_weight: float = 0.0) -> list[tuple[str, ...]]:
    return regroup.decode_rows([Token(c) for c in cells.split()], header, fund_weight)


def test_a_table_that_scored_nothing_keeps_its_bare_actuals_as_actuals():
    rows = decode("产出指标 数量指标 放映场次 ≥1200场 1236 培训人数 ≥150人 210 送戏场次 ≥60场 52 "
                  "效益指标 社会效益指标 群众满意度 ≥90% 94")
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("放映场次", "≥1200场", "1236", "", ""), ("培训人数", "≥150人", "210", "", ""),
        ("送戏场次", "≥60场", "52", "", ""), ("群众满意度", "≥90%", "94", "", "")]


def test_weights_that_add_up_to_100_keep_a_table_without_scores_scored():
    rows = decode("产出指标 数量指标 覆盖率 =100% 60 效益指标 社会效益指标 保障率 =100% 30", fund_weight=10)
    assert [(r[4], r[5]) for r in rows] == [("", "60"), ("", "30")]


def test_a_zero_after_points_in_a_fixed_format_is_the_reason():
    rows = decode("产出指标 数量指标 保障人数 ≥0.86万人 0.91万人 10.00 10.00 0 供养人数 433人 10.00 10.00 0 "
                  "救助人次 ≥1500人次 1800人次 5.00 5.00 0 质量指标 发放率 100% 10.00 10.00 0")
    assert rows[1][2:] == ("供养人数", "", "433人", "10.00", "10.00", "0")
    assert rows[3][2:] == ("发放率", "", "100%", "10.00", "10.00", "0")


def test_labels_and_sentences_stay_out_of_the_values():
    rows = decode("产出指标 数量指标 回收利用率 ≥35% 32% 部分村回收网点建设滞后，将加快网点布设。 "
                  "时效指标 兑付及时性 及时 及时 无", HEADER[:5] + ["deviation"])
    assert rows == [("产出指标", "数量指标", "回收利用率", "≥35%", "32%", "部分村回收网点建设滞后，将加快网点布设。"),
                    ("", "时效指标", "兑付及时性", "及时", "及时", "无")]


def test_a_level2_name_before_a_level3_row_continues_the_level1_above():
    under = decode("产出指标 数量指标 管网长度 ≥10公里 12公里 成本指标 建设成本 ≤920万元 874万元", HEADER[:5])
    assert under[1][:3] == ("", "成本指标", "建设成本")
    own = decode("产出指标 数量指标 管网长度 ≥10公里 12公里 成本指标 经济成本指标 建设成本 ≤920万元 874万元",
                 HEADER[:5])
    assert own[1][:3] == ("成本指标", "经济成本指标", "建设成本")


def test_fund_points_are_out_of_100_and_a_slipped_rate_is_still_the_rate():
    assert regroup.place_fund_values(["1,860.00", "1,860.00", "1,860.00", "100.00"], FUND_COLS, True) == [
        "1,860.00", "1,860.00", "1,860.00", "", "100.00", ""]
    # 204.70 / 210.00 = 97.48 %, printed 97.84: a FUND_RATE error, still under 执行率
    assert regroup.place_fund_values(["180.00", "210.00", "204.70", "97.84"], FUND_COLS, True) == [
        "180.00", "210.00", "204.70", "", "97.84", ""]


def test_lines_under_the_total_that_print_as_many_values_print_the_same_columns():
    lines = [["1050.00", "1296.50", "1262.36"], ["50.00", "70.00", "140.00"], ["200.00", "250.00", "240.00"],
             ["900.00", "980.20", "976.40"]]
    # alone, 50 | 70 | 140 reads as budget, executed and a rate of 140 %; its siblings say 年初 | 全年 | 执行
    assert regroup.place_fund_values(lines[1], FUND_COLS, False) == ["", "50.00", "70.00", "", "140.00", ""]
    assert regroup.place_fund_lines(lines, FUND_COLS, False) == [v + ["", "", ""] for v in lines]


def test_an_empty_adjusted_target_leaves_the_initial_one_and_the_points_in_their_columns():
    header = ["level3", "target_unit", "target_op", "target_initial", "target", "actual", "score_ratio", "weight",
              "score", "core"]
    rows = decode("结案率 % ≥ 95 95 93.1 98 10 9.8 否 亮灯率 % ≥ 98 98.6 100 10 10 否 "
                  "整治成效 成效明显 成效明显 成效明显 100 10 10 否", header)
    assert rows[1] == ("亮灯率", "%", "≥", "98", "", "98.6", "100", "10", "10", "否")
    assert rows[2] == ("整治成效", "", "", "成效明显", "成效明显", "成效明显", "100", "10", "10", "否")


def test_a_flat_sign_and_unit_symbol_part_from_their_value_where_they_have_columns():
    header = ["level1", "level2", "level3", "target_op", "target", "target_unit", "actual", "weight", "score"]
    cells = ["产出指标", "数量指标", "覆盖率", "= 100 %", "60", "效益指标", "社会效益指标", "保障率", "= 100 %", "30"]
    rows = regroup.decode_rows([Token(c, flat=True) for c in cells], header, 10.0)
    assert rows[0] == ("产出指标", "数量指标", "覆盖率", "=", "100", "%", "", "60", "")


def test_a_unit_word_after_a_bare_number_is_its_unit_when_the_actual_is_empty():
    """度量单位 is a column and 完成值 was left empty: 30 公斤 is the target and its unit, not target and actual."""
    header = ["level1", "level2", "level3", "target_op", "target", "target_unit", "actual", "weight", "score",
              "deviation"]
    rows = decode("效益指标 经济效益指标 亩均增产 ≥ 30 公斤 20 12 测产数据尚待审定。 亩均节本 ≥ 50 元 56 10 10", header)
    assert rows == [("效益指标", "经济效益指标", "亩均增产", "≥", "30", "公斤", "", "20", "12", "测产数据尚待审定。"),
                    ("", "", "亩均节本", "≥", "50", "元", "56", "10", "10", "")]


def test_the_numbers_of_running_text_stay_in_their_reason():
    reason = "四普工作刚开始，认定工作在 2025 年 6 月完成，已上报 14 处线索。"
    pieces = f"产出指标 数量指标 文物认定 ≥1处 0处 {reason} 保险符合率 =100% 100%"
    rows = regroup.decode_rows([Token(w, flat=True) for w in pieces.split()], HEADER[:5] + ["deviation"])
    assert rows == [("产出指标", "数量指标", "文物认定", "≥1处", "0处", reason),
                    ("", "", "保险符合率", "=100%", "100%", "")]


def test_a_second_header_row_goes_under_the_first_row_cells_it_splits():
    run = [("一级指标", "level1"), ("三级指标", "level3"), ("指标分值", "weight"), ("预期指标值", "target"),
           ("实际完成值", "actual"), ("自评得分", "score"), ("符号", "target_op"), ("值", "target"),
           ("单位(文字描述)", "target_unit"), ("单项指标得分", "score"), ("权重占比(%)", "weight_share"),
           ("单项指标折算得分", "weighted_score")]
    assert regroup.merge_header(run) == [
        ("一级指标", "level1"), ("三级指标", "level3"), ("指标分值", "weight"), ("符号", "target_op"),
        ("预期指标值 值", "target"), ("单位(文字描述)", "target_unit"), ("实际完成值", "actual"),
        ("单项指标得分", "score"), ("权重占比(%)", "weight_share"), ("单项指标折算得分", "weighted_score")]


def test_a_funds_header_on_two_rows_reads_as_the_row_its_values_stand_under():
    cells = ("2023年度预算项目绩效自评表 项目名称: 示范区建设 二、预算执行情况 "
             "预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%) 预算数 到位数 执行数 "
             "年度资金总额 500.00 480.00 486.30 97.26 年度预期目标 具体完成情况 总体完成率(%) "
             "完成12个示范村整治。 完成12个示范村整治，全部合格。 96.5").split()
    rows = regroup.rows([Token(c) for c in cells])
    assert ("二、预算执行情况", "预算数", "到位数", "执行数", "预算执行进度(%)") in rows
    assert ("年度资金总额", "500.00", "480.00", "486.30", "97.26") in rows
    assert rows[-1][-1] == "96.5"  # 总体完成率: a decimal number, not a list's 96. item


def test_level2_labels_with_their_points_are_level2_labels():
    rows = decode("产出指标(50分) 数量指标(20分) 覆盖学校数 ≥86所 86所 10 10 参与人数 ≥5万人 5.3万人 10 10 "
                  "质量指标(10分) 参与率 ≥90% 92% 10 10 成本指标(10分) 补助标准 ≤300元 300元 10 10", HEADER[:7])
    assert [r[:3] for r in rows] == [("产出指标(50分)", "数量指标(20分)", "覆盖学校数"), ("", "", "参与人数"),
                                     ("", "质量指标(10分)", "参与率"), ("", "成本指标(10分)", "补助标准")]


def test_a_table_with_weights_but_no_scores_keeps_a_zero_reason_a_reason():
    rows = decode("产出指标 数量指标 种植面积 ≥62万亩 62.4万亩 30 无 免疫数量 ≥180万头 186万头 20 无 "
                  "质量指标 监测合格率 ≥98% 99.2% 20 0 效益指标 社会效益指标 播种面积 稳定 稳定 20 无", fund_weight=10)
    assert [(r[5], r[6], r[7]) for r in rows] == [("30", "", "无"), ("20", "", "无"), ("20", "", "0"), ("20", "", "无")]


def test_a_table_with_weights_but_no_scores_keeps_its_rows_apart_from_a_reason():
    """得分 empty on every row and one reason printed: a scored reading saves leaving 得分 empty by gluing the
    rows after the reason into it; the reading without 得分 places every weight, and they add up to 100."""
    rows = decode("产出指标 数量指标 改善学校数 ≥12所 12所 30 校舍面积 ≥1.8万平方米 1.72万平方米 30 "
                  "2所学校因规划调整延期开工。 设备数量 ≥1500台 1520台 20 效益指标 社会效益指标 巩固率 ≥99% 99.6% 10",
                  fund_weight=10)
    assert [(r[2], r[5], r[6], r[7]) for r in rows] == [
        ("改善学校数", "30", "", ""), ("校舍面积", "30", "", "2所学校因规划调整延期开工。"),
        ("设备数量", "20", "", ""), ("巩固率", "10", "", "")]


@pytest.mark.parametrize("rendering", ["flat", "lines"])
def test_a_year_printed_above_the_title_is_the_tables(tmp_path, rendering):
    rows = [["2022年度"], ["项目支出绩效自评表"], ["项目名称", "测试项目"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "90", "90"], ["总分", "90", "90"]]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    assert read(src).projects["year"].tolist() == [2022]


@pytest.mark.parametrize("rendering", ["tab", "flat", "lines"])
def test_a_labelled_year_line_under_the_title_is_the_tables(tmp_path, rendering):
    """自评年度：2021年度 (the year printed nowhere else), 评价年度:2020 without 年."""
    for line, year in (("自评年度：2021年度", 2021), ("评价年度:2020", 2020)):
        rows = [["项目支出绩效自评表"], [line], ["项目名称", "测试项目"],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                ["产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "90", "90"], ["总分", "90", "90"]]
        src = tmp_path / "t.txt"
        src.write_text(rendered(rows, rendering), encoding="utf-8")
        assert read(src).projects["year"].tolist() == [year], line


@pytest.mark.parametrize("rendering", ["tab", "pipe", "flat", "lines"])
def test_a_score_sheet_with_its_grade_in_the_header_is_read(tmp_path, rendering):
    """部门名称 | … | 自评得分 | 84.7 | 自评等级 | 良 above the indicators: the grade does not close the table there;
    a cell opening with a Chinese quote (“三公经费”控制率) after a CJK cell is a cell of its own."""
    rows = [["2017年度部门整体支出绩效评价自评表"],
            ["部门名称", "某县农业委员会", "自评得分", "84.7", "自评等级", "良"],
            ["一级指标", "二级指标", "三级指标", "指标分值", "评分标准", "自评得分"],
            ["部门决策(20分)", "目标设定", "绩效目标合理性", "20", "目标依据充分得20分。", "18"],
            ["部门管理(80分)", "资金管理", "“三公经费”控制率", "80", "不超过预算得80分。", "66.7"]]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    data = read(src)
    assert data.projects[["total_score", "grade"]].values.tolist() == [[84.7, "良"]]
    assert data.indicators[["level2", "level3"]].values.tolist() == [["目标设定", "绩效目标合理性"],
                                                                    ["资金管理", "“三公经费”控制率"]]


def test_a_comparator_word_as_a_target_in_words_is_the_target_not_a_sign():
    """A3 (计量单位 | 指标性质 | 年初 | 调整 | 完成): a row whose 年初指标值 and 全年完成值 are both the word 高于
    (计量单位, 指标性质 and 调整 empty) beside rows with a sign before a number; the sign column holds a sign before
    a number."""
    header = ["level3", "target_unit", "target_op", "target_initial", "target", "actual", "score_ratio", "weight",
              "score", "core"]
    rows = decode("农村居民收入增长率 % ≥ 6.5 6.8 100 3 3 否 脱贫人口收入增幅高于全县平均 高于 高于 100 3 3 否 "
                  "村集体经营收益占比 % ≥ 60 63.5 100 4 4 否", header)
    assert [r[:6] for r in rows] == [("农村居民收入增长率", "%", "≥", "6.5", "", "6.8"),
                                     ("脱贫人口收入增幅高于全县平均", "", "", "高于", "", "高于"),
                                     ("村集体经营收益占比", "%", "≥", "60", "", "63.5")]


def test_level2_labels_of_another_form_with_their_points_are_level2_labels():
    """Beijing's B6: 项目管理(20分) | 资金管理(10分) | 资金到位率: a label with its points after a level-1 label is the
    level-2 label (not the level-1, the one before it going to the reason above); one alone before its level-1
    group's rows reach the group's points is the group's next level-2."""
    header = ["level1", "level2", "level3", "weight", "target", "actual", "criteria", "score", "deviation"]
    rows = decode("项目决策(10分) 项目目标(4分) 绩效目标明确性 4 — 目标明确 定性指标按三档评分。 4 决策过程(6分) "
                  "决策依据充分性 3 — 依据充分 定性指标按三档评分。 3 "
                  "决策程序规范性 3 — 程序规范 定性指标按三档评分。 3 "
                  "项目管理(20分) 资金管理(10分) 资金到位率 5 =100% 100% 达到得满分。 5 "
                  "预算执行率 5 ≥95% 97.4% 达到得满分。 5 "
                  "组织实施(10分) 制度执行有效性 10 — 执行有效 定性指标按三档评分。 10", header)
    assert [r[:3] for r in regroup.level2_by_points(rows, header)] == [
        ("项目决策(10分)", "项目目标(4分)", "绩效目标明确性"), ("", "决策过程(6分)", "决策依据充分性"),
        ("", "", "决策程序规范性"), ("项目管理(20分)", "资金管理(10分)", "资金到位率"), ("", "", "预算执行率"),
        ("", "组织实施(10分)", "制度执行有效性")]


@pytest.mark.parametrize("rendering", ["tab", "pipe", "flat", "lines"])
def test_a_header_printed_again_inside_the_table_is_no_row(tmp_path, rendering):
    """A long table's header repeated at a page's top (Word's 重复标题行), the merged labels going on blank below it:
    the rows after it read as before it, and no reason takes the header's words."""
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    rows = [["项目支出绩效自评表"], ["项目名称", "测试项目"], header,
            ["产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "30", "30", "已完成。"], header,
            ["", "", "覆盖学校", "≥12所", "12所", "30", "30"],
            ["", "质量指标", "合格率", "≥92%", "93.4%", "30", "30"], ["总分", "", "", "", "", "90", "90"]]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    got = read(src).indicators[["level1", "level2", "level3", "target_raw", "actual_raw", "deviation_reason"]]
    assert got.fillna("").values.tolist() == [
        ["产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "已完成。"],
        ["产出指标", "数量指标", "覆盖学校", "≥12所", "12所", ""],
        ["产出指标", "质量指标", "合格率", "≥92%", "93.4%", ""]]


def test_a_level_label_after_an_empty_actual_is_the_next_row_s_label():
    rows = decode("产出指标 数量指标 管网长度 ≥10公里 12公里 时效指标 完工及时率 =100% "
                  "成本指标 建设成本 ≤920万元 874万元", HEADER[:5])
    assert rows[1:] == [("", "时效指标", "完工及时率", "=100%", ""),
                        ("", "成本指标", "建设成本", "≤920万元", "874万元")]


def test_a_score_sheet_s_bare_level_points_before_a_long_name_stay_with_their_label():
    """1 部门决策(25) 目标任务 15 …: a level-2 label's bare points, before a 三级指标 of more than eight characters."""
    header = ["index", "level1", "level2", "level3", "weight", "criteria", "score"]
    rows = decode("1 部门决策(25) 目标任务 15 绩效目标合理性 8 合理得8分。 8 2 部门绩效(75) 履职成效 75 "
                  "重点工作任务完成率 75 完成率×75分。 70", header)
    assert [r[:5] for r in rows] == [("1", "部门决策(25)", "目标任务 15", "绩效目标合理性", "8"),
                                     ("2", "部门绩效(75)", "履职成效 75", "重点工作任务完成率", "75")]


def test_a_first_group_under_a_level1_label_no_form_names_keeps_its_level2_labels():
    """部门管理 (a department table's own level-1 word) over one-row groups: its level-2 labels are labels, not
    the reasons of the rows above, and the first row keeps its level-1 label."""
    rows = decode("部门管理 财务管理 “三公”经费控制率 ≤100% 92.3% 5 5 资产管理 固定资产利用率 ≥90% 95% 5 5 "
                  "产出指标 数量指标 抽检批次 ≥2400批次 2460批次 90 90")
    assert [r[:3] + r[-1:] for r in rows] == [("部门管理", "财务管理", "“三公”经费控制率", ""),
                                             ("", "资产管理", "固定资产利用率", ""),
                                             ("产出指标", "数量指标", "抽检批次", "")]


def test_a_first_row_whose_level1_label_was_printed_mid_group_is_read_as_before():
    """Text taken from a PDF prints a centred level-1 label mid-group: no reading gives the first row one."""
    rows = decode("数量指标 放映场次 ≥1200场 1236场 20 20 产出指标 培训人数 ≥150人 210人 20 20")
    assert [r[:3] for r in rows] == [("", "数量指标", "放映场次"), ("产出指标", "", "培训人数")]


@pytest.mark.parametrize("rendering", ["tab", "pipe", "flat", "lines"])
def test_a_table_going_on_after_a_page_break_under_a_continued_mark(tmp_path, rendering):
    """续表 over the header printed again: no cell of the row above it, no row of its own."""
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    rows = [["项目支出绩效自评表"], ["项目名称", "测试项目"], header,
            ["产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "50", "50"], ["续表"], header,
            ["", "质量指标", "合格率", "=100%", "100%", "50", "50"], ["总分", "100", "100"]]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    assert read(src).indicators["level3"].tolist() == ["培训人次", "合格率"]


@pytest.mark.parametrize("rendering", ["pipe", "flat", "lines"])
def test_a_money_unit_run_on_to_the_label_before_it_and_points_printed_with_fen(tmp_path, rendering):
    """填报单位：…金额单位：元 in one cell (the space between them lost) sets the unit; 10分 | 9.90分 on a fund
    line are its 分值 and 得分."""
    rows = [["项目支出绩效自评表"], ["填报单位：某县残疾人联合会金额单位：元"], ["项目名称", "测试项目"],
            ["项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "1,000,000.00", "1,000,000.00", "990,000.00", "10分", "99.00%", "9.90分"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "90分", "90分"], ["总分", "100分", "99.9分"]]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    data = read(src)
    assert data.projects["money_unit"].tolist() == ["元"]
    total = data.funds[data.funds["line"] == "total"].iloc[0]
    assert (total["initial_budget"], total["weight"], total["score"]) == (100.0, 10.0, 9.9)


def test_a_lone_remark_that_opens_as_the_remarks_beside_reasons_do_is_a_remark():
    """偏差原因 | 备注 with empty cells dropped: 数据来源：… alone after the points opens as row 1's remark does."""
    header = HEADER + ["ignore"]
    rows = regroup.remarks_apart([
        ("产出指标", "数量指标", "整治街巷", "≥120条", "84条", "15", "10.5", "预算调减，顺延至次年。",
         "数据来源：台账"),
        ("", "", "停放区", "≥300处", "318处", "10", "10", "数据来源：现场核查", ""),
        ("", "", "达标率", "≥95%", "90%", "10", "9", "验收未通过两条。", "")], header)
    assert [(r[7], r[8]) for r in rows] == [("预算调减，顺延至次年。", "数据来源：台账"), ("", "数据来源：现场核查"),
                                            ("验收未通过两条。", "")]


def test_a_word_after_a_sign_and_number_is_the_actual_where_the_unit_column_stands_before_them():
    """A3: 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年完成值 — `个 | ≥ | 40 | 已完成`: 已完成 is no unit
    of 40."""
    header = ["level3", "target_unit", "target_op", "target_initial", "target", "actual", "score_ratio", "weight",
              "score", "core"]
    rows = decode("整治村 个 ≥ 40 已完成 100 6 6 否 疫情 起 = 0 0 100 5 5 否", header)
    assert [r[1:6] for r in rows] == [("个", "≥", "40", "", "已完成"), ("起", "=", "0", "", "0")]


@pytest.mark.parametrize("rendering", ["pipe", "flat", "lines"])
def test_numbered_goals_end_at_the_next_section_heading(tmp_path, rendering):
    """Goals listed 1.…；2.… and a heading after them (四、…, or 2.… whose number goes on no list of theirs)."""
    for heading in ("四、年度绩效指标完成情况", "2.项目实施内容及过程概述"):
        rows = [["项目支出绩效自评表"], ["项目名称", "测试项目"], ["年度预期目标", "具体完成情况"],
                ["1.培训100人次；2.建成基地1个；3.带动农户增收。", "1.培训120人次；2.建成基地1个；3.带动农户增收。"],
                [heading], ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "100", "100"], ["总分", "100", "100"]]
        src = tmp_path / "t.txt"
        src.write_text(rendered(rows, rendering), encoding="utf-8")
        assert read(src).projects["goal_actual"].tolist() == ["1.培训120人次；2.建成基地1个；3.带动农户增收。"], heading


@pytest.mark.parametrize("rendering", ["pipe", "flat", "lines"])
def test_an_unadjusted_goal_between_two_goal_texts(tmp_path, rendering):
    """年初绩效目标 | 全年(调整)绩效目标 | 全年目标实际完成情况 with 无调整 in the middle, in a flat line too."""
    rows = [["2022年度部门整体支出绩效自评表"], ["主管部门", "某区民政局"],
            ["年初绩效目标", "全年(调整)绩效目标", "全年目标实际完成情况"],
            ["保障 困难群众 基本生活", "无调整", "完成 救助 任务"],
            ["指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数(%)",
             "指标权重(分)", "指标得分(分)", "是否核心指标"],
            ["低保对象人数", "人", "≥", "1000", "", "1150", "100", "100", "100", "是"]]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    p = read(src).projects.iloc[0]
    assert (p["goal_expected"], p["goal_actual"]) == ("保障困难群众基本生活", "完成救助任务")


@pytest.mark.parametrize("rendering", ["tab", "pipe", "flat", "lines"])
def test_amounts_with_their_unit_in_brackets_and_a_grade_in_the_total_row(tmp_path, rendering):
    """360.00（万元） in the fund cells; 自评等级：优 in one cell of the 总分 row."""
    rows = [["项目支出绩效自评表"], ["项目名称", "测试项目"],
            ["项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "360.00（万元）", "360.00（万元）", "354.42（万元）", "10", "98.45%", "9.85"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "90", "90"],
            ["总分", "100", "99.85", "自评等级：优"]]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    data = read(src)
    total = data.funds[data.funds["line"] == "total"].iloc[0]
    assert (total["initial_budget"], total["executed"]) == (360.0, 354.42)
    assert data.projects["grade"].tolist() == ["优"]


def test_a_bar_between_two_printed_characters_is_the_cells_own():
    """（1-|决算数-预算数|÷预算数）: an absolute value inside a cell of `|` text, not two cell boundaries."""
    criterion = "准确率=（1-|决算数-预算数|÷预算数）×100%"
    cells = ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "部门决策", "预算编制", "准确性", "4",
             criterion, "3", "部门管理", "资金管理"]
    assert [t.text for t in stream(["| " + " | ".join(cells) + " |"])] == cells


@pytest.mark.parametrize("rendering", ["tab", "pipe", "lines"])
def test_a_head_label_and_its_value_in_one_cell(tmp_path, rendering):
    """项目名称：… and 自评得分：99.56 printed in one cell each (a line of two labels is not one)."""
    rows = [["项目支出绩效自评表"], ["项目名称：测试项目"], ["主管部门：某县林业和草原局", "自评得分：90"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "100", "90"]]
    src = tmp_path / "t.txt"
    src.write_text(rendered(rows, rendering), encoding="utf-8")
    p = read(src).projects.iloc[0]
    assert (p["project_name"], p["department"], p["total_score"]) == ("测试项目", "某县林业和草原局", 90.0)

"""Misreads in OCR'd rows are repaired only with evidence from the row, and always flagged."""
import pytest
from builders import BALANCED, table_text

from jixiao.core.grid import Grid, Row
from jixiao.core.vocabulary import WEIGHT_IN_LABEL, aliases
from jixiao.extract.text.reader import rows_from_lines
from jixiao.normalize.layout import read_tables
from jixiao.normalize.ocr_repair import closing_bracket, label_key, name_noise, repair, repair_amounts, text_noise
from jixiao.normalize.records import build
from jixiao.rules.engine import Engine


@pytest.mark.parametrize("target, actual, fixed_target, fixed_actual", [
    ("290%", "92%", "≥90%", "92%"),             # ≥ read as 2: 92 is far below 290, close to 90
    ("1O0%", "100%", "100%", "100%"),           # O for 0
    ("≥8O%", "85%", "≥80%", "85%"),
    ("=100%", "1OO%", "=100%", "100%"),
    ("l00%", "98%", "100%", "98%"),
    ("=100", "i00", "=100", "100"),              # i for 1
    ("M735人次", "800人次", "≥735人次", "800人次"),  # ≧ read as M
    ("Z50%", "55%", "≥50%", "55%"),
    ("≥.95%", "98%", "≥95%", "98%"),           # a speck read between the comparator and the number
    ("N95%", "98%", "≥95%", "98%"),             # ≥ read as N, V; ≧ as WN
    ("V3600公里", "3650公里", "≥3600公里", "3650公里"),
    ("二100%", "100%", "=100%", "100%"),         # = read as 二
    ("Ⅱ0起", "0起", "=0起", "0起"),
    ("≥8座", "8·座", "≥8座", "8座"),             # a speck read between a number and its unit
    ("≥500元", "500-", "≥500元", "500"),         # a rule or speck after the last digit
    ("_≥8个", "9个", "≥8个", "9个"),              # and before the comparator
    ("＜0.9%0", "0.2%o", "＜0.9‰", "0.2‰"),       # ‰ read as % and o or 0
    (">=3;200户", "3,260户", ">=3,200户", "3,260户"),  # a thousands comma read as a semicolon
    ("≥2,400册(件)", "2，，450册(件)", "≥2,400册(件)", "2,450册(件)"),  # or twice
    ("C=1,500元/户", "1,480元/户", "<=1,500元/户", "1,480元/户"),  # a typed <= with its < read as C
    ("IV90%", "92%", "≥90%", "92%"),             # ≥ read as IV
    ("IV90%", "", "≥90%", ""),                   # the actual empty: a letter before a rate is its comparator
    ("二100%", "—", "=100%", "—"),
    ("N95%", "按期完成", "≥95%", "按期完成"),
    ("≤120元/庙", "115元/庙", "≤120元/亩", "115元/亩"),  # 庙 in no unit: 亩, in both cells alike
    ("≥1500入", "1436人", "≥1500人", "1436人"),  # 入 in no unit: 人
])
def test_repairs_with_evidence(target, actual, fixed_target, fixed_actual):
    parts, repairs = repair({"target": target, "actual": actual})
    assert (parts["target"], parts["actual"]) == (fixed_target, fixed_actual) and repairs


@pytest.mark.parametrize("target, actual", [
    ("250人", "240人"),      # a real 250 target: the actual is close to it
    ("2次", "1次"),
    ("及时", "达成指标"),
    ("Ol次", "1次"),         # letters with no digit beside them are not a number
    ("M50人次", "及时"),      # no number in the actual to back ≥
    ("N95口罩", ""),          # nor a rate: a letter before a count may be a name's
    ("100%", "100%"),        # a missing comparator is not invented (the form may print none)
])
def test_no_repair_without_evidence(target, actual):
    parts, repairs = repair({"target": target, "actual": actual})
    assert (parts["target"], parts["actual"], repairs) == (target, actual, [])


@pytest.mark.parametrize("target, actual, weight, score, fixed", [
    ("W60万元", "58万元", "5", "5", "≤60万元"),    # ≤ read as W: met with full marks, the actual below
    ("WN8个", "9个", "10", "10.00", "≥8个"),       # ≧ read as WN: met, the actual above
    ("M45万元", "44.6万元", "5", "5", "≤45万元"),  # ≦ read as M
    ("W60万元", "58万元", "5", "4", "≥60万元"),     # not full marks: no evidence which, ≥ (the most printed)
    ("W8个", "8个", "5", "5", "≥8个"),              # the actual is the target: met either way
    ("W60万元", "58万元", "", "", "≥60万元"),       # no points printed
])
def test_ge_or_le_read_as_a_letter_is_the_one_full_marks_say(target, actual, weight, score, fixed):
    parts, repairs = repair({"target": target, "actual": actual, "weight": weight, "score": score})
    assert parts["target"] == fixed and repairs == [("年度指标值", target, fixed)]


@pytest.mark.parametrize("parts, fixed", [
    ({"target": "W5元", "actual": "5元", "weight": "8", "score": "8"}, "≤5元"),  # met either way
    ({"target": "M5元", "actual": "4.6元", "weight": "8", "score": "6"}, "≤5元"),  # marks not full
    ({"target": "W8%", "actual": ""}, "≤8%"),                                  # no actual
    ({"target": "W5元", "actual": "5.4元", "weight": "8", "score": "8"}, "≥5元"),  # full marks say ≥
])
def test_a_letter_in_a_cost_row_without_evidence_is_le(parts, fixed):
    assert repair(parts, likely="≤")[0]["target"] == fixed
    op_parts = {**parts, "target_op": parts["target"][0], "target": parts["target"][1:-1],
                "target_unit": parts["target"][-1]}
    assert repair(op_parts, likely="≤")[0]["target_op"] == fixed[0]


@pytest.mark.parametrize("op, target, actual, fixed", [
    ("M", "735", "800", "≥"),     # a split 年度指标值: 指标性质 / 指标值 / 度量单位
    ("≥ .", "95", "98", "≥"),
    ("≥", "95", "98", None),
    ("M", "及时", "达成指标", None),
    ("V", "95", "98", "≥"),
    ("二", "100", "100", "="),
    ("Ⅱ", "0", "0", "="),         # its two bars read as a Roman numeral's strokes
    ("III", "0", "0", "="),
])
def test_comparator_column(op, target, actual, fixed):
    parts, repairs = repair({"target_op": op, "target": target, "actual": actual})
    assert parts["target_op"] == (fixed or op)
    assert repairs == ([("指标性质", op, fixed)] if fixed else [])


@pytest.mark.parametrize("op, unit, actual, fixed", [
    ("IV", "%", "", "≥"),      # the actual empty: a letter before a rate is its comparator
    ("二", "%", "—", "="),
    ("N", "个", "", None),     # not before a count: no evidence
])
def test_comparator_column_without_an_actual_to_back_it(op, unit, actual, fixed):
    parts, repairs = repair({"target_op": op, "target": "90", "target_unit": unit, "actual": actual})
    assert parts["target_op"] == (fixed or op)
    assert repairs == ([("指标性质", op, fixed)] if fixed else [])


def test_comparator_column_read_as_a_letter_takes_the_full_marks_comparator():
    parts, _ = repair({"target_op": "W", "target": "45", "actual": "43", "weight": "10", "score": "10"})
    assert parts["target_op"] == "≤"
    parts, repairs = repair({"target_op": "M", "target": "45", "actual": "43", "weight": "10", "score": "8"})
    assert parts["target_op"] == "≥" and repairs == [("指标性质", "M", "≥")]


def test_per_mille_read_as_percent_and_o_in_a_unit_column():
    """A 度量单位 column of its own (符号 | 值 | 单位): ‰ read as %o there is ‰, flagged; a % stays."""
    parts, repairs = repair({"target_op": "≤", "target": "5", "target_unit": "%o", "actual": "2.8"})
    assert parts["target_unit"] == "‰" and repairs == [("度量单位", "%o", "‰")]
    assert repair({"target_op": "≤", "target": "5", "target_unit": "%", "actual": "2.8"})[1] == []


def test_weight_and_score_letters():
    parts, repairs = repair({"weight": "1O", "score": "l0.00"})
    assert (parts["weight"], parts["score"]) == ("10", "10.00") and len(repairs) == 2
    parts, repairs = repair({"weight": "l", "score": "I"})  # a lone stroke: a -, a / or a 1
    assert (parts["weight"], parts["score"], repairs) == ("l", "I", [])


def test_specks_at_the_ends_of_a_value_in_words_are_dropped_unflagged():
    parts, repairs = repair({"target": "及时", "actual": "，及时"})
    assert parts["actual"] == "及时" and not repairs
    assert repair({"target": "持续完善", "actual": "逐步完善，"})[0]["actual"] == "逐步完善"


def test_the_numbers_beside_the_points_and_the_funds_decimal_mark():
    parts, repairs = repair({"target": "≥1", "actual": "1", "weighted_score": "0:16", "weight": "io", "score": "l"})
    assert (parts["weighted_score"], parts["weight"], parts["score"]) == ("0.16", "10", "l")  # a lone l may be /
    assert {r[0] for r in repairs} == {"折算得分", "分值"}
    cells, repairs = repair_amounts({"executed": "1060,00", "full_year_budget": "1,060.00", "weight": "io"}, {})
    assert cells == {"executed": "1060.00", "full_year_budget": "1,060.00", "weight": "10"}  # 1060,00 is not 106000
    assert len(repairs) == 2
    # a speck before a stroke in an empty 得分 cell of a fund line is not made a score
    assert repair_amounts({"score": ".1"}, {}) == ({"score": ".1"}, [])


def test_a_placeholder_dash_read_as_one():
    parts, repairs = repair({"target": "一", "actual": "一", "weight": "10", "score": "10", "deviation": "一"})
    assert (parts["target"], parts["actual"], parts["deviation"], len(repairs)) == ("—", "—", "—", 3)
    parts, repairs = repair({"target": "一次", "actual": "一次", "deviation": "一是加强管理"})
    assert (parts["target"], parts["deviation"], repairs) == ("一次", "一是加强管理", [])


def ocr_grid(text: str, low: dict[str, float] | None = None) -> Grid:
    """The rows of a text table as if OCR had read them, every cell at confidence 0.95 (or `low`)."""
    rows = []
    for r in rows_from_lines(text.splitlines()):
        conf = tuple((low or {}).get(c, 0.95) if c.strip() else None for c in r.cells)
        rows.append(Row(r.cells, 1, r.break_before, conf))
    return Grid(rows, method="ocr", pages=1)


def test_ocr_flags():
    rows = [BALANCED[0], BALANCED[1], ("满意度指标", "服务对象满意度指标", "群众满意度", "290%", "92%", "10", "10", "")]
    (t,) = read_tables(ocr_grid(table_text(rows), low={"10": 0.41}))
    p = build(1, t)
    assert p.indicators[2].target_raw == "≥90%" and p.indicators[2].achievement == "achieved"
    flags = [(f.seq, f.rule_id, f.expected, f.observed) for f in Engine().check(p) if f.rule_id.startswith("OCR")]
    assert (3, "OCR_CORRECTED", "≥90%", "290%") in flags
    assert (3, "OCR_LOW_CONFIDENCE", "0.80", "分值 0.41、得分 0.41") in flags
    assert not [f for f in flags if f[0] in (1, 2)]


def test_a_letter_for_a_comparator_in_a_cost_row_reads_as_le_without_evidence():
    """The normalizer assumes ≤ in a 成本指标 row that prints no comparator; a ≤ read as a letter there, with
    nothing in the row to say which, is read the same way (elsewhere ≥)."""
    rows = [BALANCED[0], ("产出指标", "成本指标", "生均补助标准", "W5元", "5元", "10", "10", ""),
            ("产出指标", "质量指标", "达标率", "W5元", "5元", "10", "10", ""), *BALANCED[1:]]
    (t,) = read_tables(ocr_grid(table_text(rows)))
    assert [i.target_raw for i in build(1, t).indicators[1:3]] == ["≤5元", "≥5元"]


def test_rows_not_read_by_ocr_are_never_repaired():
    rows = [BALANCED[0], BALANCED[1], ("满意度指标", "服务对象满意度指标", "群众满意度", "290%", "92%", "10", "10", "")]
    (t,) = read_tables(Grid(rows_from_lines(table_text(rows).splitlines()), method="text"))
    assert build(1, t).indicators[2].target_raw == "290%"


@pytest.mark.parametrize("read, fixed", [
    ("1.项自年度目标完成情况", "1.项目年度目标完成情况"),  # 项目年度目标 · 年度目标完成情况: the goal header
    ("预期自标", "预期目标"),
    ("年度总体.目标", "年度总体目标"),  # a speck between two characters
    ("1.项自年度", "1.项自年度"),  # names nothing either way; the numbering's dot stays
    ("自评得分", "自评得分"),      # names 自评得分 as read, only 得分 "undone"
    ("自来水管网改造", "自来水管网改造"),  # names nothing either way
])
def test_a_misread_glyph_in_a_label_is_undone_only_where_it_names_more(read, fixed):
    assert label_key(read, aliases()) == fixed


def test_goal_labels_misread_by_ocr_still_head_the_goals():
    text = table_text(BALANCED).replace("年度总体目标\t预期目标", "年度总体自标\t预期自标")
    (t,) = read_tables(ocr_grid(text))
    p = build(1, t)
    assert (p.goal_expected, p.goal_actual) == ("完成年度任务", "已完成年度任务")


@pytest.mark.parametrize("read, fixed", [
    ("完成本年.\n工作任务。\n(2)通过", "完成本年\n工作任务。\n(2)通过"),  # a speck where a word wraps
    ("管理,\n不断健全", "管理,\n不断健全"),  # a comma at a line's end is printed
    ("工作任务.\n(2)通过", "工作任务.\n(2)通过"),  # a stop before a new item may be printed
    ("银行贷款.", "银行贷款."),  # and at the text's end
    ("集中供养率.46.3%，供养271.名", "集中供养率46.3%，供养271名"),  # beside a number inside a text
    ("每超1.个百分点扣0.5.分", "每超1个百分点扣0.5分"),
    ("通过验收，.社区卫生", "通过验收，社区卫生"),
    ("统计报表. 已整理", "统计报表. 已整理"),  # between two characters: some end a sentence so
    ("主要内容：1.完成；2.加强", "主要内容：1.完成；2.加强"),  # a list's numbers
    ("巩固率99.6%，≥95.5%", "巩固率99.6%，≥95.5%"),  # decimal points
    ("得分值的60%一 80%；未达成", "得分值的60%—80%；未达成"),  # a range's dash read as 一, a space beside it
    ("按DB44/2208- 2019", "按DB44/2208-2019"),
    ("管护公益林·82.6万亩", "管护公益林82.6万亩"),
    ("得分值的60%—\n80%", "得分值的60%—80%"),  # a range wrapped at its dash
    ("一是完成1一2项", "一是完成1—2项"),
    ("第一季度完成一半", "第一季度完成一半"),  # 一 between words is the numeral
])
def test_specks_where_a_word_wraps_or_beside_a_number_are_dropped_and_range_dashes_kept(read, fixed):
    assert text_noise(read) == fixed


def test_ocr_goal_text_loses_specks_where_a_word_wraps():
    grid = ocr_grid(table_text(BALANCED))
    grid.rows = [Row(tuple(c.replace("已完成年度任务", "已完成年.\n度任务") for c in r.cells), r.page, r.break_before,
                     r.confidence) for r in grid.rows]
    (t,) = read_tables(grid)
    assert build(1, t).goal_actual == "已完成年度任务"


def test_ocr_cells_lose_specks_beside_a_number_in_their_text():
    rows = [BALANCED[0], ("效益指标", "社会效益指标", "政策知晓率", "≥90%", "88%", "30", "25", "抽样调查.120.名群众"),
            BALANCED[2]]
    grid = ocr_grid(table_text(rows).replace("已完成年度任务", "已完成3.个年度任务"))
    (t,) = read_tables(grid)
    p = build(1, t)
    assert (p.goal_actual, p.indicators[1].deviation_reason) == ("已完成3个年度任务", "抽样调查120名群众")
    (t,) = read_tables(Grid(rows_from_lines(table_text(rows).splitlines()), method="text"))
    assert build(1, t).indicators[1].deviation_reason == "抽样调查.120.名群众"  # a text layer's, as printed


@pytest.mark.parametrize("read, fixed", [
    ("足额保障率(参保率", "足额保障率(参保率)"),
    ("培训(次)数(人", "培训(次)数(人)"),
    ("足额保障率(参保率)", None),  # closed
    ("满意度(", None),  # nothing in the bracket to close
    ("(a)b)(c", None),  # brackets that do not pair up as read
])
def test_a_level3_label_s_lost_closing_bracket(read, fixed):
    assert closing_bracket(read) == fixed


def test_a_lost_closing_bracket_is_flagged_in_ocr_rows_only():
    rows = [BALANCED[0], BALANCED[1],
            ("满意度指标", "服务对象满意度指标", "群众满意度(调查", "≥90%", "92%", "10", "10", "")]
    (t,) = read_tables(ocr_grid(table_text(rows)))
    p = build(1, t)
    assert p.indicators[2].level3 == "群众满意度(调查)"
    assert (3, "OCR_CORRECTED") in [(f.seq, f.rule_id) for f in Engine().check(p)]
    (t,) = read_tables(Grid(rows_from_lines(table_text(rows).splitlines()), method="text"))
    assert build(1, t).indicators[2].level3 == "群众满意度(调查"


def test_points_read_with_a_dash_lose_it():
    parts, repairs = repair({"weight": "-10", "score": "—9.5", "target": "-5%"})
    assert (parts["weight"], parts["score"], parts["target"]) == ("10", "9.5", "-5%") and len(repairs) == 2
    cells, repairs = repair_amounts({"weight": "-10", "executed": "-3.00", "score": "-"}, {})
    assert cells == {"weight": "10", "executed": "-3.00", "score": "-"} and len(repairs) == 1


@pytest.mark.parametrize("target, actual, fixed_target, fixed_actual", [
    ("≥3.5万人次", "3.72方人次", "≥3.5万人次", "3.72万人次"),   # the scale 万 read as 方
    ("≥110元/庙", "112元/亩", "≥110元/亩", "112元/亩"),         # 亩 read as 庙
    ("≥84元/人月", "86元/人·月", "≥84元/人·月", "86元/人·月"),   # the middle dot lost
    ("<0.9%", "0.2‰", "<0.9‰", "0.2‰"),                         # ‰ read without its small circle
    ("≥5万立方米", "6立方米", "≥5万立方米", "6立方米"),          # another unit: left
    ("≥5立方米", "6立万米", "≥5立方米", "6立万米"),              # 方 inside a unit is no scale: no evidence
])
def test_a_unit_misread_as_a_look_alike_takes_the_other_cell_s(target, actual, fixed_target, fixed_actual):
    parts, repairs = repair({"target": target, "actual": actual})
    assert (parts["target"], parts["actual"]) == (fixed_target, fixed_actual)
    assert len(repairs) == ((target, actual) != (fixed_target, fixed_actual))


@pytest.mark.parametrize("target, actual, fixed_target, fixed_actual", [
    (">80.00户", "8160户", ">8000户", "8160户"),          # a speck read as a point: 100 times off, near without
    ("≥6800人次", "71.20", "≥6800人次", "7120"),
    ("≥1.2万亩", "12560亩", "≥1.2万亩", "12560亩"),       # a real point: near as read (in base units)
    ("≥95%", "9.5%", "≥95%", "9.5%"),                     # a rate: 9.5% may be what was printed
    ("≥50", "5.20", "≥50", "5.20"),                       # ten times off: may be what was printed
    ("≥80.00户", "81.60户", "≥80.00户", "81.60户"),       # both with points: no evidence
])
def test_a_speck_read_as_a_decimal_point_in_a_count(target, actual, fixed_target, fixed_actual):
    parts, repairs = repair({"target": target, "actual": actual})
    assert (parts["target"], parts["actual"]) == (fixed_target, fixed_actual)
    assert len(repairs) == ((target, actual) != (fixed_target, fixed_actual))


@pytest.mark.parametrize("label, name, points", [
    ("产出指标(50分)", "产出指标", "50"), ("产出30分)", "产出", "30"), ("效益指标(15分.)", "效益指标", "15"),
    ("满意度指标(.10分)", "满意度指标", "10"), ("职责履行(30.分)", "职责履行", "30")])
def test_level_points_read_with_a_bracket_lost_or_a_speck(label, name, points):
    m = WEIGHT_IN_LABEL.search(label)
    assert m and next(g for g in m.groups() if g) == points and WEIGHT_IN_LABEL.sub("", label) == name


def test_a_sign_column_misread_is_repaired_against_the_initial_target_when_not_adjusted():
    """A3: 调整指标值 printed / leaves the 年初指标值 as the target; a ≥ read as N in 指标性质 is repaired
    against that target, in the target and in target_initial_raw."""
    from test_forms import CHONGQING  # (tests/test_forms.py)
    text = CHONGQING.replace("救助及时率\t%\t≥\t95\t95\t96", "救助及时率\t%\tN\t95\t/\t96")
    (t,) = read_tables(ocr_grid(text))
    row = build(1, t).indicators[1]
    assert (row.target_raw, row.target_initial_raw, row.achievement) == ("≥95%", "≥95%", "achieved")
    (t,) = read_tables(ocr_grid(text.replace("救助及时率\t%\tN\t", "救助及时率\t%\tIV\t")))
    assert build(1, t).indicators[1].target_raw == "≥95%"  # ≥ read as IV
    (t,) = read_tables(ocr_grid(text.replace("救助及时率\t%\tN\t95\t/\t96", "救助及时率\t%\tC=\t95\t/\t90")))
    assert build(1, t).indicators[1].target_raw == "<=95%"  # a typed <= with its < read as C


def test_a_head_value_cut_at_a_quote_s_blank_square_is_joined():
    """OCR of a borderless table: a full-width quote's ink stands at one side of its square, so the blank of
    the other side reads as a cell gap (2019年肃宁县农村 | “厕所革命” | 改厕项目); a project name is the cells
    joined at such marks, up to the next label.  A text layer's row keeps its cells as printed."""
    text = table_text(BALANCED, name="2019年肃宁县农村\t“厕所革命”\t改厕项目\t是否为专项资金\t是")
    (t,) = read_tables(ocr_grid(text))
    assert t.fields["project_name"] == "2019年肃宁县农村“厕所革命”改厕项目"
    (t,) = read_tables(ocr_grid(table_text(BALANCED, name="市级资金\t“以奖代补”项目\t主管部门\t市财政局")))
    assert t.fields["project_name"] == "市级资金“以奖代补”项目"
    (t,) = read_tables(Grid(rows_from_lines(text.splitlines()), method="text"))
    assert t.fields["project_name"] == "2019年肃宁县农村"


@pytest.mark.parametrize("read, printed", [
    ("农业产业发展资金（苹果矮化密植示范园建设.）", "农业产业发展资金（苹果矮化密植示范园建设）"),
    ("慈利县卫生健康局。", "慈利县卫生健康局"),
    ("2022 年马边彝族自治县茶叶基地项目", "2022年马边彝族自治县茶叶基地项目"),
    ("项目A 2号", "项目A 2号"),  # a space between letters and a number may be printed
])
def test_a_name_read_by_ocr_loses_what_the_scan_added(read, printed):
    assert name_noise(read) == printed

"""Reading target and actual cells: comparators, numbers, units, scales, ranges."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.normalize.achievement import achievement, restates, tier_of
from jixiao.normalize.values import QUAL, QUANT, base, parse, parse_amount, parse_number


@pytest.mark.parametrize("raw, op, value, unit, base_value, base_unit", [
    ("≥17.00(万人)", ">=", 17.0, "万人", 170000.0, "人"),
    ("=100.00(%)", "=", 100.0, "%", 100.0, "%"),
    ("≥50个", ">=", 50.0, "个", 50.0, "个"),
    ("不低于90%", ">=", 90.0, "%", 90.0, "%"),
    ("不少于12场", ">=", 12.0, "场", 12.0, "场"),
    ("大于等于3次", ">=", 3.0, "次", 3.0, "次"),
    ("90%以上", ">=", 90.0, "%", 90.0, "%"),
    ("≤5%", "<=", 5.0, "%", 5.0, "%"),
    ("≦5天", "<=", 5.0, "天", 5.0, "天"),
    ("不高于200元", "<=", 200.0, "元", 200.0, "元"),
    ("不超过3个工作日", "<=", 3.0, "个工作日", 3.0, "个工作日"),
    ("5天以内", "<=", 5.0, "天", 5.0, "天"),
    ("10万元以下", "<=", 10.0, "万元", 100000.0, "元"),
    ("═100%", "=", 100.0, "%", 100.0, "%"),
    ("＝0起", "=", 0.0, "起", 0.0, "起"),
    ("＞＝80％", ">=", 80.0, "%", 80.0, "%"),
    (">=95%", ">=", 95.0, "%", 95.0, "%"),
    (">0", ">", 0.0, None, 0.0, None),
    ("<3次", "<", 3.0, "次", 3.0, "次"),
    ("少于3次", "<", 3.0, "次", 3.0, "次"),  # 少于/不足/多于, and the 不少于 that contains one
    ("不足5%", "<", 5.0, "%", 5.0, "%"),
    ("多于10户", ">", 10.0, "户", 10.0, "户"),
    ("不多于3次", "<=", 3.0, "次", 3.0, "次"),
    ("≥12000.00 (次)", ">=", 12000.0, "次", 12000.0, "次"),
    ("1000.00(万 次)", None, 1000.0, "万次", 10000000.0, "次"),
    ("≥1,200人次", ">=", 1200.0, "人次", 1200.0, "人次"),
    ("≥100百分比", ">=", 100.0, "百分比", 100.0, "%"),  # unit as printed, base unit %
    ("≥100%(百分比)", ">=", 100.0, "%(百分比)", 100.0, "%"),
    ("≥90%(含)", ">=", 90.0, "%", 90.0, "%"),
    ("≥3.5万头（只）", ">=", 3.5, "万头(只)", 35000.0, "头(只)"),  # the unit's alternative is part of it
    ("≤12/10万", "<=", 12.0, "/10万", 12.0, "/10万"),  # a rate per so many (孕产妇死亡率): not scaled
    ("3.5人/1000人", None, 3.5, "人/1000人", 3.5, "人/1000人"),
    ("≤5天(以内)", "<=", 5.0, "天", 5.0, "天"),
    ("2.6亿元", None, 2.6, "亿元", 260000000.0, "元"),
    ("≥1.2万亩", ">=", 1.2, "万亩", 12000.0, "亩"),
    ("≤300元/人*月", "<=", 300.0, "元/人*月", 300.0, "元/人*月"),
    ("≥50元/人、天", ">=", 50.0, "元/人、天", 50.0, "元/人、天"),
    ("（≥17万人）", ">=", 17.0, "万人", 170000.0, "人"),  # a cell printed whole in parentheses
    ("(100%)", None, 100.0, "%", 100.0, "%"),
    ("≥ 17 （万人）", ">=", 17.0, "万人", 170000.0, "人"),
    ("735", None, 735.0, None, 735.0, None),
    ("每亩300", None, 300.0, "每亩", 300.0, "每亩"),
    ("每亩300元", None, 300.0, "元/亩", 300.0, "元/亩"),          # a rate printed round its number
    ("每亩不超过1.2万元", "<=", 1.2, "万元/亩", 12000.0, "元/亩"),
    ("每人每月500元", None, 500.0, "元/人/月", 500.0, "元/人/月"),
    ("100%（已完成）", None, 100.0, "%", 100.0, "%"),  # a remark in brackets, not the unit's
    ("8座（全部完工）", None, 8.0, "座", 8.0, "座"),
    ("5台(套)", None, 5.0, "台(套)", 5.0, "台(套)"),  # the unit's alternative is the unit's
])
def test_quantitative(raw, op, value, unit, base_value, base_unit):
    v = parse(raw)
    assert (v.kind, v.op, v.value, v.unit, v.base_value, v.base_unit) == (QUANT, op, value, unit, base_value, base_unit)
    assert not v.unparsed


@pytest.mark.parametrize("raw, lo, hi, unit", [
    ("90%-100%", 90.0, 100.0, "%"),
    ("90-100%", 90.0, 100.0, "%"),
    ("90%～100%", 90.0, 100.0, "%"),
    ("1-2万人", 1.0, 2.0, "万人"),
    ("±10%", -10.0, 10.0, "%"),
])
def test_ranges(raw, lo, hi, unit):
    v = parse(raw)
    assert (v.kind, v.op, v.value, v.value_max, v.unit) == (QUANT, "between", lo, hi, unit)
    assert v.base_value_max == base(hi, unit)[0]


@pytest.mark.parametrize("raw", ["及时", "达标", "合格", "效果明显", "显著提升", "是", "达成指标",
                                 "部分达成指标并具有一定效果", "2021年12月31日", "2024年12月底前完成", "2024-12-31",
                                 "(≥**人)", "★★★优",
                                 "12月底前", "6月30日前", "12月31日", "10月中旬前完成", "2022年12月31日前建立"])
def test_qualitative(raw):  # dates with no year too (12月底前 is not 12 of a unit 月底前)
    v = parse(raw)
    assert v.kind == QUAL and v.op is None and v.value is None and not v.unparsed


@pytest.mark.parametrize("raw", ["完成3项工作", "第1季度末", "3个月内完成验收", "≥90%且≤100%以上", "1/3"])
def test_unparsed_keeps_a_flag(raw):
    v = parse(raw)
    assert v.kind == QUAL and v.unparsed


@pytest.mark.parametrize("raw, unit", [("11月", "月"), ("3个月", "个月"), ("12月份", "月份")])
def test_a_month_alone_may_be_a_count(raw, unit):
    assert (parse(raw).kind, parse(raw).unit) == (QUANT, unit)


@pytest.mark.parametrize("raw", ["", "-", "—", "/", "  "])
def test_placeholders_are_empty(raw):
    assert parse(raw).kind is None


def test_wu_is_a_statement_in_a_value_cell_and_nothing_in_a_money_cell():
    assert parse("无").kind == QUAL  # SCHEMA.md actual_kind: only a sign alone is empty
    assert parse_amount("无") == (None, False)
    assert parse_number("无") is None


def test_amounts_and_scores():
    assert parse_amount("1,560.75") == (1560.75, False)
    assert parse_amount("3359.62万") == (3359.62, True)
    assert parse_amount("360.00（万元）") == (360.0, True)  # an amount with its unit in brackets
    assert parse_amount("12,864,000.00(元)") == (12864000.0, False)
    assert parse_amount("￥86,420,000.00") == (86420000.0, False)  # a currency sign before the number
    assert parse_amount("99.57%") == (99.57, False)
    assert parse_amount("-") == (None, False)
    assert parse_number("10.00") == 10.0
    assert parse_number("(50分)") == 50.0
    assert parse_number("100.00(%)") is None
    assert parse_number("达成指标") is None


COMPARATORS = {">=": ["≥", "≧", ">=", "＞＝", "不低于", "不少于"], "<=": ["≤", "≦", "<=", "不高于", "不超过"],
               "=": ["=", "═", "＝"], ">": [">"], "<": ["<"]}
UNITS = ["%", "人", "人次", "次", "个", "万人", "万元", "亿元", "天", "小时", "元/人*月", "km", "户"]


@given(op=st.sampled_from(sorted(COMPARATORS)), data=st.data(),
       value=st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
       unit=st.sampled_from(UNITS), parens=st.sampled_from(["", "()", "（）"]),
       space=st.sampled_from(["", " "]), thousands=st.booleans())
def test_roundtrip(op, data, value, unit, parens, space, thousands):
    word = data.draw(st.sampled_from(COMPARATORS[op]))
    number = f"{value:,.2f}" if thousands else f"{value:.2f}"
    shown = f"{parens[0]}{unit}{parens[1]}" if parens else unit
    v = parse(f"{word}{space}{number}{space}{shown}")
    assert v.kind == QUANT and v.op == op
    assert v.value == pytest.approx(float(value))
    assert v.unit == unit
    factor = {"万": 1e4, "亿": 1e8}.get(unit[0], 1)
    assert v.base_value == pytest.approx(float(value) * factor)
    assert v.base_unit == (unit[1:] if factor != 1 else unit)


@pytest.mark.parametrize("target, actual, restated", [
    ("及时", "及时", True),
    ("不发生", "未发生", True),                  # the target's 不 is the actual's 未: what was to be, was
    ("重大安全事故不发生", "重大安全事故未发生", True),
    ("不发生", "发生", False),
    ("不发生", "未发生1起", False),
    ("及时", "不及时", False),
    ("建立", "已建立", True),                    # the target said done
    ("建立长效机制", "已经建立长效机制", True),
    ("建立", "未建立", False),
    ("建立", "已基本建立", False),
])
def test_a_qualitative_actual_restating_its_target(target, actual, restated):
    assert restates(target, actual) is restated


def _achieved(target: str, actual: str, process_check: bool = False) -> str | None:
    t, a = parse(target), parse(actual)
    return achievement(t, target, a, actual, a.base_value, a.base_unit, process_check)


@pytest.mark.parametrize("actual, as_check, elsewhere", [
    ("已履行立项程序", "achieved", None),  # a process check's actual in its own words: the check passed
    ("目标明确", "achieved", None),
    ("部分达成指标并具有一定效果", "partially_achieved", "partially_achieved"),  # a tier stated is the tier
    ("未履行政府采购程序", None, None),  # negated, lacking or hedged: the reader cannot say
    ("基本规范", None, None),
    ("制度有待完善", None, None),
    ("存在问题已整改", None, None),
])
def test_a_process_check_states_in_words_that_it_passed(actual, as_check, elsewhere):
    assert _achieved("—", actual, process_check=True) == as_check
    assert _achieved("—", actual) == elsewhere  # a — target on a form without process checks


def test_an_unfilled_target_leaves_even_a_stated_tier_unknown():
    assert _achieved("", "按期完成") is None  # RULES.md: an unfilled row is itself a finding
    assert _achieved("按期", "按期完成") == "achieved"


@pytest.mark.parametrize("target, actual, achieved", [
    ("2024年12月31日前", "2024年11月完成", None),  # a date's 完成 says when: dates are not compared
    ("2024年10月底前", "2025年1月完成", None),
    ("12月底前", "12月底前", "achieved"),          # restated
    ("2024年12月31日前", "按期完成", "achieved"),  # a tier in words
])
def test_a_date_actual_states_no_tier(target, actual, achieved):
    assert _achieved(target, actual) == achieved


@pytest.mark.parametrize("actual, tier", [
    ("部分建立", "partially_achieved"),            # opens with 部分: holds for a part
    ("部分站点运营不稳定", "partially_achieved"),
    ("部分未完成", "not_achieved"),                # a tier's words come first
    ("已完成，部分超额", "achieved"),              # 部分 inside: no opening
])
def test_an_actual_opening_with_a_tier_word(actual, tier):
    assert tier_of(actual) == tier


def test_an_approximate_number_is_read_without_a_comparator():
    assert (parse("约320").kind, parse("约320").op, parse("约320").value) == (QUANT, None, 320.0)
    assert (parse("≈1.52万亩").value, parse("≈1.52万亩").unit) == (1.52, "万亩")
    assert parse("约定俗成").kind == QUAL
    assert (parse("95%左右").op, parse("95%左右").value, parse("95%左右").unit) == (None, 95.0, "%")
    assert parse("左右").kind == QUAL


@pytest.mark.parametrize("cell, op, value, unit", [
    ("控制在3‰以内", "<=", 3.0, "‰"), ("控制在350元/平方米以内", "<=", 350.0, "元/平方米"),
    ("保持在90%以上", ">=", 90.0, "%"), ("控制在5%", None, 5.0, "%")])
def test_a_framing_word_before_the_number_leaves_the_comparator_to_the_suffix(cell, op, value, unit):
    v = parse(cell)
    assert (v.kind, v.op, v.value, v.unit) == (QUANT, op, value, unit)


@pytest.mark.parametrize("cell, value, unit, base_value, base_unit", [
    ("≥2400㎡", 2400.0, "m2", 2400.0, "m2"),          # NFKC writes the power as a digit: a unit still
    ("≥32万㎡", 32.0, "万m2", 320000.0, "m2"),
    ("≥2.4万m³/日", 2.4, "万m3/日", 24000.0, "m3/日"),
    ("≤35μg/m³", 35.0, "μg/m3", 35.0, "μg/m3"),
    ("≤90元/㎡", 90.0, "元/m2", 90.0, "元/m2"),
])
def test_a_unit_with_a_power(cell, value, unit, base_value, base_unit):
    v = parse(cell)
    assert (v.kind, v.value, v.unit, v.base_value, v.base_unit) == (QUANT, value, unit, base_value, base_unit)


def test_a_change_word_before_a_number_is_no_comparator():
    """下降5%: the size of the change, no comparator (the rules then assume >= and say so)."""
    v = parse("下降3%")
    assert (v.kind, v.op, v.value, v.unit) == (QUANT, None, 3.0, "%")
    assert parse("下降3.4%").value == 3.4 and parse("增长8%以上").op == ">="
    assert parse("逐年下降").kind == QUAL


@pytest.mark.parametrize("cell, value, unit", [
    ("12处（含续建3处）", 12.0, "处"), ("3（含续建1个）", 3.0, None), ("98.6%（抽检300份水样）", 98.6, "%"),
    ("100%（验收12处）", 100.0, "%"), ("426个①", 426.0, "个"), ("88.6%*", 88.6, "%")])
def test_a_remark_or_a_footnote_s_marker_after_a_value_is_no_part_of_it(cell, value, unit):
    v = parse(cell)
    assert (v.kind, v.value, v.unit, v.unparsed) == (QUANT, value, unit, False)


def test_a_unit_in_brackets_with_a_digit_stays_a_unit():
    assert (parse("200(万m3)").value, parse("200(万m3)").unit) == (200.0, "万m3")


@pytest.mark.parametrize("cell, op, value, unit", [
    ("≥不低于92%", ">=", 92.0, "%"), ("不低于40%以上", ">=", 40.0, "%"), ("65余场", None, 65.0, "场"),
    ("300多人", None, 300.0, "人")])
def test_a_comparator_said_twice_or_a_number_said_roughly(cell, op, value, unit):
    v = parse(cell)
    assert (v.kind, v.op, v.value, v.unit) == (QUANT, op, value, unit)

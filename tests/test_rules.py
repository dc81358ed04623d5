"""Each rule of RULES.md fires where it should and stays silent where it should not."""
import pytest
from builders import BALANCED, project

from jixiao.rules.engine import Engine

ENGINE = Engine()


def ids(p):
    return {f.rule_id for f in ENGINE.check(p)}


def with_row(row, keep=(0, 1, 2)):
    """BALANCED with one extra row whose weight is taken from the first row, so sums stay right."""
    first = list(BALANCED[0])
    w = float(first[5]) - float(row[5])
    first[5] = first[6] = f"{w:.2f}"
    return [tuple(first), row, *BALANCED[1:]]


def test_balanced_table_is_clean():
    assert ids(project(BALANCED)) == set()


FUNDS_OK = ["\t年度资金总额:\t200.00\t180.00\t171.00\t10.00\t95.00\t9.50",
            "\t其中:当年财政拨款\t150.00\t130.00\t121.00\t-\t93.08\t-",
            "\t上年结转资金\t50.00\t50.00\t50.00\t-\t100.00\t-",
            "\t其他资金\t0.00\t0.00\t0.00\t-\t0.00\t-"]


def funds_project(lines, total=("100.00", "99.50")):
    return project(BALANCED, funds=lines, total=total)


def test_funds_consistent():
    assert ids(funds_project(FUNDS_OK)) == set()


def test_fund_rate():
    lines = FUNDS_OK[:1] + ["\t其中:当年财政拨款\t150.00\t130.00\t121.00\t-\t95.00\t-"] + FUNDS_OK[2:]
    assert ids(funds_project(lines)) == {"FUND_RATE"}


def test_fund_rate_accepts_truncation():
    # 4572.89 / 4592.25 = 99.578…: 99.57 (truncated) and 99.58 (rounded) are both consistent.
    for rate in ("99.57", "99.58"):
        lines = [f"\t年度资金总额:\t4592.25\t4592.25\t4572.89\t10.00\t{rate}\t9.96"]
        assert ids(funds_project(lines, total=("100.00", "99.96"))) == set()


def test_fund_rate_has_no_tolerance_beyond_rounding_or_truncation():
    # 215457.60 / 250000 = 86.1830%: 86.18 (rounded and truncated) is consistent, 86.19 is not.
    def rate_flags(rate):
        lines = [f"\t年度资金总额:\t25.00\t25.00\t21.54576\t10.00\t{rate}\t8.61"]
        return ids(funds_project(lines, total=("100.00", "98.61")))
    assert "FUND_RATE" not in rate_flags("86.18")
    assert "FUND_RATE" in rate_flags("86.19")
    assert "FUND_RATE" in rate_flags("86.17")


def test_fund_score_has_no_tolerance_beyond_rounding_or_truncation():
    # 10 × 86.18% = 8.618: 8.61 (truncated) and 8.62 (rounded) are consistent, 8.63 is not.
    def score_flags(score):
        lines = [f"\t年度资金总额:\t25.00\t25.00\t21.54576\t10.00\t86.18\t{score}"]
        return ids(funds_project(lines, total=("100.00", f"{90 + float(score):.2f}")))
    assert "FUND_SCORE" not in score_flags("8.61")
    assert "FUND_SCORE" not in score_flags("8.62")
    assert "FUND_SCORE" in score_flags("8.63")


def test_fund_score():
    lines = ["\t年度资金总额:\t200.00\t180.00\t171.00\t10.00\t95.00\t10.00"] + FUNDS_OK[1:]
    assert ids(funds_project(lines, total=("100.00", "100.00"))) == {"FUND_SCORE"}


def test_fund_lines_sum():
    lines = FUNDS_OK[:3] + ["\t其他资金\t5.00\t0.00\t0.00\t-\t0.00\t-"]
    assert ids(funds_project(lines)) == {"FUND_LINES_SUM"}


def test_fund_over_executed():
    lines = ["\t年度资金总额:\t100.00\t100.00\t105.00\t10.00\t105.00\t10.00"]
    assert ids(funds_project(lines, total=("100.00", "100.00"))) == {"FUND_OVER_EXECUTED"}


def test_budget_adjusted():
    lines = ["\t年度资金总额:\t100.00\t40.00\t40.00\t10.00\t100.00\t10.00"]
    assert ids(funds_project(lines, total=("100.00", "100.00"))) == {"BUDGET_ADJUSTED"}
    lines = ["\t年度资金总额:\t100.00\t60.00\t60.00\t10.00\t100.00\t10.00"]
    assert ids(funds_project(lines, total=("100.00", "100.00"))) == set()


def test_total_weight_and_score():
    p = project(BALANCED, total=("100.00", "95.00"))
    assert ids(p) == {"TOTAL_SCORE"}
    p = project(BALANCED, total=("95.00", "100.00"))
    assert ids(p) == {"TOTAL_WEIGHT"}


@pytest.mark.parametrize("grade, fires", [("优", False), ("良", True), ("优秀", False)])
def test_grade(grade, fires):
    assert ids(project(BALANCED, grade=grade)) == ({"GRADE_MISMATCH"} if fires else set())


def test_grade_scheme_is_configurable():
    p = project(BALANCED, grade="合格")
    assert ids(p) == {"GRADE_MISMATCH"}
    assert [f.rule_id for f in Engine("pass_fail").check(p)] == []
    with pytest.raises(ValueError):
        Engine("no_such_scheme")


def test_level1_weights_and_no_satisfaction():
    rows = [BALANCED[0], BALANCED[1], ("效益指标", "社会效益指标", "覆盖率", "≥90%", "95%", "10", "10", "")]
    assert ids(project(rows)) == {"LEVEL1_WEIGHTS", "NO_SATISFACTION"}


def test_duplicate_indicator():
    rows = with_row(("产出指标", "数量指标", "培训人次", "≥10人次", "10人次", "5", "5", ""))
    flags = [f for f in ENGINE.check(project(rows)) if f.rule_id == "DUPLICATE_INDICATOR"]
    assert len(flags) == 1 and flags[0].seq is None and flags[0].observed == "培训人次"


def test_extraction_incomplete_when_cut_before_total():
    p = project(BALANCED, total=None, grade=None)
    flags = [f for f in ENGINE.check(p) if f.rule_id == "EXTRACTION_INCOMPLETE"]
    assert len(flags) == 1 and "总分行" in flags[0].observed
    assert len(p.indicators) == 3


def test_score_range():
    rows = with_row(("产出指标", "质量指标", "合格率", "=100%", "100%", "5", "6", ""))
    # 6 of 5 is out of range, and above the proportional score too
    assert ids(project(rows, total=("100.00", "101.00"))) == {"SCORE_RANGE", "QUANT_SCORE"}


@pytest.mark.parametrize("target, actual, weight, score, fires", [
    ("≥1.00(处)", "0.00(处)", "1", "0.8", True),      # the seed's 新文物评审认定
    ("≥2.00(次)", "1.00(次)", "2", "1", False),       # the seed's 专家讲课次数: 2 × 1/2
    ("≥100人", "80人", "10", "8", False),
    ("≥100人", "80人", "10", "9.5", True),
    ("≥100人", "115人", "10", "9", True),              # a met target must score full weight
    ("≤10天", "12天", "10", "8", False),               # reverse: between 10×10/12=8.33 and 10×(1−0.2)=8
    ("≤10天", "12天", "10", "5", True),
    ("=100%", "90%", "10", "9", False),
    ("=100%", "90%", "10", "7", True),
])
def test_quant_score(target, actual, weight, score, fires):
    rows = with_row(("产出指标", "数量指标", "被测指标", target, actual, weight, score, "原因"))
    total = 100 - float(weight) + float(score)
    assert ids(project(rows, total=("100.00", f"{total:.2f}"))) == ({"QUANT_SCORE"} if fires else set())


@pytest.mark.parametrize("actual, score, fires", [
    ("达成指标", "5", False), ("达成指标", "4", False), ("达成指标", "3.9", True),
    ("部分达成指标并具有一定效果", "4", False), ("部分达成指标并具有一定效果", "3", False),
    ("部分达成指标并具有一定效果", "5", True), ("未达成指标且效果较差", "3", False), ("未达成指标且效果较差", "3.5", True),
])
def test_qual_score(actual, score, fires):
    rows = with_row(("产出指标", "质量指标", "工作质量", "达标", actual, "5", score, "原因"))
    total = 100 - 5 + float(score)
    assert ids(project(rows, total=("100.00", f"{total:.2f}"))) == ({"QUAL_SCORE"} if fires else set())


def test_no_deviation_reason():
    rows = with_row(("产出指标", "质量指标", "工作质量", "达标", "部分达成指标并具有一定效果", "5", "4", ""))
    assert ids(project(rows, total=("100.00", "99.00"))) == {"NO_DEVIATION_REASON"}
    rows = with_row(("产出指标", "质量指标", "工作质量", "达标", "部分达成指标并具有一定效果", "5", "4", "天气原因"))
    assert ids(project(rows, total=("100.00", "99.00"))) == set()


@pytest.mark.parametrize("target, actual, expected", [
    ("≥100人", "120人", {"TARGET_EXCEEDED"}), ("≥100人", "119人", set()), ("≥0人", "5人", set()),
    ("≤100人", "200人", {"QUANT_SCORE"}),  # not a ≥ target; a missed reverse target scored full
    ("≥17.00(万人)", "23.40(万人)", {"TARGET_EXCEEDED"}),
])
def test_target_exceeded(target, actual, expected):
    rows = with_row(("产出指标", "数量指标", "服务人数", target, actual, "5", "5", "原因"))
    assert ids(project(rows)) == expected


def test_unit_and_kind_mismatch():
    rows = with_row(("产出指标", "数量指标", "培训次数", "≥10次", "12人次", "5", "5", ""))
    assert ids(project(rows)) == {"UNIT_MISMATCH"}
    rows = with_row(("产出指标", "数量指标", "培训次数", "≥10次", "达成指标", "5", "5", ""))
    p = project(rows)
    assert ids(p) == {"KIND_MISMATCH"} and p.indicators[1].achievement == "achieved"
    rows = with_row(("产出指标", "质量指标", "服务质量", "提升", "效果明显", "5", "5", ""))
    assert ids(project(rows)) == {"ACHIEVEMENT_UNKNOWN"}


def test_an_unfilled_target_or_actual_is_an_unknown_achievement():
    for target, actual in (("≥10次", ""), ("", "12次"), ("≥10次", "—")):
        rows = with_row(("产出指标", "数量指标", "培训次数", target, actual, "5", "5", ""))
        assert ids(project(rows)) == {"ACHIEVEMENT_UNKNOWN"}, (target, actual)


def test_target_op_assumed_reads_cost_as_ceiling():
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "40", "40", ""),
            ("成本指标", "经济成本指标", "培训成本", "150万元", "140万元", "10", "10", ""), *BALANCED[1:]]
    p = project(rows)
    assert p.indicators[1].target.op == "<=" and p.indicators[1].achievement == "achieved"
    assert ids(p) == {"TARGET_OP_ASSUMED", "LEVEL1_WEIGHTS"}  # 产出指标 40, not 50: 成本指标 is its own level 1
    rows = with_row(("产出指标", "数量指标", "培训人次2", "95人次", "96人次", "5", "5", ""))
    p = project(rows)
    assert p.indicators[1].target.op == ">=" and ids(p) == {"TARGET_OP_ASSUMED"}


def test_value_unparsed_keeps_raw_text():
    rows = with_row(("产出指标", "数量指标", "完成工作", "完成3项工作", "完成3项工作", "5", "5", ""))
    p = project(rows)
    assert p.indicators[1].target_raw == "完成3项工作"
    assert ids(p) == {"VALUE_UNPARSED"}


def test_messages_carry_the_numbers():
    p = project(BALANCED, total=("100.00", "95.00"))
    (flag,) = ENGINE.check(p)
    assert flag.expected == "95.00" and flag.observed == "100.00"
    assert "100.00" in flag.message and "95.00" in flag.message and flag.severity == "error"


def test_level1_label_weight():
    rows = [("产出指标(50分)", "数量指标", "培训人次", "≥100人次", "100人次", "50", "50", ""), *BALANCED[1:]]
    assert ids(project(rows)) == set()
    rows = [("产出指标(40分)", "数量指标", "培训人次", "≥100人次", "100人次", "50", "50", ""), *BALANCED[1:]]
    flags = [f for f in ENGINE.check(project(rows)) if f.rule_id == "LEVEL1_LABEL_WEIGHT"]
    assert [(f.seq, f.expected, f.observed, f.severity) for f in flags] == [(None, "40.00", "50.00", "warning")]

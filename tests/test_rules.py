"""Each rule of RULES.md fires where it should and stays silent where it should not."""
import pytest
import yaml
from builders import BALANCED, amend, fund, project

from jixiao.core.config import Catalogue
from jixiao.normalize.records import Traits
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
    (flag,) = ENGINE.check(funds_project(lines))
    assert flag.rule_id == "FUND_LINES_SUM" and "按资金来源分" in flag.message and "年初预算数" in flag.message


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


@pytest.mark.parametrize("score, grade, fires", [("56.50", "不合格", False), ("72.00", "合格", False),
                                                ("85.00", "合格", True), ("85.00", "良好", False)])
def test_grade_bands_spelled_out(score, grade, fires):
    """优秀/良好/合格/不合格: the four bands spelled out (合格 is at least 60, as 中)."""
    p = project(BALANCED, grade=grade, total=("100.00", score))
    assert ("GRADE_MISMATCH" in ids(p)) is fires


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
    ("380-450元", "468元", "10", "8.5", False),         # a range unmet: RULES.md gives no proportional score
    ("380-450元", "420元", "10", "9", True),            # met: the full weight
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
    for target, actual in (("≥10次", ""), ("", "12次"), ("≥10次", "—"), ("", "按期完成")):
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


def flags_of(p, rule_id):
    return [f for f in ENGINE.check(p) if f.rule_id == rule_id]


def with_funds(*funds, **fields):
    """BALANCED (90 points) with these fund lines; the total line should carry 10 of 10 points."""
    return amend(project(BALANCED), funds=list(funds), **fields)


def hunan(basic=900.47, project_=1025.20):
    """A Hunan department table (FORMS.md A1): the total and two breakdowns in 全年预算数 only,
    纳入专户管理的非税收入拨款 printed with no amount."""
    return with_funds(fund("total", full=2030.12, weight=10, score=10), fund("general_budget", full=1325.68),
                      fund("government_fund", full=118.82), fund("fiscal_special_account"), fund("other", full=585.62),
                      fund("basic", full=basic), fund("project", full=project_), project_name=None,
                      form_kind="department", traits=Traits(names_project=False))


def test_fund_lines_sum_hunan_spending_breakdown():
    # income 1325.68 + 118.82 + 585.62 = 2030.12 is fine; spending 900.47 + 1025.20 = 1925.67 is not
    (flag,) = ENGINE.check(hunan())
    assert (flag.rule_id, flag.expected, flag.observed) == ("FUND_LINES_SUM", "1925.67", "2030.12")
    assert "按支出性质分" in flag.message and "全年预算数" in flag.message
    assert ids(hunan(basic=1004.92)) == set()


def test_fund_lines_sum_guizhou_other_with_the_spending_lines():
    """A2's 资金来源 rows 基本支出 · 项目支出 · 其他: its 其他 adds up with them (no income breakdown takes it)."""
    lines = (fund("basic", 2150, None, 2148.7), fund("project", 2480, None, 2433.8), fund("other", 50, None, 50))
    kw = dict(project_name=None, form_kind="department", traits=Traits(names_project=False))
    assert ids(with_funds(fund("total", 4680, None, 4632.5, weight=10, score=10), *lines, **kw)) == set()
    (flag,) = ENGINE.check(with_funds(fund("total", 4700, None, 4632.5, weight=10, score=10), *lines, **kw))
    assert (flag.rule_id, flag.expected, flag.observed) == ("FUND_LINES_SUM", "4680.00", "4700.00")
    assert "基本支出、项目支出、其他资金" in flag.message


def guizhou(rate=None):
    """A Guizhou department table (FORMS.md A2): 年初预算数(A) and 全年执行数(B) only, no rate, 其他 empty."""
    return with_funds(fund("total", 1172.55, None, 1268.72, weight=10, rate=rate, score=10),
                      fund("basic", 985.19, None, 914.97), fund("project", 187.36, None, 353.75), fund("other"),
                      project_name=None, form_kind="department", traits=Traits(names_project=False))


def test_guizhou_sums_and_executes_over_its_initial_budget():
    # 985.19 + 187.36 = 1172.55 and 914.97 + 353.75 = 1268.72: no FUND_LINES_SUM; the 年初预算数 is the budget
    flags = flags_of(guizhou(), "FUND_OVER_EXECUTED")
    assert ids(guizhou()) == {"FUND_OVER_EXECUTED"}
    assert [(f.expected, f.observed) for f in flags] == [("1172.55", "1268.72"), ("187.36", "353.75")]
    assert "年度资金总额" in flags[0].message and "年初预算数" in flags[0].message
    within = amend(guizhou(), funds=[fund("total", 1172.55, None, 1100.00, weight=10, score=10),
                                     fund("basic", 985.19, None, 912.64), fund("project", 187.36, None, 187.36)])
    assert ids(within) == set()


def test_fund_rate_uses_the_initial_budget_where_no_full_year_figure_is_printed():
    # 1268.72 / 1172.55 = 108.2017…%
    assert "FUND_RATE" not in ids(guizhou(rate=108.20))
    assert "FUND_RATE" in ids(guizhou(rate=108.30))


def test_fund_rate_prefers_the_full_year_budget():
    def rate_flags(rate, score):
        return ids(with_funds(fund("total", 100.0, 120.0, 110.0, weight=10, rate=rate, score=score),
                              total_score=90 + score))
    assert rate_flags(91.66, 9.16) == set()  # 110 / 120
    assert rate_flags(110.0, 10.0) == {"FUND_RATE"}  # 110 / 100: the 年初预算数 is not the budget here


def test_other_counts_in_one_breakdown_only_and_not_alone():
    # 其他资金 with 当年财政拨款 belongs to 按资金来源分; 基本/项目支出 have no 其他
    ok = [fund("total", full=100.0, weight=10, score=10), fund("current_appropriation", full=80.0),
          fund("other", full=20.0), fund("basic", full=30.0), fund("project", full=70.0)]
    assert ids(with_funds(*ok)) == set()
    assert ids(with_funds(*ok[:4], fund("project", full=50.0))) == {"FUND_LINES_SUM"}
    # a table printing two breakdowns that list 其他资金 counts it in the first (by source), once
    assert ids(with_funds(*ok[:3], fund("general_budget", full=100.0))) == set()
    # 其他资金 on its own is no breakdown
    assert ids(with_funds(ok[0], fund("other", full=20.0))) == set()


def test_shared_lines_go_to_the_breakdown_the_table_has():
    # Sichuan (B2): 财政资金 + 财政专户管理资金 + 单位资金 + 其他资金, by source, not by income kind
    lines = [fund("total", full=100.0, weight=10, score=10), fund("fiscal", full=60.0),
             fund("fiscal_special_account", full=20.0), fund("unit_funds", full=15.0), fund("other", full=5.0)]
    assert ids(with_funds(*lines)) == set()
    (flag,) = ENGINE.check(with_funds(*lines[:4], fund("other", full=6.0)))
    assert flag.rule_id == "FUND_LINES_SUM" and "按资金来源分" in flag.message and flag.expected == "101.00"


def test_level_breakdown_takes_the_variant_printed():
    # 中央补助 + 省级资金 + 市县资金 (+ 其他资金): the three-level variant, not 中央补助 + 地方资金
    lines = [fund("total", full=100.0, executed=90.0, weight=10, rate=90.0, score=9.0),
             fund("central_subsidy", full=50.0, executed=45.0), fund("provincial_subsidy", full=30.0, executed=27.0),
             fund("county_funds", full=20.0, executed=18.0), fund("other")]
    assert ids(with_funds(*lines, total_score=99.0)) == set()
    wrong = with_funds(*lines[:3], fund("county_funds", full=25.0, executed=20.0), total_score=99.0)
    flags = flags_of(wrong, "FUND_LINES_SUM")  # one flag per breakdown and column
    assert [(f.expected, f.observed) for f in flags] == [("105.00", "100.00"), ("92.00", "90.00")]
    assert all("按资金级次分" in f.message for f in flags)
    assert "全年预算数" in flags[0].message and "全年执行数" in flags[1].message


def test_breakdowns_are_checked_when_the_engine_is_made(tmp_path):
    bad = {"rules": [{"id": "FUND_LINES_SUM", "params": {"breakdowns": [
        {"name": "按支出性质分", "variants": [["basic", "projects"]]}]}}]}
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="projects"):
        Engine(catalogue=Catalogue(tmp_path))
    bad["rules"][0]["params"]["breakdowns"][0]["variants"] = [["basic", "project"]]
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    p = with_funds(fund("total", full=100.0, weight=10, score=10), fund("current_appropriation", full=80.0),
                   fund("basic", full=30.0), fund("project", full=60.0))
    assert len(flags_of(p, "FUND_LINES_SUM")) == 2  # by source (80) and by spending kind (90)
    (flag,) = Engine(catalogue=Catalogue(tmp_path)).check(p)  # an auditor's catalogue with one breakdown
    assert flag.rule_id == "FUND_LINES_SUM" and "按支出性质分" in flag.message


@pytest.mark.parametrize("received, executed, expected", [
    (100.0, 95.0, set()), (95.0, 95.0, set()),
    (90.0, 95.0, {"FUND_RECEIVED"}),   # more spent than arrived
    (110.0, 95.0, {"FUND_RECEIVED"}),  # more arrived than budgeted
    (None, 95.0, set()),               # the form prints no 到位数
])
def test_fund_received(received, executed, expected):
    rate = executed  # of a budget of 100
    p = with_funds(fund("total", None, 100.0, executed, weight=10, rate=rate, score=rate / 10, received=received),
                   total_score=90 + rate / 10)
    assert ids(p) == expected


def test_fund_received_names_what_exceeds_what():
    p = with_funds(fund("total", None, 100.0, 95.0, weight=10, rate=95.0, score=9.5, received=90.0), total_score=99.5)
    (flag,) = ENGINE.check(p)
    assert (flag.expected, flag.observed, flag.severity) == ("90.00", "95.00", "warning")
    assert "执行数" in flag.message and "到位数" in flag.message


def hebei(fund_share=10.0, shares=(50.0, 30.0, 10.0), weighted=None):
    """BALANCED with Hebei's 权重占比 / 折算得分 columns (FORMS.md B1); the funds' share on the total line."""
    weighted = weighted or [None] * 3
    rows = {seq: {"weight_share": s, "weighted_score": w} for seq, (s, w) in enumerate(zip(shares, weighted), 1)}
    p = amend(project(BALANCED), rows=rows)
    total = p.funds[0]
    return amend(p, funds=[fund("total", total.initial_budget, total.full_year_budget, total.executed,
                                weight=10, rate=100.0, score=10, weight_share=fund_share)])


def test_weight_shares_sum():
    assert ids(hebei()) == set()
    assert ids(hebei(fund_share=5.0)) == {"WEIGHT_SHARES_SUM"}
    assert ids(hebei(fund_share=None)) == {"WEIGHT_SHARES_SUM"}  # the 预算执行率 row's share missing: 90
    (flag,) = ENGINE.check(hebei(fund_share=5.0))
    assert (flag.expected, flag.observed) == ("100.00", "95.00")


@pytest.mark.parametrize("weighted, fires", [
    ((25.0, 9.0, 1.0), False),    # 50 × 50% = 25, 30 × 30% = 9, 10 × 10% = 1
    ((25.0, 9.0, 1.01), True),
    ((26.0, 9.0, 1.0), True),
])
def test_weighted_score(weighted, fires):
    p = hebei(weighted=list(weighted))
    assert ids(p) == ({"WEIGHTED_SCORE"} if fires else set())


def test_weighted_score_accepts_rounding_or_truncation():
    # 3 × 33.33% = 0.9999: 0.99 (truncated) and 1.00 (rounded) are consistent, 0.98 is not
    def flagged(printed):
        p = amend(project(BALANCED), rows={1: {"score": 3.0, "weight_share": 33.33, "weighted_score": printed}})
        return [f.seq for f in flags_of(p, "WEIGHTED_SCORE")]
    assert flagged(0.99) == [] and flagged(1.00) == [] and flagged(0.98) == [1]


def test_weighted_score_from_score_ratio():
    # Chongqing (A3): 指标得分 = 得分系数 × 指标权重 / 100
    ok = amend(project(BALANCED), rows={2: {"score_ratio": 100.0}, 3: {"score_ratio": 100.0}})
    assert ids(ok) == set()
    p = amend(project(BALANCED), rows={2: {"score_ratio": 90.0}})
    (flag,) = ENGINE.check(p)
    assert (flag.rule_id, flag.seq, flag.expected, flag.observed) == ("WEIGHTED_SCORE", 2, "27.00", "30.00")
    assert "得分系数" in flag.message


def test_label_points_level1():
    rows = [("产出指标(50分)", "数量指标", "培训人次", "≥100人次", "100人次", "50", "50", ""), *BALANCED[1:]]
    assert ids(project(rows)) == set()
    rows = [("产出指标(40分)", "数量指标", "培训人次", "≥100人次", "100人次", "50", "50", ""), *BALANCED[1:]]
    flags = flags_of(project(rows), "LABEL_POINTS")
    assert [(f.seq, f.expected, f.observed, f.severity) for f in flags] == [(None, "40.00", "50.00", "warning")]
    assert "一级指标" in flags[0].message and "产出指标" in flags[0].message


SPLIT = [("产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "20", "20", ""),
         ("", "质量指标", "合格率", "≥90%", "95%", "10", "10", ""),
         ("", "数量指标", "培训场次", "≥10场", "10场", "20", "20", ""), *BALANCED[1:]]


def test_label_points_level2_groups_are_consecutive_rows():
    # two 数量指标 groups of 20 each, separated by 质量指标: each label's 20 is right
    points = {1: {"level2_points": 20.0}, 2: {"level2_points": 10.0}, 3: {"level2_points": 20.0}}
    assert ids(amend(project(SPLIT), rows=points)) == set()
    flags = flags_of(amend(project(SPLIT), rows={**points, 2: {"level2_points": 15.0}}), "LABEL_POINTS")
    assert [(f.expected, f.observed) for f in flags] == [("15.00", "10.00")]
    assert "二级指标" in flags[0].message and "质量指标" in flags[0].message


def test_label_points_level2_groups_break_at_a_new_level1():
    # the same level-2 label under two level-1 labels is two groups (50 and 30 points)
    rows = {1: {"level2": "数量指标", "level2_points": 50.0}, 2: {"level2": "数量指标", "level2_points": 30.0}}
    assert ids(amend(project(BALANCED), rows=rows)) == set()


def test_label_points_skip_the_last_group_of_a_cut_table():
    cut = project(BALANCED, total=None, grade=None)
    last = {3: {"level1_points": 15.0}}
    assert ids(amend(cut, rows=last)) == {"EXTRACTION_INCOMPLETE"}  # 满意度指标 may go on past the cut
    assert ids(amend(cut, rows={1: {"level1_points": 40.0}})) == {"EXTRACTION_INCOMPLETE", "LABEL_POINTS"}
    # a total printed in the header: the table is whole, its last group is judged
    whole = amend(cut, rows=last, total_score=100.0, traits=Traits(total_in_header=True))
    assert ids(whole) == {"LABEL_POINTS"}


def test_extraction_incomplete_follows_the_form():
    p = amend(project(BALANCED), project_name=None, funds=[], total_weight=90.0, total_score=90.0)
    (flag,) = ENGINE.check(p)
    assert (flag.rule_id, flag.observed) == ("EXTRACTION_INCOMPLETE", "项目名称、项目资金")
    assert "项目名称、项目资金" in flag.message
    # a department table names no project; a score sheet has no funds block
    assert ids(amend(p, traits=Traits(names_project=False, funds_block=False))) == set()
    assert ids(amend(p, traits=Traits(names_project=False))) == {"EXTRACTION_INCOMPLETE"}


def test_extraction_incomplete_total_only_where_the_form_scores():
    cut = project(BALANCED, total=None, grade=None)
    assert ids(cut) == {"EXTRACTION_INCOMPLETE"}
    assert ids(amend(cut, traits=Traits(score_columns=False))) == set()  # no 分值/得分: no total to print
    assert ids(amend(cut, traits=Traits(prints_total=False))) == set()  # Hebei's form prints no total
    header = Traits(total_in_header=True)
    assert ids(amend(cut, traits=header, total_score=100.0)) == set()
    (flag,) = ENGINE.check(amend(cut, traits=header))
    assert flag.rule_id == "EXTRACTION_INCOMPLETE" and flag.observed == "表头总分"


def test_level1_weights_only_over_the_ministry_categories():
    rows = [BALANCED[0], BALANCED[1], ("效益指标", "社会效益指标", "覆盖率", "≥90%", "95%", "10", "10", "")]
    assert ids(project(rows)) == {"LEVEL1_WEIGHTS", "NO_SATISFACTION"}
    assert ids(amend(project(rows), traits=Traits(level_columns=False))) == set()
    sheet = [("投入", "预算编制", "预算编制科学性", "", "", "50", "50", ""), *rows[1:]]
    assert ids(amend(project(sheet), traits=Traits(targets=False))) == set()


def test_level1_weights_wait_for_the_total():
    rows = [BALANCED[0], BALANCED[1], ("效益指标", "社会效益指标", "覆盖率", "≥90%", "95%", "10", "10", "")]
    cut = project(rows, total=None, grade=None)
    assert ids(cut) == {"EXTRACTION_INCOMPLETE"}  # later groups may be missing
    whole = amend(cut, traits=Traits(total_in_header=True), total_score=100.0)
    assert ids(whole) == {"LEVEL1_WEIGHTS", "NO_SATISFACTION"}


def test_no_deviation_reason_needs_a_reason_column():
    rows = with_row(("产出指标", "质量指标", "工作质量", "达标", "部分达成指标并具有一定效果", "5", "4", ""))
    p = project(rows, total=("100.00", "99.00"))
    assert ids(p) == {"NO_DEVIATION_REASON"}
    assert ids(amend(p, rows={2: {"deviation_reason": None}})) == set()


def test_no_achievement_unknown_on_score_sheets():
    rows = with_row(("产出指标", "质量指标", "服务质量", "", "", "5", "5", ""))
    assert ids(project(rows)) == {"ACHIEVEMENT_UNKNOWN"}
    assert ids(amend(project(rows), traits=Traits(targets=False))) == set()

"""Typed records (SCHEMA.md's projects, funds, indicators) from the raw tables of a grid."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from jixiao.core.config import bundled
from jixiao.core.forms import Form, forms
from jixiao.core.grid import Box
from jixiao.core.text import key, squeeze
from jixiao.core.vocabulary import EMPTY_SIGNS, YEAR, aliases, kind_marks
from jixiao.normalize import achievement as ach
from jixiao.normalize import ocr_repair
from jixiao.normalize.layout import RawIndicator, RawTable
from jixiao.normalize.places import locate
from jixiao.normalize.values import PLACEHOLDERS, QUANT, Value, base, parse, parse_amount, parse_number

# Every fund line SCHEMA.md names, in its order, with the name a message prints for it.
LINE_NAMES = {"total": "年度资金总额", "current_appropriation": "当年财政拨款", "carryover": "上年结转资金",
              "other": "其他资金", "fiscal": "财政资金", "fiscal_special_account": "财政专户管理资金",
              "unit_funds": "单位资金", "general_budget": "一般公共预算", "government_fund": "政府性基金拨款",
              "basic": "基本支出", "project": "项目支出", "central_subsidy": "中央补助", "local_funds": "地方资金",
              "provincial_subsidy": "省级补助", "county_funds": "市县资金"}
FUND_LINES = tuple(LINE_NAMES)
# The funds columns that hold numbers, with the name a message prints for each, and those that hold money
# (rules/forms.yaml `columns`; the names as bundled: a message names a column as the schema does).
_FUNDS = bundled("forms")["columns"]["funds"]
FUND_COLUMN_NAMES = {r: c["name"] for r, c in _FUNDS.items() if c["holds"] in ("money", "percent", "points")}
MONEY_COLUMNS = tuple(r for r, c in _FUNDS.items() if c["holds"] == "money")
COST_LEVEL = "成本指标"


@dataclass(slots=True)
class Fund:
    line: str
    initial_budget: float | None
    full_year_budget: float | None
    executed: float | None
    weight: float | None
    execution_rate: float | None
    score: float | None
    received: float | None = None  # 到位数, where the form prints it
    deviation_reason: str | None = None  # the funds block's 原因 column, where the form has one
    weight_share: float | None = None  # 权重占比 of Hebei's 预算执行率 row (not a dataset column; rules use it)
    weighted_score: float | None = None  # its 折算得分


@dataclass(slots=True)
class Indicator:
    seq: int
    page: int | None
    level1: str | None
    level2: str | None
    level3: str
    target_raw: str | None  # None where the form has no target column (score sheets)
    target: Value
    actual_raw: str | None
    actual: Value
    actual_base_value: float | None
    actual_base_unit: str | None
    achievement: str | None
    weight: float | None
    score: float | None
    deviation_reason: str | None  # None where the form has no reason column
    target_op_assumed: bool
    level1_points: float | None  # points printed with the level-1 label (产出指标(50分))
    confidence: dict[str, float]  # role → OCR confidence; empty for rows not read by OCR
    ocr_repairs: list[tuple[str, str, str]]  # (cell name, as read, corrected)
    bbox: Box | None  # the row's box on `page` (PDFs only)
    level2_points: float | None = None  # points printed with the level-2 label (部门决策(25))
    target_initial_raw: str | None = None  # 年初指标值 where the form prints it beside 调整指标值
    completion: str | None = None  # 单项指标完成情况 as printed
    weight_share: float | None = None  # 权重占比(%)
    weighted_score: float | None = None  # 单项指标折算得分
    score_ratio: float | None = None  # 得分系数(%)
    core: bool | None = None  # 是否核心指标, or a ★ on the row
    criteria: str | None = None  # 评价标准 / 评分标准 / 指标解释 / 得分计算方法, joined by line breaks


@dataclass(frozen=True, slots=True)
class Traits:
    """What the table's form prints, so that the rules judge a table by its own form (RULES.md)."""
    names_project: bool = True  # a 项目名称 is part of the form (not of department tables)
    funds_block: bool = True  # the form has a funds block (score sheets have none)
    level_columns: bool = True  # 一级/二级指标 columns exist
    score_columns: bool = True  # the indicator block has 分值/得分 columns, so the table has a total
    targets: bool = True  # 年度指标值 / 实际完成值 columns exist (score sheets have none)
    total_in_header: bool = False  # the total is printed in the header (自评总分, 项目总得分)
    prints_total: bool = True  # the form prints a total at all (Hebei's B1 does not)


@dataclass(slots=True)
class Project:
    n: int
    page_first: int | None
    page_last: int | None
    form: str | None
    form_kind: str  # project, or department for a department-wide table
    year: int | None
    project_name: str | None
    department: str | None
    implementing_unit: str | None
    province: str | None
    city: str | None
    district: str | None
    adcode: str | None  # 行政区划代码 of the most specific place printed
    goal_expected: str | None
    goal_actual: str | None
    goal_rate: float | None
    total_weight: float | None
    total_score: float | None
    grade: str | None
    money_unit: str
    has_total_row: bool
    bbox: Box | None = None  # the table's box on page_first (PDFs only)
    traits: Traits = Traits()
    funds: list[Fund] = field(default_factory=list)
    ocr_repairs: list[tuple[str, str, str]] = field(default_factory=list)  # funds and 总分 cells
    indicators: list[Indicator] = field(default_factory=list)


def _fund(line: str, cells: dict[str, str], in_yuan: bool, reason: str | None) -> Fund:
    """`reason`: what an empty 原因 cell reads as ("" where the block has the column, else None)."""
    money: dict[str, float | None] = {}
    for col in MONEY_COLUMNS:
        value, wan = parse_amount(cells.get(col))
        money[col] = value / 10000 if value is not None and in_yuan and not wan else value
    rate = _in_percent(parse_amount(cells.get("execution_rate"))[0], cells.get("execution_rate") or "", money)
    return Fund(line, money["initial_budget"], money["full_year_budget"], money["executed"],
                parse_number(cells.get("weight")), rate, parse_number(cells.get("score")),
                received=money["received"], deviation_reason=cells.get("deviation", reason))


def _in_percent(rate: float | None, raw: str, money: dict[str, float | None]) -> float | None:
    """执行率 in percent: one printed as a fraction (`0.9856`, no % sign) is ×100 where 全年执行数 / 预算数
    (全年预算数, else 年初预算数) is nearer it than to the number as printed."""
    budget, executed = money["full_year_budget"] or money["initial_budget"], money["executed"]
    if rate is None or rate > 1.5 or "%" in unicodedata.normalize("NFKC", raw) or not budget or executed is None:
        return rate
    share = executed / budget
    return rate * 100 if abs(rate - share) < abs(rate - share * 100) else rate


def _target_raw(parts: dict[str, str]) -> str:
    """年度指标值 as printed; a split 指标性质 / 指标值 / 度量单位 is joined without spaces (a 指标性质 that states
    the row's kind, 定性, left out)."""
    target = parts.get("target", "")
    op, unit = squeeze(parts.get("target_op")), squeeze(parts.get("target_unit"))
    if key(op) in kind_marks() or op in PLACEHOLDERS:
        op = ""  # 定性 in 指标性质: the row's kind, no part of its target; —— there: no sign
    if not op and not unit:
        return target
    if squeeze(target) in ("", *PLACEHOLDERS) and unit and unit not in PLACEHOLDERS:
        return op + unit  # 符号 | 值 empty (or ——), 单位(文字描述) 长效管护机制健全: the target in words
    if unit in PLACEHOLDERS or not any(ch.isdigit() for ch in target) or squeeze(target).endswith(unit):
        unit = ""  # a qualitative target, or a 计量单位 column repeating the unit the target prints
    return op + squeeze(target) + unit


def _indicator(seq: int, raw: RawIndicator, reason: str | None, targets: bool, form: Form) -> Indicator:
    """`reason`: what the row's reason is without a 偏差原因 cell of its own (`_reason`); `targets`: the
    table has target / actual columns."""
    parts = raw.parts
    if squeeze(parts.get("target")) in PLACEHOLDERS and squeeze(parts.get("target_initial")) not in PLACEHOLDERS:
        parts = {**parts, "target": parts["target_initial"]}  # 调整指标值 left empty or printed /: the 年初指标值 holds
    cost = COST_LEVEL in (raw.level1 or "", raw.level2 or "")
    parts, repairs = ocr_repair.repair(parts, "≤" if cost else "≥") if raw.confidence else (parts, [])
    level3 = ocr_repair.closing_bracket(raw.level3) if raw.confidence else None
    if level3:
        repairs = [*repairs, (ocr_repair.LEVEL3_NAME, raw.level3, level3)]
    target_raw = _target_raw(parts)
    actual_raw = parts.get("actual", "")
    target, actual = parse(target_raw), parse(actual_raw)
    assumed = target.kind == QUANT and target.op is None
    if assumed:
        target = Value(target.kind, "<=" if cost else ">=", target.value, target.value_max, target.unit,
                       target.base_value, target.base_unit, target.base_value_max)
    # A bare actual number (735 for ≥735人次) is in the target's unit.
    if actual.kind == QUANT and actual.unit is None and target.kind == QUANT:
        a_base, a_unit = base(actual.value, target.unit)
    else:
        a_base, a_unit = actual.base_value, actual.base_unit
    return Indicator(
        seq=seq, page=raw.page, level1=raw.level1, level2=raw.level2, level3=level3 or raw.level3,
        target_raw=target_raw if targets else None, target=target,
        actual_raw=actual_raw if targets else None, actual=actual,
        actual_base_value=a_base, actual_base_unit=a_unit,
        achievement=ach.achievement(target, target_raw, actual, actual_raw, a_base, a_unit,
                                    form.process_checks and squeeze(target_raw) in EMPTY_SIGNS),
        weight=parse_number(parts.get("weight")), score=parse_number(parts.get("score")),
        deviation_reason=parts.get("deviation", reason), target_op_assumed=assumed,
        level1_points=raw.level1_weight, confidence=raw.confidence, ocr_repairs=repairs, bbox=raw.bbox,
        level2_points=raw.level2_weight, target_initial_raw=_target_initial(parts),
        completion=parts.get("completion"), weight_share=_percent(parts.get("weight_share")),
        weighted_score=parse_number(parts.get("weighted_score")), score_ratio=_percent(parts.get("score_ratio")),
        core=_core(parts.get("core"), raw.level3), criteria=parts.get("criteria"),
    )


def _goal_expected(goal: dict[str, str]) -> str | None:
    """The adjusted goal, or the 年初绩效目标 where that is empty or says it was not adjusted (无调整)."""
    expected = goal.get("expected")
    if not expected or key(expected) in aliases().goal_unchanged | PLACEHOLDERS:
        return goal.get("initial") or expected or None
    return expected


def _target_initial(parts: dict[str, str]) -> str | None:
    """年初指标值 as printed, joined with the split 指标性质 / 度量单位 as the target is; None where it is empty
    (an indicator added during the year: its 指标性质 and 度量单位 belong to the 调整指标值)."""
    initial = parts.get("target_initial")
    return _target_raw({**parts, "target": initial}) if squeeze(initial) else None


def _percent(cell: str | None) -> float | None:
    value, _ = parse_amount(cell)
    return value


def _yes_no(cell: str | None) -> bool | None:
    k = key(cell or "")
    return True if k in ("是", "★", "√") else False if k in ("否", "×") else None


def _core(cell: str | None, level3: str | None) -> bool | None:
    """是否核心指标, or else a ★ printed with the 三级指标 (★新建高标准农田, …人数★★★: SCHEMA's ★ mark on the row;
    the name keeps it, as printed)."""
    marked = _yes_no(cell)
    return True if marked is None and "★" in (level3 or "") else marked


def _traits(t: RawTable, form: Form) -> Traits:
    """What the table's form prints: its declaration, and the columns its indicator header named."""
    roles = t.header_roles
    return Traits(
        names_project=form.kind == "project", funds_block=form.funds,
        level_columns=not roles or bool({"level1", "level2"} & roles),
        score_columns=not roles or bool({"weight", "score"} & roles),
        targets=form.targets and (not roles or bool({"target", "actual"} & roles)),
        total_in_header=t.total_in_header, prints_total=form.total != "none")


def _reason(t: RawTable, form: Form) -> str | None:
    """The reason of an indicator row without a 偏差原因 cell: the table-wide reason rows where the form
    prints them, "" where its reason column was left blank, None where the form has no reason."""
    if form.reason == "rows":
        return "\n".join(t.reasons)
    return "" if form.reason == "column" else None


def build(n: int, t: RawTable) -> Project:
    form = next((x for x in forms().all if x.id == t.form_id), forms().default)
    f = t.fields
    department = f.get("department") or f.get("filer")  # 填报单位 above a table that names no unit
    province, city, district, adcode = locate(department, f.get("implementing_unit"))
    money_unit = t.money_unit or "万元"
    year = t.year
    if year is None and t.form:
        m = YEAR.search(t.form)
        year = int(m.group(1)) if m else None
    p = Project(
        n=n, page_first=t.page_first, page_last=t.page_last, form=t.form, form_kind=form.kind, year=year,
        project_name=f.get("project_name") if form.kind == "project" else None, department=department,
        implementing_unit=f.get("implementing_unit"), province=province, city=city, district=district,
        adcode=adcode, goal_expected=_goal_expected(t.goal),
        goal_actual=t.goal.get("actual"), goal_rate=_percent(t.goal.get("rate")),
        total_weight=parse_number(t.total.get("weight")), total_score=parse_number(t.total.get("score")),
        grade=f.get("grade"), money_unit=money_unit if form.funds else t.money_unit,
        has_total_row=t.has_total_row, bbox=t.bbox, traits=_traits(t, form),
    )
    if t.ocr:
        for line in [x for x in FUND_LINES if x in t.funds]:
            names = {col: f"{LINE_NAMES[line]}·{name}" for col, name in FUND_COLUMN_NAMES.items()}
            t.funds[line], repairs = ocr_repair.repair_amounts(t.funds[line], names)
            p.ocr_repairs += repairs
        t.total, repairs = ocr_repair.repair_amounts(t.total, {"weight": "总分·分值", "score": "总分·得分"})
        p.ocr_repairs += repairs
        p.total_weight, p.total_score = parse_number(t.total.get("weight")), parse_number(t.total.get("score"))
    p.funds = _funds(t, money_unit == "元")
    subtotals = aliases().indicator_subtotals
    rows = [raw for raw in t.indicators if key(raw.level3 or "") not in subtotals]  # 小计: a level's subtotal
    budget = next((raw for raw in rows if _is_budget_row(raw, form)), None)
    if budget is not None:
        rows.remove(budget)
        _budget_row(p, budget.parts)
    reason = _reason(t, form)
    p.indicators = [_indicator(i, raw, reason, p.traits.targets, form) for i, raw in enumerate(rows, start=1)]
    for share in ("score_ratio", "weight_share"):
        _fractions_in_percent(p.indicators, share)
    return p


def _fractions_in_percent(indicators: list[Indicator], field: str) -> None:
    """A 得分系数 or 权重占比 column printed as fractions (1, 0.99, 0.87) in percent, as the schema keeps them:
    where no row of the table prints more than 1 and some print more than 0 (in percent, every row would
    have scored or weighed at most 1 %)."""
    values = [v for i in indicators if (v := getattr(i, field)) is not None]
    if values and max(values) <= 1 and max(values) > 0:
        for i in indicators:
            if (v := getattr(i, field)) is not None:
                setattr(i, field, round(v * 100, 6))


def _funds(t: RawTable, in_yuan: bool) -> list[Fund]:
    reason = "" if "deviation" in t.funds_roles else None
    funds = [_fund(line, t.funds[line], in_yuan, reason) for line in FUND_LINES if line in t.funds]
    total = next((x for x in funds if x.line == "total"), None)
    if total is not None and total.weight is None and t.funds_points is not None:
        total.weight = parse_number(t.funds_points)  # 预算执行情况(20分): the block's points are its weight
    return funds


def _is_budget_row(raw: RawIndicator, form: Form) -> bool:
    return bool(form.budget_row) and key(raw.level3).startswith(form.budget_row) \
        and squeeze(raw.parts.get("target")) in PLACEHOLDERS  # no target: empty, or —— printed for none


def _budget_row(p: Project, parts: dict[str, str]) -> None:
    """Hebei's 预算执行率 row in the indicator block: the funds' points, score, share and weighted score."""
    total = next((x for x in p.funds if x.line == "total"), None)
    if total is None:
        total = Fund("total", None, None, None, None, None, None)
        p.funds.insert(0, total)
    total.weight = parse_number(parts.get("weight"))
    total.score = parse_number(parts.get("score"))
    total.weight_share = _percent(parts.get("weight_share"))
    total.weighted_score = parse_number(parts.get("weighted_score"))

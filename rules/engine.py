"""Applies the rules of rules/rules.yaml to one project.

Each rule id maps to one check function below; severity, parameters, tolerances and message
templates come from the YAML.  A check that lacks a value it needs does not fire (the missing value
is reported by VALUE_UNPARSED or EXTRACTION_INCOMPLETE instead).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from operator import attrgetter
from typing import Any

from jixiao.core.config import Catalogue, bundled_catalogue
from jixiao.core.text import key
from jixiao.normalize.achievement import NOT_ACHIEVED, PARTIAL
from jixiao.normalize.ocr_repair import CELL_NAMES
from jixiao.normalize.records import FUND_COLUMN_NAMES, LINE_NAMES, Fund, Indicator, Project
from jixiao.normalize.values import QUAL, QUANT

COLUMN_NAMES = {col: FUND_COLUMN_NAMES[col] for col in ("initial_budget", "full_year_budget", "executed")}
SATISFACTION = "满意度指标"
MINISTRY_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")  # SCHEMA.md's canonical level-1 names
EPS = 1e-9
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Flag:
    seq: int | None
    rule_id: str
    severity: str
    message: str
    expected: str | None
    observed: str | None


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check found; the engine turns it into a Flag with the rule's severity and message."""
    seq: int | None
    expected: str | None
    observed: str | None
    fields: dict[str, Any]


def fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def consistent(printed: float, exact: float) -> bool:
    """A published figure computed from other cells matches only when it is the exact value rounded
    or truncated to two decimals (RULES.md: 86.19 printed for 86.1830 is an error)."""
    rounded = float(Decimal(repr(exact)).quantize(CENT, ROUND_HALF_UP))  # 9.545 → 9.55, as publishers round
    return abs(printed - rounded) <= EPS or abs(printed - math.trunc(exact * 100 + EPS) / 100) <= EPS


@dataclass(frozen=True, slots=True)
class Context:
    params: dict[str, Any]
    scheme: dict[str, Any]
    tol: dict[str, float]


Check = Callable[[Project, Context], Iterator[Hit]]
Validate = Callable[[dict[str, Any]], None]  # raises ValueError for params the check cannot use
CHECKS: dict[str, Check] = {}
VALIDATORS: dict[str, Validate] = {}


def check(rule_id: str, validate: Validate | None = None) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[rule_id] = fn
        if validate is not None:
            VALIDATORS[rule_id] = validate
        return fn
    return register


def _total_line(p: Project) -> Fund | None:
    return next((f for f in p.funds if f.line == "total"), None)


# ---- project level ------------------------------------------------------------------------------
def _budget_column(p: Project) -> str:
    """The budget a line's execution is measured against: 全年预算数, or 年初预算数 on forms that print no
    full-year figure (Guizhou's 年初预算数(A) | 全年执行数(B))."""
    return "full_year_budget" if any(f.full_year_budget is not None for f in p.funds) else "initial_budget"


@check("FUND_RATE")
def _fund_rate(p: Project, c: Context) -> Iterator[Hit]:
    col = _budget_column(p)
    for f in p.funds:
        budget = getattr(f, col)
        if budget and budget > 0 and f.executed is not None and f.execution_rate is not None:
            exact = f.executed / budget * 100
            if not consistent(f.execution_rate, exact):
                yield Hit(None, fmt(exact), fmt(f.execution_rate),
                          {"line_name": LINE_NAMES[f.line], "budget_name": FUND_COLUMN_NAMES[col]})


@check("FUND_SCORE")
def _fund_score(p: Project, c: Context) -> Iterator[Hit]:
    f = _total_line(p)
    if f and f.weight is not None and f.execution_rate is not None and f.score is not None:
        exact = f.weight * f.execution_rate / 100
        if c.scheme.get("fund_score_capped", True):
            exact = min(exact, f.weight)
        if not consistent(f.score, exact):
            yield Hit(None, fmt(exact), fmt(f.score), {"weight": fmt(f.weight), "rate": fmt(f.execution_rate)})


def _valid_breakdowns(params: dict[str, Any]) -> None:
    """Each breakdown has a name and variants of fund line ids (a typo would never match a printed line)."""
    lines = set(LINE_NAMES) - {"total"}
    for b in params["breakdowns"]:
        if not isinstance(b, dict) or not isinstance(b.get("name"), str) or not isinstance(b.get("variants"), list):
            raise ValueError(f"FUND_LINES_SUM: each breakdown needs a name and a list of variants, not {b!r}")
        unknown = sorted({str(x) for v in b["variants"] for x in v} - lines)
        if unknown:
            raise ValueError(f"FUND_LINES_SUM: breakdown {b['name']} names unknown fund line(s) {', '.join(unknown)}"
                             f" (known: {', '.join(sorted(lines))})")


def _own_lines(breakdowns: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Per breakdown, the lines no other breakdown lists: one of them printed shows the breakdown is there."""
    lines = {b["name"]: {line for variant in b["variants"] for line in variant} for b in breakdowns}
    return {name: {x for x in own if not any(x in other for n, other in lines.items() if n != name)}
            for name, own in lines.items()}


def _breakdown_lines(p: Project, breakdowns: list[dict[str, Any]]) -> dict[str, list[Fund]]:
    """The printed lines of each breakdown the table has.  A breakdown is there when one of its own lines is
    printed; it takes its variant with the most printed lines (the first on a tie); a line several
    breakdowns list (其他资金, 财政专户管理资金) goes to the first of them that is there, so it counts once."""
    printed = {f.line: f for f in p.funds if f.line != "total"}
    own, taken, found = _own_lines(breakdowns), set[str](), dict[str, list[Fund]]()
    for b in breakdowns:
        if not own[b["name"]] & printed.keys():
            continue
        variant = max(b["variants"], key=lambda v: sum(line in printed for line in v))
        lines = [line for line in variant if line in printed and line not in taken]
        taken.update(lines)
        found[b["name"]] = [printed[line] for line in lines]
    return found


@check("FUND_LINES_SUM", _valid_breakdowns)
def _fund_lines_sum(p: Project, c: Context) -> Iterator[Hit]:
    total = _total_line(p)
    if total is None:
        return
    for breakdown, lines in _breakdown_lines(p, c.params["breakdowns"]).items():
        for col, name in COLUMN_NAMES.items():
            t = getattr(total, col)
            amounts = [f for f in lines if getattr(f, col) is not None]
            s = sum(getattr(f, col) for f in amounts)
            if t is not None and amounts and abs(t - s) > c.tol["money"] + EPS:
                yield Hit(None, fmt(s), fmt(t), {"column_name": name, "breakdown": breakdown,
                                                 "lines": "、".join(LINE_NAMES[f.line] for f in amounts)})


@check("FUND_RECEIVED")
def _fund_received(p: Project, c: Context) -> Iterator[Hit]:
    for f in p.funds:
        if f.received is None:
            continue
        for more, less, more_name, less_name in ((f.executed, f.received, "执行数", "到位数"),
                                                 (f.received, f.full_year_budget, "到位数", "预算数")):
            if more is not None and less is not None and more > less + c.tol["money"] + EPS:
                yield Hit(None, fmt(less), fmt(more),
                          {"line_name": LINE_NAMES[f.line], "more": more_name, "less": less_name})


@check("FUND_OVER_EXECUTED")
def _fund_over_executed(p: Project, c: Context) -> Iterator[Hit]:
    col = _budget_column(p)
    for f in p.funds:
        budget = getattr(f, col)
        if f.executed is not None and budget is not None and f.executed > budget + c.tol["money"] + EPS:
            yield Hit(None, fmt(budget), fmt(f.executed),
                      {"line_name": LINE_NAMES[f.line], "budget_name": FUND_COLUMN_NAMES[col]})


@check("BUDGET_ADJUSTED")
def _budget_adjusted(p: Project, c: Context) -> Iterator[Hit]:
    f = _total_line(p)
    if f and f.initial_budget and f.initial_budget > 0 and f.full_year_budget is not None:
        change = abs(f.full_year_budget - f.initial_budget) / f.initial_budget
        if change > c.params["max_change"] + EPS:
            yield Hit(None, fmt(f.initial_budget), fmt(f.full_year_budget),
                      {"change_pct": fmt(change * 100), "limit_pct": fmt(c.params["max_change"] * 100)})


def _sum_check(p: Project, c: Context, attr: str, printed: float | None) -> Iterator[Hit]:
    values = [getattr(i, attr) for i in p.indicators if getattr(i, attr) is not None]
    if printed is None or not values:
        return
    f = _total_line(p)
    fund = getattr(f, attr) if f else None
    total = sum(values) + (fund or 0.0)
    if abs(total - printed) > c.tol["points"] + EPS:
        yield Hit(None, fmt(printed), fmt(total), {})


@check("TOTAL_WEIGHT")
def _total_weight(p: Project, c: Context) -> Iterator[Hit]:
    yield from _sum_check(p, c, "weight", p.total_weight)


@check("TOTAL_SCORE")
def _total_score(p: Project, c: Context) -> Iterator[Hit]:
    yield from _sum_check(p, c, "score", p.total_score)


def band(score: float, bands: list[list[Any]]) -> str:
    for floor, name in bands:
        if score >= floor - EPS:
            return str(name)
    return str(bands[-1][1])


@check("GRADE_MISMATCH")
def _grade(p: Project, c: Context) -> Iterator[Hit]:
    if not p.grade or p.total_score is None:
        return
    bands = c.scheme["grade_bands"]
    names = [str(n) for _, n in bands]
    g = key(p.grade)
    printed = g if g in names else c.params["spellings"].get(g, g)  # 优秀 → 优 where 优 is a band
    expected = band(p.total_score, bands)
    if printed != expected:
        yield Hit(None, expected, p.grade, {"score": fmt(p.total_score)})


def _cut_off(p: Project) -> bool:
    """A table without its total (no 总分 row, none in the header) may have lost its last groups."""
    return not p.has_total_row and not p.traits.total_in_header


def _ministry_levels(p: Project) -> bool:
    """The level-1 labels are the Ministry's categories (not a score sheet's 投入/过程/部门决策…)."""
    return p.traits.level_columns and all(i.level1 in MINISTRY_LEVEL1 for i in p.indicators if i.level1)


@check("LEVEL1_WEIGHTS")
def _level1_weights(p: Project, c: Context) -> Iterator[Hit]:
    weighted = [i for i in p.indicators if i.weight is not None]
    if not weighted or _cut_off(p) or not _ministry_levels(p):
        return
    guide: dict[str, float] = c.scheme["level1_guide"]
    sums = {name: sum(i.weight for i in weighted if i.level1 == name) for name in guide}
    if any(abs(sums[n] - float(guide[n])) > c.tol["points"] + EPS for n in guide):
        levels = list(guide) + sorted({i.level1 for i in weighted if i.level1 and i.level1 not in guide})
        observed = "、".join(f"{n} {fmt(sum(i.weight for i in weighted if i.level1 == n))}" for n in levels)
        yield Hit(None, "、".join(f"{n} {fmt(float(w))}" for n, w in guide.items()), observed, {})


# (level, the fields that make a group, its label, the points printed on the label); a level-2 group is
# consecutive rows with the same level 1 and level 2
LEVELS = (("一级指标", ("level1",), "level1", "level1_points"),
          ("二级指标", ("level1", "level2"), "level2", "level2_points"))


@check("LABEL_POINTS")
def _label_points(p: Project, c: Context) -> Iterator[Hit]:
    for level, group_by, label, points in LEVELS:
        groups = [list(rows) for _, rows in groupby(p.indicators, key=attrgetter(*group_by))]
        if _cut_off(p):
            groups = groups[:-1]  # the last group may go on past the cut
        for rows in groups:
            printed = next((getattr(i, points) for i in rows if getattr(i, points) is not None), None)
            weights = [i.weight for i in rows if i.weight is not None]
            if printed is not None and weights and abs(sum(weights) - printed) > c.tol["points"] + EPS:
                fields = {"level": level, "label": getattr(rows[0], label) or ""}
                yield Hit(None, fmt(printed), fmt(sum(weights)), fields)


@check("NO_SATISFACTION")
def _no_satisfaction(p: Project, c: Context) -> Iterator[Hit]:
    if p.indicators and not _cut_off(p) and _ministry_levels(p) \
            and not any(i.level1 == SATISFACTION for i in p.indicators):
        yield Hit(None, SATISFACTION, None, {})


@check("DUPLICATE_INDICATOR")
def _duplicate(p: Project, c: Context) -> Iterator[Hit]:
    counts = Counter(key(i.level3) for i in p.indicators if key(i.level3))
    seen: set[str] = set()
    for i in p.indicators:
        k = key(i.level3)
        if counts[k] > 1 and k not in seen:
            seen.add(k)
            yield Hit(None, None, i.level3, {"count": counts[k]})


def _parts(p: Project) -> list[tuple[str, bool]]:
    """The parts the table's form always prints, each with whether it was read."""
    t = p.traits
    total = p.has_total_row or (t.total_in_header and p.total_score is not None)
    parts = [("项目名称", t.names_project, bool(p.project_name)), ("项目资金", t.funds_block, bool(p.funds)),
             ("绩效指标", True, bool(p.indicators)),
             ("表头总分" if t.total_in_header else "总分行", t.score_columns and t.prints_total, total)]
    return [(name, present) for name, printed, present in parts if printed]


@check("EXTRACTION_INCOMPLETE")
def _incomplete(p: Project, c: Context) -> Iterator[Hit]:
    parts = _parts(p)
    missing = [name for name, present in parts if not present]
    if missing:
        yield Hit(None, "、".join(name for name, _ in parts), "、".join(missing), {})


@check("WEIGHT_SHARES_SUM")
def _weight_shares(p: Project, c: Context) -> Iterator[Hit]:
    f = _total_line(p)
    shares = [x.weight_share for x in [*p.indicators, *([f] if f else [])] if x.weight_share is not None]
    if shares and abs(sum(shares) - 100) > c.tol["points"] + EPS:
        yield Hit(None, fmt(100), fmt(sum(shares)), {})


# ---- indicator level ----------------------------------------------------------------------------
def _same_unit(i: Indicator) -> bool:
    return (i.target.kind == QUANT and i.actual.kind == QUANT and i.target.base_value is not None
            and i.actual_base_value is not None and i.actual_base_unit == i.target.base_unit)


def _level(i: Indicator, **extra: Any) -> dict[str, Any]:
    return {"level3": i.level3, **extra}


@check("SCORE_RANGE")
def _score_range(p: Project, c: Context) -> Iterator[Hit]:
    for i in p.indicators:
        if i.score is not None and (i.score < -EPS or (i.weight is not None and i.score > i.weight + EPS)):
            yield Hit(i.seq, fmt(i.weight), fmt(i.score), _level(i))


@check("WEIGHTED_SCORE")
def _weighted_score(p: Project, c: Context) -> Iterator[Hit]:
    for i in p.indicators:
        if i.weighted_score is not None and i.score is not None and i.weight_share is not None:
            exact = i.score * i.weight_share / 100
            if not consistent(i.weighted_score, exact):
                yield Hit(i.seq, fmt(exact), fmt(i.weighted_score),
                          _level(i, cell="折算得分", formula=f"得分{fmt(i.score)}×权重占比{fmt(i.weight_share)}%"))
        if i.score is not None and i.score_ratio is not None and i.weight is not None:
            exact = i.score_ratio * i.weight / 100
            if not consistent(i.score, exact):
                yield Hit(i.seq, fmt(exact), fmt(i.score),
                          _level(i, cell="指标得分", formula=f"得分系数{fmt(i.score_ratio)}%×指标权重{fmt(i.weight)}"))


def permissible(i: Indicator) -> tuple[float, float] | None:
    """The score range RULES.md allows an unmet quantitative indicator; None when it can't be computed or
    RULES.md gives none (a range, 380-450元/平方米: its formulas are for one bound)."""
    w, t, a = i.weight, i.target.base_value, i.actual_base_value
    op = i.target.op
    if op in (">=", ">"):
        return (w * a / t,) * 2 if t > 0 else None
    if op in ("<=", "<"):
        if t <= 0 or a <= 0:
            return None
        x, y = w * t / a, max(0.0, w * (1 - (a - t) / t))
        return min(x, y), max(x, y)
    if op == "=":
        hi = max(a, t)
        return (w * min(a, t) / hi,) * 2 if hi > 0 else None
    return None


@check("QUANT_SCORE")
def _quant_score(p: Project, c: Context) -> Iterator[Hit]:
    tol = c.params["tolerance"]
    for i in p.indicators:
        if not _same_unit(i) or i.weight is None or i.score is None:
            continue
        rng = (i.weight, i.weight) if i.achievement == "achieved" else permissible(i)
        if rng and not (rng[0] - tol - EPS <= i.score <= rng[1] + tol + EPS):
            expected = fmt(rng[0]) if abs(rng[1] - rng[0]) < EPS else f"{fmt(rng[0])}–{fmt(rng[1])}"
            yield Hit(i.seq, expected, fmt(i.score), _level(i, target=i.target_raw, actual=i.actual_raw))


@check("QUAL_SCORE")
def _qual_score(p: Project, c: Context) -> Iterator[Hit]:
    bands: dict[str, list[float]] = c.params["bands"]
    for i in p.indicators:
        if i.actual.kind != QUAL or i.achievement not in bands or not i.weight or i.score is None:
            continue
        lo, hi = bands[i.achievement]
        if not (lo * i.weight - EPS <= i.score <= hi * i.weight + EPS):
            yield Hit(i.seq, f"{fmt(lo * i.weight)}–{fmt(hi * i.weight)}", fmt(i.score),
                      _level(i, actual=i.actual_raw))


@check("NO_DEVIATION_REASON")
def _no_reason(p: Project, c: Context) -> Iterator[Hit]:
    for i in p.indicators:
        if i.deviation_reason is None:  # the form has no reason column
            continue
        short = i.score is not None and i.weight is not None and i.score < i.weight - EPS
        if (short or i.achievement in (PARTIAL, NOT_ACHIEVED)) and not i.deviation_reason.strip():
            yield Hit(i.seq, fmt(i.weight), fmt(i.score), _level(i))


@check("TARGET_EXCEEDED")
def _target_exceeded(p: Project, c: Context) -> Iterator[Hit]:
    ratio = c.params["ratio"]
    for i in p.indicators:
        if _same_unit(i) and i.target.op in (">=", ">") and i.target.base_value > 0 \
                and i.actual_base_value >= ratio * i.target.base_value - EPS:
            x = i.actual_base_value / i.target.base_value
            yield Hit(i.seq, i.target_raw, i.actual_raw, _level(i, ratio_x=f"{x:.2f}"))


def _unit_mismatch(i: Indicator) -> bool:
    return i.target.kind == QUANT and i.actual.kind == QUANT and i.actual.unit is not None \
        and i.actual_base_unit != i.target.base_unit


@check("UNIT_MISMATCH")
def _unit(p: Project, c: Context) -> Iterator[Hit]:
    for i in p.indicators:
        if _unit_mismatch(i):
            yield Hit(i.seq, i.target.unit or "无", i.actual.unit, _level(i))


KIND_NAMES = {QUANT: "定量", QUAL: "定性"}


@check("KIND_MISMATCH")
def _kind(p: Project, c: Context) -> Iterator[Hit]:
    for i in p.indicators:
        if i.target.kind and i.actual.kind and i.target.kind != i.actual.kind:
            yield Hit(i.seq, KIND_NAMES[i.target.kind], KIND_NAMES[i.actual.kind], _level(i))


@check("TARGET_OP_ASSUMED")
def _op_assumed(p: Project, c: Context) -> Iterator[Hit]:
    for i in p.indicators:
        if i.target_op_assumed:
            yield Hit(i.seq, "≥" if i.target.op == ">=" else "≤", i.target_raw, _level(i))


@check("VALUE_UNPARSED")
def _unparsed(p: Project, c: Context) -> Iterator[Hit]:
    for i in p.indicators:
        for cell, value, raw in (("年度指标值", i.target, i.target_raw), ("实际完成值", i.actual, i.actual_raw)):
            if value.unparsed:
                yield Hit(i.seq, None, raw, _level(i, cell=cell))


@check("ACHIEVEMENT_UNKNOWN")
def _achievement_unknown(p: Project, c: Context) -> Iterator[Hit]:
    if not p.traits.targets:  # a score sheet prints no target or actual
        return
    for i in p.indicators:
        # Also a row whose target or actual cell is empty: an unfilled row is itself a finding (RULES.md).
        if i.achievement is None and not _unit_mismatch(i) and not i.target.unparsed and not i.actual.unparsed:
            yield Hit(i.seq, i.target_raw, i.actual_raw, _level(i))


@check("OCR_CORRECTED")
def _ocr_corrected(p: Project, c: Context) -> Iterator[Hit]:
    for cell, raw, fixed in p.ocr_repairs:
        yield Hit(None, fixed, raw, {"where": "", "cell": cell})
    for i in p.indicators:
        for cell, raw, fixed in i.ocr_repairs:
            yield Hit(i.seq, fixed, raw, {"where": f"“{i.level3}”的", "cell": cell})


@check("OCR_LOW_CONFIDENCE")
def _ocr_low_confidence(p: Project, c: Context) -> Iterator[Hit]:
    threshold = c.params["threshold"]
    for i in p.indicators:
        values = {"target": i.target_raw, "actual": i.actual_raw, "weight": fmt(i.weight), "score": fmt(i.score)}
        low = [f"{name} {i.confidence[role]:.2f}" for role, name in CELL_NAMES.items()
               if role in i.confidence and i.confidence[role] < threshold and any(ch.isdigit() for ch in values[role])]
        if low:
            yield Hit(i.seq, f"{threshold:.2f}", "、".join(low), _level(i))


class Engine:
    """The rule catalogue of one run (one scheme), applied project by project.  Raises ValueError for
    a scheme the catalogue does not have."""

    def __init__(self, scheme: str | None = None, catalogue: Catalogue | None = None) -> None:
        cfg = (catalogue or bundled_catalogue())["rules"]
        name = scheme or cfg["scheme"]
        if name not in cfg["schemes"]:
            raise ValueError(f"unknown scheme {name!r}; rules.yaml has: {', '.join(cfg['schemes'])}")
        self.scheme_name = name
        self.version = cfg["version"]
        scheme, tol = cfg["schemes"][name], cfg["tolerances"]
        unknown = [r["id"] for r in cfg["rules"] if r["id"] not in CHECKS]
        if unknown:
            raise ValueError(f"rules.yaml names rules with no check: {', '.join(unknown)}")
        self.rules = [(r, CHECKS[r["id"]], Context(r.get("params", {}), scheme, tol))
                      for r in cfg["rules"] if r.get("enabled", True)]
        for r, _, ctx in self.rules:
            if r["id"] in VALIDATORS:
                VALIDATORS[r["id"]](ctx.params)

    def check(self, p: Project) -> list[Flag]:
        flags: list[tuple[int, int, Flag]] = []
        for order, (rule, fn, ctx) in enumerate(self.rules):
            for hit in fn(p, ctx):
                message = rule["message"].format(expected=hit.expected, observed=hit.observed, **hit.fields)
                flag = Flag(hit.seq, rule["id"], rule["severity"], message, hit.expected, hit.observed)
                flags.append((hit.seq or 0, order, flag))
        return [f for _, _, f in sorted(flags, key=lambda x: (x[0], x[1]))]

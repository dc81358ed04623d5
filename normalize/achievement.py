"""Whether an indicator reached its target (achieved / partially_achieved / not_achieved / None)."""
from __future__ import annotations

from jixiao.core import config
from jixiao.core.text import key
from jixiao.core.vocabulary import comparator
from jixiao.normalize.values import QUAL, QUANT, Value, comparator_op, is_date

ACHIEVED, PARTIAL, NOT_ACHIEVED = "achieved", "partially_achieved", "not_achieved"


@config.derived
def _tiers(catalogue: config.Catalogue) -> list[tuple[str, tuple[str, ...]]]:
    words = catalogue["values"]["achievement_words"]
    return [(tier, tuple(key(w) for w in words[tier])) for tier in (NOT_ACHIEVED, PARTIAL, ACHIEVED)]


@config.derived
def _negations(catalogue: config.Catalogue) -> list[tuple[str, str]]:
    return [(key(now), key(past)) for now, past in catalogue["values"].get("restated_negations", [])]


@config.derived
def _hedges(catalogue: config.Catalogue) -> tuple[str, ...]:
    return tuple(key(w) for w in catalogue["values"]["hedges"])


@config.derived
def _done_marks(catalogue: config.Catalogue) -> tuple[str, ...]:
    return tuple(key(w) for w in catalogue["values"].get("done_marks", []))


def restates(target_raw: str, actual_raw: str) -> bool:
    """Whether a qualitative actual says the target in other words: the same text, the same but for a
    negation in the past (未发生 for 不发生), or the target said done (已建立 for 建立, 问题已及时处理 for
    问题及时处理: the mark before its verb, anywhere in the sentence)."""
    t, a = key(target_raw), key(actual_raw)
    return (t == a or any(t.replace(past, now) == a.replace(past, now) for now, past in _negations())
            or any(_marked(t, a, mark) for mark in _done_marks()))


def _marked(target: str, actual: str, mark: str) -> bool:
    """Whether `actual` is `target` with `mark` put in at one place."""
    if len(actual) != len(target) + len(mark):
        return False
    at = next((i for i, (x, y) in enumerate(zip(target, actual)) if x != y), len(target))
    return at < len(target) and actual[at:at + len(mark)] == mark and actual[at + len(mark):] == target[at:]


@config.derived
def _scales(catalogue: config.Catalogue) -> list[tuple[str, ...]]:
    return [tuple(key(w) for w in scale) for scale in catalogue["values"]["rating_scales"]]


def _rated(target_raw: str, actual_raw: str) -> str | None:
    """A target and its actual both rating words of one scale (较好 / 好): achieved when the actual rates as
    high or higher; None otherwise (a lower rating misses the target by a degree no tier names)."""
    t, a = key(target_raw), key(actual_raw)
    for scale in _scales():
        if t in scale and a in scale:
            return ACHIEVED if scale.index(a) <= scale.index(t) else None
    return None


@config.derived
def _openings(catalogue: config.Catalogue) -> list[tuple[str, tuple[str, ...]]]:
    return [(tier, tuple(key(w) for w in words))
            for tier, words in catalogue["values"].get("achievement_openings", {}).items()]


def tier_of(actual_raw: str) -> str | None:
    """The tier a qualitative actual states (部分达成指标并具有一定效果 → partially_achieved; 部分建立 opens with
    a tier's word)."""
    k = key(actual_raw)
    for tier, words in _tiers():
        if any(w in k for w in words):
            return tier
    return next((tier for tier, words in _openings() if k.startswith(words)), None)


def met(target: Value, actual_base: float) -> bool:
    t = target.base_value
    eps = 1e-9 * max(1.0, abs(t))
    if target.op in (">=", None):
        return actual_base >= t - eps
    if target.op == ">":
        return actual_base > t
    if target.op == "<=":
        return actual_base <= t + eps
    if target.op == "<":
        return actual_base < t
    if target.op == "=":
        return abs(actual_base - t) <= eps
    return t - eps <= actual_base <= target.base_value_max + eps  # between


# What each comparator a result may state satisfies: 高于上年 meets 不低于上年, 持平 does too.
_MEETS = {">=": (">=", ">", "="), ">": (">",), "<=": ("<=", "<", "="), "<": ("<",), "=": ("=",)}


def _against_the_same(target_raw: str, actual_raw: str) -> str | None:
    """A target and a result each a comparator before the same words (不低于上年 / 高于上年): achieved when the
    result's comparator meets the target's, not achieved when it does not; None for anything else."""
    pattern = comparator()
    t, a = key(target_raw), key(actual_raw)
    mt, ma = pattern.match(t), pattern.match(a)
    if not (mt and ma) or t[mt.end():] != a[ma.end():] or not t[mt.end():] or any(ch.isdigit() for ch in t):
        return None
    want, got = comparator_op(mt.group()), comparator_op(ma.group())
    if want is None or got is None:
        return None
    return ACHIEVED if got in _MEETS[want] else NOT_ACHIEVED


@config.derived
def _trends(catalogue: config.Catalogue) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    values = catalogue["values"]
    words = {key(w): op for op, ws in values.get("trends", {}).items() for w in ws}
    modifiers = tuple(sorted((key(m) for m in values.get("trend_modifiers", [])), key=len, reverse=True))
    return words, modifiers, tuple(key(n) for n in values.get("trend_negations", []))


_TURNED = {">": "<=", "<": ">="}  # 不增加: no rise; 不减少: no fall
_CHANGES = {">": {">"}, "=": {"="}, "<": {"<"}, ">=": {">", "="}, "<=": {"<", "="}}  # the changes each allows


def _trend(raw: str) -> str | None:
    """The comparator a cell that states only a direction says (稳中有增 → >, 不减少 → >=), None for any other."""
    words, modifiers, negations = _trends()
    k = key(raw)
    modifier = next((m for m in modifiers if k.startswith(m)), "")
    k = k[len(modifier):]
    negation = next((n for n in negations if k.startswith(n)), "")
    k = k[len(negation):]
    op = words.get(k)
    if op is None or (len(k) == 1 and not modifier):
        return None
    return _TURNED.get(op) if negation else op


def _directed(target_raw: str, actual_raw: str) -> str | None:
    """A target and its actual each only a direction of change (不减少 / 稳中有增): achieved when every change the
    actual allows meets the target, not achieved when none does; None otherwise (未降低 for 有所提高)."""
    want, got = _trend(target_raw), _trend(actual_raw)
    if want is None or got is None:
        return None
    allowed, stated = _CHANGES[want], _CHANGES[got]
    return ACHIEVED if stated <= allowed else NOT_ACHIEVED if not stated & allowed else None


def achievement(target: Value, target_raw: str, actual: Value, actual_raw: str, actual_base: float | None,
                actual_base_unit: str | None, process_check: bool = False) -> str | None:
    """Quantitative rows compare actual with target in one base unit; qualitative actuals state a tier
    or restate the target.  A target cell left unfilled leaves the row unknown whatever the actual says
    (RULES.md: an unfilled row is itself a finding).  `process_check`: the target is the mark a form
    prints for a process check (forms.yaml `process_checks`), which an actual in words without a hedge
    states passed."""
    if not key(target_raw):
        return None
    if actual.kind == QUAL:
        tier = None if is_date(actual_raw) else tier_of(actual_raw)  # dates are not compared (SCHEMA)
        if tier:
            return tier
        if target.kind == QUAL and restates(target_raw, actual_raw):
            return ACHIEVED
        compared = (_against_the_same(target_raw, actual_raw) or _rated(target_raw, actual_raw)
                    or _directed(target_raw, actual_raw))
        if target.kind == QUAL and compared:
            return compared
        if process_check and not any(h in key(actual_raw) for h in _hedges()):
            return ACHIEVED
        return None
    if target.kind == QUANT and actual.kind == QUANT and actual_base is not None \
            and target.base_value is not None and actual_base_unit == target.base_unit:
        return ACHIEVED if met(target, actual_base) else NOT_ACHIEVED
    return None

"""Reading a target or actual cell: comparator, number(s), unit, base unit."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from jixiao.core import config
from jixiao.core.shapes import POINTS, UNIT_POWER
from jixiao.core.vocabulary import EMPTY_MARKS, EMPTY_SIGNS

QUANT = "quantitative"
QUAL = "qualitative"

_NUM = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# Printed in an empty money, weight or score cell.
PLACEHOLDERS = EMPTY_MARKS | {""}
# Printed in an empty target or actual cell: a sign alone; 无 there is qualitative (SCHEMA.md actual_kind).
_NO_VALUE = EMPTY_SIGNS | {""}
# 2024年12月31日前, 2024-12-31, 2024.12: dates are qualitative targets, not unparsed numbers.
_DATE = regex.compile(
    r"^(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?)"
    r"(?:前|之前|以前|底前|底|内|完成|前完成|底前完成)*$"
)
# 12月底前, 6月30日前, 2022年12月31日前建立: a day or month of the year (with 年, a day, a 旬 or a word of
# time after the month) is a date, read before numbers (12月底前 is not 12 of a unit 月底前); a month
# alone (11月) may be a count.
_CALENDAR = regex.compile(
    r"^(?:\d{4}年\d{1,2}月|\d{1,2}月(?=\d{1,2}日|[上中下]旬|前|之前|以前|底|末|内))(?:\d{1,2}日|[上中下]旬)?\p{Han}*$"
)
_DIGIT = regex.compile(r"\d")
# A footnote's marker after a value (426个①, 88.6%*; before NFKC, which reads ① as 1): no part of the value
_FOOTNOTE = regex.compile(r"(?<=[\d\p{Han}%‰])[①-⑳※*＊]+\s*$")
_UNIT_CHAR = rf"(?:[^()\d]|{UNIT_POWER})"  # no digit but a unit's power: m2, km2, m3, μg/m3
_GLOSS = regex.compile(r"\([^()]*\)$")
# A gloss that qualifies the number (90%(含), 5天(以内)) or remarks on it (100%(已完成), 8座(全部完工)), not
# the unit; other glosses name the unit's alternative (万头(只), 人(次)) and are part of it, as printed.
_QUALIFIER = regex.compile(r"含|以上|以下|以内|左右|完成|完工|竣工|达成|达标|实现")
_WS = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Value:
    kind: str | None = None  # quantitative, qualitative, or None for an empty cell
    op: str | None = None
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    base_value: float | None = None
    base_unit: str | None = None
    base_value_max: float | None = None
    unparsed: bool = False  # has a digit but no reading


EMPTY = Value()


class _Grammar:
    """Regexes built once from rules/values.yaml."""

    def __init__(self, cfg: dict) -> None:
        self.prefix = self._alternation(cfg["comparators"])
        self.suffix = self._alternation(cfg["suffix_comparators"])
        self.ops = {w: op for op, words in cfg["comparators"].items() for w in words}
        self.ops.update({w: op for op, words in cfg["suffix_comparators"].items() for w in words})
        self.aliases: dict[str, str] = cfg["unit_aliases"]
        self.scales: dict[str, float] = {k: float(v) for k, v in cfg["scales"].items()}
        leading = [*cfg["approximate"], *cfg["change_words"], *cfg["framing"]]
        self.leading = regex.compile("^(?:" + self._words(leading) + r")(?=\d)")
        self.trailing = regex.compile(r"(?<=\d\D{0,6})(?:" + self._words(cfg["approximate_after"]) + ")$")
        self.between = regex.compile(r"(?<=\d)(?:" + self._words(cfg["approximate_between"]) + r")(?=\p{Han})")
        # a sign said again in words (≥不低于92%): the words
        words = [w for ws in cfg["comparators"].values() for w in ws if regex.match(r"\p{Han}", w)]
        signs = [w for ws in cfg["comparators"].values() for w in ws if not regex.match(r"\p{Han}", w)]
        self.doubled = regex.compile("^(?:" + self._words(signs) + ")(?=" + self._words(words) + ")")
        # a remark in brackets: opened by a remark's word, or holding words and a number after a value with its unit
        # (100%(验收12处)); right after a bare number only the words say so (3(含续建1个))
        self.remark = regex.compile(r"(?<=\d\D{0,6})\((?:" + self._words(cfg["remark_openings"]) + r")[^()]*\)$"
                                    r"|(?<=\d\D{1,6})\((?=[^()]*\p{Han})(?=[^()]*\d)[^()]*\)$")
        # A unit in parentheses, or a bare one of at most 6 characters (longer is a sentence:
        # 3个月内完成验收), optionally glossed in parentheses (%(百分比)), or a rate per so many (9.8/10万,
        # 3.5人/1000人: a word after the number, so a date 2023/12 or a fraction 1/3 is none).
        u = _UNIT_CHAR
        unit = (rf"(?:\((?P<{{g}}>{u}{{{{1,12}}}})\)"
                rf"|(?P<{{g}}b>(?:(?!/){u}){{{{0,3}}}}/\d+{u}{{{{1,4}}}}|{u}{{{{1,6}}}}?(?:\({u}{{{{1,8}}}}\))?))?")
        self.single = regex.compile(
            rf"^(?P<cmp>{self.prefix})?(?P<num>{_NUM}){unit.format(g='unit')}(?P<suf>{self.suffix})?$"
        )
        self.range = regex.compile(
            rf"^(?P<cmp>{self.prefix})?(?P<lo>{_NUM}){unit.format(g='u1')}[-~～—–至到](?P<hi>{_NUM}){unit.format(g='u2')}$"
        )
        self.plusminus = regex.compile(rf"^±(?P<num>{_NUM}){unit.format(g='unit')}$")
        # 每亩300: a unit printed before the number; 每亩300元, 每亩不超过300元, 每人每月500元: a rate split
        # round it (300 元/亩, ≤300 元/亩, 500 元/人/月).
        self.unit_first = regex.compile(
            rf"^(?P<cmp>{self.prefix})?(?P<per>(?:每[^\d()每]{{1,4}}?)+)(?P<cmp2>{self.prefix})?(?P<num>{_NUM})"
            rf"(?P<unit>{_UNIT_CHAR}{{1,6}})?$")

    @staticmethod
    def _words(words: list[str]) -> str:
        return "|".join(regex.escape(unicodedata.normalize("NFKC", w)) for w in sorted(words, key=len, reverse=True))

    @staticmethod
    def _alternation(table: dict[str, list[str]]) -> str:
        words = sorted({regex.escape(unicodedata.normalize("NFKC", w)) for ws in table.values() for w in ws},
                       key=len, reverse=True)
        return "|".join(words)


@config.derived
def _grammar(catalogue: config.Catalogue) -> _Grammar:
    return _Grammar(catalogue["values"])


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def base(value: float, unit: str | None) -> tuple[float, str | None]:
    """Value in its base unit: (17, 万人) → (170000, 人); (100, 百分比) → (100, %); % and plain
    units are their own base."""
    if not unit:
        return value, None
    g = _grammar()
    unit = g.aliases.get(unit, unit)
    factor = g.scales.get(unit[0])
    if factor is not None:
        return value * factor, (unit[1:] or None)
    return value, unit


def _between(lo: float, hi: float, unit: str | None) -> Value:
    (blo, bu), (bhi, _) = base(lo, unit), base(hi, unit)
    return Value(QUANT, "between", lo, hi, unit, blo, bu, bhi)


def _unit(m: regex.Match, group: str) -> str | None:
    u = m.group(group) or m.group(group + "b")
    if not u:
        return None
    u = u.strip()
    if u in _grammar().aliases:
        return u  # printed as is (百分比, %(百分比)); base() gives its base unit
    gloss = _GLOSS.search(u)
    if gloss and not _QUALIFIER.search(gloss.group()):
        return u
    return _GLOSS.sub("", u) or u or None  # %(含) → %


def _unwrapped(s: str) -> str:
    """A cell printed whole in parentheses, （≥17万人） or (100%), without them."""
    while len(s) > 2 and s[0] == "(" and s[-1] == ")":
        depth = 0
        for ch in s[:-1]:
            depth += (ch == "(") - (ch == ")")
            if depth == 0:
                return s  # the first parenthesis closes before the end: (A)-(B), not one wrapped cell
        s = s[1:-1]
    return s


def _squeezed(raw: str | None) -> str:
    return _unwrapped(_WS.sub("", unicodedata.normalize("NFKC", raw or "")))


def comparator_op(word: str) -> str | None:
    """The op (>=, <, …) a comparator word or sign stands for (不低于 → >=); None for any other word."""
    return _grammar().ops.get(word)


def is_date(raw: str | None) -> bool:
    """Whether a value cell prints a date (12月底前, 2024年11月完成): qualitative, and its 完成 says when."""
    s = _squeezed(raw)
    return bool(_CALENDAR.match(s) or _DATE.match(s))


def parse(raw: str | None) -> Value:
    """Read a 年度指标值 / 实际完成值 cell.  The comparator is None when none is printed."""
    s = _squeezed(_FOOTNOTE.sub("", raw or ""))
    if s in _NO_VALUE:
        return EMPTY
    if _CALENDAR.match(s):
        return Value(QUAL)
    g = _grammar()
    # 约320, 下降5%, 95%左右, 控制在5%以内, 12个(含续建3个): the number (and suffix), without the words round it
    s = g.remark.sub("", g.trailing.sub("", g.leading.sub("", g.doubled.sub("", s))))
    s = g.between.sub("", s)
    m = g.single.match(s)
    if m:
        unit = _unit(m, "unit")
        op = g.ops.get(m.group("cmp") or m.group("suf") or "")
        v = _number(m.group("num"))
        bv, bu = base(v, unit)
        return Value(QUANT, op, v, None, unit, bv, bu)
    m = g.range.match(s)
    if m:
        u1, u2 = _unit(m, "u1"), _unit(m, "u2")
        if u1 is None or u2 is None or u1 == u2:
            unit = u2 or u1
            lo, hi = _number(m.group("lo")), _number(m.group("hi"))
            if lo <= hi:
                return _between(lo, hi, unit)
    m = g.plusminus.match(s)
    if m:
        unit = _unit(m, "unit")
        v = _number(m.group("num"))
        return _between(-v, v, unit)
    m = g.unit_first.match(s)
    if m:
        v = _number(m.group("num"))
        per = m.group("per")
        unit = "/".join([m.group("unit"), *per.split("每")[1:]]) if m.group("unit") else per
        bv, bu = base(v, unit)
        return Value(QUANT, g.ops.get(m.group("cmp") or m.group("cmp2") or ""), v, None, unit, bv, bu)
    if _DIGIT.search(s) and not _DATE.match(s):
        return Value(QUAL, unparsed=True)
    return Value(QUAL)


_MONEY_GLOSS = regex.compile(r"\((万元|元)\)$")


def parse_amount(raw: str | None) -> tuple[float | None, bool]:
    """A funds-block number: (value, printed_in_wan).  `3359.62万` is already in 万元."""
    s = _WS.sub("", unicodedata.normalize("NFKC", raw or "")).rstrip("%")
    s = _MONEY_GLOSS.sub(r"\1", s).removeprefix("¥")  # 360.00(万元) → 360.00万元; ￥ (NFKC ¥) a currency sign
    if s in PLACEHOLDERS:
        return None, False
    wan = s.endswith("万") or s.endswith("万元")
    s = s.removesuffix("元").removesuffix("万")
    try:
        return _number(s), wan
    except ValueError:
        return None, False


def parse_number(raw: str | None) -> float | None:
    """A weight, score or total cell (`10.00`, `(50分)`); None for anything else (`100.00(%)`)."""
    m = POINTS.match(_WS.sub("", unicodedata.normalize("NFKC", raw or "")))
    return float(m.group(1)) if m else None

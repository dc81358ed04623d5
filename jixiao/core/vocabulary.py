"""The table vocabulary every stage matches against: the header and label aliases of
rules/headers.yaml and the comparator words of rules/values.yaml (or a user's --rules folder),
compiled once per catalogue (jixiao.core.config)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from jixiao.core import config
from jixiao.core.forms import forms
from jixiao.core.text import key

_LABEL_PUNCT = regex.compile(r"^(?:其中)?[:：]?|[:：]$")
# What a header prints in parentheses beside its name: 执行率(B/A), 得分(20分*执行率), 年度预算数(万元).
_ASIDE = regex.compile(r"\([^()]*\)")
# A year as printed in titles and on a line of its own under them: 2024年, (2024年度).
# Signs a cell prints alone for "nothing"; in a 年度指标值 / 实际完成值 cell only these are empty
# (SCHEMA.md: 无 there is a qualitative statement).
EMPTY_SIGNS = frozenset({"-", "--", "—", "——", "/", "\\", "N/A", "n/a"})
# What a money, weight or score cell prints for "nothing" (a fund line without money, a score not given).
EMPTY_MARKS = EMPTY_SIGNS | {"无"}
YEAR = regex.compile(r"((?:19|20)\d{2})年")
# A year in Chinese numerals (二〇二三年度): arabic_years gives it in digits, for YEAR and YEAR_LINE.
_HAN_YEAR = regex.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
_HAN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def arabic_years(s: str) -> str:
    """`s` with each year printed in Chinese numerals in digits (二〇二三年 → 2023年)."""
    return _HAN_YEAR.sub(lambda m: m.group().translate(_HAN_DIGITS), s)


# A line that gives the table's year: (2023年度), or labelled: 自评年度：2023年度, 评价年度:2023
YEAR_LINE = regex.compile(r"^(?:[(（]?((?:19|20)\d{2})年度?[)）]?"
                          r"|(?:自评|评价|绩效|考核)?年度[:：]?((?:19|20)\d{2})年?度?)$")
# A list number before a level's label: (一)产出指标, 一、产出指标, 1.数量指标, 1.1数量指标 (not a decimal, 1.5万亩)
_NUMBERED = regex.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}、"
                          r"|\d{1,2}(?:\.\d{1,2})*(?:[、．]|\.(?!\d))|\d{1,2}(?:\.\d{1,2})+(?=\p{Han}))")


def unnumbered(label_key: str) -> str:
    """A level's label without the list number a publisher put before it ((一)产出指标 → 产出指标)."""
    rest = _NUMBERED.sub("", label_key)
    return rest if len(rest) >= 2 else label_key


# A zero in 偏差原因 (0, 0.00 in a sheet's 0.00 format): a filler's way of saying "no deviation", not a number
ZERO = regex.compile(r"^0(?:\.0+)?$")
# A fund line's amount written into its label: 一般公共预算:1325.68, 其他资金：120.00万元， (a list's comma after it)
LABEL_AMOUNT = regex.compile(r"^(.+?)[:：](\d[\d,]*(?:\.\d+)?)(?:万元|元)?[,，;；。]?$")
# The money unit printed as a cell of a table's header (金额单位:元, (单位:万元)), not on a line of its own.
MONEY_UNIT_CELL = regex.compile(r"[(（]?(?:金额)?单位[:：](万元|元)[)）]?")
# A weight printed in a label key: 产出指标(50分), 效益指标(30), 产出指标50分, a lone (50分), or as a scan reads
# it: 产出指标(50分 and 产出30分) with a bracket lost, (15分.), (.10分) and (30.分) with a speck.
WEIGHT_IN_LABEL = regex.compile(r"\([.·]?(\d+(?:\.\d+)?)[.·]?分?[.·]?\)|\(?(\d+(?:\.\d+)?)分[.·]?\)?$")


# A header cell holds at most this many characters beside its column names (偏差原因 + 分析及).
HEADER_SLACK = 3


class AliasTable:
    """Roles and their aliases (keys), with one compiled pattern so that a cell is scanned once."""

    def __init__(self, roles: dict[str, list[str]]) -> None:
        self.role_of = {key(a): role for role, names in roles.items() for a in names}
        alternation = "|".join(regex.escape(a) for a in sorted(self.role_of, key=len, reverse=True))
        self._pattern = regex.compile(alternation)
        # Header and label cells recur on every table: their lookups are kept (bounded: values pass by too).
        self.column_alias = lru_cache(maxsize=16384)(self._column_alias)  # type: ignore[method-assign]
        self.label = lru_cache(maxsize=16384)(self._label)  # type: ignore[method-assign]

    def _longest(self, cell_key: str) -> str | None:
        found = self._pattern.findall(cell_key, overlapped=True)
        return max(found, key=len) if found else None

    def roles_in(self, cell_key: str) -> set[str]:
        """The roles the cell's aliases name, leaving out aliases inside the longest one: two roles for
        项目年度目标完成情况 (项目年度目标 · 年度目标完成情况), one for 年度总体目标完成情况."""
        found = self._pattern.findall(cell_key, overlapped=True)
        longest = max(found, key=len, default="")
        return {self.role_of[a] for a in found if a == longest or a not in longest}

    def named(self, cell_key: str) -> set[str]:
        """The roles a header cell names: roles_in where at most HEADER_SLACK characters of the cell outside
        parentheses are no column name's, as a header cell is little else than column names (偏差原因分析及,
        年度指标值(A)); a criteria sentence such as 按实际值/指标值×该指标分值计算得分 names four in passing."""
        bare = _ASIDE.sub("", cell_key)
        covered: set[int] = set()
        for m in self._pattern.finditer(bare, overlapped=True):
            covered.update(range(*m.span()))
        return self.roles_in(cell_key) if len(bare) - len(covered) <= HEADER_SLACK else set()

    def found(self, cell_key: str) -> set[str]:
        """Every alias the cell contains."""
        return set(self._pattern.findall(cell_key, overlapped=True))

    def aliases_of(self, role: str) -> tuple[str, ...]:
        return tuple(a for a, r in self.role_of.items() if r == role)

    def column(self, cell_key: str) -> str | None:
        """The role of a header cell: the role of the LONGEST alias it contains."""
        alias = self.column_alias(cell_key)
        return self.role_of[alias] if alias else None

    def _column_alias(self, cell_key: str) -> str | None:
        """The alias that names a header cell: the longest one in the text outside parentheses, so
        得分(20分*执行率) is a score; the whole text only when nothing outside them names it."""
        bare = _ASIDE.sub("", cell_key)
        return (self._longest(bare) if bare != cell_key else None) or self._longest(cell_key)

    def _label(self, cell_key: str, slack: int = 2) -> str | None:
        """The role of a row label (项目名称, 其中:当年财政拨款, 实施单位(盖章)): the cell is the label, not a
        sentence."""
        k = _LABEL_PUNCT.sub("", _ASIDE.sub("", cell_key) or cell_key)
        alias = self._longest(k)
        return self.role_of[alias] if alias and len(k) <= len(alias) + slack else None


@dataclass(frozen=True, slots=True)
class Aliases:
    titles: tuple[str, ...]  # every form's title words (rules/forms.yaml)
    form_name: regex.Pattern  # a form's name in a title line: the words before a title word, and the word
    labels: AliasTable
    grades: frozenset[str]
    goal_columns: AliasTable
    goal_unchanged: frozenset[str]  # an adjusted goal's cell saying it was not adjusted (无调整)
    funds_label: tuple[str, ...]
    indicators_label: tuple[str, ...]
    funds_columns: AliasTable
    fund_lines: AliasTable
    fund_subtotals: tuple[str, ...]
    indicator_subtotals: frozenset[str]  # a level's subtotal row among the indicators (小计): no indicator
    indicator_columns: AliasTable
    level1_names: frozenset[str]  # canonical names and the labels printed for them
    level1_canonical: dict[str, str]  # a printed label → its canonical name (效果指标 → 效益指标)
    level1_short: dict[str, str]  # a Ministry category printed short → its canonical name (产出 → 产出指标)
    level2_names: frozenset[str]  # the Ministry's level-2 categories, without 指标
    preamble: tuple[str, ...]
    notes: tuple[str, ...]
    continued: frozenset[str]

    def is_continued(self, cell_key: str) -> bool:
        """A cell that only says the table goes on (续表, 续表2, (续)): no row of the table."""
        return cell_key.rstrip("0123456789") in self.continued

    def is_level2_category(self, name: str) -> bool:
        """A Ministry level-2 category (时效指标, 社会效益指标); its points and list number removed by the caller."""
        return name.endswith("指标") and name[:-2] in self.level2_names

    def is_title(self, line_key: str, longest: int = 40) -> bool:
        """A short line naming a self-evaluation form (…自评表, maybe with its year)."""
        return len(line_key) <= longest and any(t in line_key for t in self.titles)

    def starts_table(self, line_key: str) -> bool:
        """A line that opens a table's body: the 项目名称 row or the indicator header (after a 序号 column too)."""
        level1 = self.indicator_columns.aliases_of("level1")
        if line_key.startswith(self.labels.aliases_of("project_name") + level1):
            return True
        index = next((a for a in self.indicator_columns.aliases_of("index") if line_key.startswith(a)), "")
        return bool(index) and line_key[len(index):].startswith(level1)

    def is_total(self, line_key: str) -> bool:
        """The 总分 line (合计 too, unless it names a funds line as well)."""
        totals = tuple(a for a in self.labels.aliases_of("total") if a not in self.fund_lines.role_of)
        return line_key.startswith(totals)

    def ends_table(self, line_key: str) -> bool:
        """The 评分等级 line, the last row of the form."""
        return line_key.startswith(self.labels.aliases_of("grade"))

    def is_preamble(self, line_key: str) -> bool:
        """A label printed above a table (主管部门：…, 金额单位：万元)."""
        head = line_key.split(":", 1)[0] if ":" in line_key else None
        return head is not None and (self.labels.label(head) is not None
                                     or any(head.startswith(p) for p in self.preamble))


@config.derived
def aliases(catalogue: config.Catalogue) -> Aliases:
    cfg = catalogue["headers"]
    titles = tuple(dict.fromkeys(key(t) for form in catalogue["forms"]["forms"].values()
                                 for t in (form or {}).get("titles", ())))
    return Aliases(
        titles=titles,
        # 2023年度部门整体支出绩效自评表 → 年度部门整体支出绩效自评表 (the caller drops the year's rest)
        form_name=regex.compile(r"(?:\p{Han}|[(（]\p{Han}{1,4}[)）])*(?:"
                                + "|".join(regex.escape(t) for t in sorted(titles, key=len, reverse=True)) + ")"),
        labels=AliasTable(cfg["labels"]),
        grades=frozenset(cfg["grades"]),
        goal_columns=AliasTable(cfg["goal_columns"]),
        goal_unchanged=frozenset(key(w) for w in cfg["goal_unchanged"]),
        funds_label=tuple(key(a) for a in cfg["funds_label"]),
        indicators_label=tuple(key(a) for a in cfg["indicators_label"]),
        funds_columns=AliasTable(cfg["funds_columns"]),
        fund_lines=AliasTable(cfg["fund_lines"]),
        fund_subtotals=tuple(key(a) for a in cfg["fund_subtotals"]),
        indicator_subtotals=frozenset(key(a) for a in cfg["indicator_subtotals"]),
        indicator_columns=AliasTable(cfg["indicator_columns"]),
        level1_names=frozenset(key(n) for n in cfg["level1_names"])
        | {key(a) for names in cfg["level1_aliases"].values() for a in names},
        level2_names=frozenset(key(n) for n in cfg["level2_names"]),
        level1_canonical={key(a): key(name) for name, names in cfg["level1_aliases"].items() for a in names},
        level1_short={key(a): key(name) for name, names in cfg["level1_short"].items() for a in names},
        preamble=tuple(key(p) for p in cfg["preamble"]),
        notes=tuple(key(n) for n in cfg["notes"]),
        continued=frozenset(key(n) for n in cfg["continued"]),
    )


@config.derived
def comparator(catalogue: config.Catalogue) -> regex.Pattern:
    """The comparator words and signs of rules/values.yaml (≥, 不低于, ...), longest first."""
    words = {unicodedata.normalize("NFKC", w) for ws in catalogue["values"]["comparators"].values() for w in ws}
    return regex.compile("|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)))


@config.derived
def statement_comparators(catalogue: config.Catalogue) -> frozenset[str]:
    """Comparator words that are achievement words too (达到): alone in a cell they state a result."""
    values = catalogue["values"]
    stated = {unicodedata.normalize("NFKC", w) for ws in values["achievement_words"].values() for w in ws}
    return frozenset(unicodedata.normalize("NFKC", w) for ws in values["comparators"].values() for w in ws) & stated


@config.derived
def kind_marks(catalogue: config.Catalogue) -> frozenset[str]:
    """What a 指标性质 cell prints for the row's kind instead of a comparator (定性, rules/values.yaml)."""
    return frozenset(unicodedata.normalize("NFKC", w) for w in catalogue["values"]["kind_marks"])


@config.derived
def no_deviation(catalogue: config.Catalogue) -> frozenset[str]:
    """What a filler writes in 偏差原因 for "no deviation" (无偏差, rules/values.yaml): a reason, never a label."""
    return frozenset(key(w) for w in catalogue["values"]["no_deviation"])


# `项目名称：某项目` — a label and its value printed in one cell, a colon between them (a line of several
# labels, 单位名称：… 填报日期：…, is not one).
_LABEL_COLON = regex.compile(r"^\s*([^:：\n]{2,16}?)\s*[:：]\s*([^:：\s][^:：]*?)\s*$")
HEAD_ROLES = ("project_name", "department", "implementing_unit", "filer", "grade")


def label_and_value(text: str) -> tuple[str, str] | None:
    """(label, value) of a cell printing a head label and its value (项目名称：…, 自评得分：99.56), the form's
    two cells in one; None for any other cell."""
    m = _LABEL_COLON.match(text)
    if not m:
        return None
    label = key(m.group(1))
    if aliases().labels.label(label) in HEAD_ROLES or label in forms().header_totals:
        return m.group(1).strip(), m.group(2)
    return None


def value_start(k: str) -> bool:
    """A cell key that opens with a digit or a comparator (96%, ≥1.2万亩, 10.00) reads as a value,
    never as (the rest of) a label."""
    return bool(k) and (k[0].isdigit() or bool(comparator().match(k)))


"""What a cell can look like in a column of each kind (rules/forms.yaml `holds`).

Both readers ask this one test: the grid reader when it re-aligns a shifted row (normalize/layout.py)
and the grammar for text that lost its table when it places a flat line's pieces (extract/text/regroup.py).
How likely a shape is where it fits is each reader's own weighing; which shapes a column cannot hold is
decided here.  Cells are matching keys (jixiao.core.text.key: NFKC, no whitespace).
"""
from __future__ import annotations

import regex

from jixiao.core.vocabulary import comparator

POINTS = regex.compile(r"^\(?([-+]?\d+(?:\.\d+)?)分?\)?$")  # a weight or a score: 10, 9.50, (50分)
_DIGIT = regex.compile(r"\d")
# The power of a unit, which NFKC writes as a digit after a letter (㎡ → m2, m³ → m3, μg/m³ → μg/m3): no number.
UNIT_POWER = r"(?<=[A-Za-z])[23](?![\d.])"
_POWER = regex.compile(UNIT_POWER)
SHORT_WORD = 5  # a unit of measure (人次, 平方米) or a sign in words (不低于) has at most this many characters
COMPLETION_WORD = 6  # 单项指标完成情况: 完成, 未完成, 部分完成


def is_points(k: str) -> bool:
    """A bare number as 分值 and 得分 print it."""
    return bool(POINTS.match(k))


def fits(holds: str, k: str) -> bool:
    """Whether the cell key `k` can stand in a column holding `holds` (labels, names, values and text can
    hold anything here: what rules them out is their role and the row around them)."""
    if holds == "points":
        return is_points(k)
    if holds == "share":  # 得分系数(%): 92, or 92% as some publishers type it
        return is_points(k.removesuffix("%"))
    if holds in ("sign", "unit"):  # ≥, 不低于; 人次, %, or an empty mark; a compound unit (微克/立方米) has short parts
        short = len(k) <= SHORT_WORD or all(0 < len(part) <= SHORT_WORD for part in k.split("/", 1))
        return bool(comparator().fullmatch(k)) or (short and not _DIGIT.search(_POWER.sub("", k)))
    if holds == "mark":  # 是否核心指标: 是, 否, ★
        return len(k) == 1 and not k.isdigit()
    if holds == "word":
        return len(k) <= COMPLETION_WORD and not _DIGIT.search(k)
    if holds == "index":  # 序号
        return k.isdigit() and len(k) <= 3
    return True

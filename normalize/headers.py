"""Matching header cells and row labels against the aliases in rules/headers.yaml."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from jixiao import rules
from jixiao.normalize.text import key

# A weight printed in a label: 产出指标(50分), 效益指标 (30), or a lone (50分).
WEIGHT_IN_LABEL = regex.compile(r"\((\d+(?:\.\d+)?)分?\)|(\d+(?:\.\d+)?)分$")
_LABEL_PUNCT = regex.compile(r"^(?:其中)?[:：]?|[:：]$")
YEAR = regex.compile(r"((?:19|20)\d{2})年")


@dataclass(frozen=True, slots=True)
class Aliases:
    titles: tuple[str, ...]
    labels: dict[str, tuple[str, ...]]
    grades: frozenset[str]
    goal_columns: dict[str, tuple[str, ...]]
    funds_label: tuple[str, ...]
    funds_columns: dict[str, tuple[str, ...]]
    fund_lines: dict[str, tuple[str, ...]]
    indicator_columns: dict[str, tuple[str, ...]]
    level1_names: frozenset[str]


@rules.derived
def aliases() -> Aliases:
    cfg = rules.load("headers")

    def table(d: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {role: tuple(key(a) for a in names) for role, names in d.items()}

    return Aliases(
        titles=tuple(key(t) for t in cfg["titles"]),
        labels=table(cfg["labels"]),
        grades=frozenset(cfg["grades"]),
        goal_columns=table(cfg["goal_columns"]),
        funds_label=tuple(key(a) for a in cfg["funds_label"]),
        funds_columns=table(cfg["funds_columns"]),
        fund_lines=table(cfg["fund_lines"]),
        indicator_columns=table(cfg["indicator_columns"]),
        level1_names=frozenset(key(n) for n in cfg["level1_names"]),
    )


def column_role(cell_key: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The role whose longest alias the header cell contains (None when no alias fits)."""
    best, best_len = None, 0
    for role, names in table.items():
        for name in names:
            if len(name) > best_len and name in cell_key:
                best, best_len = role, len(name)
    return best


def label_role(cell_key: str, table: dict[str, tuple[str, ...]], slack: int = 2) -> str | None:
    """The role of a row label such as 项目名称 or 其中:当年财政拨款 (the label is the cell, not a sentence)."""
    k = _LABEL_PUNCT.sub("", cell_key)
    best, best_len = None, 0
    for role, names in table.items():
        for name in names:
            if name in k and len(k) <= len(name) + slack and len(name) > best_len:
                best, best_len = role, len(name)
    return best


def strip_weight(label_key: str) -> tuple[str, float | None]:
    """产出指标(50分) → (产出指标, 50.0)."""
    m = WEIGHT_IN_LABEL.search(label_key)
    if not m:
        return label_key, None
    return (label_key[: m.start()] + label_key[m.end():]), float(m.group(1) or m.group(2))


def level1_name(label_key: str) -> str | None:
    name, _ = strip_weight(label_key)
    return name if name in aliases().level1_names else None


def canonical_level2(label_key: str) -> str:
    name, _ = strip_weight(label_key)
    return name if name.endswith("指标") else name + "指标"

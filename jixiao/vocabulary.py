"""The table vocabulary every stage matches against: the header and label aliases of
rules/headers.yaml (or a user's --rules folder), compiled once per process."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from jixiao import config
from jixiao.text import key

_LABEL_PUNCT = regex.compile(r"^(?:其中)?[:：]?|[:：]$")
# A weight printed in a label key: 产出指标(50分), 效益指标(30), or a lone (50分).
WEIGHT_IN_LABEL = regex.compile(r"\((\d+(?:\.\d+)?)分?\)|(\d+(?:\.\d+)?)分$")


class AliasTable:
    """Roles and their aliases (keys), with one compiled pattern so that a cell is scanned once."""

    def __init__(self, roles: dict[str, list[str]]) -> None:
        self.role_of = {key(a): role for role, names in roles.items() for a in names}
        alternation = "|".join(regex.escape(a) for a in sorted(self.role_of, key=len, reverse=True))
        self._pattern = regex.compile(alternation)

    def _longest(self, cell_key: str) -> str | None:
        found = self._pattern.findall(cell_key, overlapped=True)
        return max(found, key=len) if found else None

    def column(self, cell_key: str) -> str | None:
        """The role of a header cell: the role of the LONGEST alias it contains."""
        alias = self._longest(cell_key)
        return self.role_of[alias] if alias else None

    def label(self, cell_key: str, slack: int = 2) -> str | None:
        """The role of a row label (项目名称, 其中:当年财政拨款): the cell is the label, not a sentence."""
        k = _LABEL_PUNCT.sub("", cell_key)
        alias = self._longest(k)
        return self.role_of[alias] if alias and len(k) <= len(alias) + slack else None


@dataclass(frozen=True, slots=True)
class Aliases:
    titles: tuple[str, ...]
    labels: AliasTable
    grades: frozenset[str]
    goal_columns: AliasTable
    funds_label: tuple[str, ...]
    funds_columns: AliasTable
    fund_lines: AliasTable
    indicator_columns: AliasTable
    level1_names: frozenset[str]


@config.derived
def aliases() -> Aliases:
    cfg = config.load("headers")
    return Aliases(
        titles=tuple(key(t) for t in cfg["titles"]),
        labels=AliasTable(cfg["labels"]),
        grades=frozenset(cfg["grades"]),
        goal_columns=AliasTable(cfg["goal_columns"]),
        funds_label=tuple(key(a) for a in cfg["funds_label"]),
        funds_columns=AliasTable(cfg["funds_columns"]),
        fund_lines=AliasTable(cfg["fund_lines"]),
        indicator_columns=AliasTable(cfg["indicator_columns"]),
        level1_names=frozenset(key(n) for n in cfg["level1_names"]),
    )

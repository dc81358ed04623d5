"""The forms of rules/forms.yaml (or a user's --rules folder): what each self-evaluation form prints,
which form a table is, from its title and the words of its header rows, and what each column of the
funds and indicator blocks holds (the one declaration the grid reader and the text grammar share)."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from jixiao.core import config
from jixiao.core.text import key

KINDS = ("project", "department")
REASONS = ("column", "rows", "none")
TOTALS = ("row", "header", "none")
BLOCKS = ("funds", "indicators")
HOLDS = ("money", "percent", "points", "share", "label", "name", "value", "sign", "unit", "mark", "word", "text",
         "index")
LABELS = ("label", "name")  # what the 一级/二级/三级指标 columns hold


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a block, as forms.yaml `columns` declares it."""
    role: str
    holds: str  # one of HOLDS
    name: str | None  # how messages and the report name it
    skip: float  # indicators: what leaving it empty on a row costs the text grammar
    repeat: float | None  # indicators: what a further piece of text in the cell costs (None: one piece)
    many: bool  # indicators: a form may print it more than once


@dataclass(frozen=True, slots=True)
class Columns:
    """The columns of one block, in declaration order."""
    by_role: Mapping[str, Column]
    groups: Mapping[str, tuple[str, ...]]  # the roles of each kind of content (asked per cell: kept)

    @classmethod
    def of(cls, by_role: dict[str, Column]) -> Columns:
        groups = {h: tuple(r for r, c in by_role.items() if c.holds == h) for h in HOLDS}
        return cls(MappingProxyType(by_role), MappingProxyType(groups))

    def holding(self, *holds: str) -> tuple[str, ...]:
        """The roles of the columns that hold any of `holds`, in declaration order."""
        if len(holds) == 1:
            return self.groups.get(holds[0], ())
        return tuple(r for r, c in self.by_role.items() if c.holds in holds)

    def column(self, role: str) -> Column:
        """The declared column of `role`; a role only a user's headers.yaml names holds text."""
        return self.by_role.get(role) or Column(role, "text", None, 0.0, None, False)

    def skip(self, overrides: Mapping[str, float] = MappingProxyType({})) -> dict[str, float]:
        return {r: overrides.get(r, c.skip) for r, c in self.by_role.items()}

    def repeat(self) -> dict[str, float]:
        return {r: c.repeat for r, c in self.by_role.items() if c.repeat is not None}


@dataclass(frozen=True, slots=True)
class Form:
    id: str
    kind: str
    titles: tuple[str, ...]  # keys
    signs: tuple[str, ...]  # keys
    funds: bool
    targets: bool
    reason: str
    reason_rows: tuple[str, ...]  # keys
    total: str
    total_labels: tuple[str, ...]  # keys
    budget_row: str | None  # key
    skip: Mapping[str, float]  # indicator columns whose skip cost differs on this form
    process_checks: bool  # a target printed — marks a process check (see forms.yaml)


@dataclass(frozen=True, slots=True)
class Forms:
    all: tuple[Form, ...]  # in declaration order: the first of equal matches wins
    header_totals: tuple[str, ...]  # every form's total_labels: a header cell holding the total
    funds: Columns
    indicators: Columns

    def by_title(self, title_key: str) -> tuple[Form, ...]:
        """The forms whose longest title word the title holds (empty when none does)."""
        scored = [(max((len(t) for t in f.titles if t in title_key), default=0), f) for f in self.all]
        best = max((n for n, _ in scored), default=0)
        return tuple(f for n, f in scored if n and n == best)

    def settle(self, candidates: tuple[Form, ...], seen: str) -> Form:
        """Among forms of the same title word, the one with the most signs in `seen` (header keys)."""
        return max(candidates, key=lambda f: sum(s in seen for s in f.signs))

    @property
    def default(self) -> Form:
        return self.all[0]

    def by_targets(self, targets: bool) -> Form:
        """The first form that prints targets or not, as a header shows (a score sheet prints none)."""
        return next((f for f in self.all if f.targets == targets), self.default)

    def is_indicator_header(self, roles: Collection[str | None]) -> bool:
        """Header cells that make an indicator header, for every reader: a label column (一级指标 or
        三级指标) and a column of values, points or signs."""
        return bool({"level1", "level3"} & set(roles)) and any(
            self.indicators.column(r).holds in ("value", "points", "sign") for r in roles if r)

    def skip(self, form: Form) -> dict[str, float]:
        """What leaving each indicator column empty costs on `form`."""
        return self.indicators.skip(form.skip)


def _keys(values: list[str]) -> tuple[str, ...]:
    return tuple(key(v) for v in values)


@config.derived
def forms(catalogue: config.Catalogue) -> Forms:
    data = catalogue["forms"]
    defaults = data["defaults"]
    found = []
    for form_id, given in data["forms"].items():
        d = {**defaults, **(given or {})}
        found.append(Form(
            id=form_id, kind=d["kind"], titles=_keys(d["titles"]), signs=_keys(d["signs"]), funds=bool(d["funds"]),
            targets=bool(d["targets"]), reason=d["reason"], reason_rows=_keys(d["reason_rows"]), total=d["total"],
            total_labels=_keys(d["total_labels"]), budget_row=key(d["budget_row"]) if d["budget_row"] else None,
            skip=MappingProxyType({r: float(v) for r, v in (d["skip"] or {}).items()}),
            process_checks=bool(d["process_checks"])))
    blocks = {block: Columns.of({role: _column(role, c) for role, c in data["columns"][block].items()})
              for block in BLOCKS}
    return Forms(tuple(found), tuple(dict.fromkeys(t for f in found for t in f.total_labels)), **blocks)


def _column(role: str, c: dict) -> Column:
    return Column(role=role, holds=c["holds"], name=c.get("name"), skip=float(c.get("skip", 0.0)),
                  repeat=float(c["repeat"]) if c.get("repeat") is not None else None, many=bool(c.get("many", False)))

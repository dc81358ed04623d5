"""The forms of rules/forms.yaml (or a user's --rules folder): what each self-evaluation form prints,
and which form a table is, from its title and the words of its header rows."""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.core import config
from jixiao.core.text import key

KINDS = ("project", "department")
REASONS = ("column", "rows", "none")
TOTALS = ("row", "header", "none")


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


@dataclass(frozen=True, slots=True)
class Forms:
    all: tuple[Form, ...]  # in declaration order: the first of equal matches wins
    header_totals: tuple[str, ...]  # every form's total_labels: a header cell holding the total

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
            total_labels=_keys(d["total_labels"]), budget_row=key(d["budget_row"]) if d["budget_row"] else None))
    return Forms(tuple(found), tuple(dict.fromkeys(t for f in found for t in f.total_labels)))

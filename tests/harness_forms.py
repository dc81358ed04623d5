"""The generalisation harness on the other forms (FORMS.md A1–A4, B1–B3, B5, B6): each form fixtures/make_forms.py
builds (f01–f13) × every mutation that can be printed in it × the renderings make_forms writes without
LibreOffice, read in process and checked by tests/harness.py's check(): every field right, or on a row flagged
as not read (COVER), and the flags RULES.md requires for the mutated rows raised.

A mutation here edits the form's indicator specs while make_forms builds the document (make_forms.Mutation), so
the printed table and the gold (computed by make_forms from the same specs) stay consistent.  The row mutations
are tests/mutations.py's own (ROW_EDITS: which rows, which cell, what text, which flags), chosen on the
unmutated gold exactly as there; the gold then follows from the printed cells by make_forms' reading of them
(an emptied target: no target and no achievement; `无`: a qualitative actual; `0`: the number 0 in the
target's unit, not achieved).  Differences from the Ministry harness, where the forms print otherwise:

- no_points empties 分值 and 得分 on the indicator rows only: the funds' points and the total (a 总分 row or a
  total in the header) are printed cells of the form's own layout, not specs, and stay as printed.
- no_initial_budget, wrapped_level3 and page_break are not applied: the funds block is laid out by hand in
  each form, and make_forms prints no wrapped cells or page breaks.
- A mutation that changes nothing in a form is skipped there (applies()): the reason ones where the form has no
  per-row reason column (f03, f04, f05, f07, f12, f13), the target/actual ones on the score sheets (f04, f12, f13: no
  target or actual columns) and where no row qualifies (empty_target: f03, f05, f06 print bare-number actuals,
  the unit in a column of its own, which tests/mutations.py's empty_target leaves alone; empty_target_qualitative:
  only f01, f07, f10 have a qualitative actual naming no tier on a chosen row), no_points without points columns
  (f09), level2_every_row where no 二级指标 label spans rows (f03 has no level columns; f09, f11 one row a label).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from harness import SUFFIX, Outcome, read_as, word_blocks
from mutations import REASONS, ROW_EDITS, Mutated, RowEdit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures"))
import make_forms as mf  # noqa: E402

RENDERINGS = ("tab", "html", "xlsx", "docx", "pipe", "flat", "lines")
# Cells a split target prints besides its joined text (符号/值/单位 f05, 指标性质/指标值/度量单位 f06, 指标性质/
# 年初指标值/调整指标值 f03), emptied with it; the 年初 value's joined text goes with them.
TARGET_PARTS = ("op", "val", "unit", "ini", "adj")


@dataclass(frozen=True)
class FormMutation:
    """A mutation of a form: the make_forms.Mutation to build it with, and the flags RULES.md then requires, as
    (三级指标, rule_id) pairs (turned into seqs against the built gold)."""
    build: mf.Mutation
    flags: tuple[tuple[str, str], ...] = ()


def _gold_rows(key: str) -> list[dict]:
    """The gold indicator rows of the unmutated form: where tests/mutations.py's choices are made."""
    return mf.document(key)["projects"][0]["indicators"]


def _edit_cells(x: dict, edit: RowEdit) -> dict:
    """The spec with `edit` printed: the target cells emptied, or the actual cell replaced.  The achievement the
    spec states for a qualitative row is dropped: make_forms computes it again from the new cells."""
    x = {k: v for k, v in x.items() if k != "achievement"}
    if edit.cell == "target_raw":
        x.update({k: "" for k in TARGET_PARTS if k in x}, t=edit.text, initial_raw=None)
    else:
        x["a"] = edit.text
    return x


def _on_rows(level3s: set[str], change: Callable[[dict], dict]) -> mf.Mutation:
    """A make_forms.Mutation changing the specs of the gold rows named by their 三级指标 (not a template row)."""
    return mf.Mutation(spec=lambda x: change(x) if x["l3"] in level3s else x)


def row_edit(key: str, name: str) -> FormMutation:
    """tests/mutations.py's row mutation `name` (ROW_EDITS) on the rows it chooses in the form's gold."""
    edit = ROW_EDITS[name]
    rows = _gold_rows(key)
    chosen = {rows[k]["level3"] for k in edit.rows({"indicators": rows})}
    return FormMutation(_on_rows(chosen, lambda x: _edit_cells(x, edit)),
                        tuple((level3, rule) for level3 in sorted(chosen) for rule in edit.flags))


def reason(key: str, name: str) -> FormMutation:
    """`0` or `无` (REASONS) in every empty 偏差原因 cell: a reason of that text."""
    level3s = {i["level3"] for i in _gold_rows(key)}
    return FormMutation(_on_rows(level3s, lambda x: dict(x, r=REASONS[name]) if x["r"] == "" else x))


def no_points(key: str, name: str) -> FormMutation:
    """分值 and 得分 empty on every indicator row (weight, score null); the funds' points and the total stay."""
    level3s = {i["level3"] for i in _gold_rows(key)}
    return FormMutation(_on_rows(level3s, lambda x: dict(x, w=None, s=None)))


def level2_every_row(key: str, name: str) -> FormMutation:
    """The 二级指标 label printed on every row (no merged cell)."""
    return FormMutation(mf.Mutation(merge_l2=False))


def identity(key: str, name: str) -> FormMutation:
    """The form as make_forms builds its fixture: what every mutation is measured against."""
    return FormMutation(mf.Mutation())


MUTATIONS = {"identity": identity, **dict.fromkeys(ROW_EDITS, row_edit), **dict.fromkeys(REASONS, reason),
             "no_points": no_points, "level2_every_row": level2_every_row}


@cache
def mutated(key: str, mutation: str) -> tuple[dict, tuple[Mutated, ...]]:
    """The document of form `key` built with `mutation`, and its projects as harness.check() takes them."""
    fm = MUTATIONS[mutation](key, mutation)
    d = mf.document(key, fm.build)
    ms = []
    for p in d["projects"]:
        seqs = {i["level3"]: i["seq"] for i in p["indicators"]}
        ms.append(Mutated(d, p, {}, flags=sorted((seqs[level3], rule) for level3, rule in fm.flags if level3 in seqs)))
    return d, tuple(ms)


def _content(d: dict) -> str:
    """What a document prints and holds, to compare two builds."""
    return json.dumps([d["paras"], d["rows"], d["after"], d["projects"]], sort_keys=True, ensure_ascii=False)


@cache
def applies(key: str, mutation: str) -> bool:
    """Whether `mutation` changes form `key` (the identity always applies): one that cannot be printed in the
    form — no such column, no row that qualifies — leaves the document as it is and is skipped."""
    return mutation == "identity" or _content(mutated(key, mutation)[0]) != _content(mutated(key, "identity")[0])


def cases() -> list[tuple[str, str, str]]:
    """Every (form, mutation, rendering) of the forms' harness."""
    return [(k, m, r) for k in mf.FIXTURES for m in MUTATIONS if applies(k, m) for r in RENDERINGS]


def render(rendering: str, d: dict, path: Path) -> None:
    """Write a form's document as `rendering` with make_forms' renderers (Word by tests/harness.py's writer:
    python-docx is not a dependency)."""
    if rendering == "docx":
        word_blocks(path, [(d["paras"], d["rows"], d["after"])])
    elif rendering == "xlsx":
        mf.render_xlsx(d, path)
    elif rendering == "html":
        path.write_text(mf.render_html(d), encoding="utf-8")
    elif rendering == "tab":
        path.write_text(mf.render_tab(d), encoding="utf-8")
    else:
        path.write_text(mf.render_textform(d, rendering), encoding="utf-8")


def run(key: str, mutation: str, rendering: str, folder: Path) -> Outcome:
    """Render one case into `folder`, read it and check it."""
    d = mutated(key, mutation)[0]
    path = folder / f"{d['name']}-{mutation}-{rendering}{SUFFIX.get(rendering, '.txt')}"
    render(rendering, d, path)
    return read(key, mutation, path)


def read(key: str, mutation: str, path: Path) -> Outcome:
    """Read a rendered case in process and check it against the mutated form's gold."""
    return read_as(path, mutated(key, mutation)[1])

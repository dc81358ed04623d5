"""Mutations of a gold project for the generalisation harness (issue 21; tests/harness.py renders and
checks them).

A mutation turns one gold project into a `Mutated`: the project as it is printed, the gold the dataset
must then hold (SCHEMA.md), the make_variants style to print it with, optional edits of the printed
table, and the flags RULES.md says the mutated rows must carry.  Edits of the logical rows (cells with
spans) reach every form; edits of the laid-out grid (a page break) exist only where a text export keeps
its rows and pages, so those mutations are rendered only into the row-keeping text forms.
"""
from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fixtures"))
import make_variants as mv  # noqa: E402

from jixiao.normalize.achievement import tier_of  # noqa: E402

Rows = list[list[dict]]
Grid = list[list[str]]
QUANT, QUAL = "quantitative", "qualitative"
TARGET_FIELDS = ("target_kind", "target_op", "target_value", "target_value_max", "target_unit", "target_base_value",
                 "target_base_unit")
ACTUAL_FIELDS = ("actual_kind", "actual_value", "actual_unit", "actual_base_value", "actual_base_unit")


@dataclass
class Mutated:
    printed: dict  # the project as the table prints it
    gold: dict  # what the dataset must hold
    style: dict
    rows: Callable[[Rows], Rows] | None = None  # edit of the logical table (every form)
    grid: Callable[[Grid], Grid] | None = None  # edit of the laid-out rows (text forms that keep rows only)
    flags: list[tuple[int | None, str]] = field(default_factory=list)  # (seq, rule_id) that must be raised


def base_style(p: dict) -> dict:
    """The standard eight-column form as the gold allows it: 元 where the gold says so, no 年初预算数
    column where no line has one, no reason column where the gold has none, 分值/得分 cells left empty
    where the table scores nothing (as t10 prints them)."""
    fund_cols = mv.STD_FUND_COLS
    if all(f["initial_budget"] is None for f in p["funds"]):
        fund_cols = fund_cols[1:]
    ind_cols = mv.STD_IND_COLS
    if all(i["deviation_reason"] is None for i in p["indicators"]):
        ind_cols = [c for c in ind_cols if c[1] != "reason"]
    extra: dict = {}
    if p["money_unit"] == "元":
        extra.update(money=mv.money_yuan, money_label="项目资金（元）", money_html="项目资金<br>（元）")
    if all(i["weight"] is None and i["score"] is None for i in p["indicators"]):
        extra.update(UNSCORED)
    return mv.style(fund_cols=fund_cols, ind_cols=ind_cols, **extra)


UNSCORED = {"num": mv.blank, "fund_weight": mv.blank, "fund_score": mv.blank}


def _same(p: dict, **style: object) -> Mutated:
    return Mutated(p, copy.deepcopy(p), dict(base_style(p), **style))


def _every_third(p: dict, first: int, keep: Callable[[dict], bool]) -> list[int]:
    """Indexes of the rows first, first+3, … that `keep` allows: mutated rows with clean rows between."""
    return [k for k, i in enumerate(p["indicators"]) if k % 3 == first and keep(i)]


def quant_actual_with_unit(i: dict) -> bool:
    """A quantitative actual that prints its unit: a bare number takes its base unit from the target, so with
    the target gone its gold would depend on a reading rule."""
    return i["actual_kind"] == QUANT and i["actual_unit"] is not None


def qual_actual_without_tier(i: dict) -> bool:
    """A qualitative actual that names no tier (及时, 持续完善): one that does (达成指标) keeps its achievement
    with or without a target (SCHEMA.md)."""
    return i["actual_kind"] == QUAL and tier_of(i["actual_raw"] or "") is None


def quant_target(i: dict) -> bool:
    return i["target_kind"] == QUANT


def any_row(i: dict) -> bool:
    return True


def positive_target(i: dict) -> bool:
    """A ≥/>/= target above 0: an actual of 0 does not meet it."""
    return i["target_op"] in (">=", ">", "=") and (i["target_value"] or 0) > 0


@dataclass(frozen=True)
class RowEdit:
    """A mutation of some rows' printed cell: every third row from `first` that `keep` allows gets `text` in
    `cell`, and RULES.md then requires `flags` on it (the forms' harness, tests/harness_forms.py, applies the
    same edits to the forms' specs)."""
    first: int
    keep: Callable[[dict], bool]
    cell: str
    text: str
    flags: tuple[str, ...] = ()

    def rows(self, p: dict) -> list[int]:
        return _every_third(p, self.first, self.keep)


ROW_EDITS = {
    "empty_target": RowEdit(1, quant_actual_with_unit, "target_raw", "", ("ACHIEVEMENT_UNKNOWN",)),
    "empty_target_qualitative": RowEdit(1, qual_actual_without_tier, "target_raw", "", ("ACHIEVEMENT_UNKNOWN",)),
    "actual_none": RowEdit(2, quant_target, "actual_raw", "无", ("KIND_MISMATCH", "ACHIEVEMENT_UNKNOWN")),
    "actual_slash": RowEdit(2, any_row, "actual_raw", "/", ("ACHIEVEMENT_UNKNOWN",)),
    "actual_zero": RowEdit(2, positive_target, "actual_raw", "0"),
}
# What `0` / `无` in every empty 偏差原因 cell means: a reason of that text (t09), not a number, not blank.
REASONS = {"reason_zero": "0", "reason_none": "无"}


def _with_rows(p: dict, edit: RowEdit, gold: dict[str, object]) -> Mutated:
    printed, m = copy.deepcopy(p), _same(p)
    for k in edit.rows(p):
        raw = {edit.cell: edit.text}
        printed["indicators"][k].update(raw)
        m.gold["indicators"][k].update(raw, **gold)
        m.flags += [(m.gold["indicators"][k]["seq"], r) for r in edit.flags]
    m.printed = printed
    return m


def identity(p: dict) -> Mutated:
    """The base form itself: what every mutation is measured against."""
    return _same(p)


def _empty_target(p: dict, edit: RowEdit) -> Mutated:
    """年度指标值 left empty on the rows of `edit`."""
    return _with_rows(p, edit, dict.fromkeys((*TARGET_FIELDS, "achievement")))


def empty_target(p: dict) -> Mutated:
    """年度指标值 left empty on every third row with a quantitative actual: target null, achievement
    unknown and flagged (RULES.md: a row whose target cell is empty).  Only actuals that print their unit:
    a bare number takes its base unit from the target, so its gold would depend on a reading rule."""
    return _empty_target(p, ROW_EDITS["empty_target"])


def empty_target_qualitative(p: dict) -> Mutated:
    """年度指标值 left empty on every third row with a qualitative actual that names no tier (及时, 持续完善):
    as for empty_target, achievement null.  An actual that names a tier (达成指标) keeps it: SCHEMA.md reads
    the achievement from such an actual, with or without a target."""
    return _empty_target(p, ROW_EDITS["empty_target_qualitative"])


def no_points(p: dict) -> Mutated:
    """分值 and 得分 empty on every row, the funds' and the 总分 row's too (an unscored table, t10)."""
    m = _same(p, **UNSCORED)
    for row in (*m.gold["indicators"], *m.gold["funds"]):
        row.update(weight=None, score=None)
    m.gold.update(total_weight=None, total_score=None)
    m.printed = m.gold
    return m


def _reason(p: dict, text: str) -> Mutated:
    m = _same(p)
    for i in m.gold["indicators"]:
        if i["deviation_reason"] == "":
            i["deviation_reason"] = text
    m.printed = m.gold
    return m


def reason_zero(p: dict) -> Mutated:
    """`0` in every empty 偏差原因 cell: a reason of "0", not a number and not blank (t09)."""
    return _reason(p, REASONS["reason_zero"])


def reason_none(p: dict) -> Mutated:
    """`无` in every empty 偏差原因 cell: kept as printed."""
    return _reason(p, REASONS["reason_none"])


def actual_none(p: dict) -> Mutated:
    """`无` as the actual of every third quantitative row: a qualitative actual (SCHEMA.md), achievement
    unknown, and a quantitative target against it (KIND_MISMATCH)."""
    gold = dict(dict.fromkeys(ACTUAL_FIELDS), actual_kind=QUAL, achievement=None)
    return _with_rows(p, ROW_EDITS["actual_none"], gold)


def actual_slash(p: dict) -> Mutated:
    """`/` as the actual of every third row: an empty marker, so actual_kind null, achievement unknown."""
    return _with_rows(p, ROW_EDITS["actual_slash"], dict.fromkeys((*ACTUAL_FIELDS, "achievement")))


def actual_zero(p: dict) -> Mutated:
    """`0` as the actual of every third row with a positive ≥/>/= target: the number 0 in the target's
    unit, not achieved."""
    edit = ROW_EDITS["actual_zero"]
    m = _with_rows(p, edit, {})
    for k in edit.rows(p):
        g = m.gold["indicators"][k]
        g.update(actual_kind=QUANT, actual_value=0.0, actual_unit=None, actual_base_value=0.0,
                 actual_base_unit=g["target_base_unit"], achievement="not_achieved")
    return m


def no_initial_budget(p: dict) -> Mutated:
    """No 年初预算数 column in the funds block (seven columns, t08)."""
    m = _same(p, fund_cols=[c for c in base_style(p)["fund_cols"] if c[1] != "initial_budget"])
    for f in m.gold["funds"]:
        f["initial_budget"] = None
    m.printed = m.gold
    return m


def _unmerge_level2(p: dict) -> Callable[[Rows], Rows]:
    """Every 二级指标 label printed on each of its rows instead of once over them (the base form's
    columns start 一级指标, 二级指标).  A level-2 span never crosses a level-1 one, so on the rows it
    covers the copy is the first cell."""
    inds = p["indicators"]
    level1 = mv.spans(inds, lambda i: i["level1"])
    level2 = mv.spans(inds, lambda i: (i["level1"], i["level2"]))

    def edit(rows: Rows) -> Rows:
        header = next(r for r, cells in enumerate(rows) if any(c["th"] and c["text"] == "二级指标" for c in cells))
        body = rows[header + 1:header + 1 + len(inds)]
        for k, span in level2.items():
            cell = body[k][1 if k in level1 else 0]
            cell["rs"] = 1
            for dr in range(1, span):
                body[k + dr].insert(0, mv.C(cell["text"]))
        return rows
    return edit


def level2_every_row(p: dict) -> Mutated:
    """The 二级指标 label printed on every row (no merged cell)."""
    m = _same(p)
    m.rows = _unmerge_level2(p)
    return m


def _cut(text: str) -> int:
    """Where a wrap can cut `text`: between two CJK characters near its middle (the line break is then
    deleted by the dataset's cleaning); 0 when there is no such place."""
    cjk = lambda ch: "\u4e00" <= ch <= "\u9fff"  # noqa: E731
    for d in range(len(text)):
        for at in (len(text) // 2 - d, len(text) // 2 + d):
            if 2 <= at <= len(text) - 2 and cjk(text[at - 1]) and cjk(text[at]):
                return at
    return 0


def _group_starts(p: dict) -> list[int]:
    """The first row of each 一级指标 group: the row printed beside the top of its tall label."""
    inds = p["indicators"]
    return [k for k, i in enumerate(inds) if k == 0 or i["level1"] != inds[k - 1]["level1"]]


def _own_line(rows: Rows) -> Rows:
    """Cells with a line break and no markup of their own (the wrapped 三级指标; goals and reasons carry
    HTML) print their second line as a wrap."""
    for cells in rows:
        for c in cells:
            if "\n" in c["text"] and not c["th"] and c["rs"] == 1 and c["cs"] == 1 and not c["html"]:
                c["own_line"], c["html"] = True, c["text"].replace("\n", "<br>")
    return rows


def wrapped_level3(p: dict) -> Mutated:
    """The 三级指标 of the first row of each 一级指标 group wrapped inside its cell, beside the tall label:
    the second line on a row of its own in the text forms, a <br> in HTML, a line break in a workbook."""
    m, printed = _same(p), copy.deepcopy(p)
    for k in _group_starts(p):
        i = printed["indicators"][k]
        at = _cut(i["level3"])
        if at:
            i["level3"] = i["level3"][:at] + "\n" + i["level3"][at:]
    m.printed, m.rows = printed, _own_line
    return m


def _break_row(level3: str) -> Callable[[Grid], Grid]:
    """A page break inside the row of `level3`: its cut cells go on, after a blank line, on a row of
    their own on the next page (as a paged export prints them, t06)."""
    def edit(grid: Grid) -> Grid:
        r = next(r for r, row in enumerate(grid) if level3 in row)
        tail = [""] * len(grid[r])
        for c, text in enumerate(grid[r]):
            at = _cut(text) if len(text) >= 6 else 0
            if at:
                grid[r][c], tail[c] = text[:at], text[at:]
        return grid[:r + 1] + [[""] * len(tail), tail] + grid[r + 1:]
    return edit


def page_break(p: dict) -> Mutated:
    """A page ends inside the middle indicator row, cutting its longer cells in two."""
    m = _same(p)
    middle = p["indicators"][len(p["indicators"]) // 2]["level3"]
    m.grid = _break_row(middle) if _cut(middle) else None
    return m


MUTATIONS: dict[str, Callable[[dict], Mutated]] = {f.__name__: f for f in (
    identity, empty_target, empty_target_qualitative, no_points, reason_zero, reason_none, actual_none, actual_slash,
    actual_zero, no_initial_budget, level2_every_row, wrapped_level3, page_break)}

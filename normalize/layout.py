"""From a cell grid to raw tables: find each self-evaluation table and the cells of its parts.

Tables are found by structure (title, 项目名称, funds header, indicator header, 总分, 评分等级), never by
line numbers.  Columns come from the header rows through the aliases in rules/headers.yaml; on each
data row the value columns are re-aligned by shape (weight and score are numbers), because exports
shift cells left or right on some rows.  A row with no weight/score that follows an indicator row
is the part of that row a page break cut off, and is appended to it.
"""
from __future__ import annotations

import functools
import itertools
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from enum import Enum

import regex

from jixiao.core.forms import LABELS, Form, forms
from jixiao.core.grid import Box, Grid, Row, union
from jixiao.core.shapes import fits, is_points
from jixiao.core.text import clean, join_fragments, key
from jixiao.core.vocabulary import (
    EMPTY_MARKS,
    LABEL_AMOUNT,
    MONEY_UNIT_CELL,
    YEAR,
    YEAR_LINE,
    ZERO,
    AliasTable,
    aliases,
    arabic_years,
    comparator,
    label_and_value,
    unnumbered,
    value_start,
)
from jixiao.normalize import headers as hd
from jixiao.normalize import ocr_repair
from jixiao.normalize.ocr_repair import despeck, name_noise
from jixiao.normalize.values import parse_number

# The form's name in a title: CJK, with a short aside such as (单位), ending in 自评表 (a copy may cut the 表).
_DOTS = regex.compile(r"^[.…。·]+$")
_HEADING = regex.compile(r"^[一二三四五六七八九十]{1,2}[、.．]")  # 二、预算执行情况
_YEAR_WORD = regex.compile(r"^年度?")  # the rest of a year cut off the form's name (2023年度部门整体…)
_YEAR_LEAD = regex.compile(r"^[(（]((?:19|20)\d{2})年度?[)）]")  # (2020年度) before other words
_MONEY_UNIT = regex.compile(r"[(（:：]\s*(万元|元)\s*[)）]?")
_UNIT_ROLES = ("department", "implementing_unit", "filer")
_OPENING_MARKS, _CLOSING_MARKS = tuple("“‘《（「『【〔"), tuple("”’》）」』】〕")


@dataclass(frozen=True, slots=True)
class FitWeights:
    """How a shifted indicator row is scored against the header's value columns (`_Reader.fit`)."""
    max_shift: int = 2  # cells an export may shift a row left or right
    per_shift: float = -1.0  # per cell of shift: the header's own positions win a tie
    number: float = 2.0  # a number under 分值 / 得分
    not_number: float = -3.0  # anything else there
    value: float = 1.0  # text under 年度指标值 / 实际完成值
    comparator_actual: float = -2.0  # ≥90% under 实际完成值: a target's shape (an actual states a fact)
    reason_number: float = -2.0  # a bare number under 偏差原因 (a reason is words; a lone 0 is a filler's "none")
    value_as_label: float = -2.0  # a value (≥1.2万亩, 96%) a right shift would join to the 三级指标
    misfit: float = -1.0  # a shape the column cannot hold (jixiao.core.shapes): digits under 度量单位
    beyond: float = -2.0  # per filled cell right of the last value column


FIT = FitWeights()


_CLOSING_POINTS = regex.compile(r"^\d*(?:\.\d+)?分?\)$")  # 分), 30分), 5): the rest of a label's points


@dataclass(slots=True)
class RawIndicator:
    level1: str | None
    level2: str | None
    level3: str
    parts: dict[str, str]  # role → cleaned cell text (target, target_op, target_unit, actual, weight, ...)
    page: int | None
    level1_weight: float | None = None  # weight printed in the level-1 label (产出指标(50分))
    level2_weight: float | None = None  # points printed in the level-2 label (部门决策(25))
    confidence: dict[str, float] = field(default_factory=dict)  # role → OCR confidence (OCR rows only)
    bbox: Box | None = None  # the row's box on `page` (PDF rows only; a row cut by a page break: its part on `page`)
    # A role printed in several columns (指标解释 | 评分标准, both criteria): each column's text, so that the rest
    # of a row cut by a page break joins each column's piece to its own column
    pieces: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class RawTable:
    form: str | None = None
    year: int | None = None
    fields: dict[str, str] = field(default_factory=dict)  # project_name, department, implementing_unit, grade
    goal: dict[str, str] = field(default_factory=dict)  # expected, actual
    money_unit: str | None = None
    funds: dict[str, dict[str, str]] = field(default_factory=dict)  # line → column → raw cell
    indicators: list[RawIndicator] = field(default_factory=list)
    total: dict[str, str] = field(default_factory=dict)  # weight, score
    has_total_row: bool = False
    form_id: str = ""  # the declared form (rules/forms.yaml) the table was read as
    total_in_header: bool = False  # total["score"] was printed in the header (自评总分, 项目总得分)
    header_roles: frozenset[str] = frozenset()  # the roles of the indicator header's columns
    funds_roles: frozenset[str] = frozenset()  # the roles of the funds header's columns
    funds_points: str | None = None  # points printed with the funds block's label (预算执行情况(20分))
    reasons: list[str] = field(default_factory=list)  # table-wide reason rows (forms with reason: rows)
    ocr: bool = False  # some of its rows were read by OCR
    page_first: int | None = None
    page_last: int | None = None
    bbox: Box | None = None  # the table's box on page_first (PDF rows only)


class Section(Enum):
    """Where in a table the reader is."""
    NONE = "none"  # before the first table
    HEAD = "head"  # title, 项目名称, 主管部门 / 实施单位
    FUNDS = "funds"
    GOAL = "goal"
    INDICATORS = "indicators"
    AFTER = "after"  # past 评分等级


class _Reader:
    """A state machine over the rows of one grid."""

    def __init__(self) -> None:
        self.al = aliases()
        self.tables: list[RawTable] = []
        self.cur: RawTable | None = None
        self.section = Section.NONE
        self.pending_year: int | None = None
        self.pending_unit: str | None = None
        self.row = Row(())
        self.funds_cols: list[tuple[int, str]] = []
        self.goal_cols: dict[str, int] = {}
        self.ind_cols: list[tuple[int, str]] = []
        self.vcols: list[tuple[int, str, str | None]] = []  # value columns: (position, role, holds)
        self.level_scores: set[int] = set()  # positions of the scores a score sheet prints after a level
        self.level_points: set[int] = set()  # those of them that print the level's points (分值), not its score
        self.ind_header: dict[int, str] = {}  # header cell keys by column, for headers cut in two
        self.pending_header: dict[int, str] = {}  # a header-like row waiting for its second line
        self.funds_above: dict[int, str] = {}  # funds column names on the row before (a header on two rows)
        self.fund_cut: tuple[list[str], int] | None = None  # (cells, label index) of a fund row not labelled
        self.head_names: dict[int, str] = {}  # a header row of names only, by column: role or total_score
        self.header_above = False  # the row before was (part of) the indicator header
        # Where each label level was last printed: (index of that indicator, printed text).
        self.printed: dict[str, tuple[int, str]] = {}
        self.l1: str | None = None
        self.l1_weight: float | None = None
        self.l2: str | None = None
        self.l2_weight: float | None = None
        self.forms = forms()
        # what each indicator column holds (rules/forms.yaml `columns`: the text grammar reads the same)
        self.holds = {r: c.holds for r, c in self.forms.indicators.by_role.items()}
        # roles a form may print in several columns: their texts are joined by a line break in column order
        self.many = frozenset(r for r, c in self.forms.indicators.by_role.items() if c.many)
        self.candidates: tuple[Form, ...] = (self.forms.default,)  # forms the title allows
        self.seen: list[str] = []  # keys of the rows before the first indicator row: the form's signs

    @property
    def form(self) -> Form:
        """The form of the current table: among those its title allows, the one whose signs it printed."""
        return self.forms.settle(self.candidates, "".join(self.seen))

    # -- table boundaries -------------------------------------------------------------------
    def start(self, row: Row, form: str | None) -> RawTable:
        if self.cur is not None:
            self.cur.form_id = self.form.id
        self.candidates = (self.forms.by_title(key(form)) if form else ()) or (self.forms.default,)
        self.seen = []
        t = RawTable(form=form, page_first=row.page, page_last=row.page, money_unit=self.pending_unit)
        t.year, self.pending_year = self.pending_year, None
        self.tables.append(t)
        self.cur, self.section = t, Section.HEAD
        self.funds_cols, self.goal_cols, self.ind_cols, self.ind_header, self.printed = [], {}, [], {}, {}
        self.vcols, self.level_scores, self.level_points = [], set(), set()
        self.pending_header, self.funds_above, self.head_names = {}, {}, {}
        self.l1 = self.l2 = self.l1_weight = self.l2_weight = None
        return t

    def close(self) -> None:
        """No table goes on past this row."""
        if self.cur is not None:
            self.cur.form_id = self.form.id
        self.cur, self.section = None, Section.NONE

    def list_header(self, keys: list[str], filled: list[int], roles: dict[int, str | None]) -> bool:
        """Whether a row naming 项目名称 is the column header of a table listing projects (项目名称 | 资金来源 |
        年初预算数 | 决算数, a 部门决算's 项目支出表): the cells after the label are funds columns' names, where a
        self-evaluation table prints the project's name beside its label."""
        at = next(n for n, i in enumerate(filled) if roles[i] == "project_name")
        rest = [keys[i] for i in filled[at + 1:]]
        named = [k for k in rest if self.al.funds_columns.column(k) is not None]
        return bool(rest) and rest[0] in named and len(named) >= 2

    def feed(self, row: Row) -> None:
        if self.section in (Section.NONE, Section.HEAD) and any(c and label_and_value(c) for c in row.cells):
            row = _labels_apart(row)
        self.row = row
        cells = [ocr_repair.text_noise(c) if c and row.confidence else c or "" for c in row.cells]
        keys = [key(c) for c in cells]
        if row.confidence is not None:
            keys = [ocr_repair.label_key(k, self.al) for k in keys]
        filled = [i for i, k in enumerate(keys) if k]
        if not filled or (len(filled) == 1 and self.al.is_continued(keys[filled[0]])):
            return  # 续表: the table goes on after a page break
        if self.cur is not None and self.section is not Section.NONE:
            self.cur.ocr = self.cur.ocr or row.confidence is not None
            if not self.cur.indicators:
                self.seen.append("".join(keys))
        if self.read_preamble(cells, keys, filled):
            return  # a title, year or unit line: the next table's, or this one's first page
        if self.cur is not None and self.section is Section.HEAD and len(filled) == 1 \
                and self.read_unit_line(cells[filled[0]], keys[filled[0]]):
            return
        if self.cur is not None and self.section is not Section.NONE and row.page is not None:
            self.cur.page_last = row.page
        if self.cur is not None and self.section in (Section.HEAD, Section.FUNDS):
            self.read_unit_cell(keys, filled)
        roles = {i: self.al.labels.label(keys[i]) for i in filled}
        if "project_name" in roles.values() and self.list_header(keys, filled, roles):
            self.close()  # 项目名称 | 资金来源 | 年初预算数 | 决算数: a 决算 table of projects, no self-evaluation
            return
        if "project_name" in roles.values():
            if self.cur is None or "project_name" in self.cur.fields or self.section is not Section.HEAD:
                self.start(row, None)
            self.read_labels(cells, keys, filled, roles)
            self.read_header_total(cells, keys, filled)
            self.cover(row)
            return
        if self.cur is not None:
            self.read_body(cells, keys, filled, roles)

    def read_preamble(self, cells: list[str], keys: list[str], filled: list[int]) -> bool:
        """A title row (starts a table), a year line or a money-unit line; False for any other row."""
        joined = arabic_years("".join(keys))
        # Title row: short, one or two cells, names a self-evaluation form.
        if len(filled) <= 2 and self.al.is_title(joined, longest=60):
            m = self.al.form_name.search(arabic_years(clean(" ".join(cells[i] for i in filled)).replace(" ", "")))
            t = self.start(self.row, _YEAR_WORD.sub("", m.group()) if m else None)
            y = YEAR.search(joined)
            if y:
                t.year = int(y.group(1))
            return True
        line = YEAR_LINE.match(joined)  # 年度：2024 or 评价年度 | 2019年度
        lead = None if line else _YEAR_LEAD.match(joined)
        if lead and not self.al.is_preamble(joined[lead.end():]):
            lead = None  # (2020年度) 报表编号：510000_0013zp: a year and a preamble label in one cell, Sichuan's
        if len(filled) <= 2 and (line or lead):
            year = int(line.group(1) or line.group(2)) if line else int(lead.group(1))
            if self.cur is not None and self.section is Section.HEAD and self.cur.year is None:
                self.cur.year = year
            else:
                self.pending_year = year
            return True
        unit = _MONEY_UNIT.search(joined) if "单位" in joined and len(filled) <= 2 else None
        if unit:
            self.pending_unit = unit.group(1)
            if self.cur is not None and self.section is Section.HEAD:
                self.cur.money_unit = unit.group(1)
            return True
        return False

    def read_unit_line(self, cell: str, cell_key: str) -> bool:
        """单位名称 某局 on a line of its own above a table, the space between label and value lost in one cell
        (with a colon, 单位名称：某局, `_labels_apart` has already made it two cells)."""
        assert self.cur is not None
        found = [(a, r) for a, r in self.al.labels.role_of.items()
                 if r in _UNIT_ROLES and len(a) >= 4 and cell_key.startswith(a) and len(cell_key) > len(a) + 1]
        if not found:
            return False
        alias, role = max(found, key=lambda f: len(f[0]))
        value = _after_chars(clean(cell), len(alias)).lstrip(":： ")
        if not value or ":" in key(value) or self.al.labels.label(key(value)) is not None:
            return False  # (a second label run on: 主管部门：某局 实施单位：某中心)
        self.cur.fields.setdefault(role, name_noise(value) if self.row.confidence else value)
        return True

    def read_unit_cell(self, keys: list[str], filled: list[int]) -> None:
        """金额单位: 元 printed as one cell of a header row (Hebei's 实施(主管)单位 row), not on a line of its own."""
        assert self.cur is not None
        for i in filled:
            unit = MONEY_UNIT_CELL.fullmatch(keys[i])
            if unit:
                self.cur.money_unit = unit.group(1)

    def read_body(self, cells: list[str], keys: list[str], filled: list[int], roles: dict[int, str | None]) -> None:
        """A row of the current table, by the section it opens or the section it continues."""
        if self.section is not Section.AFTER or roles[filled[0]] == "grade":
            self.cover(self.row)
        if self.section is Section.AFTER and self.read_reason_row(cells, keys, filled):
            return
        if len(filled) == 1 and _HEADING.match(keys[filled[0]]) and not self.cur.indicators:
            return  # 二、预算执行情况: a section heading of the form, not a cell of a part
        if (self.section is Section.INDICATORS and filled[0] == 0 and len(filled) <= 2
                and keys[0].startswith(self.al.notes)):
            self.section = Section.AFTER  # 说明 / 注: a note under the table, not the rest of its last row
            return
        if self.section in (Section.HEAD, Section.FUNDS, Section.GOAL):
            self.read_header_total(cells, keys, filled)
        if self.section is Section.HEAD and self.head_names and not any(roles.values()):
            self.read_head_values(cells, keys, filled)
            return
        self.head_names = {}
        if self.section is Section.HEAD and any(r in _UNIT_ROLES for r in roles.values()):
            self.read_labels(cells, keys, filled, roles)
            return
        if self.try_funds_header(cells, keys, filled) or self.try_indicator_header(cells, keys, filled):
            return
        first_role = roles[filled[0]]
        if first_role == "goal" and self.pending_header and any(
                self.holds.get(self.al.indicator_columns.column(keys[i])) == "points" for i in filled):
            return  # 年度绩效目标 | 绩效指标 | 年初目标值 | 得分: the indicator header's first line (goals: no 得分)
        if first_role == "goal" and self.section is Section.INDICATORS and any(is_points(keys[i]) for i in filled[1:]):
            first_role = None  # 绩效目标 | 绩效目标合理性 | 5 | …: a B6 level-2 label, and goals print no points
        opens_goal = self.section in (Section.HEAD, Section.FUNDS) and self.is_goal_header(keys, filled)
        if first_role == "goal" or opens_goal:
            self.open_goal(cells, keys, filled, roles)
        elif first_role == "total" and (self.section is Section.INDICATORS
                                        or self.total_after_indicators(keys, filled)):
            self.read_total(cells, keys, filled)
        elif first_role == "grade":
            self.read_labels(cells, keys, filled, roles)
            self.section = Section.AFTER
        elif self.section is Section.FUNDS:
            self.read_fund_line(cells, keys, filled)
        elif self.section is Section.GOAL:
            self.read_goal(cells, [i for i in filled if roles[i] != "goal"])
        elif self.section is Section.INDICATORS:
            self.read_indicator(self.row, cells, keys, filled)

    def total_after_indicators(self, keys: list[str], filled: list[int]) -> bool:
        """总分 under a block printed after the indicators (funds, goals): the table's total, not a
        fund line (合计 there is the funds' total line)."""
        assert self.cur is not None
        return bool(self.cur.indicators) and self.al.fund_lines.label(keys[filled[0]], slack=4) is None

    def read_header_total(self, cells: list[str], keys: list[str], filled: list[int]) -> None:
        """A total printed in the header (自评总分 | 95, 项目总得分 | 99分), by a label some form declares."""
        assert self.cur is not None
        for n, i in enumerate(filled[:-1]):
            if self.is_header_total(keys[i]):
                self.set_header_total(keys[filled[n + 1]])

    def is_header_total(self, k: str) -> bool:
        name, _ = hd.strip_weight(k)
        return any(name.startswith(t) and len(name) <= len(t) + 3 for t in self.forms.header_totals)

    def set_header_total(self, k: str) -> None:
        assert self.cur is not None
        name, points = hd.strip_weight(k)  # 99.5分
        score = k if is_points(k) else f"{points:g}" if not name and points is not None else ""
        if is_points(score) and "score" not in self.cur.total:
            self.cur.total["score"] = score
            self.cur.total_in_header = True

    def read_head_values(self, cells: list[str], keys: list[str], filled: list[int]) -> None:
        """The values row under a header row of names only (主管部门 | 财政处室 | 自评总分(分) over theirs)."""
        assert self.cur is not None
        names, self.head_names = self.head_names, {}
        for i in filled:
            role = names[min(names, key=lambda col: abs(col - i))]
            if role == "total_score":
                self.set_header_total(keys[i])
            elif role not in self.cur.fields:
                self.cur.fields[role] = clean(cells[i])

    def read_reason_row(self, cells: list[str], keys: list[str], filled: list[int]) -> bool:
        """A table-wide reason row under the total (偏差大或目标未完成原因分析 | text), where the form has them."""
        assert self.cur is not None
        labels = self.form.reason_rows
        if not any(keys[filled[0]].startswith(label) for label in labels):
            return False
        text = " ".join(clean(cells[i]) for i in filled[1:])
        if text:
            self.cur.reasons.append(text)
        return True

    def open_goal(self, cells: list[str], keys: list[str], filled: list[int], roles: dict[int, str | None]) -> None:
        """The 年度总体目标 row: its 预期目标/实际完成情况 columns, and the goal texts when printed on it.
        A merged 年度总体目标 label may stand on the text row under the column header row (a
        borderless table centres it on both): the header row's columns then still hold."""
        cols = {}
        for i in filled:
            r = self.is_goal_column(keys[i])
            if r and r not in cols:
                cols[r] = i
        if cols or self.section is not Section.GOAL:
            self.goal_cols = cols
        self.section = Section.GOAL
        content = [i for i in filled if roles[i] != "goal" and self.al.goal_columns.column(keys[i]) is None]
        self.read_goal(cells, content)

    def is_goal_column(self, k: str) -> str | None:
        """The goal column a header cell names.  Not the row's label (年度总体目标: a label alias at least as
        long as the column's), nor a section label naming two columns (项目年度目标完成情况)."""
        table = self.al.goal_columns
        alias = table.column_alias(k)
        label = self.al.labels.column_alias(k) if self.al.labels.column(k) == "goal" else None
        if alias is None or len(table.roles_in(k)) > 1 or (label and len(label) > len(alias)):
            return None
        return table.role_of[alias]

    def cover(self, row: Row) -> None:
        """Grow the table's box by a row of it on page_first (lines outside the table, such as the
        title or a 单位: line, come as one-cell rows and are left out)."""
        assert self.cur is not None
        if len(row.cells) > 1 and row.page == self.cur.page_first:
            self.cur.bbox = union(self.cur.bbox, row.bbox)

    # -- head -------------------------------------------------------------------------------
    def read_labels(self, cells: list[str], keys: list[str], filled: list[int], roles: dict[int, str | None]) -> None:
        assert self.cur is not None
        for n, i in enumerate(filled):
            role = roles[i]
            if role is None or role in ("goal", "total", "ignore"):
                continue
            nxt = filled[n + 1] if n + 1 < len(filled) else None
            if nxt is not None and roles[nxt] is None and role not in self.cur.fields:
                value = clean(cells[nxt])
                if self.row.confidence:
                    rest = itertools.takewhile(lambda j: roles[j] is None, filled[n + 2:])
                    value = _joined_at_marks(value, [clean(cells[j]) for j in rest])
                for r in (role, self.aside_role(keys[i], role)):
                    if r is not None:
                        self.cur.fields.setdefault(r, name_noise(value) if self.row.confidence else value)
        names = {i: "total_score" if self.is_header_total(keys[i]) else roles[i] for i in filled}
        if len(filled) >= 2 and all(r and r not in ("goal", "total") for r in names.values()):
            self.head_names = names  # a row of names only: their values come on the next row

    def aside_role(self, k: str, role: str) -> str | None:
        """The other unit a label's aside names: 实施(主管)单位 is the implementing unit and the 主管单位."""
        if "(" not in k or role not in _UNIT_ROLES:
            return None
        other = self.al.labels.label(k.replace("(", "").replace(")", ""), slack=4)
        return other if other in _UNIT_ROLES and other != role else None

    # -- funds ------------------------------------------------------------------------------
    def try_funds_header(self, cells: list[str], keys: list[str], filled: list[int]) -> bool:
        """The funds header, wherever the form prints it (Sichuan before the goals; a form may print it
        after the indicators): once a table, and on two rows when the first names no amount column."""
        assert self.cur is not None
        if self.section is Section.AFTER or (self.section is Section.INDICATORS and self.funds_cols):
            return False
        label_points = None
        for i in filled:  # 项目资金（万元）/ 资金情况(元): on the header row or on a row of its own above it
            if any(a in keys[i] for a in self.al.funds_label):
                m = _MONEY_UNIT.search(keys[i])
                if m:
                    self.cur.money_unit = m.group(1)
                label_points = hd.strip_weight(_MONEY_UNIT.sub("", keys[i]))[1]  # 预算执行情况(万元)(20分)
        named = {i: keys[i] for i in filled if self.al.funds_columns.column(keys[i])}
        above, self.funds_above = self.funds_above, named
        header = {**{i: k for i, k in above.items() if i not in filled}, **{i: keys[i] for i in filled}}
        # a header on two rows (预算安排情况(调整后) | … | 预算执行进度(%) over 预算数 | 到位数 | 执行数)
        cols = _distinct([(i, self.al.funds_columns.column(k)) for i, k in sorted(header.items())], header,
                         self.al.funds_columns, self.forms.funds.holding("text"))
        money_cols = [r for i, r in cols if r in self.forms.funds.holding("money") and i in filled]
        if len(money_cols) < 2:
            return False
        self.funds_above = {}
        self.cur.funds_points = f"{label_points:g}" if label_points is not None else None
        self.funds_cols = [(i, r) for i, r in cols if r not in (None, "ignore")]
        self.cur.funds_roles = frozenset(r for _, r in self.funds_cols)
        self.section = Section.FUNDS
        return True

    def read_fund_line(self, cells: list[str], keys: list[str], filled: list[int]) -> None:
        """The fund lines of a row: one label with its amounts in the money columns, or several lines side by
        side (按收入性质分 | 按支出性质分) with each amount written into its label (一般公共预算:1325.68)."""
        assert self.cur is not None
        found = [(i, *self.fund_label(keys[i])) for i in filled]
        labels = [(i, line, amount) for i, line, amount in found if line is not None]
        cut, self.fund_cut = self.fund_cut, None
        if not labels:
            words = [i for i in filled if not value_start(keys[i]) and keys[i] not in EMPTY_MARKS]
            if cut and self.row.break_before and len(words) == 1:
                self.join_cut_fund_line(cut, cells, words[0])
                return
            if len(words) == 1:
                self.fund_cut = (cells, words[0])
        if not labels and not self.cur.funds and all(value_start(keys[i]) for i in filled):
            labels = [(-1, "total", None)]  # Chongqing prints the total's amounts under the header, unlabelled
        for n, (i, line, amount) in enumerate(labels):
            if line in self.cur.funds or line == "subtotal":
                continue
            if amount is not None:
                self.cur.funds[line] = {"full_year_budget": amount}
            else:
                end = labels[n + 1][0] if n + 1 < len(labels) else len(cells)
                self.cur.funds[line] = self.align_after_label(cells[:end], i, self.funds_cols)

    def join_cut_fund_line(self, cut: tuple[list[str], int], cells: list[str], i: int) -> None:
        """A fund line whose label a page break cut (其中：当年财 / 政拨款): the two halves name it, the amounts
        stand on the half that prints them."""
        assert self.cur is not None
        before, j = cut
        line, _ = self.fund_label(key(before[j]) + key(cells[i]))
        if line is None or line in self.cur.funds or line == "subtotal":
            return
        amounts = max((before, j), (cells, i), key=lambda c: sum(bool(key(v)) for v in c[0][c[1] + 1:]))
        self.cur.funds[line] = self.align_after_label(*amounts, self.funds_cols)

    def fund_label(self, k: str) -> tuple[str | None, str | None]:
        """(fund line, amount written into the label) of a cell; line `subtotal` for a breakdown's own
        subtotal (按收入性质分:2030.12), None for a cell that is no fund label."""
        if k.startswith(self.al.fund_subtotals):
            return "subtotal", None
        m = LABEL_AMOUNT.match(k)
        if m and (line := self.al.fund_lines.label(m.group(1), slack=4)):
            return line, m.group(2)
        return self.al.fund_lines.label(k, slack=4), None

    @staticmethod
    def align_after_label(cells: list[str], label: int, cols: list[tuple[int, str]]) -> dict[str, str]:
        """Values of a label row for header columns `cols`.

        When every value cell is printed (numbers or placeholders such as '-') they are taken in
        order after the label, which survives any column offset between header and row.  Otherwise
        the header positions are used, shifted to fit the row.
        """
        after = cells[label + 1:]
        values = [c for c in after if key(c)]
        if len(values) == len(cols):
            return {r: clean(v) for (_, r), v in zip(cols, values)}
        best, best_fit = 0, -1
        for s in sorted(range(-FIT.max_shift, FIT.max_shift + 1), key=abs):  # a tie: the smaller shift
            if cols and cols[0][0] + s <= label:
                continue
            fit = sum(1 for p, _ in cols if 0 <= p + s < len(cells) and key(cells[p + s]))
            if fit > best_fit:
                best, best_fit = s, fit
        return {r: clean(cells[p + best]) for p, r in cols if 0 <= p + best < len(cells) and key(cells[p + best])}

    # -- goal -------------------------------------------------------------------------------
    def is_goal_header(self, keys: list[str], filled: list[int]) -> bool:
        found = {self.is_goal_column(keys[i]) for i in filled}
        return {"expected", "actual"} <= found

    def read_goal(self, cells: list[str], content: list[int]) -> None:
        assert self.cur is not None
        if not content:
            return
        label = self.is_goal_column(key(cells[content[0]])) if len(content) >= 2 else None
        if label and not any(self.is_goal_column(key(cells[i])) for i in content[1:]):
            # 预期目标 | text over 实际完成情况 | text: each goal column printed as a row's label beside its text
            text = " ".join(clean(cells[i]) for i in content[1:])
            self.cur.goal[label] = join_fragments(self.cur.goal.get(label, ""), text)
            return
        cols = self.goal_cols
        if len(cols) >= 2 and content[0] < min(cols.values()):
            if not (self.row.break_before and len(key(cells[content[0]])) <= 4):
                return  # a row labelled left of every goal column is another field (2.项目实施内容及过程概述)
            content = content[1:]  # the rest of a label a page break cut (年度总体 / 目标)
        if len(content) == len(cols) >= 2:
            targets = sorted(cols, key=lambda r: cols[r])
        elif len(cols) >= 2:
            targets = [min(cols, key=lambda r: abs(cols[r] - i)) for i in content]
        else:
            targets = ["expected"] * len(content)
        for i, role in zip(content, targets):
            text = clean(cells[i])
            self.cur.goal[role] = join_fragments(self.cur.goal.get(role, ""), text)

    # -- indicators -------------------------------------------------------------------------
    def try_indicator_header(self, cells: list[str], keys: list[str], filled: list[int]) -> bool:
        found = self._indicator_header(cells, keys, filled)
        self.header_above = found
        return found

    def _indicator_header(self, cells: list[str], keys: list[str], filled: list[int]) -> bool:
        """The indicator header, also when printed on two rows (绩效指标 | 年度指标值 | … over
        一级指标 | 二级指标 | 三级指标): a header-like row that is not a whole header waits for the next."""
        cols = [(i, self.al.indicator_columns.column(keys[i])) for i in filled]
        named = sum(r is not None for _, r in cols)
        header_like = named >= 2 and named >= 0.6 * len(cols)
        header = {i: keys[i] for i in filled}
        # a header's second line right under its first (一级指标 | 二级指标 | 符号 | 值 under 三级指标 | 预期指标值,
        # the labels centred over both lines of a borderless table), or a first line that was not whole
        above = self.ind_header if self.header_above and self.section is Section.INDICATORS else self.pending_header
        if header_like and above:
            header = {**above, **header}
            cols = _value_under_sign([(i, self.al.indicator_columns.column(k)) for i, k in sorted(header.items())])
        found = {r for _, r in cols}
        if self.forms.is_indicator_header(found):
            self.ind_header, self.pending_header = header, {}
            self.set_indicator_columns(cols)
            self.section = Section.INDICATORS
            return True
        self.pending_header = header if header_like and self.section != Section.INDICATORS else {}
        return self.section == Section.INDICATORS and self.continue_header(keys, filled, cols)

    def continue_header(self, keys: list[str], filled: list[int], cols: list[tuple[int, str | None]]) -> bool:
        """A second header line before the first indicator row: 指标性质 | 指标值 | 度量单位 under
        年度指标值, or the rest of header cells a page break cut (年度指标 / 值)."""
        assert self.cur is not None
        # A value (≥520万平方米, 12) is no header text: in a table printed without points no score tells its
        # first row, under a header at the foot of the page before, from the rest of that header.
        if (self.cur.indicators and not self.header_above) or any(is_points(keys[i]) or value_start(keys[i])
                                                                   for i in filled):
            return False
        own = dict(cols)
        if not (self.row.break_before or {"target_op", "target_unit"} & set(own.values())):
            return False
        for i in filled:
            self.ind_header[i] = keys[i] if own[i] else self.ind_header.get(i, "") + keys[i]
        roles = [(i, self.al.indicator_columns.column(k)) for i, k in sorted(self.ind_header.items())]
        self.set_indicator_columns(_value_under_sign(roles))
        return True

    def set_indicator_columns(self, cols: list[tuple[int, str | None]]) -> None:
        assert self.cur is not None
        # a score sheet may print a 得分 after each level (一级指标 | 得分 | 二级指标 | 得分 | 三级指标 | 得分): points
        # left of the 三级指标 are a level's, not the indicator's (the schema has no column for them)
        level3 = min((i for i, r in cols if r == "level3"), default=-1)
        first_label = min((i for i, r in cols if self.holds.get(r) == "label"), default=level3)
        self.level_scores = {i for i, r in cols if first_label < i < level3 and self.holds.get(r) == "points"}
        # ... and a 分值 there (一级指标 | 分值 | 二级指标 | 分值 | 三级指标) the points of the level to its left
        self.level_points = {i for i, r in cols if i in self.level_scores and r == "weight"}
        cols = [(i, None if i in self.level_scores else r) for i, r in cols]
        cols = _distinct(cols, self.ind_header, self.al.indicator_columns, self.many)
        self.ind_cols = [(i, r) for i, r in cols if r is not None]
        self.cur.header_roles = frozenset(r for _, r in self.ind_cols)
        # the columns right of the labels, with what each holds (asked for every shift of every row: kept)
        self.vcols = [(p, r, h) for p, r in self.ind_cols if (h := self.holds.get(r)) not in (*LABELS, "index")]

    def value_cols(self) -> list[tuple[int, str]]:
        return [(p, r) for p, r, _ in self.vcols]

    def fit(self, cells: list[str], keys: list[str], s: int, scored: bool = True) -> float | None:
        """How well the row's cells fit the header's value columns shifted by s (None: impossible;
        unless not `scored`, a shift that puts no number under 分值 or 得分 is)."""
        vcols = self.vcols
        first = vcols[0][0] + s
        if first <= 0 or not any(keys[i] for i in range(min(first, len(keys)))):
            return None  # no room for the 三级指标 before the values
        score, numeric = FIT.per_shift * abs(s), 0
        for p, r, holds in vcols:
            i = p + s
            k = keys[i] if 0 <= i < len(keys) else ""
            if not k:
                continue
            if holds in ("points", "share"):  # a row with 分值/得分 empty still shows where its numbers are
                if fits(holds, k) or (self.row.confidence and is_points(ocr_repair.number_noise(k))):
                    score += FIT.number
                    numeric += 1
                else:
                    score += FIT.not_number
            elif holds == "value":
                score += FIT.value + (FIT.comparator_actual if r == "actual" and comparator().match(k) else 0.0)
            elif r == "deviation" and is_points(k) and not ZERO.match(k):
                score += FIT.reason_number
            elif not fits(holds, k):
                score += FIT.misfit
        last = vcols[-1][0] + s
        score += FIT.beyond * sum(1 for i in range(max(last + 1, 0), len(keys)) if keys[i])
        under_values = range(vcols[0][0], min(first, len(keys)))  # cells a right shift makes labels
        score += FIT.value_as_label * sum(1 for i in under_values if value_start(keys[i]))
        return score if numeric or not scored else None

    def read_indicator(self, row: Row, cells: list[str], keys: list[str], filled: list[int]) -> None:
        assert self.cur is not None
        if not self.ind_cols:
            return
        index = {p for p, r in self.ind_cols if r == "index"}
        points = [i for i in filled if i in self.level_points and i and is_points(keys[i])]
        # a level's points in a column of their own go with its label, as printed in it (部门决策(20)); centred
        # on its group away from the label's row (a borderless page), with the group's label
        apart = [(self.nearest_role(i - 1), w) for i in points if not keys[i - 1] and (w := parse_number(keys[i]))]
        if points:
            cells = [f"{c}({keys[i + 1]})" if i + 1 in points and c else c for i, c in enumerate(cells)]
            keys = [key(c) for c in cells]
        # 序号 (a row number, not a label), a level's score, a template's placeholder (……, 。。。: no
        # indicator, SCHEMA.md) and the block's own label printed again after a page break (绩效指标)
        blank = [i for i in filled if (i in index and keys[i].isdigit()) or i in self.level_scores
                 or _DOTS.match(keys[i]) or keys[i] in self.al.indicators_label]
        if blank:
            cells = ["" if i in blank else c for i, c in enumerate(cells)]
            keys = [key(c) for c in cells]
            filled = [i for i in filled if keys[i]]
            if not filled:
                return
        fits = [(f, -abs(s), s) for s in range(-FIT.max_shift, FIT.max_shift + 1)
                if (f := self.fit(cells, keys, s)) is not None]
        if not fits and (row.break_before or len(filled) <= 2) and not self.unscored_row(keys, filled):
            self.read_fragment(cells, keys, filled)
            return
        # A row printed without points (分值/得分 empty) stands as the header says unless a shift fits better.
        if all(shift for *_, shift in fits) and (unscored := self.fit(cells, keys, 0, scored=False)) is not None:
            fits.append((unscored, 0, 0))
        s = max(fits)[2] if fits else 0
        vcols = self.value_cols()
        first = vcols[0][0] + s
        parts: dict[str, str] = {}
        pieces: dict[str, list[str]] = {}
        for p, r in vcols:
            if 0 <= p + s < len(cells) and r != "ignore":
                text = clean(cells[p + s]) or self.merged_down(p + s, r, len(pieces.get(r, [])))
                parts[r] = _join_line(parts.get(r, ""), text) if r in self.many else text
                if r in self.many:
                    pieces.setdefault(r, []).append(text)
        conf = row.confidence or ()
        confidence = {r: c for p, r in vcols if 0 <= p + s < len(conf) and (c := conf[p + s]) is not None}
        last = vcols[-1][0] + s
        if last + 1 < len(cells) and "deviation" in parts:  # a reason spilling into extra cells
            extra = [clean(c) for c in cells[last + 1:] if key(c)]
            parts["deviation"] = " ".join([parts["deviation"], *extra]).strip()
        labels = [i for i in range(max(first, 0)) if keys[i]]
        for i in list(labels):
            role = self.nearest_role(i)
            if self.label_continues(role, cells[i]):
                self.continue_label(role, cells[i])  # 社会效益指 / 标: a merged label cut by a page break
                labels.remove(i)
        if labels:
            texts = [clean(cells[i]) for i in labels]
            columns = [self.nearest_role(i - s) for i in labels]
            self.add_indicator([despeck(t) for t in texts] if row.confidence else texts, parts, row.page, columns)
            self.cur.indicators[-1].confidence = confidence
            self.cur.indicators[-1].bbox = row.bbox
            self.cur.indicators[-1].pieces = pieces
            for role, weight in apart:
                self.set_level_weight(role, weight)
        else:
            self.read_fragment(cells, keys, filled)

    def merged_down(self, i: int, role: str, piece: int) -> str:
        """The text of a cell merged down over position i from the row above (a 偏差原因 written once for two
        rows holds for both, as a merged label names every row it spans): the row above's, in a column of text;
        '' where the cell is empty, or the backend saw no merge (a text export prints the cell once)."""
        assert self.cur is not None
        if i not in self.row.covered or self.holds.get(role) != "text" or not self.cur.indicators:
            return ""
        above = self.cur.indicators[-1]
        if role in self.many:
            texts = above.pieces.get(role, [])
            return texts[piece] if piece < len(texts) else ""
        return above.parts.get(role, "")

    def unscored_row(self, keys: list[str], filled: list[int]) -> bool:
        """A short row of a table that scored nothing (no 分值/得分 on any row so far) with its 三级指标 and a
        value in their header columns: an indicator whose other cells are empty, not the rest of a row."""
        assert self.cur is not None
        if any(ind.parts.get("weight") or ind.parts.get("score") for ind in self.cur.indicators):
            return False
        roles = dict(self.ind_cols)
        named = [i for i in filled if roles.get(i) not in ("level1", "level2")]  # its labels may head it
        # a score sheet prints no values: its criteria (评价标准) stand where they would
        values = ("target", "actual") if {"target", "actual"} & self.cur.header_roles else ("criteria",)
        return (bool(named) and roles.get(named[0]) == "level3" and roles.get(named[-1]) in values
                and not value_start(keys[named[0]]))

    def add_indicator(self, labels: list[str], parts: dict[str, str], page: int | None,
                      columns: list[str]) -> None:
        """`columns`: the header column each label is printed in."""
        assert self.cur is not None
        for label in [x for x in labels if len(labels) > 1]:
            name, weight = hd.strip_weight(key(label))
            if not name and weight is not None:  # (10分): the rest of a merged 一级指标 label
                self.set_level_weight("level1", weight)
                del columns[labels.index(label)]
                labels.remove(label)
        l1 = l2 = None
        if len(labels) >= 3:
            l1, l2, l3 = labels[0], labels[1], "".join(labels[2:])
        elif len(labels) == 2:
            if hd.level1_name(key(labels[0])) and not self.printed_as_level2(columns[0]):
                l1, l3 = labels
            else:
                l2, l3 = labels
        elif columns[0] == "level2" and self.al.is_level2_category(hd.strip_weight(unnumbered(key(labels[0])))[0]):
            l2, l3 = labels[0], ""  # a Ministry level-2 category in its column is no 三级指标: that one was left empty
        else:
            l3 = labels[0]
        n = len(self.cur.indicators)
        if l1 is not None:
            self.set_level1(l1)
            self.printed["level1"] = (n, l1)
        if l2 is not None:
            self.l2, self.l2_weight = self.level2_label(l2)
            self.printed["level2"] = (n, l2)
        self.cur.indicators.append(RawIndicator(self.l1, self.l2, l3, parts, page, self.l1_weight, self.l2_weight))

    def level2_label(self, label: str) -> tuple[str, float | None]:
        """(name, points) of a 二级指标 label: under a Ministry category the canonical name (…指标);
        under other level-1 labels (score sheets: 规划, 部门决策) as printed, points removed — but for a
        Ministry level-2 name (服务对象满意度 → 服务对象满意度指标) that is not a level-1 one too (a score
        sheet's 满意度 under 部门绩效情况 is its own word)."""
        name, points = hd.strip_weight(unnumbered(key(label)))
        ministry = self.l1 is None or self.l1 in self.al.level1_names or (
            name in self.al.level2_names and hd.canonical_level2(name) not in self.al.level1_names)
        return (hd.canonical_level2(name) if ministry else name), points

    def printed_as_level2(self, column: str) -> bool:
        """A level-1 name (成本指标) printed in the 二级指标 column inside an open level-1 group is a
        level-2 label: levels are as the table prints them (SCHEMA.md)."""
        return column == "level2" and self.l1 is not None

    def set_level1(self, label: str) -> None:
        """The level-1 group a label opens: a Ministry category by its canonical name, printed short too
        (产出) on a form that prints targets; other labels (投入, 部门决策) as printed."""
        name, weight = hd.strip_weight(unnumbered(key(label)))
        short = self.al.level1_short.get(name) if self.form.targets else None
        name = hd.level1_name(name) or short or name
        if name != self.l1:
            self.l2 = self.l2_weight = None
        self.l1, self.l1_weight = name, weight

    def set_level_weight(self, role: str, weight: float) -> None:
        """Points printed apart from a level's label (level1, level2): they hold for the whole group."""
        assert self.cur is not None
        if role == "level1":
            self.l1_weight = weight
        elif role == "level2":
            self.l2_weight = weight
        else:
            return
        for ind in reversed(self.cur.indicators):
            if ind.level1 != self.l1 or (role == "level2" and ind.level2 != self.l2):
                break
            if role == "level1":
                ind.level1_weight = weight
            else:
                ind.level2_weight = weight

    def nearest_role(self, col: int) -> str:
        return min(self.ind_cols, key=lambda pr: abs(pr[0] - col))[1]

    def column_index(self, role: str, col: int) -> int:
        """Which of the columns of a role printed in several (criteria) the cell at `col` stands in."""
        cols = [p for p, r in self.ind_cols if r == role]
        return cols.index(min(cols, key=lambda p: abs(p - col)))

    def read_fragment(self, cells: list[str], keys: list[str], filled: list[int]) -> None:
        """A row without weight/score: a level-1/level-2 label on its own, a lone (50分), or the
        continuation of the previous indicator row cut by a page break."""
        assert self.cur is not None
        last = self.cur.indicators[-1] if self.cur.indicators else None
        for i in filled:
            role = self.nearest_role(i)
            k = keys[i]
            if self.label_continues(role, cells[i], whole_row=True):
                self.continue_label(role, cells[i])
                continue
            if self.holds.get(role) in LABELS:
                name, weight = hd.strip_weight(k)
                if not name and weight is not None:
                    self.set_level_weight("level1", weight)
                    continue
                if hd.level1_name(k) and not self.printed_as_level2(role):
                    self.set_level1(cells[i])
                    continue
                if name.endswith("指标") and role != "level3":
                    self.l2 = hd.canonical_level2(k)
                    continue
                role = "level3"
            if last is None:
                continue
            if last.page == self.row.page:  # the rest of the row on its own page grows its box
                last.bbox = union(last.bbox, self.row.bbox)
            if role == "level3":
                last.level3 = join_fragments(last.level3, clean(cells[i]))
            elif len(last.pieces.get(role, ())) > 1:
                at = min(self.column_index(role, i), len(last.pieces[role]) - 1)
                last.pieces[role][at] = join_fragments(last.pieces[role][at], clean(cells[i]))
                last.parts[role] = functools.reduce(_join_line, last.pieces[role], "")
            elif role != "ignore":
                last.parts[role] = join_fragments(last.parts.get(role, ""), clean(cells[i]))
                if self.row.confidence and self.row.confidence[i] is not None:
                    last.confidence[role] = min(last.confidence.get(role, 1.0), self.row.confidence[i])

    def label_continues(self, role: str, text: str, whole_row: bool = False) -> bool:
        """Whether a 一级/二级指标 cell right after a page break is the rest of the label printed
        above it (可持续影响 / 指标, 满意 / 度指标) rather than a new label.  On a row of its own
        (`whole_row`: the rest of a row cut by the break) any length goes; on an indicator row a
        new label is likelier, so only a short rest (指标, 标) is joined."""
        if not self.row.break_before or role not in ("level1", "level2") or role not in self.printed:
            return False
        printed = key(self.printed[role][1])
        joined = printed + key(text)
        if printed.count("(") > printed.count(")") and _CLOSING_POINTS.match(key(text)):
            return True  # 职责履行(30 / 分): the rest closes the points the label opened
        if role == "level1":
            return hd.level1_name(printed) is None and hd.level1_name(joined) is not None
        rest = hd.strip_weight(key(text))[0]  # 标(20分): the rest with the label's points
        return not printed.endswith("指标") and hd.strip_weight(joined)[0].endswith("指标") \
            and (whole_row or len(rest) <= 3)

    def continue_label(self, role: str, fragment: str) -> None:
        """Join the fragment to the label and correct every row the label already covers."""
        assert self.cur is not None
        n, printed = self.printed[role]
        text = join_fragments(clean(printed), clean(fragment))
        self.printed[role] = (n, text)
        # the points come with the rest (满意度 / 指标(10分)) or were known before (a weight printed apart)
        if role == "level1":
            before = self.l1_weight, self.l2, self.l2_weight
            self.set_level1(text)
            self.l1_weight = before[0] if self.l1_weight is None else self.l1_weight
            self.l2, self.l2_weight = before[1:]
            for ind in self.cur.indicators[n:]:
                ind.level1, ind.level1_weight = self.l1, self.l1_weight
        else:
            self.l2, points = self.level2_label(text)
            self.l2_weight = self.l2_weight if points is None else points
            for ind in self.cur.indicators[n:]:
                ind.level2, ind.level2_weight = self.l2, self.l2_weight

    # -- totals -----------------------------------------------------------------------------
    def read_total(self, cells: list[str], keys: list[str], filled: list[int]) -> None:
        assert self.cur is not None
        self.cur.has_total_row = True
        self.section = Section.AFTER
        nums = [i for i in filled[1:] if is_points(keys[i])]
        pos = {r: p for p, r in self.ind_cols if r in ("weight", "score")}
        if len(nums) >= 2:  # in the header's order: a form may print 得分 before 分值
            first, second = ("score", "weight") if pos.get("score", 1) < pos.get("weight", 0) else ("weight", "score")
            self.cur.total = {first: cells[nums[0]], second: cells[nums[1]]}
        elif nums and pos:
            role = min(pos, key=lambda r: abs(pos[r] - nums[0]))
            self.cur.total = {role: cells[nums[0]]}
        for i in filled[1:]:
            label, _, value = keys[i].rpartition(":")  # 自评等级：优, a grade with its label in one cell
            if value in self.al.grades and (not label or self.al.labels.label(label) == "grade"):
                self.cur.fields.setdefault("grade", value)


def _value_under_sign(roles: list[tuple[int, str | None]]) -> list[tuple[int, str | None]]:
    """A header's column roles with 值 of 符号 | 值 | 单位 (under 预期指标值, which the 符号 line printed over it
    replaces) read as the target."""
    named = {r for _, r in roles}
    if "target_op" not in named or "target" in named:
        return roles
    op = next(n for n, (_, r) in enumerate(roles) if r == "target_op")
    after = next((n for n in range(op + 1, len(roles)) if roles[n][1] is None), None)
    if after is None:
        return roles
    return [*roles[:after], (roles[after][0], "target"), *roles[after + 1:]]


def _labels_apart(row: Row) -> Row:
    """A head row with a label and its value in one cell (项目名称：… | | 主管部门：…) as the form's two cells each."""
    cells: list[str] = []
    confidence: list[float | None] = []
    for n, c in enumerate(row.cells):
        pair = label_and_value(c) if c else None
        cells += pair or [c]
        confidence += [row.confidence[n]] * (2 if pair else 1) if row.confidence else []
    return replace(row, cells=tuple(cells), confidence=tuple(confidence) if row.confidence else None)


def _after_chars(text: str, n: int) -> str:
    """`text` after its first n characters that are not whitespace (a label's key is its text without it)."""
    seen = 0
    for i, ch in enumerate(text):
        if seen == n:
            return text[i:]
        seen += not ch.isspace()
    return ""


def _joined_at_marks(value: str, after: list[str]) -> str:
    """A head value an OCR'd borderless row cut at a full-width quote or bracket, joined again: the mark's ink
    stands at one side of its square, and the blank of the other side reads as a cell gap (2019年肃宁县农村 |
    “厕所革命” | 改厕项目).  `after`: the row's cells after the value, up to the next label."""
    for piece in after:
        if not (value.endswith(_CLOSING_MARKS) or piece.startswith(_OPENING_MARKS)):
            break
        value += piece
    return value


def _join_line(a: str, b: str) -> str:
    return f"{a}\n{b}" if a and b else a or b


def _distinct(cols: list[tuple[int, str | None]], keys: list[str] | dict[int, str], table: AliasTable,
              many: Collection[str]) -> list[tuple[int, str | None]]:
    """A header's columns with each role once: where two name one role (年度预算数 over the line labels,
    调整后预算数 over the money), the one named by the longer alias keeps it.  Roles of `many` (a form
    may print them twice: 评价标准 · 评分标准, and columns read past) keep all theirs."""
    best: dict[str, tuple[int, int]] = {}
    for i, r in cols:
        if r is not None and r not in many:
            size = len(table.column_alias(keys[i]) or "")
            if r not in best or size > best[r][0]:
                best[r] = (size, i)
    return [(i, r if r is None or r not in best or best[r][1] == i else None) for i, r in cols]


def read_tables(grid: Grid) -> list[RawTable]:
    """Every self-evaluation table in the grid, in order; text-only mentions are dropped."""
    reader = _Reader()
    for row in grid.rows:
        reader.feed(row)
    reader.close()
    return [t for t in reader.tables if t.fields.get("project_name") or t.funds or t.indicators]


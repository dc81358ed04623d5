"""Grid rows from a token stream (extract/tokens.py): a table read by its own grammar, not by positions.

A self-evaluation table prints its parts mostly in this order: title, year, 项目名称, 主管部门/实施单位, the
funds header and its lines, 年度总体目标 with 预期目标/实际完成情况, the indicator header, the indicator rows,
总分, 评分等级; the funds, goal and indicator blocks are read in whatever order a form prints them.  Each
part is recognised by the vocabulary of rules/headers.yaml (jixiao.core.vocabulary), each indicator cell
by what its column holds (rules/forms.yaml `columns`, jixiao.core.forms), and rebuilt as the rows a tab
export would print, so normalize/layout.py reads them as any other grid.

The other forms (../shared/spec/FORMS.md) print the same parts with other words and shapes, read by
the same grammar: a department-wide table names its unit (or only its title) instead of a 项目名称; a
funds label may come in pieces (部门(单位)总体 / 资金(万元)), a first column may head the line labels
(资金来源, 年度预算数(万元)), text columns (原因, 得分计算方法) follow the amounts, and breakdown lines may
carry their amount in the label (一般公共预算:1325.68); goals may come before the funds, or as
年初设定目标 | text | 年度总体目标完成情况 | text.  A score sheet (no 年度指标值 / 实际完成值 columns) is
decoded by its own cell shapes: 序号 numbers, level labels with their points (规划(15分)), criteria text;
a table whose level-1 labels are its own words with points (项目决策(10分)) reads short labels as
labels, not reasons.

Indicator rows are the hard part: empty cells are gone, so a row's length is unknown.  They are
decoded together (Viterbi over "which header column does this cell fill"): every cell is scored by
how well its shape fits a column (一级指标 from the level-1 vocabulary, 二级指标 ends in 指标, weight
and score are bare numbers with score ≤ weight, ...), each column left empty costs what an empty
cell of that kind is worth (a missing weight is unlikely, a missing 偏差原因 is normal), and a new
row may start only after a 三级指标.  Web text that kept its row boundaries (`| |`) constrains where
rows start.  A cell the decoder places is placed in its header column, never shifted silently: what
cannot be placed stays out of the grid, and the rules then report the gap (EXTRACTION_INCOMPLETE,
ACHIEVEMENT_UNKNOWN on an empty target or actual).
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import regex

from jixiao.core.forms import LABELS, Column, Form, forms
from jixiao.core.shapes import fits, is_points
from jixiao.core.text import key
from jixiao.core.vocabulary import (
    EMPTY_MARKS,
    EMPTY_SIGNS,
    LABEL_AMOUNT,
    MONEY_UNIT_CELL,
    WEIGHT_IN_LABEL,
    YEAR_LINE,
    ZERO,
    AliasTable,
    aliases,
    comparator,
    kind_marks,
    no_deviation,
    unnumbered,
    value_start,
)
from jixiao.extract.text.tokens import HAN_UNIT, LABEL_WEIGHT, UNIT_SYMBOL, Token

Cells = tuple[str, ...]
Path = list[tuple[int, bool]]  # a decoded cell's (column, starts a new row)

# 10分: a line's points; 360.00(万元): an amount with its unit
_AMOUNT = regex.compile(r"^[-+]?[¥￥]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:%|万元|万|元|分|\((?:万元|元)\))?$")

# 1、 2. (3) 四、 — not a decimal number (96.5)
_LIST_MARK = regex.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,2})(?:[、．)]|\.(?!\d))"
                           r"|^[(（](?:\d{1,2}|[一二三四五六七八九十]{1,2})[)）]")
_FIRST_MARK = regex.compile(r"^[(（]?[1一](?!\d)")  # a list's first item: 1、 (一)
_GOAL_MARK = regex.compile(r"^目标[0-9一二三四五六七八九十]{1,2}[：:、.．]")  # 目标1：a goal's sub-row
_VALUE = regex.compile(r"^[-+]?\d+(?:\.\d+)?(?:%|\p{Han}{1,3})$")  # a quantity with its unit
_HAN_LABEL = regex.compile(r"^\p{Han}{2,8}$")
_HAN_NAME = regex.compile(r"^\p{Han}{2,20}$")  # 重点工作任务完成率: a 三级指标 in words alone
_BARE_POINTS = regex.compile(r"^\p{Han}{2,8}\d{1,3}$")  # 投入16: a score sheet's label with its bare points
_ELLIPSIS = regex.compile(r"^[.…·。]{2,}$")
_MEASURE = ("性", "率", "度")  # what a measure's name ends with: 合理性, 达标率, 满意度
_SENTENCE = regex.compile(r"[,，。;；:：]")
_STOP = ("。", "；", ";", "！", "？")  # a sentence's end
_CJK_EDGE = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef‘’“”]")  # Chinese quotes too: “三公经费”
# A unit of measure printed in a 度量单位 column: a few characters, no digit (公斤, 万亩, 人次, 台(套)).
_UNIT_WORD = regex.compile(r"^[\p{Han}%‰·/()]{1,4}$")
# How well such a word after a sign and a bare number fits a value column (see _decode): possible, not likely.
UNIT_AS_VALUE = -2.0
_MEANING = regex.compile(r"[\p{Han}\d]|^(?:-|--|—|——|/|\\)$")  # digits, words or an empty marker
_HEAD_ROLES = ("project_name", "department", "implementing_unit", "filer")
_POINTS = ("weight", "score")  # the columns a table that scored nothing leaves empty on every row
_LEVEL_SCORE = "level_score"  # a score sheet's 得分 printed after a level's label (rules/forms.yaml `columns`)
# What a column holds, what leaving it empty costs and what a further piece of its text costs are declared
# in rules/forms.yaml `columns` (the grid reader reads the same declaration).
# A flat line's piece after a space that a cleaned cell can hold (not between two CJK characters:
# PM2.5 浓度) is likelier the rest of the cell before than a cell of its own; a bare number stands
# alone (a weight, a score, a value).
_GLUE = 2.0


# an amount's digit groups parted by spaces (2 860.00): the head, then a group of three with the decimals
_THOUSANDS_HEAD = regex.compile(r"^\d{1,3}$")
_THOUSANDS_TAIL = regex.compile(r"^\d{3}\.\d+$")
_UNIT_GLOSS = regex.compile(r"^[(（]?(?:万元|元)[)）]?$")  # (万元: a label's money unit printed apart
_LABEL_PREFIX = regex.compile(r"^\p{Han}{1,4}[:：]$")  # 其中: printed apart from the line it opens
_ASIDE = regex.compile(r"[(（][^()（）]*[)）]")


def _note(k: str) -> bool:
    """说明: / 注: under a table: a note, not the rest of its last row."""
    return any(k.startswith(n) and (len(k) == len(n) or n.endswith(":") or k[len(n)] in ":：")
               for n in aliases().notes)


def _reason_rows() -> tuple[str, ...]:
    return tuple(dict.fromkeys(r for f in forms().all for r in f.reason_rows))


# A fund line's label no form declares: a few Chinese characters, no number.
_UNDECLARED_LINE = regex.compile(r"(?:其中[:：]?)?\p{Han}{2,12}[:：]?")


def _funds_label(k: str) -> bool:
    """The funds block's label (项目资金(万元), 部门(单位)总体资金(万元)): short outside its parentheses."""
    return len(_ASIDE.sub("", k)) <= 12 and any(a in k for a in aliases().funds_label)


def _label_columns(cols: list[str], keys: list[str]) -> int:
    """How many funds header columns before the money head the line labels (资金来源, 年度预算数(万元)
    over 年初预算 | 调整后预算数): a column read past, or one whose role a later column names by a longer
    alias."""
    table, money = aliases().funds_columns, forms().funds.holding("money")
    n = 0
    while n < len(cols) and cols[n] not in money:
        n += 1
    lead = 0
    for j in range(n + 1 if n < len(cols) else n):
        size = len(table.column_alias(keys[j]) or "")
        later = any(cols[m] == cols[j] and len(table.column_alias(keys[m]) or "") > size
                    for m in range(j + 1, len(cols)))
        if cols[j] == "ignore" or later:
            lead = j + 1
        else:
            break
    return lead


def _level1(k: str) -> bool:
    return _unpointed(k) in aliases().level1_names


def _level2(k: str) -> bool:
    """A Ministry level-2 name (时效指标, 社会效益指标(20分)): a label, never a value."""
    return aliases().is_level2_category(_unpointed(k))


def _unpointed(k: str) -> str:
    """A label without the points printed with it (数量指标(20分) → 数量指标) and the list number before it
    (1.数量指标); tested for first, as most cells carry none (this runs for every cell and column of a flat line)."""
    return unnumbered(WEIGHT_IN_LABEL.sub("", k) if k.endswith((")", "分")) else k)


def _kind(k: str) -> str | None:
    """What a cell is in the table's grammar: title, year, a row label, funds_label, or None."""
    al = aliases()
    if YEAR_LINE.match(k):
        return "year"
    role = al.labels.label(k)
    if role is not None:
        return role
    if len(k) <= 40 and any(t in k for t in al.titles):
        return "title"
    if len(k) <= 12 and any(a in k for a in al.funds_label):
        return "funds_label"
    return None


def _column(table: AliasTable, k: str, longest: int = 16) -> str | None:
    """The header role of a cell short enough to be a header."""
    return table.column(k) if k and len(k) <= longest else None


class _TableReader:
    """One table from tokens[start:]; `rows` is what a tab export of it would print."""

    def __init__(self, tokens: list[Token], keys: list[str], start: int) -> None:
        self.tokens, self.keys, self.i, self.start = tokens, keys, start, start
        self.title = ""  # the title's key: with the header's words, it says which form the table is
        self.rows: list[Cells] = []
        self.has: set[str] = set()  # parts seen: title, year, project_name, funds, indicators, ...
        self.header: list[str] = []  # indicator header roles by column
        self.body: list[Cells] = []  # the indicator rows
        self.fund_weight = self.fund_score = 0.0
        self.has_fund_line = False  # the funds block has printed a line
        self.money = forms().funds.holding("money")  # asked at every token (structural)

    def complete(self) -> bool:
        """A table names its subject (项目名称; a department-wide table its unit or only its title) and
        prints funds or indicators."""
        return bool({"project_name", "department", "title"} & self.has) and bool({"funds", "indicators"} & self.has)

    def tok(self, i: int) -> str:
        return self.tokens[i].text.strip()

    def read(self) -> None:
        n = len(self.tokens)
        while self.i < n:
            k = self.keys[self.i]
            kind = _kind(k)
            if self.next_table(kind):
                return
            if kind in ("title", "year"):
                self.has.add(kind)
                self.title = k if kind == "title" else self.title
                self.rows.append((self.tok(self.i),))
                self.i += 1
            elif MONEY_UNIT_CELL.fullmatch(k):  # 金额单位:元 among the header's cells: a line of its own
                self.rows.append((self.tok(self.i),))
                self.i += 1
            elif kind in _HEAD_ROLES:
                self.label_value(kind)
            elif kind == "funds_label" or self.funds_header_at(self.i) or self.funds_label_at(self.i):
                self.funds()
            elif kind == "goal":
                self.goal()
            elif self.header_total_at(self.i):  # 自评得分 | 100, 项目总得分 | 99.5分 in the header
                self.rows.append((self.tok(self.i), self.tok(self.i + 1)))
                self.i += 2
            elif self.reason_row_at(self.i):
                self.reason_row()
            elif self.goal_pair_at(self.i):
                self.goal_pairs()
            elif self.goal_columns_at(self.i):
                self.goal()
            elif self.indicator_header_at(self.i):
                self.indicators()
            elif kind == "total":
                self.total()
            elif kind == "grade":
                self.grade()
                if {"funds", "indicators"} & self.has:
                    return  # 评分等级 closes a table; printed in its header (自评等级 | 良), it goes on
            elif (unit := MONEY_UNIT_CELL.search(k)) and unit.end() == len(k):
                self.rows.append((self.tok(self.i),))  # 填报单位：…金额单位：元, two labels run into one cell
                self.i += 1
            else:
                self.i += 1

    def next_table(self, kind: str | None) -> bool:
        """A title once this table has its title or name, or a second 项目名称, starts the next one."""
        if kind == "title":
            return bool({"title", "project_name"} & self.has)
        return kind == "project_name" and kind in self.has

    def structural(self, i: int) -> bool:
        k = self.keys[i]
        return (_kind(k) is not None or self.funds_header_at(i) or self.indicator_header_at(i)
                or aliases().fund_lines.label(k, slack=4) is not None)

    def label_value(self, role: str) -> None:
        self.has.add(role)
        label = self.tok(self.i)
        self.i += 1
        if self.i < len(self.tokens) and not self.structural(self.i):
            self.rows.append((label, self.tok(self.i)))
            self.i += 1
        else:
            self.rows.append((label,))

    # -- funds ------------------------------------------------------------------------------
    def undeclared_line(self, k: str) -> bool:
        """A fund line no form declares (国有资本经营预算 0.00 …) among the lines, at self.i: a row the normalizer
        leaves out, not the end of the block, which would lose the lines under it."""
        return self.has_fund_line and bool(_UNDECLARED_LINE.fullmatch(k)) and not self.structural(self.i)

    def funds_header_at(self, i: int) -> bool:
        cols = aliases().funds_columns
        run = list(itertools.takewhile(lambda k: _column(cols, k, 12) is not None, self.keys[i:i + 6]))
        return sum(_column(cols, k, 12) in self.money for k in run) >= 2

    def funds_label_at(self, i: int) -> int:
        """How many tokens from i make the funds block's label when it comes in pieces (部门(单位)总体 /
        资金(万元), 年度预算申请 / (万元) right before the funds header; 0 when they do not.  Where the label
        is whole in its second piece the first is no piece of it (the last cell of indicator rows printed
        before the funds: a score, a reason)."""
        if _AMOUNT.match(self.keys[i]):
            return 0
        for m in (1, 2):
            joined = "".join(self.keys[i:i + m])
            if not _funds_label(joined) or (m == 2 and _funds_label(self.keys[i + 1])):
                continue
            after = i + m + (i + m < len(self.keys) and bool(_UNIT_GLOSS.match(self.keys[i + m])))
            if after < len(self.keys) and self.funds_header_at(after):
                return m
        return 0

    def funds(self) -> None:
        al = aliases()
        label = ""
        if (m := self.funds_label_at(self.i)) or _kind(self.keys[self.i]) == "funds_label":
            m = m or 1
            label = "".join(self.tok(j) for j in range(self.i, self.i + m))
            self.i += m
            if self.i < len(self.tokens) and _UNIT_GLOSS.match(self.keys[self.i]):  # (万元 printed apart
                label = f"{label} {self.tok(self.i)}"
                self.i += 1
        cols: list[str] = []
        heads: list[str] = []
        keys: list[str] = []
        while self.i < len(self.tokens) and (r := _column(al.funds_columns, self.keys[self.i], 12)):
            cols.append(r)
            heads.append(self.tok(self.i))
            keys.append(self.keys[self.i])
            self.i += 1
        if not cols and (two_rows := self.two_row_funds_header()):
            cols, heads, keys = two_rows
        if sum(r in self.money for r in cols) < 2:
            self.rows.append((label,))
            return
        self.has.add("funds")
        self.rows.append((label, *heads))
        self.has_fund_line = False
        lead = _label_columns(cols, keys)
        cols = cols[lead:]
        words = forms().funds.holding("text")  # 原因, 得分计算方法
        numeric = [r for r in cols if r not in words]
        under: list[tuple[int, list[str]]] = []  # the lines under the total: (row, values)
        while self.i < len(self.tokens):
            n = 2 if self.in_label(self.i) and _LABEL_PREFIX.match(self.keys[self.i]) else 1  # 其中: | 一般公共预算
            k = "".join(self.keys[self.i:self.i + n])
            line = "".join(self.tok(j) for j in range(self.i, self.i + n))
            amounts = self.i + n < len(self.keys) and bool(_AMOUNT.match(self.keys[self.i + n]))
            if self.in_label(self.i) and not (k.startswith(al.fund_subtotals) and amounts):
                # 一般公共预算:1325.68, 按收入性质分:2030.12: a line of its own
                self.rows.append(("",) * lead + (line,))
                self.i += n
                continue
            unlabelled = not self.has_fund_line and bool(_AMOUNT.match(k))  # values right under the header
            known = al.fund_lines.label(k, slack=4) or k.startswith(al.fund_subtotals) or unlabelled
            if not (known or (amounts and self.undeclared_line(k))):
                break
            self.has_fund_line = True
            if unlabelled:
                n, line = 0, ""
            self.i += n
            spaced = self.spaced_thousands(len(numeric))
            values = []
            while (self.i < len(self.tokens) and len(values) < len(numeric)
                   and (_AMOUNT.match(self.keys[self.i]) or self.keys[self.i] in EMPTY_MARKS)):
                n = 2 if self.i in spaced else 1
                values.append(" ".join(self.tok(j) for j in range(self.i, self.i + n)))
                self.i += n
            extra = []  # amounts under columns the header does not name (预算执行进度(%) on a second header row)
            while self.i < len(self.tokens) and len(extra) < 2 and _AMOUNT.match(self.keys[self.i]):
                extra.append(self.tok(self.i))
                self.i += 1
            is_total = unlabelled or al.fund_lines.label(k, slack=4) == "total"
            placed = dict(zip([n for n, r in enumerate(cols) if r not in words],
                              place_fund_values(values, numeric, is_total)))
            texts = [n for n, r in enumerate(cols) if r in words and n > max(placed, default=-1)]
            if texts and values:  # 原因, 得分计算方法: the text after the line's amounts
                text = []
                while self.i < len(self.tokens) and not self.structural(self.i) and not self.in_label(self.i) \
                        and not _AMOUNT.match(self.keys[self.i]) and not self.spanning_header(self.i):
                    text.append(self.tok(self.i))
                    self.i += 1
                if text:
                    placed[texts[0]] = " ".join(text)
            cells = [placed.get(n, "") for n in range(len(cols))] + extra
            if is_total:
                self.fund_weight = _number_or_zero(cells[cols.index("weight")] if "weight" in cols else "")
                self.fund_score = _number_or_zero(cells[cols.index("score")] if "score" in cols else "")
            else:
                under.append((len(self.rows), values))
            self.rows.append(("",) * lead + (line, *cells))
        self.place_together(under, cols, lead)

    def spaced_thousands(self, width: int) -> set[int]:
        """Where a fund line's amounts with a space as the thousands separator (`2 860.00`, GB/T 15835) came
        apart in flat text, where a space also parts the cells: the first token of each such pair.  Only where
        the line prints more numbers than the header has columns, and joining them leaves no more: a group of
        one to three digits followed by three digits and the decimals is then one amount."""
        end = self.i
        while end < len(self.tokens) and (_AMOUNT.match(self.keys[end]) or self.keys[end] in EMPTY_MARKS):
            end += 1
        pairs = [j for j in range(self.i, end - 1)
                 if _THOUSANDS_HEAD.match(self.keys[j]) and _THOUSANDS_TAIL.match(self.keys[j + 1])]
        return set(pairs) if end - self.i > width >= end - self.i - len(pairs) else set()

    def place_together(self, lines: list[tuple[int, list[str]]], cols: list[str], lead: int) -> None:
        """The lines under the total placed together (place_fund_lines): a line whose own arithmetic
        happens to fit other columns (100 | 120 | 120: 120 % of 100) reads as its sibling lines do."""
        words = forms().funds.holding("text")
        numeric = [n for n, r in enumerate(cols) if r not in words]
        placed = place_fund_lines([v for _, v in lines], [cols[n] for n in numeric], False)
        for (at, _), cells in zip(lines, placed):
            row = list(self.rows[at])
            for n, cell in zip(numeric, cells):
                row[lead + 1 + n] = cell
            self.rows[at] = tuple(row)

    def two_row_funds_header(self) -> tuple[list[str], list[str], list[str]] | None:
        """A funds header printed on two rows (预算安排情况(调整后) | 资金到位情况 | 资金执行情况 | 预算执行进度(%)
        over 预算数 | 到位数 | 执行数) as the one row of columns the lines' values stand under: each
        second-row cell in place of the first-row cell over it — one that names no column, or the same
        one — and the other first-row cells as they are.  (roles, texts, keys), None when it is not one."""
        table, fund_lines = aliases().funds_columns, aliases().fund_lines
        end = self.i
        while end < min(len(self.keys), self.i + 12) and len(_ASIDE.sub("", self.keys[end])) <= 12 \
                and not _AMOUNT.match(self.keys[end]) and fund_lines.label(self.keys[end], slack=4) is None:
            end += 1
        run = [(self.tok(j), self.keys[j], _column(table, self.keys[j], 12)) for j in range(self.i, end)]
        for m in range(1, len(run)):
            first, second = run[:m], run[m:]
            roles = [r for *_, r in second]
            parents = [n for n, (*_, r) in enumerate(first) if r is None or r in roles]
            if None in roles or len(set(roles)) < len(roles) or len(parents) != len(second):
                continue
            under = dict(zip(parents, second))
            merged = [under.get(n, cell) for n, cell in enumerate(first)]
            if any(r is None for *_, r in merged):
                continue
            self.i = end
            return [r for *_, r in merged], [t for t, *_ in merged], [k for _, k, _ in merged]
        return None

    def in_label(self, i: int) -> bool:
        """A fund line with its amount written into the label (一般公共预算:1325.68), a breakdown's own
        subtotal (按收入性质分:2030.12), or a label prefix before one (其中: | 一般公共预算:1325.68)."""
        al = aliases()
        k = self.keys[i]
        if _LABEL_PREFIX.match(k) and i + 1 < len(self.keys):
            return self.in_label(i + 1) or al.fund_lines.label(self.keys[i + 1], slack=4) is not None
        if k.startswith(al.fund_subtotals):
            return True
        m = LABEL_AMOUNT.match(k)
        return bool(m and al.fund_lines.label(m.group(1), slack=4))

    # -- goal -------------------------------------------------------------------------------
    def goal(self) -> None:
        al = aliases()
        self.has.add("goal")
        role = al.goal_columns.label(self.keys[self.i])
        own_column = role == "initial" or (role is not None and _kind(self.keys[self.i]) != "goal")
        head = [self.tok(self.i)]
        self.i += 1
        while self.i < len(self.tokens) and (al.goal_columns.label(self.keys[self.i]) is not None
                                             or _column(al.goal_columns, self.keys[self.i]) is not None):
            head.append(self.tok(self.i))  # 全年(调整)绩效目标: a column named with its aside
            self.i += 1
        start = self.i
        while self.i < len(self.tokens) and not self.structural(self.i) and not self.spanning_header(self.i):
            self.i += 1
        self.rows.append(tuple(head))
        content = _goal_content(self.tokens[start:self.i])
        if self.i < len(self.tokens) and self.spanning_header(self.i):
            self.i += 1
        if not content:
            return
        marks = [n for n, t in enumerate(content) if n and al.goal_columns.label(key(t.text)) is not None]
        if len(head) >= 2 and marks:  # 年度总体目标 | 预期目标 | text, then 实际完成情况 | text: stacked rows
            sep = " " if any(t.flat for t in content) else "\n"
            self.rows[-1] = (*head, sep.join(t.text.strip() for t in content[:marks[0]]))
            for a, b in zip(marks, [*marks[1:], len(content)]):
                self.rows.append(("", content[a].text.strip(), sep.join(t.text.strip() for t in content[a + 1:b])))
            return
        rate = []  # 总体完成率(%): a number after the two texts
        if "rate" in {al.goal_columns.label(key(h)) for h in head} and len(content) > 2 \
                and _AMOUNT.match(key(content[-1].text)):
            rate = [content.pop().text.strip()]
        columns = len(head) - (0 if own_column else 1)
        # one text a column when there are as many (年初绩效目标 | 全年(调整)绩效目标 | 全年目标实际完成情况)
        texts = [t.text.strip() for t in content] if columns > 2 and len(content) == columns else two_cells(content)
        unchanged = [n for n, t in enumerate(content) if 0 < n < len(content) - 1
                     and key(t.text) in al.goal_unchanged]
        if columns == 3 and len(content) > 3 and len(unchanged) == 1:  # 无调整 between the two texts' words
            texts = [" ".join(t.text.strip() for t in part) for part in
                     (content[:unchanged[0]], content[unchanged[0]:unchanged[0] + 1], content[unchanged[0] + 1:])]
        if columns > len(texts) == 2:  # the last column (实际完成情况) is always filled; one between is left empty
            texts = [texts[0], *[""] * (columns - 2), texts[1]]
        # 年度预期目标 | 具体完成情况 with no label of the goal before them: the texts stand under them
        self.rows.append((*([] if own_column else [""]), *texts, *rate))

    def header_total_at(self, i: int) -> bool:
        """A total some form prints in its header (自评得分, 项目总得分) with its number, before the indicators."""
        k = self.keys[i]
        return ("indicators" not in self.has and i + 1 < len(self.keys) and is_points(self.keys[i + 1])
                and any(k.startswith(t) and len(k) <= len(t) + 4 for t in forms().header_totals))

    def reason_row_at(self, i: int) -> bool:
        """A table-wide reason row some form prints under its total (偏差大或目标未完成原因分析 | text)."""
        k = self.keys[i]
        return "indicators" in self.has and any(k.startswith(r) and len(k) <= len(r) + 4 for r in _reason_rows())

    def reason_row(self) -> None:
        label = self.tok(self.i)
        self.i += 1
        start = self.i
        k = self.keys[self.i] if self.i < len(self.keys) else ""
        if len(k) <= 16 and not _SENTENCE.search(k) and k not in EMPTY_MARKS:
            self.rows.append((label,))  # left empty: a short label-like line (单位主要负责人签批意见) is the next row
            return
        # the text is one cell: a flat line's pieces up to a space between two CJK characters (a new cell)
        while self.i < len(self.tokens) and not self.structural(self.i) and not self.reason_row_at(self.i) \
                and not _note(self.keys[self.i]) and (self.i == start or (
                    self.tokens[self.i].flat and not _cjk_gap(self.tokens[self.i - 1].text, self.tokens[self.i].text))):
            self.i += 1
        self.rows.append((label, " ".join(self.tok(j) for j in range(start, self.i))))

    def goal_columns_at(self, i: int) -> bool:
        """年度预期目标 | 具体完成情况 (| 总体完成率(%)): the goal's column header without its label."""
        cols = aliases().goal_columns
        return (cols.label(self.keys[i]) == "expected" and i + 1 < len(self.keys)
                and cols.label(self.keys[i + 1]) in ("actual", "rate"))

    def goal_pair_at(self, i: int) -> bool:
        """年初设定目标 | text | 年度总体目标完成情况 | text: the goal's columns each with its text beside it."""
        cols = aliases().goal_columns
        return (cols.label(self.keys[i]) == "expected" and i + 1 < len(self.keys)
                and cols.label(self.keys[i + 1]) is None and not self.structural(i + 1))

    def goal_pairs(self) -> None:
        cols = aliases().goal_columns
        cells: list[str] = []
        while self.i < len(self.tokens) and cols.label(self.keys[self.i]) is not None and \
                (not cells or cols.label(self.keys[self.i]) != "expected"):
            cells.append(self.tok(self.i))
            self.i += 1
            start = self.i
            while self.i < len(self.tokens) and not self.structural(self.i) and cols.label(self.keys[self.i]) is None:
                self.i += 1
            sep = " " if any(t.flat for t in self.tokens[start:self.i]) else "\n"
            cells.append(sep.join(self.tok(j) for j in range(start, self.i)))
        self.rows.append(tuple(cells))

    def spanning_header(self, i: int) -> bool:
        """绩效指标 printed over 一级/二级/三级指标 on a two-row header: a short cell right before the
        indicator header, not a cell of the goal."""
        k = self.keys[i]
        return (len(_ASIDE.sub("", k)) <= 6 and "指标" in k and _column(aliases().indicator_columns, k) is None
                and i + 1 < len(self.tokens) and self.indicator_header_at(i + 1))

    # -- indicators -------------------------------------------------------------------------
    def header_cell(self, i: int) -> tuple[str | None, int]:
        """(role, tokens) of the indicator header cell at i; a cell printed on two lines (一级 / 指标)
        comes as two tokens that name a column only together."""
        cols = aliases().indicator_columns
        if (r := _column(cols, self.keys[i])) is not None:
            return r, 1
        if i + 1 < len(self.keys) and len(self.keys[i]) <= 4 and len(self.keys[i + 1]) <= 4:
            joined = self.keys[i] + self.keys[i + 1]
            alias = cols.column_alias(joined) or ""
            if _column(cols, joined) is not None and len(alias) > max(len(self.keys[i]), len(self.keys[i + 1])) \
                    and _column(cols, self.keys[i + 1]) is None:
                return cols.role_of[alias], 2
        return None, 1

    def header_run(self, i: int, longest: int = 16) -> list[tuple[str, str, int]]:
        """The indicator header cells from i: (text, role, tokens).  A short cell between 符号 and 单位
        (值) is the target value's column of the split 年度指标值."""
        run: list[tuple[str, str, int]] = []
        while i < len(self.tokens) and len(run) < longest:
            role, n = self.header_cell(i)
            if role is None and run and run[-1][1] == "target_op" and len(self.keys[i]) <= 2 \
                    and i + 1 < len(self.keys) and self.header_cell(i + 1)[0] == "target_unit":
                role = "target"
            if role is None:
                break
            run.append(("".join(self.tok(j) for j in range(i, i + n)), role, n))
            i += n
        return run

    def indicator_header_at(self, i: int) -> bool:
        if self.keys[i] in aliases().preamble and i + 1 < len(self.keys) and self.indicator_header_at(i + 1):
            return False  # 单位 printed above the table, not the header's first column
        run = [r for _, r, _ in self.header_run(i)]
        return len(run) >= 3 and forms().is_indicator_header(run)

    def indicators(self) -> None:
        found = self.header_run(self.i, len(self.tokens))
        self.i += sum(n for *_, n in found)
        run = merge_header([(t, r) for t, r, _ in found])
        if "level3" not in [r for _, r in run]:
            return
        self.has.add("indicators")
        self.header = [r for _, r in run]
        self.rows.append(tuple(t for t, _ in run))
        start, body = self.i, list[Token]()
        while self.i < len(self.tokens) and _kind(self.keys[self.i]) not in ("total", "grade", "title",
                                                                             "project_name") \
                and not _note(self.keys[self.i]) and not self.funds_after(self.i) and not self.goal_after(self.i):
            repeated = self.header_repeated_at(self.i)  # the header printed again at a page's top
            body += self.tokens[self.i:self.i + 1] if not repeated else []
            self.i += repeated or 1
        at = len(self.rows)
        if self.i < len(self.tokens) and self.funds_after(self.i):
            self.funds()  # read first: the funds' 分值 is part of the 100 points the weights add up to
        rows = decode_rows(body, self.header, self.fund_weight, self.form(start))
        self.body = remarks_apart(level2_by_points(rows, self.header), self.header)
        self.rows[at:at] = self.body

    def header_repeated_at(self, i: int) -> int:
        """The tokens of the indicator header printed again from i (a table's header repeated on each page),
        0 where it is not: the same columns from its first (一级指标 ...) on."""
        if aliases().indicator_columns.column(self.keys[i]) != self.header[0]:
            return 0
        found = self.header_run(i, len(self.header) + 4)
        same = [r for _, r in merge_header([(t, r) for t, r, _ in found])] == self.header
        return sum(n for *_, n in found) if same else 0

    def goal_after(self, i: int) -> bool:
        """The goal block printed after the indicators: 年度总体目标 with its columns (预期目标 | 实际完成情况)
        ends the indicator rows (a 二级指标 named 绩效目标 is followed by 三级指标, not by goal columns)."""
        return ("goal" not in self.has and _kind(self.keys[i]) == "goal" and i + 1 < len(self.keys)
                and _column(aliases().goal_columns, self.keys[i + 1]) is not None)

    def form(self, end: int) -> Form:
        """The table's form, as the grid reader takes it: by its title, then by the words printed before `end`."""
        declared = forms()
        return declared.settle(declared.by_title(self.title) or (declared.default,),
                               "".join(self.keys[self.start:end]))

    def funds_after(self, i: int) -> bool:
        """The funds block printed after the indicators (a form may): its header ends the indicator rows."""
        return "funds" not in self.has and (self.funds_header_at(i) or bool(self.funds_label_at(i)))

    # -- total and grade --------------------------------------------------------------------
    def total(self) -> None:
        label = self.tok(self.i)
        self.i += 1
        numbers: list[str] = []
        grade = ""
        while self.i < len(self.tokens) and len(numbers) < 2:
            k = self.keys[self.i]
            if is_points(k):
                numbers.append(self.tok(self.i))
            elif k in aliases().grades and not grade:
                grade = self.tok(self.i)
            else:
                break
            self.i += 1
        self.rows.append(self.total_row(label, numbers, grade))

    def total_row(self, label: str, numbers: list[str], grade: str) -> Cells:
        """总分 | weight | score, each number under its header column; a lone number goes where the
        arithmetic puts it (Σ weights + the funds' 分值, or Σ scores + the funds' 得分)."""
        if len(numbers) != 1 or not {"weight", "score"} <= set(self.header):
            return (label, *numbers, grade) if grade else (label, *numbers)
        sums = {"weight": self.fund_weight, "score": self.fund_score}
        for row in self.body:
            if len(row) == len(self.header):
                for role in sums:
                    sums[role] += _number_or_zero(row[self.header.index(role)])
        value = _number_or_zero(numbers[0])
        role = min(sums, key=lambda r: abs(sums[r] - value))
        cells = [""] * len(self.header)
        cells[0], cells[self.header.index(role)] = label, numbers[0]
        return (*cells, grade) if grade else tuple(cells)

    def grade(self) -> None:
        label = self.tok(self.i)
        name, _, value = self.keys[self.i].rpartition(":")
        self.i += 1
        if name and value in aliases().grades:  # 自评等级：优 in one cell
            self.rows.append((name, value))
        elif self.i < len(self.tokens) and len(self.keys[self.i]) <= 4 and not self.structural(self.i):
            self.rows.append((label, self.tok(self.i)))
            self.i += 1
        else:
            self.rows.append((label,))


def rows(tokens: list[Token]) -> list[Cells]:
    """The grid rows of every table in the token stream; cells outside a table are left out."""
    out: list[Cells] = []
    keys = [key(t.text) for t in tokens]
    i = end = 0  # end: past the last table read
    while i < len(tokens):
        if _kind(keys[i]) not in ("title", "project_name"):
            i += 1
            continue
        reader = _TableReader(tokens, keys, i)
        reader.read()
        if reader.complete():
            if i > end and _kind(keys[i - 1]) == "year":  # 2022年度 printed above the title: the table's year
                out.append((tokens[i - 1].text.strip(),))
            out += reader.rows
            end = reader.i
        i = max(reader.i, i + 1)
    return out


def _number_or_zero(text: str) -> float:
    k = key(text).strip("()分%").replace(",", "")  # 2,680.00
    try:
        return float(k)
    except ValueError:
        return 0.0


def place_fund_values(values: list[str], cols: list[str], is_total: bool) -> list[str]:
    """A fund line's printed values under its header columns (see place_fund_lines)."""
    return place_fund_lines([values], cols, is_total)[0]


def place_fund_lines(lines: list[list[str]], cols: list[str], is_total: bool) -> list[list[str]]:
    """Fund lines' printed values under their header columns.  All there: in order.  Some cells empty
    (dropped): lines that print as many values print them under the same columns, the placement whose
    execution rates and scores follow from the money on most of them; with no evidence either way the
    gaps go where tables most often leave them blank (分值 and 得分 on the lines under the total,
    年初预算数 on the total)."""
    if is_total:
        blank_first = {"initial_budget": 0, "execution_rate": 1, "weight": 2, "score": 2}
    else:
        blank_first = {"weight": 0, "score": 0, "initial_budget": 1, "execution_rate": 2}
    out: list[list[str]] = [v[:len(cols)] for v in lines]
    for count in {len(v) for v in lines if len(v) < len(cols)}:
        same = [n for n, v in enumerate(lines) if len(v) == count]
        blanks = {chosen: 0.01 * sum(blank_first.get(cols[n], 3) for n in range(len(cols)) if n not in chosen)
                  for chosen in itertools.combinations(range(len(cols)), count)}
        best = max(blanks, key=lambda chosen: sum(_fund_fit(_cells(_put(lines[n], chosen, len(cols)), cols))
                                                  for n in same) - blanks[chosen])
        for n in same:
            out[n] = _put(lines[n], best, len(cols))
    return out


def _put(values: list[str], chosen: tuple[int, ...], width: int) -> list[str]:
    placed = [""] * width
    for pos, v in zip(chosen, values):
        placed[pos] = v
    return placed


def _cells(placed: list[str], cols: list[str]) -> dict[str, float | None]:
    return {r: _number_or_zero(placed[n]) if key(placed[n]) not in EMPTY_MARKS | {""} else None
            for n, r in enumerate(cols)}


def _fund_fit(c: dict[str, float | None]) -> float:
    weight, score = c.get("weight"), c.get("score")
    if max(weight or 0.0, score or 0.0) > 100:  # points are out of 100: an amount, not a 分值 or 得分
        return -_BIG
    fit = 0.0
    budget, executed, rate = c.get("full_year_budget"), c.get("executed"), c.get("execution_rate")
    if budget and executed is not None and rate is not None and (executed or rate):  # 0 of 0 % proves nothing
        computed = executed / budget * 100
        if abs(computed - rate) <= 0.01 + 1e-9:  # rounded or truncated
            fit += 2
        else:  # a rate a slip away from the arithmetic (FUND_RATE) is still the rate
            fit += 0.5 if abs(computed - rate) <= 0.05 * computed else -1
    if weight and score is not None and rate is not None:
        fit += 1 if abs(min(weight, weight * rate / 100) - score) <= 0.01 + 1e-9 else -1
    return fit


def merge_header(run: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An indicator header printed on two rows is one row of columns: the second row's cells take the
    place of the column they sit under (年度指标值 over 指标性质 | 指标值 | 度量单位), and 一级/二级/三级指标
    printed under a spanning 绩效指标 go first, where the label columns are.  A score sheet's 得分 after a
    level's label (一级指标 | 得分 | 二级指标 | 得分 | 三级指标 | 得分) is that level's: the run stays as printed."""
    cols = forms().indicators
    many, labels = {r for r, c in cols.by_role.items() if c.many}, cols.holding(*LABELS)
    level3 = next((n for n, (_, r) in enumerate(run) if r == "level3"), -1)
    first_label = next((n for n, (_, r) in enumerate(run) if cols.column(r).holds == "label"), level3)
    scores = [n for n, (_, r) in enumerate(run) if first_label < n < level3 and cols.column(r).holds == "points"]
    if scores:
        return [(t, _LEVEL_SCORE if n in scores else r) for n, (t, r) in enumerate(run)]
    seen: set[str] = set()
    for n, (_, role) in enumerate(run):
        # 指标性质 | 指标值 | 度量单位 after 年度指标值: the second row; in place of it (指标性质 before 指标值,
        # 度量单位 right after it) they are one row
        split = (role == "target_op" or (role == "target_unit" and run[n - 1][1] not in ("target", "target_op")))
        if (role in seen and role not in many) or (split and n and "target" in seen):
            run = _under_parents(run[:n], run[n:])
            break
        seen.add(role)
    first = [c for c in run if c[1] == "index"]  # 序号 stays before the label columns
    return first + [c for c in run if c[1] in labels] + [c for c in run if c[1] not in (*labels, "index")]


def _under_parents(main: list[tuple[str, str]], sub: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A header's second row in place of the first-row cells it sits under: the target's split (符号 | 值 |
    单位) under 年度指标值, and cells after it under the first-row cell that names one of them (自评得分 over
    单项指标得分 | 权重占比 | 折算得分); all of it under 年度指标值 otherwise."""
    k = len(list(itertools.takewhile(lambda c: c[1] in ("target_op", "target", "target_unit"), sub)))
    named = {r for _, r in main} - {"target"}
    parent = next((r for _, r in sub[k:] if r in named), None) if k else None
    children = {"target": sub[:k], parent: sub[k:]} if parent else {"target": sub}
    cols = aliases().indicator_columns
    out: list[tuple[str, str]] = []
    for text, role in main:
        # a cell that names no column itself (值) keeps its parent's name: 预期指标值 值
        out += [(t if cols.column(key(t)) else f"{text} {t}", r) for t, r in children.pop(role, [(text, role)])]
    return out


def _goal_content(content: list[Token]) -> list[Token]:
    """The goal's cells, up to the label of the next part of the form printed after them: a short
    numbered label without a sentence's punctuation (2.项目实施内容及过程概述 under
    1.项目年度目标完成情况, 四、年度绩效指标完成情况) after both texts, whose number does not go on from the
    last item of the goal's lists in its numerals (a flat line's 2、提升服务 after 1.完成 does)."""
    last: dict[bool, int] = {}  # the last list number seen, by numerals (Arabic or Chinese)
    for n, t in enumerate(content):
        k = key(t.text)
        mark = _LIST_MARK.match(k)
        if (mark and n >= 2 and not _FIRST_MARK.search(mark.group()) and len(k) <= 20
                and not _SENTENCE.search(k)):
            arabic, number = _list_number(mark.group())
            if last.get(arabic) != number - 1:
                return content[:n]
        for item in _ITEM.finditer(k):
            arabic, number = _list_number(item.group())
            last[arabic] = number
    return content


# A list item's number in a text: at its start or after punctuation (1.改造…；2.改造…), not a decimal (2.05).
_ITEM = regex.compile(r"(?:^|(?<=[；;。，,：:]))(?:\d{1,2}|[一二三四五六七八九十]{1,2})(?:[、．)]|\.(?!\d))")
_HAN_DIGITS = "一二三四五六七八九"


def _list_number(mark: str) -> tuple[bool, int]:
    """(Arabic numerals, the number) of a list mark: 2. → (True, 2), 四、 → (False, 4), 十二、 → (False, 12)."""
    digits = regex.sub(r"[^\d一二三四五六七八九十]", "", mark)
    if digits.isdigit():
        return True, int(digits)
    tens, _, ones = digits.rpartition("十") if "十" in digits else ("", "", digits)
    ten = (_HAN_DIGITS.index(tens) + 1 if tens else 1) if "十" in digits else 0
    return False, 10 * ten + (_HAN_DIGITS.index(ones) + 1 if ones else 0)


def two_cells(content: list[Token]) -> list[str]:
    """预期目标 and 实际完成情况 from the cells (or a flat line's words) between their header and the
    indicator header.  Two pieces: one each.  More: split where a new cell most likely starts — a
    space between two CJK characters (cleaned cell text has none), a list that starts again (1、…
    after 1、…), then near the middle."""
    texts = [t.text.strip() for t in content]
    if len(texts) <= 2:
        return texts
    sep = " " if any(t.flat for t in content) else "\n"
    goals = [n for n, t in enumerate(texts) if _GOAL_MARK.match(t)]
    ends = [*goals[1:], len(texts)]
    if len(goals) >= 2 and goals[0] == 0 and all(e - g >= 2 for g, e in zip(goals, ends)):
        # 目标1：… | its actual | 目标2：… | its actual: a goal printed as sub-rows, each with its own two cells
        pairs = [two_cells(content[g:e]) for g, e in zip(goals, ends)]
        return [sep.join(p[0] for p in pairs), sep.join(p[1] for p in pairs)]
    total = sum(map(len, texts))
    first_mark = _LIST_MARK.match(texts[0])

    def fit(n: int) -> float:
        score = 3.0 if _cjk_gap(texts[n - 1], texts[n]) else 0.0
        mark = _LIST_MARK.match(texts[n])
        if mark and first_mark and mark.group() == first_mark.group():
            score += 2.0
        return score - abs(2 * sum(map(len, texts[:n])) - total) / total

    n = max(range(1, len(texts)), key=fit)
    return [sep.join(texts[:n]), sep.join(texts[n:])]


def _emission(k: str, c: Column) -> float | None:
    """How well a cell's shape fits a column of the indicator header (None: it cannot be there): by what
    the column holds (rules/forms.yaml `columns`; the shapes it cannot hold: jixiao.core.shapes), and among
    the labels and values by which it is."""
    number, role, holds = is_points(k), c.role, c.holds
    if k in kind_marks():  # 定性 where other rows print a comparator: the 指标性质 column's, seldom a value
        return 2.0 if holds == "sign" else -1.5 if holds == "value" else None
    if holds in LABELS and _ellipsis(k):  # a template row (……) stands alone
        return None
    if role == "level1":
        if _level1(k):
            return 3.0
        if k in aliases().level1_short:
            return 2.5  # 产出: a Ministry category printed short
        if _level2(k):
            return None  # 数量指标(20分): a level-2 name, with its points
        if _pointed(k) and len(k) <= 16:
            return 2.0  # a level-1 label of another form with its points: 项目决策(10分)
        # another form's level-1 label without points (项目产出): possible, never likely
        plain = len(k) <= 8 and not any(ch.isdigit() for ch in k) and k not in EMPTY_MARKS
        return -2.0 if plain and not k.endswith("指标") and not comparator().match(k) else None
    if role == "level2":
        name = _unpointed(k)  # 数量指标(20分): a level-2 label may carry its points
        if number or any(ch.isdigit() for ch in name):
            return None
        if _level1(k):
            return 1.0  # 成本指标 under 产出指标 (a level-1 name before a 三级指标 reads so: _pair)
        if k in aliases().level2_names:
            return 1.5  # 数量, 社会效益: a Ministry level-2 category printed short
        if name.endswith("指标") and len(name) <= 15:
            return 2.0
        if name != k and len(name) <= 10:
            return 1.0  # 项目目标(4分): another form's level-2 label with its points (Beijing's)
        return -1.5 if len(k) <= 10 else None
    if role == "level3":
        if number or len(k) < 2 or k in EMPTY_MARKS or comparator().match(k) or "。" in k:
            return None  # a number, a mark (是, 否), ≥150.00(场): values; a sentence: a reason; never a 三级指标
        # 数量指标, 质量: a 二级指标's name, seldom a 三级指标's
        return -1.0 if (k.endswith("指标") and len(k) <= 8) or (len(k) <= 8 and k in aliases().level2_names) else 1.0
    if not fits(holds, k):
        return None
    if holds in ("points", "share"):
        return 3.0
    if holds == "value":
        if comparator().fullmatch(k):  # a sign alone: the 指标性质 column's; a value, as the actual's (below)
            return -1.0 if role == "actual" else -1.1
        if _level1(k) or _level2(k):
            return None  # 成本指标: the next row's label, never a value (an empty value before it is skipped)
        if not _MEANING.search(k) or "。" in k:
            return -1.0  # a bare unit (%) that belongs to a 度量单位 column, a sentence
        if comparator().match(k):  # ≥90%: a target's shape; an actual states a fact
            return 0.5 if role == "actual" else 1.5
        value = 0.5 if number or k in EMPTY_MARKS else 1.0
        # Alone, a value without comparator states a fact: the 年度指标值 is the cell publishers leave empty.
        return value if role == "actual" else value - 0.1
    if holds == "mark":
        return 2.0
    if holds in ("sign", "unit") and comparator().fullmatch(k):
        return 2.0 if holds == "sign" else -1.0  # 高于: a comparator word, seldom a unit
    if holds in ("sign", "unit"):
        return 0.0 if k in EMPTY_MARKS else 1.0  # / : more likely an empty value than a unit
    if holds == "word":
        return 1.0
    if role == "criteria" and _SENTENCE.search(k):  # 得分计算方法: a rule in words, printed on every row
        return 1.0
    if _level1(k) or _level2(k):
        return None  # 成本指标: the next row's label (a template row's, before ……), never a whole reason
    if ZERO.match(k):
        return 0.0  # a filler's way of saying "no deviation" in 偏差原因
    if _ellipsis(k):
        return None  # …… : a template row of its own, as its 三级指标 prints it
    if _pointed(k) and len(k) <= 16:
        return -1.0  # 项目管理(25分): a label with its points, not a reason
    if _VALUE.match(k):
        return -1.0  # 433人, 98.6%: a value alone, seldom a whole reason
    return -0.5 if number else 0.0  # deviation, ignore: a reason may cite numbers


Emission = Callable[[str, Column], "float | None"]


def _ellipsis(k: str) -> bool:
    return bool(k) and k[0] in ".…·。" and bool(_ELLIPSIS.match(k))


def _pointed(k: str, bare: bool = False) -> bool:
    """A label printed with its points: 规划(15分), 部门决策(25); `bare` (a score sheet) also 部门绩效 40."""
    if bare and _BARE_POINTS.match(k):
        return True
    if not k or k[-1] not in ")分":
        return False
    name, points = WEIGHT_IN_LABEL.sub("", k), WEIGHT_IN_LABEL.search(k)
    return bool(points and name and not any(ch.isdigit() for ch in name))


def _free_emission(k: str, c: Column) -> float | None:
    """A table whose level labels are its own words (B6): a short plain label fits 一级/二级指标."""
    role = c.role
    if k in no_deviation() and c.holds in LABELS:
        return None  # 无偏差: a reason, never a label
    plain = len(k) <= 8 and not any(ch.isdigit() for ch in k) and k not in EMPTY_MARKS \
        and not comparator().match(k) and not _SENTENCE.search(k)
    if plain and role == "level1" and not _level1(k):
        return 0.5 if len(k) <= 5 else -1.0  # level-1 names are short (项目产出, 综合管理); reasons longer
    if plain and role == "level2" and not k.endswith("指标"):
        return 1.0
    # A long label of words alone (项目立项与资金分配合理性, over two rows): a level-2 label, unlikely but
    # likelier than the first piece of the 三级指标 beside it (a text's cells are whole) or a reason of the row
    # above, which explains and seldom names a measure (…合理性, …达标率) as a label does.
    if _HAN_NAME.match(k) and len(k) <= 15 and not k.endswith("指标"):
        if role == "level2":
            return -1.2
        if role == "deviation" and k.endswith(_MEASURE):
            return -1.5
    return _emission(k, c)


def _sheet_emission(k: str, c: Column) -> float | None:
    """A score sheet's cells: 序号 numbers, level-1/2 labels with their points (规划(15分)), 三级指标
    without, long criteria text, points and scores as bare numbers."""
    number, holds = is_points(k), c.holds
    if holds == "index":
        return 3.0 if fits(holds, k) else None
    if holds == "label":
        if _pointed(k, True) and len(k) <= 16:
            return 2.0
        return -2.0 if len(k) <= 10 and not any(ch.isdigit() for ch in k) else None
    if holds == "name":  # a sentence (…×100%。) is criteria, never a 三级指标
        return None if number or k in EMPTY_MARKS or "。" in k else (-1.0 if _pointed(k, True) else 1.0)
    if holds == "text":
        return None if number else 0.0
    return _emission(k, c)


def _plain_sheet_emission(k: str, c: Column) -> float | None:
    """A score sheet whose labels print no points: a short word is as likely a level label as the first
    piece of a 三级指标."""
    if c.holds == "label" and len(k) <= 8 and not any(ch.isdigit() for ch in k) \
            and not _SENTENCE.search(k) and not _ellipsis(k):
        return -0.5
    return _sheet_emission(k, c)


def _points_of(k: str) -> float:
    m = WEIGHT_IN_LABEL.search(k) or regex.search(r"(\d+)$", k)
    return float(next(g for g in m.groups() if g)) if m else 0.0


def _row_head(k: str) -> bool:
    """A 序号 (a row's first cell on a score sheet) or a level label with its points, as the cell before a label."""
    return (k.isdigit() and len(k) <= 3) or _pointed(k, True)


def _points_to_labels(body: list[Token], indexed: bool) -> list[Token]:
    """A score sheet's (15分) printed apart from its label (规划 / (15分)) joined to it; `indexed`: the sheet
    prints a 序号 column."""
    out: list[Token] = []
    keys = [key(t.text) for t in body]
    for n, t in enumerate(body):
        k = keys[n]
        # 部门绩效 / 40 before a label with its points (履职成效(30分)): the bare points of the label (投入 16).
        # On a sheet whose rows start with their 序号, also a label's bare points before a label and its own
        # (1 投入 16 目标设定 6 绩效目标合理性 3 …, a flat line): the labels right after a row's 序号 are its
        # level labels.  A group holds at least its first child's points.
        child = None
        if n + 1 < len(body) and _pointed(keys[n + 1], True):
            child = _points_of(keys[n + 1])
        elif (indexed and len(out) >= 2 and _row_head(key(out[-2].text)) and n + 2 < len(body)
              and _HAN_NAME.match(keys[n + 1]) and keys[n + 2].isdigit()):
            child = float(keys[n + 2])
        bare = (k.isdigit() and child is not None and bool(out) and bool(_HAN_LABEL.match(key(out[-1].text)))
                and float(k) >= child)
        if out and (LABEL_WEIGHT.match(k) or bare) and not is_points(key(out[-1].text)) \
                and not WEIGHT_IN_LABEL.search(key(out[-1].text)) and len(key(out[-1].text)) <= 12:
            prev = out.pop()
            out.append(Token(f"{prev.text.strip()} {t.text.strip()}", prev.row_start, prev.flat))
        else:
            out.append(t)
    return out


def _cjk_gap(left: str, right: str) -> bool:
    """A space between two CJK characters: cleaned cell text has none, so cells part there."""
    return bool(left and right and _CJK_EDGE.match(left.strip()[-1]) and _CJK_EDGE.match(right.strip()[0]))


def decode_rows(body: list[Token], header: list[str], fund_weight: float = 0.0,
                form: Form | None = None) -> list[Cells]:
    """The indicator rows in `body`, each placed under the header's columns (see the module doc).
    Printed row boundaries (`| |`) are kept when the rows they give can be decoded.  `fund_weight`:
    the funds' 分值, part of the 100 points the weights add up to.  `form`: the table's form, for what leaving
    a column empty costs on it and its row of the funds' points in the indicator block (Hebei's 预算执行率),
    decoded apart so that it keeps its points where the indicators scored nothing."""
    body = [t for t in body if key(t.text)]
    budget_row = form.budget_row if form else None
    cut = next((n for n, t in enumerate(body) if n and key(t.text) == budget_row), None) if budget_row else None
    if cut is not None:
        return decode_rows(body[:cut], header, fund_weight, form) + decode_rows(body[cut:], header, fund_weight, form)
    if {"target_op", "target_unit"} & set(header):
        body = _signs_apart(body, header)
    sheet = not {"target", "actual"} & set(header)  # a score sheet: labels with points, criteria, scores
    if sheet:
        body = _points_to_labels(body, "index" in header)
    keys = [key(t.text) for t in body]
    hints = [t.row_start for t in body]
    glue = _glue(body, keys)
    # Level-1 labels of another form with their points (项目决策(10分)): its level labels are its own words
    # (项目立项, 投入管理, 项目产出), likelier labels than reasons.
    free = not sheet and any(_pointed(k) and len(k) <= 16 and not _level1(k) for k in keys)
    # A score sheet whose labels print no points, or only one level's (the level-1 groups' points add up to
    # the 100): a short word without points fits a level column.
    label_points = sum(_points_of(k) for k in keys if _pointed(k, True)) if sheet else None
    if label_points is not None and (label_points == 0 or abs(label_points - 100) < 0.5):
        emission: Emission = _plain_sheet_emission
    else:
        emission = _sheet_emission if sheet else _free_emission if free else _emission
    declared = forms()
    # the form's own costs where it is the kind the header shows (a score sheet's 序号 is always printed)
    skip = declared.skip(form if form is not None and form.targets != sheet else declared.by_targets(not sheet))
    costs = _Costs([declared.indicators.column(r) for r in header], skip, declared.indicators.repeat())
    found = _decode(keys, header, hints, glue, costs, emission)
    rows = _placed(body, found[1] if found else [], header)
    if emission is _emission and not _first_level1(rows, header):
        # A table whose first group is a level-1 label no form names (部门管理 over 财务管理 · 资产管理): read
        # with the Ministry's words only, its plain labels went to the reasons and the first row lost its
        # level-1 label, which a table prints (centred mid-group only in text taken from a PDF, where no
        # reading finds one there either).  Read its plain words as level labels, as a B6 table's.
        freed = _decode(keys, header, hints, glue, costs, _free_emission)
        if freed and _first_level1(placed := _placed(body, freed[1], header), header):
            emission, found, rows = _free_emission, freed, placed
    # 分值 and 得分 printed in a fixed format (10.00, 5.00): a number printed otherwise (0) is neither
    # (a reading that placed none such stays the best one: the format only lowers the others)
    at = [n for n, r in enumerate(header) if r in _POINTS]
    points = [row[n] for row in rows if len(row) == len(header) for n in at]
    decimals = _fixed_decimals(points)
    if decimals and any(is_points(k := key(c)) and _decimals(k) != decimals for c in points):
        found = _decode(keys, header, hints, glue, costs, _formatted(emission, decimals)) or found
        rows = _placed(body, found[1] if found else [], header)
    # A table that scored nothing leaves 分值 and 得分 empty on every row: read without those columns, it
    # wins when its cells fit the other columns better than a scored reading fits them all — unless the
    # scored reading's weights add up to the 100 points (a table that prints 分值 but no 得分).
    # A table that printed its 分值 but no 得分 is read without the 得分 column: where a scored reading
    # found a lone 0 for a score on a few rows (a filler's 0 in the reason), or where the reading without
    # it gives weights that add up to the 100 points (a scored reading had glued rows into a reason to
    # save leaving 得分 empty on each).
    if set(_POINTS) & set(header) and not _full_points(rows, header, fund_weight):
        if "score" in header and "weight" in header and _few_scores(rows, header):
            weighted = _decode_without(("score",), keys, header, hints, glue, costs, emission)
            if weighted and _full_points(placed := _placed(body, weighted[1], header), header, fund_weight):
                return placed
        empty: tuple[str, ...] | None = _POINTS
    else:
        empty = ("score",) if _zero_scores_only(rows, header) else None
    if empty:
        unscored = _decode_without(empty, keys, header, hints, glue, costs, emission)
        if unscored and (found is None or unscored[0] > found[0]):
            rows = _placed(body, unscored[1], header)
    return rows


def _first_level1(rows: list[Cells], header: list[str]) -> bool:
    """The first indicator row prints its level-1 label (or the form has no level-1 column)."""
    if "level1" not in header:
        return True
    first = next((r for r in rows if len(r) == len(header)), None)
    return first is None or bool(key(first[header.index("level1")]))


def level2_by_points(rows: list[Cells], header: list[str]) -> list[Cells]:
    """In a table whose level-1 labels and level-2 labels both print their points (项目决策(10分) | 项目目标(4分)),
    a new level-1 group opens with its level-2 label beside it: a label with its points read alone as a level-1
    label (决策过程(6分)) before the rows of the group above add up to its points is that group's next level-2
    label.  Flat text leaves the decoder no other evidence."""
    if not {"level1", "level2", "weight"} <= set(header):
        return rows
    l1, l2, w = header.index("level1"), header.index("level2"), header.index("weight")
    full = [r for r in rows if len(r) == len(header)]
    if not any(_pointed(key(r[l1])) and _pointed(key(r[l2])) for r in full):
        return rows
    out: list[Cells] = []
    points = total = 0.0
    for r in rows:
        if len(r) == len(header) and _pointed(k := key(r[l1])):
            if not key(r[l2]) and out and total < points - 0.01:
                cells = list(r)
                cells[l1], cells[l2] = "", r[l1]
                r = tuple(cells)
            else:
                points, total = _points_of(k), 0.0
        if len(r) == len(header):
            total += _number_or_zero(r[w])
        out.append(r)
    return out


_OPENING = regex.compile(r"^(\p{Han}{2,8})[:：]")  # 数据来源：…: a column's cells may open alike


def remarks_apart(rows: list[Cells], header: list[str]) -> list[Cells]:
    """A 备注 column after 偏差原因: with empty cells dropped, a row's one text there reads as the reason.  Where
    it opens as the remarks printed beside a reason do (数据来源：…), it is the row's remark."""
    if not {"deviation", "ignore"} <= set(header):
        return rows
    reason, remark = header.index("deviation"), header.index("ignore")
    full = [r for r in rows if len(r) == len(header)]
    openings = {m.group(1) for r in full if key(r[reason]) and (m := _OPENING.match(key(r[remark])))}
    out: list[Cells] = []
    for r in rows:
        if len(r) == len(header) and not key(r[remark]) and (m := _OPENING.match(key(r[reason]))) \
                and m.group(1) in openings:
            cells = list(r)
            cells[reason], cells[remark] = "", r[reason]
            r = tuple(cells)
        out.append(r)
    return out


def _few_scores(rows: list[Cells], header: list[str]) -> bool:
    """A reading that found a score on at most half its rows (a table that may have printed none)."""
    at = header.index("score")
    return 2 * sum(bool(key(r[at])) for r in rows if len(r) == len(header)) <= len(rows)


def _decode_without(empty: tuple[str, ...], keys: list[str], header: list[str], hints: list[bool],
                    glue: list[bool], costs: _Costs, emission: Emission) -> tuple[float, Path] | None:
    """A reading with the `empty` columns left empty on every row."""
    unscored_costs = _Costs(costs.columns, {**costs.skip, **dict.fromkeys(empty, 0.0)}, costs.repeat)
    return _decode(keys, header, hints, glue, unscored_costs, _without(emission, empty))


def _glue(body: list[Token], keys: list[str]) -> list[bool]:
    """Which flat pieces may be the rest of the cell before: not after a space between two CJK characters,
    and not a value (≥1.2万亩, 96%) or after one — except the numbers of running text (…工作在 2025 年 6
    月完成，…): a bare integer, or a piece with a sentence's punctuation, in a sentence begun before and not
    ended (after a 。 a number is the next cell: 得分计算方法 then 得分)."""
    glue: list[bool] = []
    sentence = False  # the pieces glued so far hold a sentence's punctuation
    for j, t in enumerate(body):
        ok = j > 0 and t.flat and body[j - 1].flat and not _cjk_gap(body[j - 1].text, t.text)
        ok = ok and keys[j - 1] not in EMPTY_SIGNS and keys[j] not in EMPTY_SIGNS  # — alone is a whole cell
        if ok and is_points(keys[j - 1]):
            ok = glue[j - 1] and sentence and not value_start(keys[j])
        elif ok and value_start(keys[j]):
            ok = bool(_SENTENCE.search(keys[j])) or (keys[j].isdigit() and sentence and not keys[j - 1].endswith(_STOP))
        sentence = (ok and sentence) or bool(_SENTENCE.search(keys[j]))
        glue.append(ok)
    return glue


def _signs_apart(body: list[Token], header: list[str]) -> list[Token]:
    """A flat line's sign and unit joined to their value (≥ 1450, = 100 %, ≥ 5000 亩) parted again where
    指标性质 and 度量单位 are columns of their own."""
    out: list[Token] = []
    for t in body:
        words = t.text.split()
        if t.flat and len(words) > 1:
            start = int("target_op" in header and bool(comparator().fullmatch(key(words[0]))))
            # ≥ 5000 亩, ≥ 95 %: a target's unit after its number (tokens.merge_words joined them); an actual
            # printed with its unit (86.4 公里, 96.5 %) keeps it
            unit = start and (UNIT_SYMBOL.match(words[-1]) or (HAN_UNIT.match(words[-1]) and words[-2][-1:].isdigit()))
            end = len(words) - int("target_unit" in header and bool(unit))
            parts = words[:start] + [" ".join(words[start:end])] + words[end:]
            out += [Token(w, t.row_start and not n, True) for n, w in enumerate(p for p in parts if p)]
        else:
            out.append(t)
    return out


def _placed(body: list[Token], path: Path, header: list[str]) -> list[Cells]:
    """The rows a decoded path puts the cells in."""
    rows: list[list[str]] = []
    for t, (slot, new_row) in zip(body, path):
        if slot == len(header):  # a lone (10分) or ……: a row of its own, as the label column prints it
            rows.append([t.text.strip()])
            continue
        if new_row or not rows or len(rows[-1]) != len(header):
            rows.append([""] * len(header))
        cells = rows[-1]
        cells[slot] = f"{cells[slot]} {t.text.strip()}" if cells[slot] else t.text.strip()
    return [tuple(r) for r in rows]


def _full_points(rows: list[Cells], header: list[str], fund_weight: float) -> bool:
    """The rows' weights and the funds' 分值 add up to 100."""
    if "weight" not in header:
        return False
    at = header.index("weight")
    return abs(fund_weight + sum(_number_or_zero(r[at]) for r in rows if len(r) == len(header)) - 100) <= 0.01


_BIG = 1e6  # "impossible", kept finite so that sums of skip costs stay numbers


_DECIMALS = regex.compile(r"\.(\d+)")


def _decimals(k: str) -> int:
    m = _DECIMALS.search(k)
    return len(m.group(1)) if m else 0


def _fixed_decimals(cells: list[str]) -> int:
    """The decimals every number of the cells is printed with when they show a fixed format (most of
    them have that many, some padded with zeros: 10.00); 0 when they show none.  Read from a first
    decoding, whose misplaced cells are the few."""
    numbers = [k for c in cells if is_points(k := key(c))]
    if len(numbers) < 3:
        return 0
    counts = [_decimals(k) for k in numbers]
    d = max(set(counts), key=counts.count)
    padded = any(_decimals(k) == d and k.rstrip("分)").endswith("0") for k in numbers)
    return d if d and padded and 2 * counts.count(d) > len(counts) else 0


def _formatted(emission: Emission, decimals: int) -> Emission:
    """A number printed with other decimals than the points' fixed format fits 分值 and 得分 badly."""
    def emit(k: str, c: Column) -> float | None:
        fit = emission(k, c)
        if fit is not None and c.role in _POINTS and is_points(k) and _decimals(k) != decimals:
            return fit - 4.0
        return fit
    return emit


def _without(emission: Emission, roles: tuple[str, ...]) -> Emission:
    """A table that left these columns empty on every row (scored nothing: 分值 and 得分): no cell is theirs."""
    return lambda k, c: None if c.role in roles else emission(k, c)


def _zero_scores_only(rows: list[Cells], header: list[str]) -> bool:
    """The scores a reading found are a lone 0 each, on fewer than half the rows: a table that printed
    分值 but no 得分, whose reasons are 无 or a filler's 0 (read as the score when they follow the weight)."""
    if "score" not in header:
        return False
    scores = [key(r[header.index("score")]) for r in rows if len(r) == len(header)]
    filled = [k for k in scores if k]
    return bool(filled) and set(filled) == {"0"} and 2 * len(filled) < len(scores)


@dataclass(frozen=True, slots=True)
class _Costs:
    """The header's columns as declared, what leaving each empty costs and what a further piece costs."""
    columns: list[Column]
    skip: dict[str, float]
    repeat: dict[str, float]


def _decode(keys: list[str], header: list[str], hints: list[bool], glue: list[bool],
            costs: _Costs, emission: Emission) -> tuple[float, Path] | None:
    """(score, Viterbi path), keeping the printed row boundaries when the rows they give can be decoded."""
    units = "target_unit" in header  # a bare unit (%) then belongs to the 度量单位 column, never to a value
    emit = [[None if units and c.role in ("target", "actual") and not _MEANING.search(k) else emission(k, c)
             for c in costs.columns] + [2.0 if LABEL_WEIGHT.match(k) or _ellipsis(k) else None] for k in keys]
    # a short word right after a sign and a bare number (≥ 30 公斤) is its unit, seldom the actual — where the
    # unit column follows the value (A3's 计量单位 stands before 指标性质: a word there is the actual, 已完成)
    if units and "target" in header and header.index("target_unit") > header.index("target"):
        values = [n for n, c in enumerate(costs.columns) if c.role in ("target", "actual")]
        for j in range(2, len(keys)):
            if _UNIT_WORD.match(keys[j]) and keys[j] not in EMPTY_MARKS and is_points(keys[j - 1]) \
                    and comparator().fullmatch(keys[j - 2]):  # 无 there is an actual (SCHEMA.md)
                for n in values:
                    emit[j][n] = None if emit[j][n] is None else UNIT_AS_VALUE
    found = _viterbi(keys, header, hints, glue, costs, emit) if any(hints[1:]) else None
    return found or _viterbi(keys, header, None, glue, costs, emit)


def _viterbi(keys: list[str], header: list[str], hints: list[bool] | None, glue: list[bool], costs: _Costs,
             emit: list[list[float | None]]) -> tuple[float, Path] | None:
    """(score, best (column, starts a new row) for every cell); None when no reading places them all.
    `hints`: a printed row starts at the cell; `glue`: the cell may be the rest of the one before;
    `emit`: how well each cell fits each column and a row of its own (the last slot)."""
    n_slots, lone, l3 = len(header) + 1, len(header), header.index("level3")
    pre = [0.0]
    for role in header:
        pre.append(pre[-1] + min(costs.skip.get(role, 0.0), _BIG))
    end = [pre[-1] - pre[s + 1] if s < lone else 0.0 for s in range(n_slots)]
    score: list[list[float | None]] = [[None] * n_slots for _ in keys]
    back: list[list[tuple[int, bool]]] = [[(0, True)] * n_slots for _ in keys]
    for s in range(n_slots):
        if emit[0][s] is not None and (s <= l3 or s == lone):
            score[0][s] = emit[0][s] - (pre[s] if s < lone else 0.0)
    for j in range(1, len(keys)):
        for s2 in range(n_slots):
            if emit[j][s2] is not None:
                best = _best_step(score[j - 1], s2, header, pre, end, keys, j, hints, glue[j], costs.repeat)
                if best is not None:
                    score[j][s2] = best[0] + emit[j][s2]
                    back[j][s2] = best[1]
    last = [(v - end[s], s) for s, v in enumerate(score[-1]) if v is not None and (s >= l3)] if keys else []
    if not last or max(last)[0] < -_BIG / 2:
        return None
    best, s = max(last)
    path = []
    for j in range(len(keys) - 1, -1, -1):
        prev, new_row = back[j][s]
        path.append((s, new_row or j == 0))
        s = prev
    return best, path[::-1]


def _best_step(prev: list[float | None], s2: int, header: list[str], pre: list[float], end: list[float],
               keys: list[str], j: int, hints: list[bool] | None,
               glued: bool, repeat: dict[str, float]) -> tuple[float, tuple[int, bool]] | None:
    """The best way to reach column s2 with cell j from the previous cell's columns:
    (score so far, (previous column, whether cell j starts a new row))."""
    lone, l3 = len(header), header.index("level3")
    may_continue = hints is None or not hints[j]
    may_start = (hints is None or hints[j]) and (s2 <= l3 or s2 == lone)
    best: tuple[float, tuple[int, bool]] | None = None
    for s1, v in enumerate(prev):
        if v is None:
            continue
        options: list[tuple[float, bool]] = []
        if may_continue and s1 < lone and s2 < lone:
            # a 三级指标 is left empty only right after its 二级指标 (时效指标 | 年内完成 | 年内完成)
            if s1 < s2 and (header[s1] == "level2" or not s1 < l3 < s2):
                pair = _pair(header[s1], header[s2], keys[j - 1], keys[j])
                options.append((v - (pre[s2] - pre[s1 + 1]) + pair, False))
            elif s1 == s2 and header[s2] in repeat:
                options.append((v + repeat[header[s2]] + (_GLUE if glued else 0.0), False))
        if may_start and s1 >= l3:
            options.append((v - end[s1] - (pre[s2] if s2 < lone else 0.0), True))
        for value, new_row in options:
            if best is None or value > best[0]:
                best = (value, (s1, new_row))
    return best


def _pair(r1: str, r2: str, k1: str, k2: str) -> float:
    """Score ≤ weight: a weight followed by its score must not be smaller than it.  A level-2 name
    (成本指标) right before a 三级指标 is that row's 二级指标 under the level 1 above: as a level 1 (the
    template with 经济成本指标 under 成本指标) its level-2 names would follow.  A target in words with an
    empty actual (目标明确性 | —) is likelier a 三级指标 with an empty target and its actual in words; the
    same words twice are a target and its actual, never a 三级指标 and its value.  A
    指标性质 sign stands before a number: a comparator word before words (高于 | 高于) is the value itself."""
    if r1 == "target_op" and r2 in ("target", "target_initial", "actual") and not any(ch.isdigit() for ch in k2) \
            and k1 not in kind_marks():  # 定性 | 稳步推进: a kind before a target in words
        return -3.0
    if r1 == "level3" and r2 in ("target", "target_initial", "actual") and k1 == k2:
        return -3.0  # a 三级指标 is not its own value: 年内完成 | 年内完成 are the target and the actual
    if (r1, r2) == ("level1", "level3"):
        return -3.0 if _level2(k1) else 0.0
    if (r1, r2) == ("target", "actual") and k2 in EMPTY_SIGNS and k1 not in EMPTY_SIGNS and not value_start(k1):
        return -0.3  # a target in words and no actual: likelier an empty target (—) and the actual in words
    if (r1, r2) != ("weight", "score"):
        return 0.0
    return 1.0 if _number_or_zero(k2) <= _number_or_zero(k1) else -1.0

"""What the report shows of a table, for the page and the workbook alike: its name (a department-wide
table by the unit it evaluates, marked 部门整体), its fund lines grouped by breakdown, and the columns
of the newer forms, each shown only where the table has a value in it.
"""
from __future__ import annotations

from typing import Any

from jixiao.core.schema import Record
from jixiao.normalize.records import LINE_NAMES

DEPARTMENT = "部门整体"
# The breakdowns a funds block prints under its total, in the order shown.  财政专户管理资金 stands
# under 按收入性质 beside 一般公共预算 / 政府性基金拨款 (Hunan), else under 按来源 (Sichuan).
BREAKDOWNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("按来源", ("current_appropriation", "carryover", "fiscal", "fiscal_special_account", "unit_funds")),
    ("按收入性质", ("general_budget", "government_fund", "fiscal_special_account")),
    ("按支出性质", ("basic", "project")),
    ("按政府层级", ("central_subsidy", "local_funds", "provincial_subsidy", "county_funds")),
)
INCOME = ("general_budget", "government_fund")
# Funds columns (name, header, numeric); received and deviation_reason only where a line has a value.
FUND_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("initial_budget", "年初预算数", True), ("full_year_budget", "全年预算数", True), ("received", "到位数", True),
    ("executed", "全年执行数", True), ("weight", "分值", True), ("execution_rate", "执行率 %", True),
    ("score", "得分", True), ("deviation_reason", "原因", False),
)
FUND_OPTIONAL = ("received", "deviation_reason")
# Indicator columns of the newer forms, shown beside a flagged row where its table has a value in them.
INDICATOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("target_initial_raw", "年初指标值"), ("completion", "完成情况"), ("weight_share", "权重占比 %"),
    ("weighted_score", "折算得分"), ("score_ratio", "得分系数 %"), ("core", "核心指标"), ("criteria", "评分标准"),
)


def is_department(p: Record) -> bool:
    return p.get("form_kind") == "department"


def name(p: Record) -> str | None:
    """The table's name: 项目名称, or for a department-wide table the unit it evaluates."""
    if is_department(p):
        return p.get("department") or p.get("implementing_unit") or p.get("project_name")
    return p.get("project_name")


def label(p: Record) -> str | None:
    """The name as one text (the workbook's `table` column): a department-wide table marked 部门整体."""
    if is_department(p):
        return f"{DEPARTMENT} · {name(p)}" if name(p) else DEPARTMENT
    return name(p)


def breakdown_of(lines: set[str]) -> dict[str, str | None]:
    """Each line's breakdown (None: a line of none).  其他资金 goes with the first breakdown the table
    prints (each form prints it last in one of them), or stands alone after them."""
    where: dict[str, str | None] = {}
    for title, members in BREAKDOWNS:
        for line in members:
            if line in lines:
                where.setdefault(line, title)
    if "fiscal_special_account" in lines and lines & set(INCOME):
        where["fiscal_special_account"] = "按收入性质"
    if "other" in lines:
        where["other"] = next((title for title, _ in BREAKDOWNS if title in where.values()), None)
    return {line: where.get(line) for line in lines}


def fund_groups(lines: list[Record]) -> list[tuple[str | None, list[Record]]]:
    """The lines in the order shown, as (breakdown, lines): the total first, then each breakdown's lines
    in the form's order (其他 last), then any line of no breakdown."""
    where = breakdown_of({f["line"] for f in lines} - {"total"})
    groups: list[tuple[str | None, list[Record]]] = [(None, [f for f in lines if f["line"] == "total"])]
    for title, members in BREAKDOWNS:
        mine = [f for f in lines if f["line"] != "total" and where[f["line"]] == title]
        groups.append((title, sorted(mine, key=lambda f: members.index(f["line"]) if f["line"] in members
                                     else len(members))))
    groups.append((None, [f for f in lines if f["line"] != "total" and where[f["line"]] is None]))
    return [(title, group) for title, group in groups if group]


def line_name(line: str) -> str:
    return LINE_NAMES.get(line, line)


def filled(rows: list[Record], columns: tuple[str, ...]) -> set[str]:
    """The columns among `columns` that hold a value in some row."""
    return {c for c in columns if any(r.get(c) not in (None, "") for r in rows)}


def shown(value: Any) -> Any:
    """A cell as the report prints it (a core flag as 是 / 否)."""
    return {True: "是", False: "否"}.get(value, value) if isinstance(value, bool) else value

"""review.xlsx: the dataset as a workbook colleagues can filter (openpyxl, write-only mode).

Sheets 概览 (overview), flags, projects, funds, indicators, documents; each with a frozen header row,
an autofilter and column widths; a `table` column naming each row's table (a department-wide table as
部门整体 · its unit), on funds each line's Chinese name and breakdown; severities coloured; each flag
linked to its indicator row (or to its project row for a project-level flag).  Write-only mode streams
rows to disk: measured on the indicators sheet of bench/bench_report.py's 1,000-document dataset
(28,253 rows × 28 columns) it took 11.2 s against 22.5 s for a normal workbook, which also held
230 MiB more.

No formula from data: a published document is untrusted input, and openpyxl makes any text that
begins with '=' a formula (`=100.00(%)` would show as an error, `=HYPERLINK(…)` as a live link) and
'#N/A' an error value.  So every text cell is written as a string, exactly as in the dataset; the
only formulas and links in the workbook are jixiao's own (flag → row links).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from jixiao.core.schema import TABLES, Record
from jixiao.report import view
from jixiao.report.evidence import Evidence

MAX_ROWS = 1_048_575  # Excel's limit below the header row
MAX_LINKS = 65_530  # Excel's limit of hyperlinks on a sheet
FILLS = {"error": PatternFill("solid", fgColor="F8CBCB"), "warning": PatternFill("solid", fgColor="FFE699"),
         "info": PatternFill("solid", fgColor="DDEBF7")}
BOLD = Font(bold=True)
LINK = Font(color="0563C1", underline="single")
WIDE = {"message": 60, "project_name": 36, "source_file": 36, "level3": 28, "target_raw": 18, "actual_raw": 18,
        "deviation_reason": 40, "goal_expected": 40, "goal_actual": 40, "department": 24, "implementing_unit": 24,
        "error": 50, "notes": 40, "project_id": 21, "doc_id": 17, "expected": 14, "observed": 14, "table": 36,
        "line name": 16}
# `table`: the project's name, or 部门整体 · the unit for a department-wide table (project_name is null there)
FLAG_COLUMNS = ["source_file", "table", *TABLES["flags"], "indicator row"]
Lead = dict[str, Callable[[Record], Any]]  # columns put before a sheet's own: header → value of a row
# Characters XML 1.0 cannot hold (openpyxl refuses them): shown as U+FFFD; the CSVs keep them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _sheet(wb: Workbook, title: str, columns: list[str]):
    ws = wb.create_sheet(title)
    for n, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(n)].width = WIDE.get(c, max(9, min(len(c) + 2, 16)))
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, c, font=BOLD) for c in columns])
    return ws


def _cell(ws, value: Any, fill: PatternFill | None = None, font: Font | None = None) -> WriteOnlyCell:
    if isinstance(value, str):
        value = _NOT_XML.sub("\ufffd", value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula or an error value, whatever the text begins with
    if fill is not None:
        cell.fill = fill
    if font is not None:
        cell.font = font
    return cell


def _append(ws, values: list[Any]) -> None:
    """A row whose text values are all written as text (see the module doc)."""
    ws.append([_cell(ws, v) if isinstance(v, str) else v for v in values])


def _finish(ws, columns: int, rows: int) -> None:
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def _table(wb: Workbook, name: str, rows: list[Record], lead: Lead) -> None:
    own = list(TABLES[name]) + [c for c in (rows[0] if rows else {}) if c not in TABLES[name]]
    ws = _sheet(wb, name, [*lead, *own])
    for r in rows[:MAX_ROWS]:
        _append(ws, [*(f(r) for f in lead.values()), *(r.get(c) for c in own)])
    _finish(ws, len(lead) + len(own), min(len(rows), MAX_ROWS))


def _leads(tables: dict[str, list[Record]]) -> dict[str, Lead]:
    """Each table's name on the projects, funds and indicators sheets (a department-wide table by its unit);
    on funds also each line's Chinese name and its breakdown (按来源, 按收入性质, …)."""
    project = {p["project_id"]: p for p in tables["projects"]}
    lines: dict[str, set[str]] = {}
    for f in tables["funds"]:
        lines.setdefault(f["project_id"], set()).add(f["line"])
    where = {pid: view.breakdown_of(names - {"total"}) for pid, names in lines.items()}

    def table(r: Record) -> str | None:
        return view.label(project.get(r["project_id"], {}))

    return {"projects": {"table": view.label}, "indicators": {"table": table}, "documents": {},
            "funds": {"table": table, "line name": lambda f: view.line_name(f["line"]),
                      "breakdown": lambda f: where[f["project_id"]].get(f["line"])}}


def _flags(wb: Workbook, tables: dict[str, list[Record]]) -> None:
    """One row per flag, with where it came from and a link to its row on the indicators sheet."""
    indicator_row = {(i["project_id"], i["seq"]): n + 2 for n, i in enumerate(tables["indicators"][:MAX_ROWS])}
    project_row = {p["project_id"]: n + 2 for n, p in enumerate(tables["projects"][:MAX_ROWS])}
    project = {p["project_id"]: p for p in tables["projects"]}
    ws = _sheet(wb, "flags", FLAG_COLUMNS)
    links = 0
    for f in tables["flags"][:MAX_ROWS]:
        p = project.get(f["project_id"], {})
        values: list[Any] = [p.get("source_file"), view.label(p), *(f[c] for c in TABLES["flags"])]
        values[FLAG_COLUMNS.index("severity")] = _cell(ws, f["severity"], FILLS.get(f["severity"]))
        target = (("indicators", indicator_row.get((f["project_id"], f["seq"]))) if f["seq"] is not None
                  else ("projects", project_row.get(f["project_id"])))
        if target[1] and links < MAX_LINKS:
            link = _cell(ws, f"{target[0]} row {target[1]}", font=LINK)
            link.hyperlink = Hyperlink(ref="", location=f"'{target[0]}'!A{target[1]}", display=link.value)
            values.append(link)
            links += 1
        _append(ws, values)
    _finish(ws, len(FLAG_COLUMNS), min(len(tables["flags"]), MAX_ROWS))


def _overview(wb: Workbook, tables: dict[str, list[Record]], evidence: dict[str, Evidence]) -> None:
    ws = wb.create_sheet("概览")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 40, 14
    ws.column_dimensions["C"].width = ws.column_dimensions["D"].width = 14
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, "jixiao review", font=BOLD)])
    status = Counter(d["status"] for d in tables["documents"])
    departments = sum(view.is_department(p) for p in tables["projects"])
    tables_read = [("projects", len(tables["projects"]) - departments)] + (
        [(f"department tables ({view.DEPARTMENT})", departments)] if departments else [])
    for label, n in [("files", len(tables["documents"])),
                     *((f"files {s}", status[s]) for s in ("ok", "no_tables", "error")),
                     *tables_read, ("indicator rows", len(tables["indicators"])), ("flags", len(tables["flags"]))]:
        _append(ws, [label, n])
    by = Counter((f["rule_id"], f["severity"]) for f in tables["flags"])
    ws.append([])
    ws.append([_cell(ws, v, FILLS.get(v), BOLD) for v in ("rule", "error", "warning", "info")])
    for rule in sorted({r for r, _ in by}):
        _append(ws, [rule, *(by[rule, s] or None for s in ("error", "warning", "info"))])
    problems = [e for e in evidence.values() if e.problem]
    if problems:
        ws.append([])
        ws.append([_cell(ws, "sources not shown", font=BOLD), _cell(ws, "problem", font=BOLD)])
        for e in problems:
            _append(ws, [e.source, e.problem])
    big = [t for t in TABLES if len(tables[t]) > MAX_ROWS]
    if big:
        _append(ws, [f"cut at Excel's {MAX_ROWS:,} rows (the CSV/Parquet files have them all): {', '.join(big)}"])


def write(path: Path, tables: dict[str, list[Record]], evidence: dict[str, Evidence]) -> None:
    wb = Workbook(write_only=True)
    _overview(wb, tables, evidence)
    _flags(wb, tables)
    leads = _leads(tables)
    for name in ("projects", "funds", "indicators", "documents"):
        _table(wb, name, tables[name], leads[name])
    wb.save(path)

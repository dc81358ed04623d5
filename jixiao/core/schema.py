"""The output contract (../shared/spec/SCHEMA.md): every table's columns, types and meanings, declared once.

The writers take their columns from here (and `datapackage.json` its field types and descriptions),
and the pipeline builds its rows with `row()`, so a column is added in one place.  SCHEMA.md's columns
come first, in its order; extras are added at the end.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

Record = dict[str, Any]

STR, INT, FLOAT, BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
# Extra columns (after SCHEMA.md's): a box in PDF points from the page's top-left, null for text and HTML.
_BBOX = {"bbox_x0": (FLOAT, "left edge of the row's or table's box, PDF points from the page's left (extra)"),
         "bbox_top": (FLOAT, "top edge of the box, PDF points from the page's top (extra)"),
         "bbox_x1": (FLOAT, "right edge of the box, PDF points (extra)"),
         "bbox_bottom": (FLOAT, "bottom edge of the box, PDF points (extra)")}
BBOX = dict.fromkeys(_BBOX)
_MONEY = "万元 (a table printed in 元 is converted)"

# Column name → (type, one-line meaning), in output order.
COLUMNS: dict[str, dict[str, tuple[pa.DataType, str]]] = {
    "documents": {
        "doc_id": (STR, "first 16 hex of the file's SHA-256 (a repeated copy's is derived from it)"),
        "source_file": (STR, "path as given, or archive.zip!member for a member of a zip"),
        "file_type": (STR, "the type the file was read as: pdf, txt, html, xlsx, docx, …"),
        "pages": (INT, "page count (sheets of a workbook); null for text"),
        "status": (STR, "ok, no_tables (nothing recognised) or error"),
        "error": (STR, "one-line reason when status is error"),
        "projects": (INT, "self-evaluation tables found"),
        "method": (STR, "how the text was obtained: pdf_text, ocr, text, html, spreadsheet, docx"),
        "encoding": (STR, "detected encoding of a text input (utf-8, utf-8-sig, utf-16, gb18030)"),
        "seconds": (FLOAT, "wall time spent on the file (empty with --no-timing)"),
        "notes": (STR, "what else the reader noted: pages left unread, hidden sheets, a repeated copy (extra)"),
    },
    "projects": {
        "project_id": (STR, "{doc_id}-{n:03d}, n the table's order in the file"),
        "doc_id": (STR, "the document the table is in"),
        "source_file": (STR, "the document's source_file"),
        "page_first": (INT, "first page the table spans (null for text)"),
        "page_last": (INT, "last page the table spans (null for text)"),
        "form": (STR, "the title as printed, e.g. 项目支出绩效自评表"),
        "form_kind": (STR, "project, or department for a department-wide table (部门整体…)"),
        "year": (INT, "年度 as printed in the title or year line"),
        "project_name": (STR, "项目名称; null for a department-wide table"),
        "department": (STR, "主管部门 as printed"),
        "implementing_unit": (STR, "实施单位 as printed"),
        "province": (STR, "province as printed in the department or unit name"),
        "city": (STR, "city as printed in the department or unit name"),
        "district": (STR, "district, county or county-level city as printed in the department or unit name"),
        "adcode": (STR, "6-digit 行政区划代码 (GB/T 2260) of the most specific place printed; null when unknown "
                        "or ambiguous"),
        "goal_expected": (STR, "年度总体目标 · 预期目标"),
        "goal_actual": (STR, "年度总体目标 · 实际完成情况"),
        "goal_rate": (FLOAT, "总体完成率 (%) where the form prints one"),
        "total_weight": (FLOAT, "总分 row, weight column (usually 100)"),
        "total_score": (FLOAT, "总分 row, score column, or the total printed in the header"),
        "grade": (STR, "评分等级 as printed (优/良/中/差)"),
        "money_unit": (STR, "unit the funds block was printed in: 万元 or 元"),
        **_BBOX,
    },
    "funds": {
        "project_id": (STR, "the project"),
        "line": (STR, "fund line: total, current_appropriation, carryover, other, fiscal, … (SCHEMA.md)"),
        "initial_budget": (FLOAT, f"年初预算数, {_MONEY}"),
        "full_year_budget": (FLOAT, f"全年预算数 (调整后预算数), {_MONEY}"),
        "executed": (FLOAT, f"全年执行数, {_MONEY}"),
        "received": (FLOAT, f"到位数 where the form has it, {_MONEY}"),
        "weight": (FLOAT, "分值"),
        "execution_rate": (FLOAT, "执行率 (%) as printed"),
        "score": (FLOAT, "得分"),
        "deviation_reason": (STR, "原因 column of the funds block where the form has one"),
    },
    "indicators": {
        "project_id": (STR, "the project"),
        "seq": (INT, "1-based order within the project, top to bottom"),
        "page": (INT, "page where the row starts (null for text)"),
        "level1": (STR, "一级指标 (产出指标, 效益指标, 满意度指标, 成本指标, …)"),
        "level2": (STR, "二级指标"),
        "level1_points": (FLOAT, "points printed with the level-1 label (产出指标(50分) → 50)"),
        "level2_points": (FLOAT, "points printed with the level-2 label"),
        "level3": (STR, "三级指标"),
        "target_raw": (STR, "年度指标值 as printed"),
        "target_kind": (STR, "quantitative or qualitative"),
        "target_op": (STR, ">=, <=, =, >, <, between (null for qualitative)"),
        "target_value": (FLOAT, "the target's number as printed"),
        "target_value_max": (FLOAT, "upper bound of a between target"),
        "target_unit": (STR, "the target's unit as printed"),
        "target_base_value": (FLOAT, "the target in its base unit (17万人 → 170000)"),
        "target_base_unit": (STR, "the base unit (万人 → 人; % stays %)"),
        "target_initial_raw": (STR, "年初指标值 where the form prints it beside 调整指标值"),
        "actual_raw": (STR, "实际完成值 as printed"),
        "actual_kind": (STR, "quantitative or qualitative; null for an empty cell or an empty marker"),
        "actual_value": (FLOAT, "the actual's number as printed"),
        "actual_unit": (STR, "the actual's unit as printed"),
        "actual_base_value": (FLOAT, "the actual in its base unit (the target's unit for a bare number)"),
        "actual_base_unit": (STR, "the actual's base unit"),
        "achievement": (STR, "achieved, partially_achieved or not_achieved; null when unknowable"),
        "weight": (FLOAT, "分值"),
        "score": (FLOAT, "得分"),
        "deviation_reason": (STR, "偏差原因分析及改进措施 (empty when blank, null where the form has none)"),
        "completion": (STR, "单项指标完成情况 as printed, where the form has it"),
        "weight_share": (FLOAT, "权重占比 (%), where the form has it"),
        "weighted_score": (FLOAT, "单项指标折算得分, where the form has it"),
        "score_ratio": (FLOAT, "得分系数 (%), where the form has it"),
        "core": (BOOL, "是否核心指标 (是/否, or a ★ on the row); null where the form says nothing"),
        "criteria": (STR, "评价标准 / 评分标准 / 指标说明 / 得分计算方法, where the form has them"),
        **_BBOX,
    },
    "flags": {
        "project_id": (STR, "the project"),
        "seq": (INT, "the indicator the flag is about; null for a project-level flag"),
        "rule_id": (STR, "rule id of ../shared/spec/RULES.md, e.g. TOTAL_WEIGHT"),
        "severity": (STR, "error, warning or info"),
        "message": (STR, "one sentence in Chinese an auditor can act on, with the numbers"),
        "expected": (STR, "what the rule expected"),
        "observed": (STR, "what the table says"),
    },
}
# Column name → type, in output order.
TABLES: dict[str, dict[str, pa.DataType]] = {t: {c: kind for c, (kind, _) in cols.items()} for t, cols in COLUMNS.items()}


def row(table: str, **values: Any) -> Record:
    """A row of TABLE with every column present (None where not given); an unknown column is a bug."""
    unknown = values.keys() - TABLES[table].keys()
    if unknown:
        raise KeyError(f"{table} has no column {sorted(unknown)}")
    return {column: values.get(column) for column in TABLES[table]}


def bbox_columns(box: tuple[float, float, float, float] | None) -> Record:
    """The bbox_* columns of a box, rounded to 0.01 pt (all None without one)."""
    return dict(zip(BBOX, (round(float(v), 2) for v in box) if box else (None,) * 4))


def schema(name: str) -> pa.Schema:
    return pa.schema([(column, kind) for column, kind in TABLES[name].items()])

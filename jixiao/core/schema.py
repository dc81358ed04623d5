"""The output contract (../shared/spec/SCHEMA.md): every table's columns and types, declared once.

The writers take their columns from here and the pipeline builds its rows with `row()`, so a column
is added in one place.  SCHEMA.md's columns come first, in its order; extras are added at the end.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

Record = dict[str, Any]

STR, INT, FLOAT = pa.string(), pa.int64(), pa.float64()
# Extra columns (after SCHEMA.md's): a box in PDF points from the page's top-left, null for text and HTML.
BBOX = {"bbox_x0": FLOAT, "bbox_top": FLOAT, "bbox_x1": FLOAT, "bbox_bottom": FLOAT}
# Column name → type, in output order.
TABLES: dict[str, dict[str, pa.DataType]] = {
    "documents": {"doc_id": STR, "source_file": STR, "file_type": STR, "pages": INT, "status": STR, "error": STR,
                  "projects": INT, "method": STR, "encoding": STR, "seconds": FLOAT, "notes": STR},
    "projects": {"project_id": STR, "doc_id": STR, "source_file": STR, "page_first": INT, "page_last": INT,
                 "form": STR, "year": INT, "project_name": STR, "department": STR, "implementing_unit": STR,
                 "province": STR, "city": STR, "district": STR, "goal_expected": STR, "goal_actual": STR,
                 "total_weight": FLOAT, "total_score": FLOAT, "grade": STR, "money_unit": STR, **BBOX},
    "funds": {"project_id": STR, "line": STR, "initial_budget": FLOAT, "full_year_budget": FLOAT,
              "executed": FLOAT, "weight": FLOAT, "execution_rate": FLOAT, "score": FLOAT},
    "indicators": {"project_id": STR, "seq": INT, "page": INT, "level1": STR, "level2": STR, "level3": STR,
                   "target_raw": STR, "target_kind": STR, "target_op": STR, "target_value": FLOAT,
                   "target_value_max": FLOAT, "target_unit": STR, "target_base_value": FLOAT,
                   "target_base_unit": STR, "actual_raw": STR, "actual_kind": STR, "actual_value": FLOAT,
                   "actual_unit": STR, "actual_base_value": FLOAT, "actual_base_unit": STR, "achievement": STR,
                   "weight": FLOAT, "score": FLOAT, "deviation_reason": STR, **BBOX},
    "flags": {"project_id": STR, "seq": INT, "rule_id": STR, "severity": STR, "message": STR, "expected": STR,
              "observed": STR},
}



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

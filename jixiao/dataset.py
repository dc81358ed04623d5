"""The output dataset: column contract (SCHEMA.md) and the Parquet / CSV writers."""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

# Column name → pandas dtype, in output order.  SCHEMA.md's columns first; extras at the end.
STR, INT, FLOAT = "string", "Int64", "Float64"
TABLES: dict[str, dict[str, str]] = {
    "documents": {"doc_id": STR, "source_file": STR, "file_type": STR, "pages": INT, "status": STR, "error": STR,
                  "projects": INT, "method": STR, "encoding": STR, "seconds": FLOAT, "notes": STR},
    "projects": {"project_id": STR, "doc_id": STR, "source_file": STR, "page_first": INT, "page_last": INT,
                 "form": STR, "year": INT, "project_name": STR, "department": STR, "implementing_unit": STR,
                 "province": STR, "city": STR, "district": STR, "goal_expected": STR, "goal_actual": STR,
                 "total_weight": FLOAT, "total_score": FLOAT, "grade": STR, "money_unit": STR},
    "funds": {"project_id": STR, "line": STR, "initial_budget": FLOAT, "full_year_budget": FLOAT,
              "executed": FLOAT, "weight": FLOAT, "execution_rate": FLOAT, "score": FLOAT},
    "indicators": {"project_id": STR, "seq": INT, "page": INT, "level1": STR, "level2": STR, "level3": STR,
                   "target_raw": STR, "target_kind": STR, "target_op": STR, "target_value": FLOAT,
                   "target_value_max": FLOAT, "target_unit": STR, "target_base_value": FLOAT,
                   "target_base_unit": STR, "actual_raw": STR, "actual_kind": STR, "actual_value": FLOAT,
                   "actual_unit": STR, "actual_base_value": FLOAT, "actual_base_unit": STR, "achievement": STR,
                   "weight": FLOAT, "score": FLOAT, "deviation_reason": STR},
    "flags": {"project_id": STR, "seq": INT, "rule_id": STR, "severity": STR, "message": STR, "expected": STR,
              "observed": STR},
}


def frame(name: str, rows: Iterable[dict]) -> pd.DataFrame:
    columns = TABLES[name]
    df = pd.DataFrame.from_records(list(rows), columns=list(columns))
    return df.astype(columns)


def write(out: Path, name: str, rows: Iterable[dict]) -> None:
    """NAME.parquet and NAME.csv (UTF-8 with BOM), each written to a temp file and renamed into place."""
    df = frame(name, rows)
    out.mkdir(parents=True, exist_ok=True)
    pq, csv = out / f"{name}.parquet", out / f"{name}.csv"
    df.to_parquet(pq.with_suffix(".parquet.tmp"), engine="pyarrow", index=False)
    df.to_csv(csv.with_suffix(".csv.tmp"), index=False, encoding="utf-8-sig", lineterminator="\n")
    os.replace(pq.with_suffix(".parquet.tmp"), pq)
    os.replace(csv.with_suffix(".csv.tmp"), csv)

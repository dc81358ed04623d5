"""The output dataset: column contract (SCHEMA.md) and the Parquet / CSV writers.

Parquet from an explicit pyarrow schema (types do not depend on what a column happens to hold);
CSV with the csv module (null → empty cell, floats as Python prints them, byte-stable across runs).
"""
from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

STR, INT, FLOAT = pa.string(), pa.int64(), pa.float64()
# Column name → type, in output order: SCHEMA.md's columns first, extras at the end.
TABLES: dict[str, dict[str, pa.DataType]] = {
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


def schema(name: str) -> pa.Schema:
    return pa.schema([(column, kind) for column, kind in TABLES[name].items()])


def write(out: Path, name: str, rows: Iterable[dict]) -> None:
    """NAME.parquet and NAME.csv (UTF-8 with BOM, empty for null), each written to a temp file and
    renamed into place, so a crash never leaves half a table."""
    columns = list(TABLES[name])
    records = [[r.get(c) for c in columns] for r in rows]
    out.mkdir(parents=True, exist_ok=True)
    target_pq, target_csv = out / f"{name}.parquet", out / f"{name}.csv"
    tmp_pq, tmp_csv = out / f".{name}.parquet.tmp", out / f".{name}.csv.tmp"
    table = pa.Table.from_pylist([dict(zip(columns, r)) for r in records], schema=schema(name))
    pq.write_table(table, tmp_pq)
    with tmp_csv.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(["" if v is None else v for v in r] for r in records)
    os.replace(tmp_pq, target_pq)
    os.replace(tmp_csv, target_csv)

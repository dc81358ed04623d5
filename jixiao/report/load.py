"""Read a dataset folder back (Parquet where present, else CSV) as lists of dicts, one per table."""
from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jixiao.core.schema import TABLES, Record


class DatasetError(Exception):
    """A folder that is not a jixiao dataset; str(error) says what is missing."""


def _from_csv(path: Path, table: str) -> list[Record]:
    """CSV cells typed by jixiao.core.schema (empty cell = null); unknown columns stay text."""
    kinds = TABLES[table]
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for k, v in r.items():
            kind = kinds.get(k)
            if v == "":
                r[k] = None
            elif kind == pa.int64():
                r[k] = int(float(v))
            elif kind == pa.float64():
                r[k] = float(v)
            elif kind == pa.bool_():
                r[k] = v == "True"  # as the csv module writes Python's bool
    return rows


def load(folder: Path) -> dict[str, list[Record]]:
    """Every table of the dataset in FOLDER; a dataset written before a column existed reads it as null."""
    tables: dict[str, list[Record]] = {}
    for name in TABLES:
        parquet, text = folder / f"{name}.parquet", folder / f"{name}.csv"
        if parquet.exists():  # a file, or a folder of part files (--partitioned)
            rows = pq.read_table(parquet).to_pylist()
        elif text.exists():
            rows = _from_csv(text, name)
        else:
            raise DatasetError(f"{folder} is not a jixiao dataset: no {name}.parquet or {name}.csv")
        tables[name] = [{c: r.get(c) for c in TABLES[name]} | r for r in rows]
    return tables

"""The output dataset: the Parquet / CSV writers for the tables of jixiao.core.schema, and its
`datapackage.json`.

Parquet from an explicit pyarrow schema (types do not depend on what a column happens to hold);
CSV with the csv module (null → empty cell, floats as Python prints them, byte-stable across runs).
datapackage.json describes the CSV tables as a Frictionless Data Package (every resource's path,
every field's type and meaning, from the schema module), so that a researcher's tools load the
dataset with its meaning and `frictionless validate DIR/datapackage.json` checks it.
"""
from __future__ import annotations

import csv
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from jixiao import __version__
from jixiao.core.schema import COLUMNS, TABLES, schema

LOCK_NAME = ".jixiao.lock"
PACKAGE_NAME = "datapackage.json"
_FIELD_TYPES = {pa.string(): "string", pa.int64(): "integer", pa.float64(): "number", pa.bool_(): "boolean"}


def datapackage() -> dict:
    """The dataset as a Frictionless (tabular) Data Package: one resource per CSV table."""
    return {
        "profile": "tabular-data-package",
        "name": "jixiao-dataset",
        "title": "Budget-performance self-evaluation tables (绩效自评表), read by jixiao",
        "description": "Tables of ../shared/spec/SCHEMA.md as CSV (UTF-8 with BOM; an empty cell is null), with "
                       "the same tables typed in NAME.parquet beside them. Money in 万元, percentages in percent.",
        "created_by": f"jixiao {__version__}",
        "resources": [{
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig",
            "schema": {"missingValues": [""], "fields": [
                {"name": column, "type": _FIELD_TYPES[kind], "description": meaning}
                for column, (kind, meaning) in COLUMNS[name].items()]},
        } for name in TABLES],
    }


class Locked(Exception):
    """Another run is writing to the same --out folder."""


def lock(out: Path) -> TextIO:
    """Hold DIR/.jixiao.lock for this run (released when the process ends, however it ends).
    Raises Locked when another run holds it, OSError when the folder cannot be written."""
    f = (out / LOCK_NAME).open("a+", encoding="utf-8")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.seek(0)
        holder = f.read().strip()
        f.close()
        raise Locked(f"another jixiao run{f' (pid {holder})' if holder else ''} is writing to {out}; "
                     "wait for it to finish or choose another --out") from None
    f.truncate(0)
    f.write(str(os.getpid()))
    f.flush()
    return f


class DatasetWriter:
    """Streams results into DIR/NAME.parquet and DIR/NAME.csv for every table.

    Rows go to temp files as results come (Parquet in row groups of `batch` rows), so memory does not
    grow with the number of files; `close()` renames each finished file into place, so a crash never
    leaves half a table.  `partitioned`: each NAME.parquet is a folder of part files (one per row
    group), which pandas, pyarrow, DuckDB and Spark read as one dataset.
    """

    def __init__(self, out: Path, partitioned: bool = False, batch: int = 50_000) -> None:
        self.out, self.partitioned, self.batch = out, partitioned, batch
        out.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".jixiao-write-", dir=out))
        self.buffers: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.parts: dict[str, int] = {name: 0 for name in TABLES}
        self.parquet: dict[str, pq.ParquetWriter] = {}
        self.csv_files: dict[str, TextIO] = {}
        try:
            for name in TABLES:
                self.csv_files[name] = (self.tmp / f"{name}.csv").open("w", encoding="utf-8-sig", newline="")
        except OSError:
            self.abort()  # e.g. a full disk: no temp folder is left behind
            raise
        self.csv = {name: csv.writer(f, lineterminator="\n") for name, f in self.csv_files.items()}
        for name in TABLES:
            self.csv[name].writerow(list(TABLES[name]))

    def add(self, name: str, rows: Iterable[dict]) -> None:
        columns = list(TABLES[name])
        buf = self.buffers[name]
        for r in rows:
            self.csv[name].writerow(["" if r.get(c) is None else r.get(c) for c in columns])
            buf.append(r)
        if len(buf) >= self.batch:
            self._flush(name)

    def _flush(self, name: str) -> None:
        table = pa.Table.from_pylist(self.buffers[name], schema=schema(name))
        self.buffers[name] = []
        if self.partitioned:
            folder = self.tmp / f"{name}.parquet"
            folder.mkdir(exist_ok=True)
            pq.write_table(table, folder / f"part-{self.parts[name]:05d}.parquet")
            self.parts[name] += 1
        else:
            if name not in self.parquet:
                self.parquet[name] = pq.ParquetWriter(self.tmp / f"{name}.parquet", schema(name))
            self.parquet[name].write_table(table)

    def close(self) -> None:
        for name in TABLES:
            if self.buffers[name] or (not self.parts[name] and name not in self.parquet):
                self._flush(name)  # also writes an empty table, so every file exists
            if name in self.parquet:
                self.parquet[name].close()
            self.csv_files[name].close()
        (self.tmp / PACKAGE_NAME).write_text(json.dumps(datapackage(), ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        os.replace(self.tmp / PACKAGE_NAME, self.out / PACKAGE_NAME)
        for name in TABLES:
            for suffix in (".parquet", ".csv"):
                target = self.out / f"{name}{suffix}"
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists() and (self.tmp / f"{name}{suffix}").is_dir():
                    target.unlink()
                os.replace(self.tmp / f"{name}{suffix}", target)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def abort(self) -> None:
        """Drop everything written so far (also after a failed close(), e.g. a full disk)."""
        for f in [*self.csv_files.values(), *self.parquet.values()]:
            with suppress(OSError):
                f.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

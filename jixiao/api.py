"""The library API, for notebooks and scripts: `jixiao.read(paths)` gives the dataset `jixiao run`
writes, as pandas DataFrames.

    import jixiao
    ds = jixiao.read(["reports/2024"], workers=2)
    ds.flags[ds.flags.severity == "error"]
    ds.write("dataset-2024")          # the same files `jixiao run … --out dataset-2024` writes

Each call is independent: its settings (the catalogues of `rules`, the scheme) are one frozen object
built and checked at the start of the call (a broken rules folder raises ConfigError before any
file is read) and handed to each file's process; nothing is left behind for the next call.  Files
are read exactly as by the command line: each in its own process, a file that cannot be read,
crashes or hangs is a `documents` row with status `error`, and rows come in input order.
"""
from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from jixiao.core.schema import TABLES, schema
from jixiao.runner import inputs, run
from jixiao.runner.batch import Limits, run_local
from jixiao.runner.cache import ResultCache
from jixiao.runner.dataset import DatasetWriter

PathLike = str | os.PathLike[str]


class Dataset:
    """The five tables of ../shared/spec/SCHEMA.md as DataFrames, typed as the Parquet files are
    (pandas reads `NAME.parquet` into the same dtypes), and `skipped`: the files of other types found
    in folders, by suffix."""

    def __init__(self, tables: dict[str, pa.Table], skipped: Counter[str] | None = None) -> None:
        self._tables = tables
        self.skipped: Counter[str] = skipped or Counter()
        self.documents: pd.DataFrame = tables["documents"].to_pandas()
        self.projects: pd.DataFrame = tables["projects"].to_pandas()
        self.funds: pd.DataFrame = tables["funds"].to_pandas()
        self.indicators: pd.DataFrame = tables["indicators"].to_pandas()
        self.flags: pd.DataFrame = tables["flags"].to_pandas()

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name} {self._tables[name].num_rows}" for name in TABLES)
        return f"<jixiao.Dataset: {sizes}>"

    def write(self, folder: PathLike, *, partitioned: bool = False) -> None:
        """NAME.parquet and NAME.csv for every table into `folder` (created if missing), as `jixiao
        run --out folder` writes them; each file is replaced only when all are written."""
        writer = DatasetWriter(Path(folder), partitioned=partitioned)
        try:
            for name in TABLES:
                writer.add(name, self._tables[name].to_pylist())
            writer.close()
        except BaseException:
            writer.abort()
            raise


def read(paths: PathLike | Iterable[PathLike], *, rules: PathLike | None = None, scheme: str | None = "mof2020",
         workers: int = 1, cache: PathLike | None = None) -> Dataset:
    """Read report files, folders (searched recursively) or glob patterns into a Dataset.

    rules: a folder with your own rules.yaml / values.yaml / headers.yaml on top of the bundled ones
    (raises jixiao.ConfigError, naming the file and line, when one does not fit).  scheme: the grading
    scheme of rules.yaml.  workers: files read at once, each in its own process.  cache: a folder
    where results are kept between calls (None: keep nothing)."""
    settings = run.configure(Path(rules) if rules is not None else None, scheme)
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    found = inputs.expand([os.fspath(p) for p in items])
    tasks = run.tasks(found, settings)
    store = ResultCache(Path(cache), settings) if cache is not None else None
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    with tempfile.TemporaryDirectory(prefix="jixiao-read-") as spool:
        for result, _ in run.in_order(run_local(tasks, workers, Limits(), store), Path(spool)):
            for name in TABLES:
                rows[name] += result.rows(name)
    return Dataset({name: pa.Table.from_pylist(rows[name], schema=schema(name)) for name in TABLES}, found.skipped)

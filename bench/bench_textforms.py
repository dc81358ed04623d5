"""Time per table of each text form (tab export, `|` rows run together, a table a line, a cell a line):
extract + normalize + rules in this process, best of a few runs, on the dev corpus copies and the
t01–t08 renderings in fixtures/.  Run alone (`python bench/bench_textforms.py`) or from bench.py.
The aim for a flattened table is under 50 ms."""
from __future__ import annotations

import time
from pathlib import Path

from jixiao.extract.text.reader import read_text
from jixiao.normalize.layout import read_tables
from jixiao.normalize.records import build
from jixiao.rules.engine import Engine

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FORMS = {"tab": "", "pipe": "_pipe", "flat": "_flat", "lines": "_lines"}
REPEATS = 5


def _form(path: Path) -> str:
    return next((f for f, suffix in FORMS.items() if suffix and path.stem.endswith(suffix)), "tab")


def _read(path: Path, engine: Engine) -> int:
    projects = [build(n, t) for n, t in enumerate(read_tables(read_text(path)), start=1)]
    for p in projects:
        engine.check(p)
    return len(projects)


def main() -> None:
    engine = Engine()
    files = sorted((FIXTURES / "dev").glob("*.txt")) + sorted((FIXTURES / "textforms").glob("*.txt"))
    files += [p for p in sorted((FIXTURES / "text").glob("t0*.txt"))]
    totals: dict[str, list[float]] = {f: [0.0, 0, 0.0] for f in FORMS}  # seconds, tables, worst per table
    for path in files:
        tables = _read(path, engine)  # warm: vocabularies and regexes compiled once
        best = min(_timed(path, engine) for _ in range(REPEATS))
        t = totals[_form(path)]
        t[0] += best
        t[1] += tables
        t[2] = max(t[2], best / max(tables, 1))
    print("Text forms (extract + normalize + rules in-process, best of 5; fixtures/dev and fixtures/textforms):")
    for form, (seconds, tables, worst) in totals.items():
        if tables:
            print(f"  {form:<6} {tables:4d} tables  {1000 * seconds / tables:7.2f} ms/table"
                  f"  (worst file {1000 * worst:.2f} ms/table)")


def _timed(path: Path, engine: Engine) -> float:
    start = time.perf_counter()
    _read(path, engine)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()

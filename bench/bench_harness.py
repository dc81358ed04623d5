"""The generalisation harness in full (tests/harness.py): every distinct gold fixture × every mutation ×
every form, read in process.  Prints the field accuracy per mutation and form, the silent shifts (wrong
fields on no flagged row, rows not in the gold, tables not found), the cases that fail the property,
and the time.  Run alone (`python bench/bench_harness.py [-v]`, -v lists every failing case) or from
bench.py."""
from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import harness  # noqa: E402  (tests/harness.py)


def _cell(right: int, total: int, silent: int) -> str:
    return f"{100 * right / total:5.1f}" + (f"/{silent}" if silent else "") if total else "-"


def main(verbose: bool = False) -> None:
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # right total silent cases failed
    failures = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for fixture, mutation, form in harness.cases():
            o = harness.run(fixture, mutation, form, Path(tmp))
            t = tally[mutation, form]
            for k, v in enumerate((o.right, o.total, len(o.silent), 1, not o.passed)):
                t[k] += v
            if not o.passed:
                failures.append((fixture, mutation, form, o))
    seconds = time.perf_counter() - start
    cases = len(harness.cases())
    print(f"Generalisation harness: {len(harness.golds())} gold fixtures × {len(harness.MUTATIONS)} mutations × "
          f"{len(harness.FORMS)} forms = {cases} cases in {seconds:.1f} s ({1000 * seconds / cases:.0f} ms a case)")
    print("  field accuracy % / silent shifts (wrong fields on no flagged row, extra rows, lost tables):")
    print(f"  {'':<18}" + "".join(f"{f:>11}" for f in harness.FORMS))
    for mutation in harness.MUTATIONS:
        cells = [_cell(*tally[mutation, f][:3]) if (mutation, f) in tally else "n/a" for f in harness.FORMS]
        print(f"  {mutation:<18}" + "".join(f"{c:>11}" for c in cells))
    silent = sum(t[2] for t in tally.values())
    print(f"  cases failing the property: {len(failures)} of {cases} ({silent} silent shifts; "
          f"{sum(len(o.missing_flags) for *_, o in failures)} required flags missing)")
    for fixture, mutation, form, o in failures if verbose else []:
        print(f"  {fixture} {mutation} {form}: {len(o.silent)} silent, missing flags {o.missing_flags[:3]}")
        for where, fld, gold, got in o.silent[:4]:
            print(f"      {where} {fld}: gold {gold!r} got {str(got)[:80]!r}")


if __name__ == "__main__":
    main("-v" in sys.argv)

"""The generalisation harness in full (tests/harness.py): every distinct gold fixture × every mutation ×
every form, read in process.  Prints the field accuracy per mutation and form, the silent shifts (wrong
fields on no flagged row, rows not in the gold, tables not found), the cases that fail the property,
and the time.  With LibreOffice installed, the HTML of each case is also laid out as a PDF (one soffice
process for all, as make_variants.py lays out the v* fixtures) and read as a form of its own.  Run alone
(`python bench/bench_harness.py [-v]`, -v lists every failing case) or from bench.py."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import harness  # noqa: E402  (tests/harness.py)

Case = tuple[str, str, str]


def _cell(right: int, total: int, silent: int) -> str:
    return f"{100 * right / total:5.1f}" + (f"/{silent}" if silent else "") if total else "-"


def _pdfs(tmp: Path) -> tuple[dict[Case, Path], str]:
    """The HTML of every case laid out by LibreOffice: {case: pdf}, or {} and why not."""
    if shutil.which("soffice") is None:
        return {}, "PDF form skipped: LibreOffice not installed (apt-get install libreoffice-writer fonts-noto-cjk)"
    cases = [(g, m, "pdf") for g, m, f in harness.cases() if f == "html"]
    for g, m, _ in cases:
        harness.render("html", harness.mutated(g, m), tmp / f"{g}-{m}-pdf.html")
    cmd = ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--infilter=HTML (StarWriter)",
           "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(tmp / "pdf"),
           *(str(tmp / f"{g}-{m}-pdf.html") for g, m, _ in cases)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)
    return {(g, m, f): tmp / "pdf" / f"{g}-{m}-pdf.pdf" for g, m, f in cases}, ""


def _outcomes(tmp: Path, with_pdf: bool) -> tuple[dict[Case, harness.Outcome], str]:
    outcomes = {case: harness.run(*case, tmp) for case in harness.cases()}
    pdfs, note = _pdfs(tmp) if with_pdf else ({}, "PDF form skipped (--no-pdf)")
    outcomes.update({case: harness.read(case[0], case[1], path) for case, path in pdfs.items()})
    return outcomes, note


def main(verbose: bool = False, with_pdf: bool = True) -> None:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes, note = _outcomes(Path(tmp), with_pdf)
    seconds = time.perf_counter() - start
    forms = [f for f in (*harness.FORMS, "pdf") if any(c[2] == f for c in outcomes)]
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # right, total, silent
    for (_, mutation, form), o in outcomes.items():
        for k, v in enumerate((o.right, o.total, len(o.silent))):
            tally[mutation, form][k] += v
    failures = [(case, o) for case, o in outcomes.items() if not o.passed]
    print(f"Generalisation harness: {len(harness.golds())} gold fixtures × {len(harness.MUTATIONS)} mutations × "
          f"{len(forms)} forms = {len(outcomes)} cases in {seconds:.1f} s ({1000 * seconds / len(outcomes):.0f} ms "
          "a case, PDF layout included)")
    if note:
        print(f"  {note}")
    print("  field accuracy % / silent shifts (wrong fields on no flagged row, extra rows, lost tables):")
    print(f"  {'':<25}" + "".join(f"{f:>10}" for f in forms))
    for mutation in harness.MUTATIONS:
        cells = [_cell(*tally[mutation, f]) if (mutation, f) in tally else "n/a" for f in forms]
        print(f"  {mutation:<25}" + "".join(f"{c:>10}" for c in cells))
    print(f"  cases failing the property: {len(failures)} of {len(outcomes)} "
          f"({sum(t[2] for t in tally.values())} silent shifts; "
          f"{sum(len(o.missing_flags) for _, o in failures)} required flags missing)")
    for (fixture, mutation, form), o in failures if verbose else []:
        print(f"  {fixture} {mutation} {form}: {len(o.silent)} silent, missing flags {o.missing_flags[:3]}")
        for where, fld, gold, got in o.silent[:4]:
            print(f"      {where} {fld}: gold {gold!r} got {str(got)[:80]!r}")


if __name__ == "__main__":
    main("-v" in sys.argv, "--no-pdf" not in sys.argv)

"""The generalisation harness in full (tests/harness.py): every distinct gold fixture × every mutation ×
every form, read in process.  Prints the field accuracy per mutation and form, the silent shifts (wrong
fields on no flagged row, rows not in the gold, tables not found), the cases that fail the property,
and the time.  With LibreOffice installed, the HTML of each case is also laid out as a PDF (one soffice
process for all, as make_variants.py lays out the v* fixtures) and read as a form of its own.  Run alone
(`python bench/bench_harness.py [-v] [--no-pdf] [--forms-only]`, -v lists every failing case) or from bench.py.

A second table does the same for the other forms (tests/harness_forms.py: f01–f12 of fixtures/make_forms.py ×
the mutations each can print × the renderings make_forms writes without LibreOffice)."""
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
import harness_forms  # noqa: E402  (tests/harness_forms.py)

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


def main(verbose: bool = False, with_pdf: bool = True, ministry: bool = True) -> None:
    if ministry:
        ministry_table(verbose, with_pdf)
    forms_table(verbose)


def ministry_table(verbose: bool, with_pdf: bool) -> None:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes, note = _outcomes(Path(tmp), with_pdf)
    seconds = time.perf_counter() - start
    forms = [f for f in (*harness.FORMS, "pdf") if any(c[2] == f for c in outcomes)]
    print(f"Generalisation harness: {len(harness.golds())} gold fixtures × {len(harness.MUTATIONS)} mutations × "
          f"{len(forms)} forms = {len(outcomes)} cases in {seconds:.1f} s ({1000 * seconds / len(outcomes):.0f} ms "
          "a case, PDF layout included)")
    if note:
        print(f"  {note}")
    _table(outcomes, list(harness.MUTATIONS), forms, verbose)


def forms_table(verbose: bool) -> None:
    """The harness on the other forms (tests/harness_forms.py): columns are the renderings."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = {case: harness_forms.run(*case, Path(tmp)) for case in harness_forms.cases()}
    seconds = time.perf_counter() - start
    forms = list(harness_forms.MUTATIONS)
    print(f"Generalisation harness on the other forms: {len({c[0] for c in outcomes})} forms × the {len(forms)} "
          f"mutations each can print × {len(harness_forms.RENDERINGS)} renderings = {len(outcomes)} cases in "
          f"{seconds:.1f} s ({1000 * seconds / len(outcomes):.0f} ms a case)")
    _table(outcomes, forms, list(harness_forms.RENDERINGS), verbose)
    print("  failing cases per form: " + ", ".join(
        f"{key} {sum(not o.passed for c, o in outcomes.items() if c[0] == key)}/"
        f"{sum(c[0] == key for c in outcomes)}" for key in dict.fromkeys(c[0] for c in outcomes)))


def _table(outcomes: dict[Case, harness.Outcome], mutations: list[str], forms: list[str], verbose: bool) -> None:
    """Field accuracy / silent shifts per mutation × form, the failing cases (each listed with -v)."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # right, total, silent
    for (_, mutation, form), o in outcomes.items():
        for k, v in enumerate((o.right, o.total, len(o.silent))):
            tally[mutation, form][k] += v
    failures = [(case, o) for case, o in outcomes.items() if not o.passed]
    print("  field accuracy % / silent shifts (wrong fields on no flagged row, extra rows, lost tables):")
    print(f"  {'':<25}" + "".join(f"{f:>10}" for f in forms))
    for mutation in mutations:
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
    main("-v" in sys.argv, "--no-pdf" not in sys.argv, "--forms-only" not in sys.argv)

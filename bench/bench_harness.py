"""The generalisation harness in full (tests/harness.py): every distinct gold fixture × every mutation ×
every form, read in process.  Prints the field accuracy per mutation and form, the silent shifts (wrong
fields on no flagged row, rows not in the gold, tables not found), the cases that fail the property,
and the time.  With LibreOffice installed, the HTML of each case is also laid out as a PDF (one soffice
process for all, as make_variants.py lays out the v* fixtures) and read as a form of its own.  Run alone
(`python bench/bench_harness.py [-v] [--no-pdf] [--forms-only]`, -v lists every failing case) or from bench.py.

A second table does the same for the other forms (tests/harness_forms.py: f01–f13 of fixtures/make_forms.py ×
the mutations each can print × the renderings make_forms writes, the two PDFs (ruled, borderless) with LibreOffice
only), with the failing cases per form."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import harness  # noqa: E402  (tests/harness.py)
import harness_forms  # noqa: E402  (tests/harness_forms.py)

Case = tuple[str, str, str]
PDF_FORMS = ("pdf", "borderless")


def _cell(right: int, total: int, silent: int) -> str:
    return f"{100 * right / total:5.1f}" + (f"/{silent}" if silent else "") if total else "-"


# Pages one soffice process lays out: a process given 384 pages stopped after 246 (every page after
# it read as a lost table), so the pages go in batches.
LAYOUT_BATCH = 150
NO_SOFFICE = "PDF form skipped: LibreOffice not installed (apt-get install libreoffice-writer fonts-noto-cjk)"


def _layout(tmp: Path, writers: dict[Case, Callable[[Path], None]]) -> dict[Case, Path]:
    """The HTML of each (fixture, mutation, form) case, written by its writer, laid out by LibreOffice in one
    soffice process for all (as make_variants.py lays out the v* fixtures): {case: pdf}."""
    pages = {case: tmp / f"{case[0]}-{case[1]}-{case[2]}.html" for case in writers}
    for case, page in pages.items():
        writers[case](page)
    files = [str(p) for p in pages.values()]
    for at in range(0, len(files), LAYOUT_BATCH):
        cmd = ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--infilter=HTML (StarWriter)",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(tmp / "pdf"), *files[at:at + LAYOUT_BATCH]]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)
    return {case: tmp / "pdf" / f"{page.stem}.pdf" for case, page in pages.items()}


def _page(fixture: str, mutation: str, rendering: str, path: Path) -> None:
    """The HTML of a case laid out as the `rendering` PDF: ruled (pdf) or without rules, cells vertically
    centred (borderless, as make_forms.py writes its borderless PDFs)."""
    harness.render("html", harness.mutated(fixture, mutation), path)
    if rendering == "borderless":
        path.write_text(harness_forms.mf.borderless(path.read_text(encoding="utf-8")), encoding="utf-8")


def _pdfs(tmp: Path) -> tuple[dict[Case, Path], str]:
    """The HTML of every case laid out by LibreOffice as both PDFs: {case: pdf}, or {} and why not."""
    if shutil.which("soffice") is None:
        return {}, NO_SOFFICE
    cases = [(g, m, pdf) for g, m, f in harness.cases() if f == "html" for pdf in PDF_FORMS]
    return _layout(tmp, {c: partial(_page, *c) for c in cases}), ""


def _outcomes(tmp: Path, with_pdf: bool) -> tuple[dict[Case, harness.Outcome], str]:
    outcomes = {case: harness.run(*case, tmp) for case in harness.cases()}
    pdfs, note = _pdfs(tmp) if with_pdf else ({}, "PDF form skipped (--no-pdf)")
    outcomes.update({case: harness.read(case[0], case[1], path) for case, path in pdfs.items()})
    return outcomes, note


def _form_page(key: str, mutation: str, rendering: str, path: Path) -> None:
    """The HTML make_forms.py lays out as the `rendering` PDF: ruled (pdf) or without rules (borderless)."""
    page = harness_forms.mf.render_html(harness_forms.mutated(key, mutation)[0])
    path.write_text(harness_forms.mf.borderless(page) if rendering == "borderless" else page, encoding="utf-8")


def _form_outcomes(tmp: Path, with_pdf: bool) -> tuple[dict[Case, harness.Outcome], str]:
    """Every case of the forms' harness, and with LibreOffice each form × mutation's HTML laid out as the two PDFs
    make_forms.py writes (ruled, and borderless: no rules, cells vertically centred)."""
    outcomes = {case: harness_forms.run(*case, tmp) for case in harness_forms.cases()}
    if not with_pdf or shutil.which("soffice") is None:
        return outcomes, "PDF forms skipped (--no-pdf)" if not with_pdf else NO_SOFFICE
    cases = [(k, m, pdf) for k, m, r in harness_forms.cases() if r == "html" for pdf in PDF_FORMS]
    writers = {c: partial(_form_page, *c) for c in cases}
    outcomes.update({case: harness_forms.read(case[0], case[1], pdf) for case, pdf in _layout(tmp, writers).items()})
    return outcomes, ""


def main(verbose: bool = False, with_pdf: bool = True, ministry: bool = True) -> None:
    if ministry:
        ministry_table(verbose, with_pdf)
    forms_table(verbose, with_pdf)


def ministry_table(verbose: bool, with_pdf: bool) -> None:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes, note = _outcomes(Path(tmp), with_pdf)
    seconds = time.perf_counter() - start
    forms = [f for f in (*harness.FORMS, *PDF_FORMS) if any(c[2] == f for c in outcomes)]
    print(f"Generalisation harness: {len(harness.golds())} gold fixtures × {len(harness.MUTATIONS)} mutations × "
          f"{len(forms)} forms = {len(outcomes)} cases in {seconds:.1f} s ({1000 * seconds / len(outcomes):.0f} ms "
          "a case, PDF layout included)")
    if note:
        print(f"  {note}")
    _table(outcomes, list(harness.MUTATIONS), forms, verbose)


def forms_table(verbose: bool, with_pdf: bool) -> None:
    """The harness on the other forms (tests/harness_forms.py): columns are the renderings."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes, note = _form_outcomes(Path(tmp), with_pdf)
    seconds = time.perf_counter() - start
    mutations = list(harness_forms.MUTATIONS)
    renderings = [r for r in (*harness_forms.RENDERINGS, *PDF_FORMS) if any(c[2] == r for c in outcomes)]
    print(f"Generalisation harness on the other forms: {len({c[0] for c in outcomes})} forms × the "
          f"{len(mutations)} mutations each can print × {len(renderings)} renderings = {len(outcomes)} cases in "
          f"{seconds:.1f} s ({1000 * seconds / len(outcomes):.0f} ms a case, PDF layout included)")
    if note:
        print(f"  {note}")
    _table(outcomes, mutations, renderings, verbose)
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
    width = {f: max(10, len(f) + 1) for f in forms}  # 10 a column, wider for a longer name
    print(f"  {'':<25}" + "".join(f"{f:>{width[f]}}" for f in forms))
    for mutation in mutations:
        cells = [_cell(*tally[mutation, f]) if (mutation, f) in tally else "n/a" for f in forms]
        print(f"  {mutation:<25}" + "".join(f"{c:>{width[f]}}" for f, c in zip(forms, cells, strict=True)))
    print(f"  cases failing the property: {len(failures)} of {len(outcomes)} "
          f"({sum(t[2] for t in tally.values())} silent shifts; "
          f"{sum(len(o.missing_flags) for _, o in failures)} required flags missing)")
    for (fixture, mutation, form), o in failures if verbose else []:
        print(f"  {fixture} {mutation} {form}: {len(o.silent)} silent, missing flags {o.missing_flags[:3]}")
        for where, fld, gold, got in o.silent[:4]:
            print(f"      {where} {fld}: gold {gold!r} got {str(got)[:80]!r}")


if __name__ == "__main__":
    main("-v" in sys.argv, "--no-pdf" not in sys.argv, "--forms-only" not in sys.argv)

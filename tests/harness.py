"""The generalisation harness (issue 21): every distinct gold fixture × every mutation (tests/mutations.py)
× every form the fixture generators write, each read in process and scored against its own gold.

The property: a mutated table is read right, or what the reader could not place is flagged.  A wrong
field passes only on an output row that carries a flag saying the reader could not read or compare a
value there (COVER), or in a table flagged EXTRACTION_INCOMPLETE; anything else — a wrong value on an
unflagged row, a row that is not in the gold, a table not found — is a silent shift.  The flags RULES.md
states for the mutated rows (an empty target: ACHIEVEMENT_UNKNOWN) must be raised as well.

tests/test_harness.py runs a fixed sample; bench/bench_harness.py runs all of it.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from mutations import MUTATIONS, Mutated
from scorer import TEXT, project_key, score_tables

from jixiao.runner.pipeline import process_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
import make_office as mo  # noqa: E402
import make_textforms as mt  # noqa: E402
import make_variants as mv  # noqa: E402

# Forms that keep the table's rows (and a page break as a blank line); the others are derived from the
# tab export (make_textforms) or print the logical table itself.
ROW_FORMS = ("tab", "web")
FORMS = (*ROW_FORMS, "pipe", "flat", "lines", "html", "xlsx")
SUFFIX = {"html": ".html", "xlsx": ".xlsx"}
# Flags by which the reader or the rules say a row's value could not be read or compared.
COVER = {"VALUE_UNPARSED", "ACHIEVEMENT_UNKNOWN", "KIND_MISMATCH", "UNIT_MISMATCH", "OCR_LOW_CONFIDENCE"}
DOC = dict(heading="2024年度项目支出绩效自评结果公开", intro="现将项目支出绩效自评表公开如下。", footer="（完）",
           year_line=lambda p: f"({p['year']}年度)" if p["year"] else "")


@cache
def golds() -> dict[str, dict]:
    """Each distinct gold content once (a fixture's renderings share its gold), named by its text fixture
    (tNN_…) where it has one, else by its first file."""
    found: dict[str, tuple[str, dict]] = {}
    for path in sorted((FIXTURES / "gold").glob("*.json"), key=lambda p: (not p.name.startswith("t"), p.name)):
        if not path.name.endswith(".flags.json"):
            gold = json.loads(path.read_text(encoding="utf-8"))
            found.setdefault(json.dumps(gold["projects"], sort_keys=True), (path.stem, gold))
    return dict(found.values())


# Mutations some forms cannot print: a page break needs rows and pages; a cell wrapped onto a second line
# leaves no trace once the rows are lost (make_textforms cleans each cell, its line breaks turned to spaces).
ONLY = {"page_break": ROW_FORMS, "wrapped_level3": (*ROW_FORMS, "html", "xlsx")}


def applies(mutation: str, form: str) -> bool:
    return form in ONLY.get(mutation, FORMS)


def cases() -> list[tuple[str, str, str]]:
    """Every (fixture, mutation, form) of the harness."""
    return [(g, m, f) for g in golds() for m in MUTATIONS for f in FORMS if applies(m, f)]


@cache
def mutated(fixture: str, mutation: str) -> tuple[Mutated, ...]:
    return tuple(MUTATIONS[mutation](p) for p in golds()[fixture]["projects"])


def _tables(ms: tuple[Mutated, ...]) -> list[tuple[dict, list]]:
    out = []
    for m in ms:
        rows = mv.logical_table(m.printed, m.style)
        out.append((m.printed, m.rows(rows) if m.rows else rows))
    return out


def _grids(ms: tuple[Mutated, ...]) -> list[tuple[dict, list[list[str]]]]:
    out = []
    for m, (p, rows) in zip(ms, _tables(ms), strict=True):
        g = mv.grid(rows)
        out.append((p, m.grid(g) if m.grid else g))
    return out


def _line(cells: list[str], sep: str, edge: str) -> str:
    """A grid row as a text line; an empty row (a page break) as a blank line."""
    return edge + sep.join(cells) + edge.strip() if any(cells) else ""


def tab_text(ms: tuple[Mutated, ...]) -> str:
    out = []
    for p, g in _grids(ms):
        out += ["", p["form"], "", DOC["year_line"](p), ""] + [_line(r, "\t", "") for r in g]
    return "\n".join(out) + "\n"


def web_text(ms: tuple[Mutated, ...]) -> str:
    out = [DOC["heading"], "", DOC["intro"], ""]
    for p, g in _grids(ms):
        out += [p["form"], DOC["year_line"](p), ""] + [_line(r, " | ", "| ") for r in g] + [""]
    return "\n".join(out + [DOC["footer"]]) + "\n"


def render(form: str, ms: tuple[Mutated, ...], path: Path) -> None:
    """Write the mutated projects of one fixture as one file of `form`."""
    if form == "xlsx":
        mo.workbook(path, [(p, rows, None) for p, rows in _tables(ms)], DOC, per_sheet=False)
    elif form == "html":
        path.write_text(mv.page_html(DOC, _tables(ms)), encoding="utf-8")
    elif form == "web":
        path.write_text(web_text(ms), encoding="utf-8")
    elif form == "tab":
        path.write_text(tab_text(ms), encoding="utf-8")
    else:
        path.write_text(mt.render(form, *mt.tables(tab_text(ms))), encoding="utf-8")


@dataclass
class Outcome:
    right: int
    total: int
    silent: list[tuple] = field(default_factory=list)  # (where, field, gold, got) on no flagged row
    flagged: int = 0  # wrong fields on a flagged row or table
    missing_flags: list[tuple] = field(default_factory=list)  # (project, seq, rule) the mutation requires

    @property
    def passed(self) -> bool:
        return not self.silent and not self.missing_flags


def run(fixture: str, mutation: str, form: str, folder: Path) -> Outcome:
    """Render one case into `folder`, read it in process (extract → normalize → rules) and check it."""
    ms = mutated(fixture, mutation)
    name = f"{fixture}-{mutation}-{form}{SUFFIX.get(form, '.txt')}"
    render(form, ms, folder / name)
    result = process_file(folder / name, name)
    t = {table: result.rows(table) for table in ("projects", "funds", "indicators", "flags")}
    report = score_tables(t, {"source_file": name, "projects": [m.gold for m in ms]}, None, name)
    return check(report, t, ms)


def check(report: dict, t: dict, ms: tuple[Mutated, ...]) -> Outcome:
    raised = {(f["project_id"], None if f["seq"] is None else int(f["seq"]), f["rule_id"]) for f in t["flags"]}
    incomplete = {pid for pid, seq, rule in raised if rule == "EXTRACTION_INCOMPLETE"}
    covered = {(pid, seq) for pid, seq, rule in raised if rule in COVER and seq is not None}

    def is_covered(pid: str | None, seq: int | None) -> bool:
        return pid in incomplete or (pid, seq) in covered
    out = Outcome(report["right"], report["total"])
    for wrong, (pid, seq) in zip(report["wrong"], report["wrong_rows"], strict=True):
        if is_covered(pid, seq):
            out.flagged += 1
        else:
            out.silent.append(wrong)
    out.silent += [(f"extra row #{seq}", "indicators", None, "<row not in the gold>")
                   for pid, seq in report["extra_rows"] if not is_covered(pid, seq)]
    out.silent += [(name, "projects", "<project>", "<not found>") for name in report["missing_projects"]]
    ids = {project_key(p.get("project_name"), p.get("department")): p["project_id"] for p in t["projects"]}
    for m in ms:
        pid = ids.get(project_key(m.gold["project_name"], m.gold.get("department")))
        out.missing_flags += [(TEXT.sub("", m.gold["project_name"] or ""), seq, rule) for seq, rule in m.flags
                              if (pid, seq, rule) not in raised]
    return out

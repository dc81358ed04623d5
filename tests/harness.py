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

import html
import json
import sys
import zipfile
from collections.abc import Callable
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
FORMS = (*ROW_FORMS, "pipe", "flat", "lines", "html", "xlsx", "docx")
SUFFIX = {"html": ".html", "xlsx": ".xlsx", "docx": ".docx"}
# Flags by which the reader or the rules say a row's value could not be read or compared.
COVER = {"VALUE_UNPARSED", "ACHIEVEMENT_UNKNOWN", "KIND_MISMATCH", "UNIT_MISMATCH", "OCR_LOW_CONFIDENCE"}
DOC = dict(heading="2024年度项目支出绩效自评结果公开", intro="现将项目支出绩效自评表公开如下。", footer="（完）",
           year_line=lambda p: f"({p['year']}年度)" if p["year"] else "")


@cache
def golds() -> dict[str, dict]:
    """Each distinct gold content of a Ministry table once (a fixture's renderings share its gold), named by its
    text fixture (tNN_…) where it has one, else by its first file.  The other forms' fixtures (fixtures/forms,
    their gold carrying the `printed` cells they were rendered from) are left out: the renderers here lay out
    the Ministry table, and so are whole reports holding tables of other forms (fixtures/report)."""
    found: dict[str, tuple[str, dict]] = {}
    for path in sorted((FIXTURES / "gold").glob("*.json"), key=lambda p: (not p.name.startswith("t"), p.name)):
        if not path.name.endswith(".flags.json"):
            gold = json.loads(path.read_text(encoding="utf-8"))
            if not all(_ministry(p) for p in gold["projects"]):
                continue
            found.setdefault(json.dumps(gold["projects"], sort_keys=True), (path.stem, gold))
    return dict(found.values())


def _ministry(p: dict) -> bool:
    """A gold project of the Ministry table as the renderers here print it: its fund lines and level-1 labels."""
    return ("printed" not in p and all(f["line"] in mv.STD_FUND_LABELS for f in p["funds"])
            and all(i["level1"] in _MINISTRY_LEVEL1 for i in p["indicators"]))


_MINISTRY_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")


# Mutations some forms cannot print: a page break needs rows and pages; a cell wrapped onto a second line
# leaves no trace once the rows are lost (make_textforms cleans each cell, its line breaks turned to spaces).
ONLY = {"page_break": ROW_FORMS, "wrapped_level3": (*ROW_FORMS, "html", "xlsx", "docx")}


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


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                           'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                           'openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" '
                           'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
                           'main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
}


def _paragraphs(text: str) -> str:
    return "".join(f"<w:p><w:r><w:t>{html.escape(line)}</w:t></w:r></w:p>" for line in text.split("\n"))


def _word_table(rows: list) -> str:
    """A w:tbl of the logical table: gridSpan for column spans, vMerge restart/continue for row spans
    (what Word writes; python-docx is not a dependency)."""
    placed, ncol = mo.me.place(rows)
    starts = {(r, c): cell for r, c, cell in placed}
    below = {(r + dr, c): cell for r, c, cell in placed for dr in range(1, cell["rs"])}
    out = ["<w:tbl>"]
    for r in range(len(rows)):
        out.append("<w:tr>")
        c = 0
        while c < ncol:
            cell = starts.get((r, c)) or below.get((r, c))
            if cell is None:  # a hole: the row is shorter than the table
                c += 1
                continue
            merge = "" if cell["rs"] == 1 else '<w:vMerge w:val="restart"/>' if (r, c) in starts else "<w:vMerge/>"
            text = cell["text"] if (r, c) in starts else ""
            out.append(f'<w:tc><w:tcPr><w:gridSpan w:val="{cell["cs"]}"/>{merge}</w:tcPr>{_paragraphs(text)}</w:tc>')
            c += cell["cs"]
        out.append("</w:tr>")
    return "".join(out + ["</w:tbl>"])


def word(path: Path, tables: list[tuple[dict, list]]) -> None:
    """A .docx as Word reports print the tables: the title and year as paragraphs above each table."""
    word_blocks(path, [([p["form"], DOC["year_line"](p)], rows, []) for p, rows in tables])


def word_blocks(path: Path, blocks: list[tuple[list[str], list, list[str]]]) -> None:
    """A .docx of (paragraphs above, logical table, paragraphs below) blocks, each followed by an empty paragraph."""
    body = "".join("".join(map(_paragraphs, above)) + _word_table(rows) + "".join(map(_paragraphs, below)) + "<w:p/>"
                   for above, rows, below in blocks)
    with zipfile.ZipFile(path, "w") as z:
        for name, xml in DOCX_PARTS.items():
            z.writestr(name, xml)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}">'
                                        f"<w:body>{body}</w:body></w:document>")


def render(form: str, ms: tuple[Mutated, ...], path: Path) -> None:
    """Write the mutated projects of one fixture as one file of `form`."""
    if form == "docx":
        word(path, _tables(ms))
    elif form == "xlsx":
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


def file_name(fixture: str, mutation: str, form: str) -> str:
    return f"{fixture}-{mutation}-{form}{SUFFIX.get(form, '.txt')}"


def run(fixture: str, mutation: str, form: str, folder: Path) -> Outcome:
    """Render one case into `folder`, read it and check it."""
    path = folder / file_name(fixture, mutation, form)
    render(form, mutated(fixture, mutation), path)
    return read(fixture, mutation, path)


def read(fixture: str, mutation: str, path: Path) -> Outcome:
    """Read a rendered case in process (extract → normalize → rules) and check it against its gold."""
    return read_as(path, mutated(fixture, mutation), shown=mo.shown if path.suffix == ".xlsx" else None)


def read_as(path: Path, ms: tuple[Mutated, ...], shown: Callable[[dict], dict] | None = None) -> Outcome:
    """Read a rendered file in process (extract → normalize → rules) and check it against the mutated projects;
    `shown`: the gold as the rendering shows it (make_office's workbooks print every number with two decimals)."""
    result = process_file(path, path.name)
    t = {table: result.rows(table) for table in ("projects", "funds", "indicators", "flags")}
    gold = {"source_file": path.name, "projects": [m.gold for m in ms]}
    report = score_tables(t, shown(gold) if shown else gold, None, path.name)
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


def xfail_params(cases: list[tuple[str, ...]], xfail: dict[tuple[str, ...], str]) -> list:
    """pytest params of `cases`, named by their parts; the ones in `xfail` strict xfails with their reason."""
    import pytest
    return [pytest.param(*case, id="-".join(case),
                         marks=[pytest.mark.xfail(strict=True, reason=xfail[case])] if case in xfail else [])
            for case in cases]


def assert_read_right_or_flagged(outcome: Outcome) -> None:
    """The harness's property: no silent shift, and the flags the mutation requires raised."""
    assert not outcome.silent, f"silent shifts (where, field, gold, read): {outcome.silent[:6]}"
    assert not outcome.missing_flags, f"flags the mutation requires, not raised: {outcome.missing_flags}"

"""review.html: one self-contained page (inline CSS and JS, crops as data URIs, nothing fetched).

Python writes the overview (small, static) and the data as JSON; review.js draws the documents, a
page at a time, so the browser only ever holds the visible page's sections and images.  Each crop
sits in its own <script type="text/plain"> element and becomes an <img> only when its page is shown:
a report with thousands of crops opens without parsing or decoding them all.
"""
from __future__ import annotations

import base64
import json
from collections import Counter
from datetime import datetime, timezone
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao import __version__
from jixiao.core.schema import Record
from jixiao.report import view
from jixiao.report.evidence import Evidence, RowKey

SEVERITIES = ("error", "warning", "info")
STATUSES = ("ok", "no_tables", "error")
CROP_MIME = "image/webp"


def _asset(name: str) -> str:
    return resources.files("jixiao.report").joinpath(name).read_text(encoding="utf-8")


def _pages(first: int | None, last: int | None) -> str | None:
    if first is None:
        return None
    return str(first) if last in (None, first) else f"{first}–{last}"


def payload(tables: dict[str, list[Record]], evidence: dict[str, Evidence],
            crop_index: dict[tuple[str, RowKey], int]) -> dict[str, Any]:
    """The data review.js draws: documents, projects (with funds) and flags (with their row)."""
    docs = tables["documents"]
    doc_at = {d["doc_id"]: n for n, d in enumerate(docs) if d["doc_id"]}
    funds, indicators = _by_project(tables["funds"]), _by_project(tables["indicators"])
    projects, project_at = [], {}
    doc_projects: dict[int, list[int]] = {}
    extra: dict[str, list[tuple[str, str]]] = {}  # project → the newer indicator columns its table fills
    for p in tables["projects"]:
        project_at[p["project_id"]] = len(projects)
        d = doc_at.get(p["doc_id"], -1)
        doc_projects.setdefault(d, []).append(len(projects))
        projects.append(_project(p, d, funds.get(p["project_id"], [])))
        found = view.filled(indicators.get(p["project_id"], []), tuple(c for c, _ in view.INDICATOR_COLUMNS))
        extra[p["project_id"]] = [(c, h) for c, h in view.INDICATOR_COLUMNS if c in found]
    rows = {(i["project_id"], i["seq"]): i for i in tables["indicators"]}
    flags = []
    for f in tables["flags"]:
        p = project_at.get(f["project_id"], -1)
        source = docs[projects[p]["d"]]["source_file"] if p >= 0 and projects[p]["d"] >= 0 else None
        flags.append({"p": p, "q": f["seq"], "r": f["rule_id"], "s": f["severity"], "m": f["message"],
                      "e": f["expected"], "o": f["observed"], **_row(f, rows, evidence.get(source), crop_index,
                                                                      extra.get(f["project_id"], []))})
    return {"docs": [{"f": d["source_file"], "t": d["file_type"], "s": d["status"], "e": d["error"],
                      "n": d["notes"], "pg": d["pages"], "m": d["method"], "p": doc_projects.get(n, []),
                      "x": evidence[d["source_file"]].problem if d["source_file"] in evidence else None}
                     for n, d in enumerate(docs)],
            "projects": projects, "flags": flags}


def _by_project(rows: list[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for r in rows:
        out.setdefault(r["project_id"], []).append(r)
    return out


def _project(p: Record, d: int, funds: list[Record]) -> dict[str, Any]:
    """A table as review.js draws it; a department-wide table (dep) named by its unit, with its form's title;
    总体完成率 only where the form prints one."""
    out = {"id": p["project_id"], "d": d, "name": view.name(p), "dept": p["department"],
           "unit": p["implementing_unit"], "year": p["year"], "adcode": p["adcode"],
           "place": " ".join(p[k] for k in ("province", "city", "district") if p[k]),
           "pages": _pages(p["page_first"], p["page_last"]), "tw": p["total_weight"],
           "ts": p["total_score"], "grade": p["grade"], "mu": p["money_unit"], "funds": _funds(funds)}
    if view.is_department(p):
        out |= {"dep": view.DEPARTMENT, "form": p["form"]}
    if p["goal_rate"] is not None:
        out["gr"] = p["goal_rate"]
    return out


def _funds(lines: list[Record]) -> dict[str, Any] | None:
    """The funds block: headers [name, numeric] and groups [breakdown or null, rows]; 到位数 and 原因 only
    where a line of the table has a value in them."""
    if not lines:
        return None
    optional = view.filled(lines, view.FUND_OPTIONAL)
    columns = [(c, h, num) for c, h, num in view.FUND_COLUMNS if c not in view.FUND_OPTIONAL or c in optional]
    return {"h": [[h, num] for _, h, num in columns],
            "g": [[title, [[view.line_name(f["line"]), *(f[c] for c, _, _ in columns)] for f in group]]
                  for title, group in view.fund_groups(lines)]}


def _row(flag: Record, rows: dict[RowKey, Record], ev: Evidence | None,
         crop_index: dict[tuple[str, RowKey], int], extra: list[tuple[str, str]]) -> dict[str, Any]:
    """The flagged indicator row and what is shown of the source: a crop, the row's text, or why not."""
    if flag["seq"] is None:
        return {}
    k = (flag["project_id"], flag["seq"])
    i = rows.get(k)
    out: dict[str, Any] = {}
    if i is not None:
        out["i"] = _indicator(i, extra)
    if ev is None or ev.problem:
        out["why"] = "source unavailable (see the document above)"
    elif (ev.source, k) in crop_index:
        out["c"] = crop_index[(ev.source, k)]
    elif k in ev.texts:
        out["x"] = ev.texts[k]
    elif i is not None and i.get("bbox_x0") is None and i.get("page") is not None:
        out["why"] = "no position recorded for this row (no bbox in the dataset)"
    else:
        out["why"] = "row not found in the source"
    return out


def _indicator(i: Record, extra: list[tuple[str, str]]) -> dict[str, Any]:
    """The row's cells; the level labels' points (l1p, l2p) where printed, and `more`: [header, value] of
    each newer column its table fills."""
    out = {"l1": i["level1"], "l2": i["level2"], "l3": i["level3"], "t": i["target_raw"], "a": i["actual_raw"],
           "w": i["weight"], "sc": i["score"], "pg": i["page"], "dr": i["deviation_reason"] or None}
    out |= {k: i[c] for k, c in (("l1p", "level1_points"), ("l2p", "level2_points")) if i[c] is not None}
    if extra:
        out["more"] = [[h, view.shown(i[c])] for c, h in extra]
    return out


def _table(head: list[str], body: list[list[Any]], cls: str = "") -> str:
    th = "".join(f"<th scope=col>{escape(h)}</th>" for h in head)
    tr = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in body)
    return f"<table class='{cls}'><thead><tr>{th}</tr></thead><tbody>{tr}</tbody></table>"


def overview(tables: dict[str, list[Record]], evidence: dict[str, Evidence]) -> str:
    docs, flags = tables["documents"], tables["flags"]
    status = Counter(d["status"] for d in docs)
    departments = sum(view.is_department(p) for p in tables["projects"])
    tables_read = f"{len(tables['projects']) - departments} projects · " + (
        f"{departments} department table{'s' if departments > 1 else ''} ({view.DEPARTMENT}) · " if departments else "")
    parts = [f"<p class=lead>{len(docs)} files: " + ", ".join(f"{status[s]} {s}" for s in STATUSES)
             + f" · {tables_read}{len(tables['indicators'])} indicator rows · "
             f"<span id=total-flags>{len(flags)}</span> flags</p>"]
    grades = Counter(p["grade"] or "none" for p in tables["projects"])
    if grades:
        parts.append("<p>Projects by grade: " + ", ".join(f"{escape(g)} {n}" for g, n in sorted(grades.items()))
                     + "</p>")
    bad = [d for d in docs if d["status"] != "ok"]
    if bad:
        parts.append("<h3>Files without projects</h3>" + _table(
            ["file", "status", "reason"],
            [[escape(d["source_file"] or ""), escape(d["status"]), escape(d["error"] or d["notes"] or "no self-evaluation table found")]
             for d in bad], "files"))
    moved = [e for e in evidence.values() if e.problem]
    if moved:
        parts.append("<h3>Sources not shown</h3><p>These files are not where the dataset says (or changed since "
                     "the run); their flags are listed without crops or source text.</p>"
                     + _table(["file", "problem"], [[escape(e.source), escape(e.problem or "")] for e in moved],
                              "files moved"))
    by = Counter((f["rule_id"], f["severity"]) for f in flags)
    rules = sorted({r for r, _ in by}, key=lambda r: (-sum(by[r, s] for s in SEVERITIES), r))
    parts.append("<h3>Flags by rule and severity</h3>" + _table(
        ["rule", *SEVERITIES, "total"],
        [[f"<button type=button class=rule data-rule='{escape(r)}'>{escape(r)}</button>",
          *[by[r, s] or "" for s in SEVERITIES], sum(by[r, s] for s in SEVERITIES)] for r in rules]
        + [["<b>all</b>", *[sum(by[r, s] for r in rules) for s in SEVERITIES], len(flags)]], "rules"))
    return "\n".join(parts)


def controls(tables: dict[str, list[Record]]) -> str:
    rules = sorted({f["rule_id"] for f in tables["flags"]})
    sev = "".join(f"<label class='chip {s}'><input type=checkbox name=sev value={s} checked> {s}</label>"
                  for s in SEVERITIES)
    rule = "".join(f"<option>{escape(r)}</option>" for r in rules)
    doc = "".join(f"<option value={n}>{escape(d['source_file'] or '')}</option>"
                  for n, d in enumerate(tables["documents"]))
    return f"""<form id=filters onsubmit="return false">
<fieldset><legend>Severity</legend>{sev}</fieldset>
<label>Rule <select id=rule><option value="">all rules</option>{rule}</select></label>
<label>Document <select id=doc><option value="">all documents</option>{doc}</select></label>
<label>Documents by <select id=docsort><option value=input>input order</option>
<option value=errors>most errors first</option><option value=flags>most flags first</option>
<option value=name>file name</option></select></label>
<label>Flags by <select id=flagsort><option value=seq>table order</option><option value=severity>severity</option>
<option value=rule>rule</option></select></label>
<label>Per page <select id=per><option>5</option><option selected>10</option><option>25</option>
<option>50</option></select></label>
</form>"""


def write(path: Path, dataset: Path, tables: dict[str, list[Record]], evidence: dict[str, Evidence]) -> int:
    """Write review.html; returns the number of crops in it."""
    crop_index: dict[tuple[str, RowKey], int] = {}
    crops: list[str] = []
    for ev in evidence.values():
        for k, image in ev.crops.items():
            crop_index[(ev.source, k)] = len(crops)
            crops.append(f"<script type=text/plain id=c{len(crops)}>data:{CROP_MIME};base64,"
                         f"{base64.b64encode(image).decode()}</script>")
    data = json.dumps(payload(tables, evidence, crop_index), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c")  # no </script> inside the JSON
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    html = f"""<!doctype html>
<html lang=zh-CN><head><meta charset=utf-8><meta name=viewport content="width=device-width, initial-scale=1">
<title>jixiao review · {escape(dataset.name)}</title><style>{_asset("review.css")}</style></head>
<body><a class=skip href=#results>Skip to the flags</a>
<header><h1>绩效自评表 review</h1><p>Dataset <code>{escape(str(dataset))}</code> · written {stamp} by jixiao
{__version__}</p></header>
<section id=overview aria-labelledby=ov-h><h2 id=ov-h>Overview</h2>{overview(tables, evidence)}</section>
<section id=browse aria-labelledby=br-h><h2 id=br-h>Documents and flags</h2>{controls(tables)}
<p id=status role=status aria-live=polite><output id=flag-count>{len(tables["flags"])}</output> flags shown</p>
<nav class=pager aria-label="pages of documents"></nav>
<div id=results tabindex=-1></div><nav class=pager aria-label="pages of documents"></nav></section>
<script type=application/json id=data>{data}</script>
{"".join(crops)}
<script>{_asset("review.js")}</script></body></html>
"""
    path.write_text(html, encoding="utf-8")
    return len(crops)

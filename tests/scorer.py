"""The tests' own scorer: field accuracy and flags of a dataset against a gold file, in process.

It follows ../shared/tools/score.py (the project's reference scorer, which is not part of a clone):
projects matched by name (a department-wide table by its department) among the rows of one source
file, indicator rows aligned by their 三级指标 in order, text compared without whitespace and HTML
tags, numbers within 0.005 (relative beyond 1000), optional fields scored where the gold has them, and
flags compared as (project, seq, rule) triples when GOLD.flags.json sits beside GOLD.json.  In
process, and with each dataset's tables read once, it scores a fixture in milliseconds where the
reference takes a Python start-up; `tests/test_gold.py` checks that the two agree where ../shared is.
"""
from __future__ import annotations

import difflib
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

TEXT = re.compile(r"<[^>]+>|\s+")
FIELDS = {
    "project": (["form", "year", "project_name", "department", "implementing_unit", "province", "district",
                 "goal_expected", "goal_actual", "total_weight", "total_score", "grade", "money_unit"],
                ["form_kind", "goal_rate"]),
    "funds": (["initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score"],
              ["received", "deviation_reason"]),
    "indicators": (["level1", "level2", "level3", "target_raw", "target_kind", "target_op", "target_value",
                    "target_unit", "target_base_value", "target_base_unit", "actual_raw", "actual_kind",
                    "actual_value", "actual_unit", "actual_base_value", "actual_base_unit", "achievement", "weight",
                    "score", "deviation_reason"],
                   ["level1_points", "level2_points", "target_initial_raw", "completion", "weight_share",
                    "weighted_score", "score_ratio", "core", "criteria"]),
}


def tables(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """The dataset's tables as records (null → None), read once per folder and version of it."""
    return _tables(folder, (folder / "projects.parquet").stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _tables(folder: Path, version: int) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for name in ("projects", "funds", "indicators", "flags"):
        df = pd.read_parquet(folder / f"{name}.parquet")
        found[name] = df.astype(object).where(df.notna(), None).to_dict("records")
    return found


def blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def same(gold: Any, got: Any) -> bool:
    if blank(gold) or blank(got):
        return blank(gold) and blank(got)
    if isinstance(gold, (int, float)) and not isinstance(gold, bool):
        try:
            return abs(float(gold) - float(got)) <= 0.005 * max(1.0, abs(float(gold)) / 1000)
        except (TypeError, ValueError):
            return False
    return TEXT.sub("", str(gold)) == TEXT.sub("", str(got))


def project_key(name: Any, department: Any) -> str:
    return TEXT.sub("", str(name)) if not blank(name) else "部门:" + TEXT.sub("", str(department or ""))


class _Tally:
    def __init__(self) -> None:
        self.per_field: dict[str, list[int]] = {}
        self.wrong: list[tuple[str, str, Any, Any]] = []
        # (project_id, seq) of the output row each wrong field was read into; seq None for a project,
        # a fund line or a missing row, project_id None for a missing project
        self.wrong_rows: list[tuple[str | None, int | None]] = []

    def fields(self, table: str, gold: dict, got: dict | None, where: str, missing: str,
               project_id: str | None) -> None:
        required, optional = FIELDS[table]
        seq = got.get("seq") if got is not None and table == "indicators" else None
        for f in required + [f for f in optional if f in gold]:
            ok = got is not None and same(gold.get(f), got.get(f))
            right_total = self.per_field.setdefault(f"{table}.{f}", [0, 0])
            right_total[0] += ok
            right_total[1] += 1
            if not ok:
                self.wrong.append((where, f"{table}.{f}", gold.get(f), got.get(f) if got is not None else missing))
                self.wrong_rows.append((project_id, None if blank(seq) else int(seq)))


def _indicators(tally: _Tally, gp: dict, rows: list[dict], project_id: str | None) -> list[tuple[str, int]]:
    """Gold rows against output rows aligned by 三级指标; (project_id, seq) of the output rows left over."""
    gkeys = [TEXT.sub("", g["level3"]) for g in gp["indicators"]]
    okeys = [TEXT.sub("", str(r.get("level3"))) for r in rows]
    pairs = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, gkeys, okeys, autojunk=False).get_opcodes():
        if tag in ("equal", "replace"):
            pairs.update((i1 + k, j1 + k) for k in range(min(i2 - i1, j2 - j1)))
    for gi, g in enumerate(gp["indicators"]):
        tally.fields("indicators", g, rows[pairs[gi]] if gi in pairs else None,
                     f'{gp["project_name"]} / #{g.get("seq")} {g["level3"]}', "<row missing>", project_id)
    paired = set(pairs.values())
    return [(r["project_id"], int(r["seq"])) for j, r in enumerate(rows) if j not in paired]


def _flags(expected: list[dict] | None, gold: dict, projects: list[dict], flags: list[dict]) -> dict | None:
    if expected is None:
        return None
    names = {p["project_id"]: project_key(p.get("project_name"), p.get("department")) for p in projects}
    by_name = {TEXT.sub("", str(gp["project_name"] or "")): project_key(gp["project_name"], gp.get("department"))
               for gp in gold["projects"]}

    def triple(project: str, seq: Any, rule: str) -> tuple:
        return project, None if blank(seq) else int(float(seq)), rule
    want = {triple(by_name.get(TEXT.sub("", str(x["project_name"])), TEXT.sub("", str(x["project_name"]))),
                   x["seq"], x["rule_id"]) for x in expected}
    got = {triple(names[r["project_id"]], r.get("seq"), r.get("rule_id")) for r in flags if r.get("project_id") in names}
    return {"expected": len(want), "found": len(want & got), "missing": sorted(map(str, want - got)),
            "unexpected": sorted(map(str, got - want))}


def score(folder: Path, gold_path: Path, source: str | None = None) -> dict[str, Any]:
    """The report ../shared/tools/score.py --json prints, plus `wrong` (where, field, gold, output)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    flags_path = gold_path.with_name(gold_path.name[:-5] + ".flags.json")
    expected = json.loads(flags_path.read_text(encoding="utf-8")) if flags_path.exists() else None
    return score_tables(tables(Path(folder)), gold, expected, source)


def score_tables(t: dict[str, list[dict[str, Any]]], gold: dict, expected_flags: list[dict] | None = None,
                 source: str | None = None) -> dict[str, Any]:
    """score() of a dataset's tables as records (a run's rows in process), with the expected flags as
    the triples of a .flags.json (None: flags not scored); `wrong_rows` gives for each entry of `wrong`
    the output row it was read into, `extra_rows` the output rows no gold row matches."""
    source = source or Path(gold["source_file"]).name
    projects = [p for p in t["projects"] if Path(str(p.get("source_file"))).name == source]
    by_name: dict[str, list[dict]] = {}
    for p in projects:
        by_name.setdefault(project_key(p.get("project_name"), p.get("department")), []).append(p)
    tally, extra, missing = _Tally(), [], []
    for gp in gold["projects"]:
        candidates = by_name.get(project_key(gp["project_name"], gp.get("department")), [])
        op = candidates.pop(0) if candidates else None
        pid = op["project_id"] if op else None
        if op is None:
            missing.append(gp["project_name"] or gp.get("department") or "(a table without name or department)")
        tally.fields("project", gp, op, gp["project_name"], "<project missing>", pid)
        funds = {r["line"]: r for r in t["funds"] if op and r.get("project_id") == pid}
        for gf in gp["funds"]:
            tally.fields("funds", gf, funds.get(gf["line"]), f'{gp["project_name"]} / {gf["line"]}', "<line missing>",
                         pid)
        rows = sorted((r for r in t["indicators"] if op and r.get("project_id") == pid), key=lambda r: int(r["seq"]))
        extra += _indicators(tally, gp, rows, pid)
    right = sum(v[0] for v in tally.per_field.values())
    total = sum(v[1] for v in tally.per_field.values())
    return {"source": source, "flags": _flags(expected_flags, gold, projects, t["flags"]), "right": right,
            "total": total, "accuracy": right / total if total else 0.0, "extra_indicator_rows": len(extra),
            "extra_rows": extra,
            "missing_projects": missing, "wrong": tally.wrong, "wrong_rows": tally.wrong_rows,
            "per_field": {k: round(v[0] / v[1], 4) for k, v in sorted(tally.per_field.items())}}

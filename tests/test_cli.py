"""The command line end to end, including every kind of bad input."""
import argparse
import subprocess
import sys
from pathlib import Path

import pandas as pd
from builders import BALANCED, table_text

from jixiao.cli import main, parser

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = FIXTURES / "seed" / "000_3b6eebb77ec974f1.txt"


def run(tmp_path, *inputs, extra=()):
    out = tmp_path / "out"
    assert main(["run", *map(str, inputs), "--out", str(out), "--quiet", *extra]) == 0
    return {name: pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
            for name in ("documents", "projects", "funds", "indicators", "flags")}


def doc(tables, name):
    rows = tables["documents"][tables["documents"].source_file.str.endswith(name)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_bad_inputs_each_get_a_row_and_the_run_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "gbk.txt").write_bytes(table_text(BALANCED, name="国标编码项目").encode("gbk"))
    (tmp_path / "cut.txt").write_text(table_text(BALANCED, total=None, grade=None), encoding="utf-8")
    (tmp_path / "prose.txt").write_text("本部门2024年度决算说明。绩效自评表见附件。\n", encoding="utf-8")
    t = run(tmp_path, *(tmp_path / n for n in ("empty.txt", "junk.txt", "gbk.txt", "cut.txt", "prose.txt")),
            tmp_path / "missing.txt", SEED)
    assert (doc(t, "empty.txt").status, doc(t, "empty.txt").error) == ("error", "empty file (0 bytes)")
    assert doc(t, "junk.txt").status == "error" and doc(t, "junk.txt").error.startswith("not a text file")
    assert (doc(t, "missing.txt").status, doc(t, "missing.txt").error) == ("error", "no such file")
    assert (doc(t, "gbk.txt").status, doc(t, "gbk.txt").encoding) == ("ok", "gb18030")
    assert (doc(t, "prose.txt").status, doc(t, "prose.txt").error) == ("no_tables", "")
    assert doc(t, "cut.txt").status == "ok"
    assert all("\n" not in e for e in t["documents"].error)
    projects = t["projects"]
    assert "国标编码项目" in set(projects.project_name)
    cut = projects[projects.source_file.str.endswith("cut.txt")].project_id.iloc[0]
    assert (t["indicators"].project_id == cut).sum() == 3  # rows read before the cut are kept
    assert set(t["flags"][t["flags"].project_id == cut].rule_id) == {"EXTRACTION_INCOMPLETE"}
    assert doc(t, SEED.name).projects == "5"  # a good file after the bad ones still comes out


def test_utf8_bom_is_detected(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + table_text(BALANCED).encode("utf-8"))
    t = run(tmp_path, tmp_path / "bom.txt")
    assert doc(t, "bom.txt").encoding == "utf-8-sig" and t["projects"].form.iloc[0] == "财政项目支出绩效自评表"


def test_folders_and_globs(tmp_path):
    sub = tmp_path / "reports" / "2024"
    sub.mkdir(parents=True)
    for name in ("a.txt", "b.txt"):
        (sub / name).write_text(table_text(BALANCED, name=name), encoding="utf-8")
    (sub / "notes.md").write_text("ignored in folders", encoding="utf-8")
    assert len(run(tmp_path, tmp_path / "reports")["documents"]) == 2
    assert len(run(tmp_path, str(tmp_path / "reports" / "**" / "a.txt"))["documents"]) == 1


def test_same_input_gives_byte_identical_csv(tmp_path):
    outs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        main(["run", str(SEED), str(FIXTURES / "bad"), "--out", str(out), "--quiet", "--no-timing"])
        outs.append(out)
    for name in ("documents", "projects", "funds", "indicators", "flags"):
        assert (outs[0] / f"{name}.csv").read_bytes() == (outs[1] / f"{name}.csv").read_bytes()
    assert (outs[0] / "projects.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_parquet_types(tmp_path):
    import pyarrow.parquet as pq
    run(tmp_path, SEED)
    schema = pq.read_schema(tmp_path / "out" / "indicators.parquet")
    assert str(schema.field("seq").type) == "int64" and str(schema.field("weight").type) == "double"
    assert schema.names[:8] == ["project_id", "seq", "page", "level1", "level2", "level1_points", "level2_points",
                                "level3"]  # SCHEMA.md's order
    ind = pd.read_parquet(tmp_path / "out" / "indicators.parquet")
    assert ind.groupby("project_id").seq.apply(lambda s: list(s) == list(range(1, len(s) + 1))).all()


def test_summary_and_exit_codes(tmp_path):
    cli = [sys.executable, "-m", "jixiao"]
    r = subprocess.run([*cli, "run", str(SEED), str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True)
    assert r.returncode == 0
    assert "files read: 2" in r.stdout and "projects: 5" in r.stdout and "indicator rows: 112" in r.stdout
    assert "flags: error 2, warning 1, info 17" in r.stdout and "nope.txt: no such file" in r.stdout
    assert subprocess.run([*cli, "run", str(SEED)], capture_output=True).returncode == 2  # no --out
    assert subprocess.run([*cli, "run", str(SEED), "--out", str(tmp_path / "o"), "--scheme", "x"],
                          capture_output=True).returncode == 2
    h = subprocess.run([*cli, "--help"], capture_output=True, text=True)
    assert h.returncode == 0
    assert [line.split()[0] for line in h.stdout.splitlines() if line.startswith("    ") and line.split()] == \
        ["run", "cache", "report"]


def run_options() -> list[argparse.Action]:
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return [a for a in sub.choices["run"]._actions if a.option_strings and a.dest != "help"]


def test_run_help_explains_every_option():
    """Every option of `jixiao run` has its own help text and a row in the README's option table."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `--")]
    h = subprocess.run([sys.executable, "-m", "jixiao", "run", "--help"], capture_output=True, text=True)
    undocumented = []
    for action in run_options():
        option = action.option_strings[0]
        if not action.help or option not in h.stdout or not any(f"`{option}" in line or f" {option}" in line
                                                               for line in table):
            undocumented.append(option)
    found = {a.option_strings[0] for a in run_options()}
    assert {"--out", "--workers", "--rules", "--report"} <= found  # the parser was read, not an empty list
    assert undocumented == []


def test_rules_directory_overrides_a_threshold(tmp_path):
    import copy

    import yaml

    from jixiao.core import config
    cfg = copy.deepcopy(config.bundled("rules"))
    for r in cfg["rules"]:
        if r["id"] == "TARGET_EXCEEDED":
            r["params"]["ratio"] = 100.0
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "rules.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    t = run(tmp_path, SEED, extra=["--rules", str(tmp_path / "mine")])
    assert "TARGET_EXCEEDED" not in set(t["flags"].rule_id) and "QUANT_SCORE" in set(t["flags"].rule_id)

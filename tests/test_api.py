"""The library API: `jixiao.read(...)` gives the tables `jixiao run` writes, as DataFrames, and every
call stands alone (its settings travel with it; nothing is left behind for the next call)."""
import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

import jixiao
from jixiao.cli import main
from jixiao.core import config, settings
from jixiao.core.schema import TABLES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed" / "000_3b6eebb77ec974f1.txt"
PDF = FIXTURES / "pdf" / "p01_seed_ruled.pdf"


def rules_folder(tmp_path: Path, ratio: float) -> Path:
    """A rules folder with TARGET_EXCEEDED's ratio changed (the seed fires it at the bundled 1.2)."""
    cfg = copy.deepcopy(config.bundled("rules"))
    for r in cfg["rules"]:
        if r["id"] == "TARGET_EXCEEDED":
            r["params"]["ratio"] = ratio
    folder = tmp_path / f"rules-{ratio:g}"
    folder.mkdir()
    (folder / "rules.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return folder


def test_read_equals_the_files_jixiao_run_writes(tmp_path):
    ds = jixiao.read([SEED, PDF])
    out = tmp_path / "run"
    assert main(["run", str(SEED), str(PDF), "--out", str(out), "--no-timing", "--quiet", "--no-cache"]) == 0
    for name in TABLES:
        frame = getattr(ds, name)
        written = pd.read_parquet(out / f"{name}.parquet")
        assert list(frame.columns) == list(TABLES[name])
        if name == "documents":
            assert frame["seconds"].notna().all()  # the API keeps the timing; --no-timing empties it
            frame, written = frame.drop(columns="seconds"), written.drop(columns="seconds")
        pd.testing.assert_frame_equal(frame, written)
    assert len(ds.projects) == 10 and set(ds.documents.status) == {"ok"}  # the seed's five tables, twice
    ds.write(tmp_path / "api")
    for name in ("projects", "funds", "indicators", "flags"):
        assert (tmp_path / "api" / f"{name}.csv").read_bytes() == (out / f"{name}.csv").read_bytes(), name


def test_a_broken_rules_folder_raises_and_leaves_nothing_behind(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "headers.yaml").write_text("titles: [unclosed\n", encoding="utf-8")
    with pytest.raises(jixiao.ConfigError, match=r"headers.yaml:\d+: invalid YAML"):
        jixiao.read([SEED], rules=broken)
    with pytest.raises(jixiao.ConfigError, match="is not a folder"):
        jixiao.read([SEED], rules=tmp_path / "missing")
    with pytest.raises(jixiao.ConfigError, match="unknown scheme"):
        jixiao.read([SEED], scheme="no_such_scheme")
    assert len(jixiao.read([SEED]).projects) == 5  # the next call, with the defaults, reads as ever
    assert settings.current() is settings.defaults()


def test_calls_with_other_rules_do_not_see_each_others(tmp_path):
    fired = lambda ds: int((ds.flags.rule_id == "TARGET_EXCEEDED").sum())  # noqa: E731
    default = fired(jixiao.read(SEED))
    assert default > 0
    assert fired(jixiao.read(SEED, rules=rules_folder(tmp_path, 100.0))) == 0
    assert fired(jixiao.read(SEED)) == default
    assert fired(jixiao.read(SEED, rules=rules_folder(tmp_path, 1.2))) == default


def test_a_cache_folder_is_used_across_calls(tmp_path):
    first = jixiao.read(SEED, cache=tmp_path / "cache")
    assert list((tmp_path / "cache").rglob("*.json"))
    again = jixiao.read(SEED, cache=tmp_path / "cache")
    pd.testing.assert_frame_equal(first.indicators, again.indicators)
    assert "documents 1, projects 5" in repr(again)


def test_the_cache_fingerprint_covers_every_module_that_decides_a_result():
    from jixiao.runner.cache import deciding_sources

    names = {name for name, _ in deciding_sources()}
    assert {"jixiao.extract/pdf/reader.py", "jixiao.extract/text/regroup.py", "jixiao.core/settings.py",
            "jixiao.runner/pipeline.py", "jixiao.normalize/values.py", "jixiao.rules/engine.py"} <= names
    assert not any(n.startswith(("jixiao.report", "jixiao/cli", "jixiao/api")) for n in names)

"""Faults of the environment and of the cache: one line on stderr, the documented exit status, no
traceback, nothing half-written; a cached or resumed run equals a clean one."""
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from builders import BALANCED, table_text
from test_batch import corpus, files

from jixiao import extract
from jixiao.cli import main
from jixiao.runner import dataset

SEED = Path(__file__).parent.parent / "fixtures" / "seed" / "000_3b6eebb77ec974f1.txt"
CLI = [sys.executable, "-m", "jixiao", "run"]


def cli(*args):
    """`jixiao run ARGS` in this process (fast), as a CompletedProcess."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(["run", *map(str, args)])
        except SystemExit as e:  # argparse's usage errors
            code = e.code
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def one_line(r, code, text):
    """The run ended with `code` and exactly one stderr line containing `text`."""
    assert (r.returncode, r.stderr.count("\n"), "Traceback" in r.stderr) == (code, 1, False), r.stderr
    assert text in r.stderr, r.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(".jixiao-") and "cache" not in p.name
                  or p.suffix == ".tmp")


# ---- before any work: exit 2 --------------------------------------------------------------------
def test_unwritable_out_and_cache_are_usage_errors(tmp_path):
    paper = tmp_path / "file"
    paper.write_text("x")
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o555)  # refused even as root
    one_line(cli(SEED, "--out", paper), 2, f"--out {paper} exists and is not a folder")
    one_line(cli(SEED, "--out", locked), 2, f"--out {locked} cannot be written: {locked} is read-only")
    one_line(cli(SEED, "--out", locked / "new"), 2, f"--out {locked / 'new'} cannot be written: {locked} is read-only")
    one_line(cli(SEED, "--out", tmp_path / "o", "--cache", paper), 2, f"--cache {paper} exists and is not a folder")
    one_line(cli(SEED, "--out", tmp_path / "o", "--cache", locked / "c"), 2, "--cache")
    assert not (locked / "new").exists() and not (locked / "c").exists()


@pytest.mark.parametrize("option", [["--file-timeout", "nan"], ["--max-memory", "inf"], ["--workers", "0"],
                                    ["--file-timeout", "-1"], ["--cache-max", "lots"]])
def test_impossible_numbers_are_usage_errors(tmp_path, option):
    r = cli(SEED, "--out", tmp_path / "o", *option)
    assert r.returncode == 2 and f"argument {option[0]}:" in r.stderr and "Traceback" not in r.stderr


def test_dask_unreachable_or_missing_is_one_line(tmp_path, monkeypatch, capsys):
    one_line(cli(SEED, "--out", tmp_path / "o", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
                 "--connect-timeout", "1"), 2, "cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 1 s")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the dask extra were not installed
    assert main(["run", str(SEED), "--out", str(tmp_path / "o"), "--executor", "dask", "--scheduler", "x"]) == 2
    assert capsys.readouterr().err == "jixiao: --executor dask needs the dask extra: pip install 'jixiao[dask]'\n"


def test_a_second_run_on_the_same_out_refuses(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with dataset.lock(out):
        r = cli(SEED, "--out", out)
    one_line(r, 2, f"another jixiao run (pid {os.getpid()}) is writing to {out}")
    assert cli(SEED, "--out", out, "--quiet").returncode == 0  # free again once the first has ended


# ---- --rules -----------------------------------------------------------------------------------
def rules(tmp_path, text, name="rules.yaml"):
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("text, line, problem", [
    ("rules:\n  - id: TARGET_EXCEEDED\n    params: {ratio: [1\n", 4, "invalid YAML"),
    ("tolerances:\n  money: 0.01\nthresholds: 3\n", 3, "unknown key 'thresholds'"),
    ("rules:\n  - id: TARGET_EXCEEDED\n    params:\n      ratoi: 2\n", 4, "rule TARGET_EXCEEDED: unknown param 'ratoi'"),
    ("rules:\n  - id: TARGET_EXCEEDED\n    params: null\n", 2, "rule TARGET_EXCEEDED lacks params: ratio"),
    ("rules:\n  - id: NO_SUCH_RULE\n    severity: info\n", 2, "unknown rule id 'NO_SUCH_RULE'"),
    ("rules:\n  - id: QUANT_SCORE\n\n    message: \"{level3}得分{points}\"\n", 4,
     "rule QUANT_SCORE: message uses unknown placeholder(s) {points}"),
    ("rules:\n  - id: QUANT_SCORE\n    message: \"{level3\"\n", 3, "rule QUANT_SCORE: bad message template"),
    ("rules:\n  - id: QUANT_SCORE\n    severity: fatal\n", 3, "rule QUANT_SCORE: severity must be one of error, warning, info"),
])
def test_broken_rules_name_the_file_and_line(tmp_path, text, line, problem):
    folder = rules(tmp_path, text)
    one_line(cli(SEED, "--out", tmp_path / "o", "--rules", folder), 2, f"{folder / 'rules.yaml'}:{line}: {problem}")
    assert not (tmp_path / "o" / "documents.csv").exists()


def test_broken_vocabulary_is_caught_before_any_file(tmp_path):
    folder = rules(tmp_path, "labels: [项目名称]\n", "headers.yaml")
    one_line(cli(SEED, "--out", tmp_path / "o", "--rules", folder), 2,
             f"{folder / 'headers.yaml'}:1: 'labels' must be a mapping, not a list")


def test_a_role_the_schema_has_no_place_for_is_refused(tmp_path):
    """A fund line or column role headers.yaml does not know would be read and then dropped: refused at start,
    with where to put a new word instead; a new word for a known role is taken."""
    folder = rules(tmp_path, "fund_lines:\n  other: [其他资金]\n  donation: [社会捐赠]\n", "headers.yaml")
    one_line(cli(SEED, "--out", tmp_path / "o", "--rules", folder), 2,
             f"{folder / 'headers.yaml'}:3: fund_lines has no role 'donation' (known: total, ")
    folder = rules(tmp_path, "fund_lines:\n  other: [其他资金, 社会捐赠]\n", "headers.yaml")
    assert main(["run", str(SEED), "--out", str(tmp_path / "p"), "--quiet", "--rules", str(folder)]) == 0


def test_a_partial_rules_file_overrides_only_what_it_names(tmp_path):
    import pandas as pd
    folder = rules(tmp_path, "rules:\n  - id: TARGET_EXCEEDED\n    params: {ratio: 100}\n")
    out = tmp_path / "o"
    assert main(["run", str(SEED), "--out", str(out), "--quiet", "--rules", str(folder)]) == 0
    mine = pd.read_csv(out / "flags.csv", encoding="utf-8-sig").rule_id.value_counts()
    assert main(["run", str(SEED), "--out", str(tmp_path / "b"), "--quiet"]) == 0
    bundled = pd.read_csv(tmp_path / "b" / "flags.csv", encoding="utf-8-sig").rule_id.value_counts()
    assert "TARGET_EXCEEDED" in bundled and "TARGET_EXCEEDED" not in mine
    assert mine.to_dict() == bundled.drop("TARGET_EXCEEDED").to_dict()  # every other rule as bundled


# ---- during the run: exit 1, nothing half-written, finished files kept ---------------------------
def test_a_failing_write_leaves_no_temp_files(tmp_path, monkeypatch):
    corpus(tmp_path / "in", 3)
    out = tmp_path / "out"

    def full(self):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(dataset.DatasetWriter, "close", full)
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet"]) == 1
    assert leftovers(out) == [] and not (out / "documents.csv").exists()
    assert len(list((out / ".jixiao-cache").rglob("*.json"))) == 3  # the rerun resumes from these


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB tmpfs (needs root and mount); unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the ENOSPC path is covered by a monkeypatch test")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_full_disk_fails_cleanly_and_the_rerun_resumes(tmp_path, small_disk):
    corpus(tmp_path / "in", 3)
    for n in range(6):
        (tmp_path / "in" / f"big{n}.txt").write_text(table_text(BALANCED * 60, name=f"大项目{n}"), encoding="utf-8")
    cmd = [tmp_path / "in", "--no-timing", "--quiet", "--workers", "1"]
    clean = tmp_path / "clean"
    assert cli(*cmd, "--out", clean, "--no-cache").returncode == 0
    out = small_disk / "out"
    one_line(cli(*cmd, "--out", out), 1, "No space left on device; the dataset was not written")
    assert leftovers(small_disk) == [] and not (out / "documents.csv").exists()
    cached = len(list(out.rglob("*.json")))
    assert cached > 0
    subprocess.run(["mount", "-o", "remount,size=16m", str(small_disk)], check=True)  # space freed
    r = cli(*cmd[:-3], "--workers", "1", "--out", out)
    assert r.returncode == 0 and f"; {cached} from the cache)" in r.stdout
    assert files(out) == files(clean)


def _interrupt(tmp_path, sig, group):
    corpus(tmp_path / "in", 1)
    for n in range(400):  # enough that the run is still going when the signal comes, on a busy machine too
        shutil.copy(SEED, tmp_path / "in" / f"seed{n:03d}.txt")
    out = tmp_path / "out"
    proc = subprocess.Popen([*CLI, tmp_path / "in", "--out", out, "--workers", "2", "--no-cache"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    progress = [proc.stderr.readline() for _ in range(3)]  # three files done: children are running
    (os.killpg if group else os.kill)(proc.pid, sig)
    err = "".join(progress) + proc.stderr.read()
    proc.wait(timeout=30)
    return proc.returncode, err, out


def test_ctrl_c_is_one_line_from_every_process(tmp_path):
    code, err, out = _interrupt(tmp_path, signal.SIGINT, group=True)  # a terminal sends it to the group
    lines = [line for line in err.splitlines() if not line.startswith("[")]
    assert (code, lines) == (130, ["jixiao: interrupted; the dataset was not written; run the same command "
                                   "again to resume."])  # --no-cache: nothing to resume from
    assert leftovers(out) == [] and not (out / "documents.csv").exists()


def test_sigterm_cleans_up_too(tmp_path):
    code, err, out = _interrupt(tmp_path, signal.SIGTERM, group=False)
    assert code == 143 and err.splitlines()[-1].startswith("jixiao: terminated;") and "Traceback" not in err
    assert leftovers(out) == [] and not (out / "documents.csv").exists()
    time.sleep(0.5)
    # forked children keep the parent's command line: none of them may outlive it
    assert [pid for pid in os.listdir("/proc") if pid.isdigit() and str(out) in _cmdline(pid)] == []


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""


# ---- the cache ---------------------------------------------------------------------------------
def test_same_bytes_read_as_another_type_are_not_taken_from_the_cache(tmp_path):
    text = tmp_path / "t05.txt"
    text.write_bytes(table_text(BALANCED).encode("gbk"))
    page = tmp_path / "t05.html"
    page.write_bytes(text.read_bytes())
    out = tmp_path / "out"
    for _ in range(2):  # the second run is all from the cache, and equal to the first
        assert main(["run", str(page), str(text), "--out", str(out), "--quiet", "--no-timing"]) == 0
        docs = (out / "documents.csv").read_text(encoding="utf-8-sig").splitlines()
        assert [line.split(",")[4] for line in docs[1:]] == ["error", "ok"]


def test_from_the_cache_counts_every_cached_file(tmp_path):
    corpus(tmp_path / "in", 12)
    out = tmp_path / "out"
    cmd = [tmp_path / "in", "--out", out, "--workers", "3"]
    assert "(ok 12, no tables 0, errors 0)" in cli(*cmd).stdout
    for _ in range(2):
        assert "errors 0; 12 from the cache)" in cli(*cmd).stdout


def test_failed_files_are_retried(tmp_path, monkeypatch):
    path = corpus(tmp_path / "in", 1)[0]
    real = extract.read

    def crash(p, kind):
        os._exit(3)
    monkeypatch.setattr(extract, "read", crash)
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--quiet"]) == 0
    assert "worker crashed (exit code 3)" in (out / "documents.csv").read_text(encoding="utf-8-sig")
    monkeypatch.setattr(extract, "read", real)
    assert main(["run", str(path), "--out", str(out), "--quiet"]) == 0
    assert ",ok," in (out / "documents.csv").read_text(encoding="utf-8-sig")


def test_cache_prune(tmp_path):
    corpus(tmp_path / "in", 4)
    out = tmp_path / "out"
    cache = out / ".jixiao-cache"
    assert cli(tmp_path / "in", "--out", out, "--quiet").returncode == 0
    entries = sorted(cache.rglob("*.json"), key=lambda p: p.name)
    sizes = [p.stat().st_size for p in entries]
    for age, p in enumerate(entries):  # entries[0] least recently used
        os.utime(p, (1000 + age, 1000 + age))
    r = subprocess.run([sys.executable, "-m", "jixiao", "cache", "prune", cache, "--max", str(sum(sizes[2:]))],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("removed 2 cached results")
    assert sorted(cache.rglob("*.json")) == sorted(entries[2:])
    r = cli(tmp_path / "in", "--out", out, "--cache-max", "0")
    assert r.returncode == 0 and "cache pruned: 4 results removed" in r.stdout
    assert list(cache.rglob("*.json")) == []

"""Bulk runs: parallel, isolated, resumable, deterministic."""
import faulthandler
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from builders import BALANCED, table_text

from jixiao import extract
from jixiao.cli import main
from jixiao.core import settings
from jixiao.core.schema import TABLES
from jixiao.core.settings import Settings, current


def corpus(folder: Path, n: int, first: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(first, first + n):
        p = folder / f"r{i:03d}.txt"
        p.write_text(table_text(BALANCED, name=f"项目{i:03d}"), encoding="utf-8")
        paths.append(p)
    return paths


def files(out: Path) -> dict[str, bytes]:
    return {t: (out / f"{t}.csv").read_bytes() for t in TABLES} | {
        t + ".parquet": pd.read_parquet(out / f"{t}.parquet").to_csv().encode() for t in TABLES}


def test_output_does_not_depend_on_workers_or_cache(tmp_path):
    paths = corpus(tmp_path / "in", 12)
    outs = []
    for n, extra in enumerate((["--workers", "1", "--no-cache"], ["--workers", "4"], ["--workers", "3"])):
        out = tmp_path / f"out{n}"
        assert main(["run", *map(str, paths), "--out", str(out), "--quiet", "--no-timing", *extra]) == 0
        outs.append(files(out))
    assert outs[0] == outs[1] == outs[2]
    docs = pd.read_csv(tmp_path / "out1" / "documents.csv", encoding="utf-8-sig")
    assert list(docs.source_file) == list(map(str, paths))  # input order, whatever finished first


def test_rerun_reads_only_new_files(tmp_path, capsys):
    paths = corpus(tmp_path / "in", 5)
    out = tmp_path / "out"
    main(["run", str(tmp_path / "in"), "--out", str(out)])
    capsys.readouterr()
    paths += corpus(tmp_path / "in2", 2, first=5)
    main(["run", str(tmp_path / "in"), str(tmp_path / "in2"), "--out", str(out)])
    log = capsys.readouterr()
    assert log.err.count("(cached)") == 5 and "5 from the cache" in log.out
    assert len(pd.read_csv(out / "projects.csv", encoding="utf-8-sig")) == 7
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig")
    assert list(docs.source_file) == list(map(str, paths))


@pytest.fixture
def troublemakers(monkeypatch):
    """Files named hang/crash/huge misbehave in the worker process (forked, so the patch holds there)."""
    real = extract.read

    def read(path, kind):
        if "hang" in path.name:
            time.sleep(60)
        if "crash" in path.name:
            faulthandler.disable()  # pytest's traceback dump would only clutter the output
            os.kill(os.getpid(), signal.SIGSEGV)
        if "huge" in path.name:
            hog = b"x" * (600 * 2**20)
            time.sleep(10)
            del hog
        return real(path, kind)
    monkeypatch.setattr(extract, "read", read)


def test_hanging_crashing_and_huge_files_do_not_stop_the_batch(tmp_path, troublemakers):
    from jixiao.runner import batch

    good = corpus(tmp_path / "in", 3)
    bad = []
    for name in ("hang.txt", "crash.txt", "huge.txt"):
        (tmp_path / name).write_text(table_text(BALANCED), encoding="utf-8")
        bad.append(tmp_path / name)
    out = tmp_path / "out"
    # A forked child starts as big as this process (which earlier tests may have grown): the guard is
    # set above that, and below what the huge file adds (600 MiB).
    limit = round(batch.rss_mib(os.getpid())) + 300
    assert main(["run", *map(str, [good[0], *bad, *good[1:]]), "--out", str(out), "--quiet",
                 "--file-timeout", "2", "--max-memory", str(limit), "--workers", "2"]) == 0
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", keep_default_na=False).set_index("source_file")
    assert docs.loc[str(tmp_path / "hang.txt"), "error"] == "timed out after 2 s (--file-timeout)"
    assert docs.loc[str(tmp_path / "crash.txt"), "error"] == "worker crashed (signal 11)"
    assert docs.loc[str(tmp_path / "huge.txt"), "error"] == f"used more than {limit} MiB of memory (--max-memory)"
    assert all(docs.loc[str(p), "status"] == "ok" for p in good)
    assert len(pd.read_csv(out / "projects.csv", encoding="utf-8-sig")) == 3


def test_killed_run_resumes_to_the_same_dataset(tmp_path):
    paths = corpus(tmp_path / "in", 24)
    clean = tmp_path / "clean"
    cmd = [sys.executable, "-m", "jixiao", "run", str(tmp_path / "in"), "--quiet", "--no-timing", "--workers", "1"]
    subprocess.run([*cmd, "--out", str(clean), "--no-cache"], check=True)
    out = tmp_path / "out"
    proc = subprocess.Popen([*cmd, "--out", str(out)])
    cache = out / ".jixiao-cache"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(cache.rglob("*.json"))) < 8:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert not (out / "projects.csv").exists()  # nothing half-written
    assert 0 < len(list(cache.rglob("*.json"))) < len(paths)
    subprocess.run([*cmd, "--out", str(out)], check=True)
    assert files(out) == files(clean)


def test_partitioned_parquet_reads_as_one_dataset(tmp_path):
    paths = corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    main(["run", *map(str, paths), "--out", str(out), "--quiet", "--partitioned"])
    assert (out / "indicators.parquet").is_dir()
    assert len(pd.read_parquet(out / "indicators.parquet")) == 9


@pytest.mark.cluster
def test_dask_executor_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    paths = corpus(tmp_path / "in", 4)
    # In-process: the scheduler and worker talk over inproc://, no network at all.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "out"
        assert main(["run", *map(str, paths), "--out", str(out), "--quiet", "--no-timing",
                     "--executor", "dask", "--scheduler", cluster.scheduler_address]) == 0
    local = tmp_path / "local"
    main(["run", *map(str, paths), "--out", str(local), "--quiet", "--no-timing", "--partitioned"])
    assert files(out) == files(local)


def test_a_scan_gets_time_for_each_page_it_has_to_ocr(tmp_path, monkeypatch):
    """A file that reports pages to OCR (as read_pdf does for a scan) is allowed --file-timeout plus
    Limits.per_ocr_page for each; a file that reports none is held to --file-timeout."""
    from jixiao.runner import batch

    real = extract.read

    def read(path, kind=None):
        if "scan" in path.name:
            settings.ocr_pages([1, 2, 3])
        time.sleep(0.8)
        return real(path, kind)
    monkeypatch.setattr(extract, "read", read)
    for name in ("scan.txt", "text.txt"):
        (tmp_path / name).write_text(table_text(BALANCED), encoding="utf-8")
    limits = batch.Limits(timeout=0.5, per_ocr_page=0.5)  # the scan of 3 pages gets 2 s
    scan = batch.run_isolated(batch.Task(0, str(tmp_path / "scan.txt"), "scan.txt"), limits)
    text = batch.run_isolated(batch.Task(1, str(tmp_path / "text.txt"), "text.txt"), limits)
    assert scan.document["status"] == "ok"
    assert text.document["error"] == "timed out after 0.5 s (--file-timeout)"
    assert limits.allowed(40) == 20.5


def test_ocr_threads_share_the_cores(tmp_path, monkeypatch):
    """Each file's process gets the cores shared among the files running or waiting (as many as run
    at once): the last file of a run, alone, gets them all."""
    from jixiao.runner import batch
    from jixiao.runner.read_ahead import Load

    load = Load(2, 3)
    assert [load.file_started(4), load.file_started(4)] == [2, 2]
    load.file_ended()
    assert load.file_started(4) == 2  # the last file, with another still running
    load.file_ended()
    load.file_ended()
    assert Load(2, 1).file_started(4) == 4

    seen = []
    real = batch.run_isolated
    monkeypatch.setattr(batch, "run_isolated", lambda task, limits, digest=None, load=None, stop=None:
                        seen.append(limits.ocr_threads) or real(task, limits, digest, load, stop))
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    paths = corpus(tmp_path / "in", 1)
    list(batch.run_local([batch.Task(0, str(paths[0]), paths[0].name)], 2, batch.Limits(), None))
    assert seen == [4]
    assert current().ocr_threads == 0  # given to the file's process, never set in the caller's


@pytest.mark.ocr
def test_a_helper_reads_a_long_scan_ahead(tmp_path, monkeypatch):
    """With a core idle and no file waiting, a second process OCRs a scan's pages from the last
    backwards; the file's own process takes them and the result is the same."""
    from jixiao.extract.pdf import reader as pdf
    from jixiao.runner import batch
    from jixiao.runner.read_ahead import Load

    scan = Path(__file__).resolve().parent.parent / "fixtures" / "scan" / "s03_level1_weights.pdf"
    real, marker = pdf.read_ahead, tmp_path / "helped"

    def read_ahead(path, pages):  # in the helper's (forked) process
        marker.write_text(" ".join(map(str, pages)))
        real(path, pages)
    monkeypatch.setattr(pdf, "read_ahead", read_ahead)
    store = tmp_path / "pages"
    limits = batch.Limits(ocr_threads=1, page_store=str(store))
    load = Load(2, 1)
    load.file_started(2)
    digest = batch.file_digest(scan)
    with_helper = batch.run_isolated(batch.Task(0, str(scan), scan.name), limits, digest, load)
    assert load.busy == 1  # the helper's slot given back
    assert marker.read_text() == "1 2"
    alone = batch.run_isolated(batch.Task(0, str(scan), scan.name), batch.Limits(ocr_threads=1), digest)
    assert with_helper.document["status"] == "ok"
    assert with_helper.to_json()["indicators"] == alone.to_json()["indicators"]
    assert not with_helper.document["notes"]  # pages read ahead are not "kept from an earlier run"


@pytest.mark.ocr
def test_a_scan_that_timed_out_keeps_its_finished_pages(tmp_path, monkeypatch):
    """A scan that runs out of time leaves the pages it OCR'd in the cache; the next run reads them
    from there, says so, and scores as a clean run; once the file's result is cached they are gone."""
    from jixiao.extract.pdf import ocr
    from jixiao.runner import batch

    scan = Path(__file__).resolve().parent.parent / "fixtures" / "scan" / "s03_level1_weights.pdf"
    out, cache = tmp_path / "out", tmp_path / "cache"
    calls, real = [], ocr.read_page

    def stuck_on_page_2(page):  # in the file's (forked) process
        calls.append(1)
        if len(calls) == 2:
            time.sleep(120)
        return real(page)
    monkeypatch.setattr(ocr, "read_page", stuck_on_page_2)
    task = batch.Task(0, str(scan), scan.name)
    digest = batch.file_digest(scan)
    rc = batch.ResultCache(cache, Settings())
    # 24.5 s for 2 pages: time enough for page 1 on a loaded machine, then page 2 never ends
    limits = batch.Limits(timeout=0.5, per_ocr_page=12.0, page_store=str(rc.folder))
    first = batch.run_isolated(task, limits, digest)
    monkeypatch.setattr(ocr, "read_page", real)
    assert "timed out" in first.document["error"]
    assert sorted(p.name for p in rc.folder.glob("*/*.page*.json")) == [f"{digest}.page1.json"]
    assert main(["run", str(scan), "--out", str(out), "--cache", str(cache), "--quiet"]) == 0
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert docs.loc[0, "status"] == "ok"
    assert "OCR'd by an earlier run that did not finish, kept" in docs.loc[0, "notes"]
    assert not list(rc.folder.glob("*/*.page*.json"))
    clean = tmp_path / "clean"
    assert main(["run", str(scan), "--out", str(clean), "--no-cache", "--quiet"]) == 0
    for t in ("projects", "funds", "indicators", "flags"):
        assert (out / f"{t}.csv").read_bytes() == (clean / f"{t}.csv").read_bytes(), t

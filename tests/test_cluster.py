"""A real Dask cluster: `dask scheduler` and `dask worker --nworkers 2 --nthreads 1` as separate
processes on 127.0.0.1 (nanny-managed, daemonic workers, as the README tells users to start them)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch import corpus, files

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.cluster
DASK = Path(sys.executable).with_name("dask")


@pytest.fixture
def cluster(tmp_path):
    """(scheduler address, client); scheduler and workers killed and reaped afterwards."""
    info = tmp_path / "scheduler.json"
    common = ["--no-dashboard"]
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--scheduler-file", str(info), *common],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        procs.append(subprocess.Popen(
            [str(DASK), "worker", "--scheduler-file", str(info), "--nworkers", "2", "--nthreads", "1",
             "--host", "127.0.0.1", *common],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        with distributed.Client(scheduler_file=str(info), timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
            yield client.scheduler.address, client
    finally:
        for p in reversed(procs):
            os.killpg(p.pid, signal.SIGTERM)
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def _kill_a_busy_worker(client, deadline: float) -> bool:
    """SIGKILL the process of a worker that is running a task (its nanny starts a new one)."""
    while time.monotonic() < deadline:
        busy = [addr for addr, keys in client.processing().items() if keys]
        if busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return True
        time.sleep(0.05)
    return False


def test_real_cluster_equals_local_run_and_survives_a_killed_worker(tmp_path, cluster):
    address, client = cluster
    corpus(tmp_path / "in", 6)
    (tmp_path / "in" / "notes.rar").write_bytes(b"Rar!")
    cmd = [sys.executable, "-m", "jixiao", "run", str(tmp_path / "in"), "--quiet", "--no-timing"]
    local = tmp_path / "local"
    subprocess.run([*cmd, "--out", str(local), "--partitioned", "--no-cache"], check=True)

    out = tmp_path / "dask"
    run = subprocess.Popen([*cmd, "--out", str(out), "--executor", "dask", "--scheduler", address],
                           stderr=subprocess.PIPE, text=True)
    killed = _kill_a_busy_worker(client, time.monotonic() + 60)
    _, err = run.communicate(timeout=240)
    assert (run.returncode, err) == (0, "")
    assert killed
    assert files(out) == files(local)  # every file came out, byte for byte the local dataset

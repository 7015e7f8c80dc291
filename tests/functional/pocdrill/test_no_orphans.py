"""No process of a killed ``pocdrill sweep`` outlives it (issue 14): its worker processes
(the local pool's, or a Dask LocalCluster's workers and their helpers) are gone soon after
the command is ended by SIGTERM (which stops them) or SIGKILL (the workers notice their
parent is gone: ``PR_SET_PDEATHSIG`` for the pool, Dask's own parent watch for its
workers).

The signal goes once the workers exist and rows are stored (polled, not slept for); the
end is a bounded poll on the workers being gone, not a timed assertion.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pocdrill.exit_status import EXIT_TERMINATED
from results.store import Store
from tests import ROOT
from tests.signal_support import descendants, wait_gone
from tests.sweep_support import write_scenario

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux processes")


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return int(con.execute("select count(*) from replication_summaries").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or busy
        return 0


def _under_way(tmp_path: Path, executor: list[str], workers: int, rows: int = 10) -> tuple[
        subprocess.Popen[str], set[int], Path]:
    """A ``pocdrill sweep --workers 2`` process once ``workers`` processes below it exist and
    ``rows`` rows are stored: (the process, every process below it, the database file)."""
    scenario = write_scenario(tmp_path)
    db = tmp_path / "r.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pocdrill", "sweep", str(scenario), "--vary",
         "behaviour.turnover_per_year=0.1,0.5", "-r", "2000", "--batch-size", "5",
         "--workers", "2", *executor, "--db", f"sqlite:///{db}"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    below: set[int] = set()
    deadline = time.monotonic() + 180  # a bound on a condition, not a timing
    while proc.poll() is None and time.monotonic() < deadline:
        below |= descendants(proc.pid)
        if len(below) >= workers and _stored(db) >= rows:
            break
        time.sleep(0.02)
    below |= descendants(proc.pid)
    if proc.poll() is not None or len(below) < workers:
        proc.kill()
        raise AssertionError(f"the sweep was not under way: {proc.communicate()[1]}")
    return proc, below, db


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
@pytest.mark.parametrize(("executor", "workers"), [([], 2), (["--scheduler", "local"], 2)],
                         ids=["pool", "dask"])
def test_no_worker_outlives_a_killed_sweep(
    tmp_path: Path, executor: list[str], workers: int, signum: signal.Signals
) -> None:
    proc, below, db = _under_way(tmp_path, executor, workers)
    try:
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not wait_gone(below), "worker processes outlived the sweep"
    if signum == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == EXIT_TERMINATED, err
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1, err
        line = lines[0]
        assert line.startswith("sweep 1 interrupted: ") and line.endswith(
            "resume with: pocdrill sweep resume 1"), err
    with Store(f"sqlite:///{db}") as store:
        assert store.get_sweep(1).status == "interrupted"


def test_sigterm_while_a_dask_cluster_starts_leaves_no_process(tmp_path: Path) -> None:
    """SIGTERM as soon as the cluster's processes exist, before any row: the cluster half
    started is stopped, and the line says what there is (nothing, or an empty sweep)."""
    proc, below, db = _under_way(tmp_path, ["--scheduler", "local"], 2, rows=0)
    try:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not wait_gone(below), "worker processes outlived the sweep"
    assert proc.returncode == EXIT_TERMINATED, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    line = lines[0]
    with Store(f"sqlite:///{db}") as store:
        sweeps = store.list_sweeps()
    if sweeps:
        assert [s.status for s in sweeps] == ["interrupted"]
        assert line.startswith("sweep 1 interrupted: "), line
    else:
        assert line == "interrupted while connecting to the Dask scheduler", line

"""The vector engine beside the SimPy engine on the 193-state UN ping, measured in one run.

Prints CPU milliseconds per replication of each engine and their ratio (target: the vector
engine at least 15x faster), the memory a batch of replications holds (traced peak), a
larger equivalence check (KS p-value per metric, SimPy vs vector), and a 10,000-replication
study end to end from the command line, stored (target: under 20 s wall on 2 cores).
Set ``POCDRILL_BENCH_QUICK=1`` to skip the command-line study.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from simulator.engine.run import run
from simulator.io.scenario_files import load_scenario
from simulator.sweep.stats import replication_metrics
from simulator.vector.engine import simulate
from simulator.vector.outcome import study_rows
from simulator.vector.run import BLOCK, _layout, vector_metric_rows

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "un-directory-ping.yaml"
METRICS = ("ack_rate", "median_hours_to_ack", "p90_hours_to_ack", "never_acknowledged",
           "bounced_contacts", "stale_contacts", "reminders_sent")


def main() -> None:
    loaded = load_scenario(SCENARIO)
    sc, d = loaded.scenario, loaded.directory()
    lay = _layout(sc, d)
    run(sc, d, seed=0)
    simulate(lay, sc, seed=0, first=0, count=10)  # warm both
    simpy_ms, vector_ms = [], []
    for round_ in range(5):  # the engines take turns: a noisy machine slows both alike
        reps = range(round_ * 20, round_ * 20 + 20)
        t0 = time.process_time()
        for k in reps:
            replication_metrics(run(sc, d, seed=1, replication=k))
        simpy_ms.append((time.process_time() - t0) / 20 * 1000)
        t0 = time.process_time()
        study_rows(sc, simulate(lay, sc, seed=1, first=round_ * BLOCK, count=BLOCK), 1)
        vector_ms.append((time.process_time() - t0) / BLOCK * 1000)
    s, v = statistics.median(simpy_ms), statistics.median(vector_ms)
    print(f"vector: UN ping, {len(lay.codes)} participants, {lay.size} contacts")
    print(f"vector: SimPy {s:.2f} ms, vector {v:.3f} ms CPU per replication (rows included): "
          f"{s / v:.1f}x (target: at least 15x)")
    tracemalloc.start()
    simulate(lay, sc, seed=1, first=0, count=BLOCK)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"vector: a batch of {BLOCK} replications peaks at {peak / 2**20:.1f} MiB "
          f"({peak / BLOCK / 1024:.0f} KiB per replication)")
    _equivalence(sc, d)
    if os.environ.get("POCDRILL_BENCH_QUICK") != "1":
        _study_end_to_end()


def _equivalence(sc: object, d: object) -> None:
    from scipy import stats

    n_s, n_v = 300, 3000
    a = [replication_metrics(run(sc, d, seed=2, replication=k)) for k in range(n_s)]  # type: ignore[arg-type]
    b = vector_metric_rows(sc, d, seed=2, replications=range(n_v))  # type: ignore[arg-type]
    parts = []
    for m in METRICS:
        x = np.array([r[m] for r in a if r[m] is not None], dtype=float)
        y = np.array([r[m] for r in b if r[m] is not None], dtype=float)
        parts.append(f"{m} {x.mean():.3g}/{y.mean():.3g} p={stats.ks_2samp(x, y).pvalue:.2f}")
    print(f"vector: {n_s} SimPy vs {n_v} vector replications, mean SimPy/vector and KS p:")
    print("vector:   " + "; ".join(parts))


def _study_end_to_end() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        cmd = [sys.executable, "-m", "pocdrill", "run", str(SCENARIO), "-r", "10000",
               "--workers", "2", "--db", f"sqlite:///{db}"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
    note = next((line for line in done.stderr.splitlines() if line.startswith("engine:")), "")
    print(f"vector: pocdrill run UN ping -r 10000 --workers 2, stored: {wall:.1f} s wall "
          f"(exit {done.returncode}; {note or 'no engine line'}; target: under 20 s)")

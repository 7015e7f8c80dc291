"""A study (``pocdrill run -r N``) against the sweep path, on the 193-state UN ping.

Prints, for N replications (``BENCH_STUDY_REPLICATIONS``, default 2,000; the issue's
figure is 10,000) on 2 workers:

* wall time of the study (simulated, stored in one study in a fresh SQLite file) against
  the sweep path (``sweep_and_store`` of one point into a fresh SQLite file); target: the
  study at most 1.1x the sweep path;
* peak memory (max RSS) of the process running each, and of its largest worker, each run
  in a fresh interpreter; target: under 400 MB;
* what storing a replication's summary costs against simulating it (building the compact
  row and writing it, in batches as the study does); target: under 10%.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "un-directory-ping.yaml"


def _one(what: str, n: int, workers: int) -> dict[str, float]:
    """Run ``what`` (study or sweep) in this process; its wall time and peak memory."""
    from results.runs import SweepExecution, study_and_store, sweep_and_store
    from results.store import Store
    from simulator.io.scenario_files import load_scenario
    from simulator.sweep import plan_sweep

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{tmp}/b.db") as store:
        execution = SweepExecution(workers=workers)
        if what == "sweep":
            plan = plan_sweep(SCENARIO.read_text(encoding="utf-8"), {}, replications=n,
                              seed=1, base_dir=SCENARIO.parent)
            swept = sweep_and_store(plan, store=store, execution=execution)
            assert swept.status == "completed" and swept.done == n
        else:
            done = study_and_store(load_scenario(SCENARIO), seed=1, replications=n,
                                   store=store, execution=execution)
            assert done.status == "completed" and done.done == n
    wall = time.perf_counter() - t0
    mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"wall": wall, "rss_mb": mine, "worker_rss_mb": kids}


def _fresh(what: str, n: int, workers: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, what, str(n), str(workers)], capture_output=True, text=True,
        check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _storing_cost() -> tuple[float, float]:
    """Milliseconds to simulate one replication, and to make and store its row."""
    from results.store import Store
    from simulator.analysis.replication import frame_of, replication_row
    from simulator.engine.run import run
    from simulator.io.scenario_files import load_scenario

    loaded = load_scenario(SCENARIO)
    directory = loaded.directory()
    results = [run(loaded.scenario, directory, seed=1, replication=k) for k in range(41)]
    replication_row(results[0])  # warm: its imports are paid once per process
    sim = []
    for k in range(41, 61):
        t0 = time.perf_counter()
        run(loaded.scenario, directory, seed=1, replication=k)
        sim.append(time.perf_counter() - t0)
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{tmp}/c.db") as store:
        sid = store.create_study(scenario="un", scenario_text="x", kind="check", seed=1,
                                 replications=40, events_stored=False,
                                 frame=frame_of(results[0]))
        t0 = time.perf_counter()
        for i in range(0, 40, 10):  # batches of 10, as a worker's batch arrives
            store.add_study_replications(sid, [replication_row(r) for r in results[i:i + 10]])
        store_ms = (time.perf_counter() - t0) / 40 * 1000
    return statistics.median(sim) * 1000, store_ms


def main() -> None:
    n = int(os.environ.get("BENCH_STUDY_REPLICATIONS", "2000"))
    workers = 2
    sim_ms, store_ms = _storing_cost()
    print(f"study: one replication {sim_ms:.1f} ms to simulate; its compact row {store_ms:.2f} "
          f"ms to make and store ({store_ms / sim_ms:.1%} of simulating; target < 10%)")
    sweeps, studies = [], []
    for _ in range(int(os.environ.get("BENCH_STUDY_ROUNDS", "2"))):
        sweeps.append(_fresh("sweep", n, workers))
        studies.append(_fresh("study", n, workers))
    sw = {k: statistics.median(r[k] for r in sweeps) for k in sweeps[0]}
    st = {k: statistics.median(r[k] for r in studies) for k in studies[0]}
    print(f"study: {n:,} replications on {workers} workers: sweep path {sw['wall']:.1f} s, "
          f"study stored {st['wall']:.1f} s ({st['wall'] / sw['wall']:.2f}x; target <= 1.1x)")
    print(f"study: peak memory: study {st['rss_mb']:.0f} MB (largest worker "
          f"{st['worker_rss_mb']:.0f} MB), sweep path {sw['rss_mb']:.0f} MB (largest worker "
          f"{sw['worker_rss_mb']:.0f} MB); target < 400 MB")
    print(f"study: load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if len(sys.argv) == 4:
        print(json.dumps(_one(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
    else:
        main()

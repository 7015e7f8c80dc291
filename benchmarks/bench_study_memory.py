"""``pocdrill run -r N --events all`` in memory that does not grow with N (issue 14).

Runs a study of the OSCE 72-hour check (57 participants) kept whole (every replication
stored as a run with its event log, in a fresh SQLite file) for 200 and for 2,000
replications (``BENCH_MEMORY_REPLICATIONS=200,2000``) on 2 workers, each in a fresh
interpreter, and prints the peak memory (max RSS) of the process storing them and of its
largest worker. Target: 2,000 within 1.1x of 200 (before: every finished batch waited in
memory for the store, about 0.15 MB a replication, 3 GB and growing at 10,000).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "osce-unannounced-72h.yaml"


def _one(n: int, workers: int) -> dict[str, float]:
    """A study of ``n`` kept whole, in this process: its wall time and peak memory."""
    from results.runs import SweepExecution, study_and_store
    from results.store import Store
    from simulator.io.scenario_files import load_scenario

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{tmp}/m.db") as store:
        done = study_and_store(load_scenario(SCENARIO), seed=1, replications=n, store=store,
                               events=True, execution=SweepExecution(workers=workers))
        assert done.status == "completed" and done.done == n
    return {"wall": time.perf_counter() - t0,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _fresh(n: int, workers: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, str(n), str(workers)], capture_output=True, text=True,
        check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    sizes = [int(x) for x in os.environ.get("BENCH_MEMORY_REPLICATIONS", "200,2000").split(",")]
    measured = {n: _fresh(n, 2) for n in sizes}
    for n, m in measured.items():
        print(f"   run -r {n:>6,} --events all: peak RSS {m['rss_mb']:.0f} MB (largest worker "
              f"{m['worker_rss_mb']:.0f} MB), {m['wall']:.1f} s")
    few, many = measured[sizes[0]], measured[sizes[-1]]
    print(f"   peak RSS {sizes[-1]:,} / {sizes[0]:,}: {many['rss_mb'] / few['rss_mb']:.2f}x "
          "(target <= 1.1x)")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(json.dumps(_one(int(sys.argv[1]), int(sys.argv[2]))))
    else:
        main()

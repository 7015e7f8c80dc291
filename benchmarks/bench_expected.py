"""The live expected band of the 193-state UN ping from 500 replications (issue 16).

Prints the wall time of the band (computed, not read from the cache) on 1 and 2 worker
processes against the target (under 15 s on 2 cores), and how long a 10 Hz loop on the
main thread (the board's) waited at most between two ticks while a worker thread
computed the band: the board never freezes when that stays near 100 ms.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPLICATIONS = 500
TARGET_S = 15.0


def _timed(workers: int) -> tuple[float, float]:
    """Seconds for the band on ``workers`` processes, computed in a thread, and the longest
    gap between two ticks of a 10 Hz loop on this (main) thread meanwhile."""
    from simulator.analysis.expected import expected_band
    from simulator.io.scenario_files import load_scenario

    loaded = load_scenario(ROOT / "scenarios" / "un-directory-ping.yaml")
    directory = loaded.directory()
    start = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)
    took: list[float] = []

    def compute() -> None:
        t0 = time.perf_counter()
        expected_band(loaded.scenario, directory, start, replications=REPLICATIONS,  # type: ignore[arg-type]
                      workers=workers)
        took.append(time.perf_counter() - t0)

    worker = threading.Thread(target=compute)
    worker.start()
    gap, last = 0.0, time.perf_counter()
    while worker.is_alive():
        time.sleep(0.1)
        now = time.perf_counter()
        gap, last = max(gap, now - last), now
    worker.join()
    return took[0], gap


def _per_replication() -> float:
    """Seconds of one plain replication of the same check (the machine's speed now)."""
    from simulator.engine.run import run
    from simulator.io.scenario_files import load_scenario

    loaded = load_scenario(ROOT / "scenarios" / "un-directory-ping.yaml")
    directory = loaded.directory()
    run(loaded.scenario, directory, seed=1)
    t0 = time.perf_counter()
    for r in range(20):
        run(loaded.scenario, directory, seed=1, replication=r)
    return (time.perf_counter() - t0) / 20


def main() -> None:
    one = _per_replication()
    print(f"   one replication of the 193-state ping: {one * 1000:.1f} ms "
          f"(x {REPLICATIONS} = {one * REPLICATIONS:.1f} s serial)")
    for workers in (1, 2):
        took, gap = _timed(workers)
        print(f"   band of 193 states, {REPLICATIONS} replications, {workers} worker(s): "
              f"{took:6.2f} s (target < {TARGET_S:g} s on 2; {took / TARGET_S:.2f} of it; "
              f"{took / (one * REPLICATIONS):.2f}x the plain replications); longest "
              f"main-thread tick meanwhile {gap * 1000:.0f} ms (10 Hz: 100)")


if __name__ == "__main__":
    main()

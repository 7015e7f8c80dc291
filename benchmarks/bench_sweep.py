"""Sweep throughput on the 193-state UN ping: replications per second with 1 and 2 local
workers, the parallel efficiency (rate2 / (2 * rate1); target >= 0.8) and the time 10,000
replications would take (target: under 2 minutes). Also what one replication costs in the
engine, what the sweep adds per replication (summary row), and the size of a row sent back
from a worker - to tell the engine's cost from the sweep machinery's.

The process pool's start-up (fork, the workers' copy-on-write warm-up, shutdown) is a fixed
cost per sweep, not per replication: it is timed on its own and printed separately, and
the efficiency is that of the steady state (the 2-worker wall time less that start-up).
The default 800 replications (``BENCH_SWEEP_REPLICATIONS``) x 3 rounds
(``BENCH_SWEEP_ROUNDS``) keep the last batch's imbalance small and the benchmark under a
minute on an idle 2-core box.
"""

from __future__ import annotations

import os
import pickle
import statistics
import time
from pathlib import Path

from simulator.engine.run import run
from simulator.sweep import plan_sweep, replication_metrics, run_sweep
from simulator.sweep.execution import prepared

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "un-directory-ping.yaml"


def _rate(plan, workers: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Replications per second, wall seconds, and CPU seconds per replication (this
    process and its workers: unlike wall time, not inflated by other load on the box)."""
    c0, t0 = os.times(), time.perf_counter()
    out = run_sweep(plan, workers=workers)
    seconds = time.perf_counter() - t0
    c1 = os.times()
    cpu = sum(getattr(c1, f) - getattr(c0, f)
              for f in ("user", "system", "children_user", "children_system"))
    assert len(out.rows) == plan.total
    return plan.total / seconds, seconds, cpu / plan.total


def _pool_startup(text: str, axes: dict, workers: int) -> float:  # type: ignore[type-arg]
    """Seconds a sweep spends on its pool beyond the replications: forking the workers,
    their first touches of the inherited memory (copy-on-write), and the shutdown. Timed
    as a sweep of one replication on each of ``workers`` points, less one replication's
    time in this process: a fixed cost per sweep, whatever its size."""
    plan = plan_sweep(text, axes, replications=1, seed=2, base_dir=SCENARIO.parent)
    assert len(plan.points) == workers  # one batch per worker
    run_sweep(plan, workers=1)  # warm: the same replications in this process
    t0 = time.perf_counter()
    run_sweep(plan, workers=1)
    one = (time.perf_counter() - t0) / workers
    t0 = time.perf_counter()
    run_sweep(plan, workers=workers)
    return max(0.0, time.perf_counter() - t0 - one)


def main() -> None:
    text = SCENARIO.read_text(encoding="utf-8")
    reps = int(os.environ.get("BENCH_SWEEP_REPLICATIONS", "800"))
    # two points so both workers have work of the same shape; the directory is generated
    # once, in this process, before the pool forks (as run_sweep does)
    axes = {"check.reminders": [["48h"], ["24h", "48h"]]}
    plan1 = plan_sweep(text, axes, replications=reps // 2, base_dir=SCENARIO.parent)
    plan2 = plan_sweep(text, axes, replications=reps, base_dir=SCENARIO.parent)
    scenario, directory = prepared(text, plan1.points[0], plan1.base_dir)
    run(scenario, directory, seed=0)  # warm caches (calendars, behaviours)

    engine, summary = [], []
    for k in range(1, 11):
        t0 = time.perf_counter()
        result = run(scenario, directory, seed=1, replication=k)
        t1 = time.perf_counter()
        for _ in range(20):
            row = {"point": 0, "replication": k, "seed": 1, "metrics": replication_metrics(result)}
        summary.append((time.perf_counter() - t1) / 20)
        engine.append(t1 - t0)
    row_bytes = len(pickle.dumps(row))
    result_bytes = len(pickle.dumps(result))
    print(f"sweep: engine {statistics.median(engine) * 1000:.1f} ms per replication; the sweep's "
          f"summary row adds {statistics.median(summary) * 1000:.2f} ms")
    print(f"sweep: a row sent back is {row_bytes:,} bytes pickled "
          f"(a full RunResult would be {result_bytes:,})")

    # alternate 1 and 2 workers and take medians: the machine is shared and noisy
    ones, twos, starts = [], [], []
    for _ in range(int(os.environ.get("BENCH_SWEEP_ROUNDS", "3"))):
        ones.append(_rate(plan1, 1))
        starts.append(_pool_startup(text, axes, 2))
        twos.append(_rate(plan2, 2))
    rate1, s1, cpu1 = (statistics.median(r[i] for r in ones) for i in range(3))
    rate2, s2, cpu2 = (statistics.median(r[i] for r in twos) for i in range(3))
    start = statistics.median(starts)
    steady2 = plan2.total / max(s2 - start, 1e-9)
    print(f"sweep: pool start-up with 2 workers (fork, warm-up, shutdown): {start:.2f} s "
          "per sweep, whatever its size")
    print(f"sweep: 1 worker  {rate1:6.1f} replications/s ({plan1.total} in {s1:.1f} s, "
          f"in-process), {cpu1 * 1000:.1f} ms CPU per replication")
    print(f"sweep: 2 workers {steady2:6.1f} replications/s steady state "
          f"({plan2.total} in {s2:.1f} s, {rate2:.1f}/s with the start-up), "
          f"{cpu2 * 1000:.1f} ms CPU per replication")
    print(f"sweep: CPU cost of the pool per replication: {cpu2 / cpu1:.2f}x in-process "
          f"(the efficiency an idle 2-core box would see: {cpu1 / cpu2:.2f}); "
          f"load average now {os.getloadavg()[0]:.1f}")
    eff = steady2 / (2 * rate1)
    print(f"sweep: parallel efficiency {eff:.2f} steady state, {rate2 / (2 * rate1):.2f} "
          f"with the start-up, at {plan2.total} replications (target >= 0.8)")
    t10k = start + 10_000 / steady2
    idle = start + 10_000 * cpu2 / 2  # the same CPU work with both cores to itself
    print(f"sweep: 10,000 replications with 2 workers: ~{t10k:.0f} s measured, ~{idle:.0f} s "
          f"from the CPU cost on an idle box (target < 120 s)")
    if t10k > 120 and idle <= 120:
        print(f"sweep: the box was busy (load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores): wall-clock rates and efficiency are understated")
    elif t10k > 120:
        need = 10_000 / 120 / 2
        print(f"sweep: the per-replication cost is the bottleneck: 10k in 2 min on 2 cores needs "
              f"{1000 / need:.0f} ms per replication per core, the engine takes "
              f"{statistics.median(engine) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

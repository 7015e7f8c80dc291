"""Sweep throughput on the 193-state UN ping: replications per second with 1 and 2 local
workers, the parallel efficiency (rate2 / (2 * rate1); target >= 0.8) and the time 10,000
replications would take (target: under 2 minutes). Also what one replication costs in the
engine, what the sweep adds per replication (summary row), and the size of a row sent back
from a worker - to tell the engine's cost from the sweep machinery's."""

from __future__ import annotations

import os
import pickle
import statistics
import time
from pathlib import Path

from simulator.engine import run
from simulator.sweep import plan_sweep, replication_metrics, run_sweep
from simulator.sweep_exec import _prepared

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


def main() -> None:
    text = SCENARIO.read_text(encoding="utf-8")
    reps = int(os.environ.get("BENCH_SWEEP_REPLICATIONS", "60"))
    # two points so both workers have work of the same shape; the directory is generated
    # once, in this process, before the pool forks (as run_sweep does)
    axes = {"check.reminders": [["48h"], ["24h", "48h"]]}
    plan1 = plan_sweep(text, axes, replications=reps // 2, base_dir=SCENARIO.parent)
    plan2 = plan_sweep(text, axes, replications=reps, base_dir=SCENARIO.parent)
    scenario, directory = _prepared(text, plan1.points[0], plan1.base_dir)
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
    ones, twos = [], []
    for _ in range(int(os.environ.get("BENCH_SWEEP_ROUNDS", "3"))):
        ones.append(_rate(plan1, 1))
        twos.append(_rate(plan2, 2))
    rate1, s1, cpu1 = (statistics.median(r[i] for r in ones) for i in range(3))
    rate2, s2, cpu2 = (statistics.median(r[i] for r in twos) for i in range(3))
    print(f"sweep: 1 worker  {rate1:6.1f} replications/s ({plan1.total} in {s1:.1f} s), "
          f"{cpu1 * 1000:.1f} ms CPU per replication")
    print(f"sweep: 2 workers {rate2:6.1f} replications/s ({plan2.total} in {s2:.1f} s, "
          f"pool start included), {cpu2 * 1000:.1f} ms CPU per replication")
    print(f"sweep: CPU cost of the pool per replication: {cpu2 / cpu1:.2f}x in-process "
          f"(the efficiency an idle 2-core box would see: {cpu1 / cpu2:.2f}); "
          f"load average now {os.getloadavg()[0]:.1f}")
    eff = rate2 / (2 * rate1)
    print(f"sweep: parallel efficiency {eff:.2f} (target >= 0.8)")
    t10k = 10_000 / rate2
    print(f"sweep: 10,000 replications with 2 workers: ~{t10k:.0f} s (target < 120 s)")
    if t10k > 120:
        need = 10_000 / 120 / 2
        print(f"sweep: the per-replication cost is the bottleneck: 10k in 2 min on 2 cores needs "
              f"{1000 / need:.0f} ms per replication per core, the engine takes "
              f"{statistics.median(engine) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""Network health, start planning and sensitivity analysis: what each costs.

- ``plan-start`` over a week in hourly steps (168 candidates) on the 193-participant UN
  directory: one calendar per participant covers the window, so each candidate is 193
  bisects;
- ``directory analyse`` with the OSCE check scenario: R replications of the scenario (the
  simulation dominates; the findings themselves are microseconds per participant);
- the Sobol' analysis of a 3-parameter design of N=1024 (5,120 points) with 200 bootstrap
  resamples, and the PRIM rule on those points.

Printed as numbers; no targets enforced.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from simulator.directories.generate import generate_directory
from simulator.directories.health import directory_health
from simulator.directories.plan_start import candidate_starts, start_scores
from simulator.io.scenario_files import load_scenario
from simulator.model.check import CheckScenario
from simulator.sweep.discovery import find_box
from simulator.sweep.sampling import make_design
from simulator.sweep.sensitivity import sensitivity_indices

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "osce-unannounced-72h.yaml"


def _timed(label: str, fn: Callable[..., object], *args: object, **kw: object) -> object:
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    print(f"   {label}: {time.perf_counter() - t0:.3f} s", flush=True)
    return out


def main() -> None:
    un = generate_directory("un", seed=1)
    starts = candidate_starts(datetime(2026, 3, 2, tzinfo=UTC),
                              datetime(2026, 3, 8, 23, tzinfo=UTC), 1.0)
    _timed(f"plan-start, {len(un.participants)} participants x {len(starts)} starts",
           start_scores, un, 72.0, starts)
    loaded = load_scenario(SCENARIO)
    assert isinstance(loaded.scenario, CheckScenario)
    osce = loaded.directory()
    _timed("health findings only (OSCE)", directory_health, osce, as_of=date(2026, 3, 1))
    for r in (50, 200):
        _timed(f"health with {r} simulated replications (OSCE)", directory_health, osce,
               as_of=date(2026, 3, 1), scenario=loaded.scenario, replications=r)
    design = make_design("sobol", 1024, ["a=0:1", "b=0:1", "c=0:1"])
    pts = design.points()
    ys = [math.sin(6 * p["a"]) + p["b"] ** 2 for p in pts]
    xs = [[p[n] for n in design.names] for p in pts]
    _timed(f"Sobol' indices of {len(pts)} points", sensitivity_indices, design, xs, ys)
    _timed(f"PRIM rule on {len(pts)} points", find_box, pts, [y < 0.5 for y in ys])


if __name__ == "__main__":
    main()

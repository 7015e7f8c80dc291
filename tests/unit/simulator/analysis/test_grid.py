"""Curves in proportion to their horizon (issue 14): a study's Kaplan-Meier curve and a
sweep replication's curves keep their usual grid on a normal check (the same figures to the
digit) and at most ``MAX_CURVE_POINTS`` points on any horizon, each point the value the
fine grid has at that time."""

from __future__ import annotations

import hashlib
import json
import random

import pytest

from simulator.analysis.grid import MAX_CURVE_POINTS, curve_step, grid_points, tick_step
from simulator.analysis.pooled import TimeCounts, km_curve
from simulator.sweep.stats import CURVE_STEP_HOURS, curve_grid, curve_step_for
from tests import ROOT

WEEK, TEN_YEARS, CENTURY = 168.0, 87_600.0, 876_000.0


def test_a_week_keeps_the_hourly_grid_and_a_century_is_bounded() -> None:
    assert curve_step(WEEK) == 1.0 and grid_points(WEEK, 1.0) == 169
    assert curve_step_for(144.0) == CURVE_STEP_HOURS and len(curve_grid(144.0)) == 73
    for horizon in (500.0, 501.0, 733.0, 8_760.0, TEN_YEARS, CENTURY, 8_760_000.0):
        for base in (1.0, 2.0):
            step = curve_step(horizon, base)
            assert grid_points(horizon, step) <= MAX_CURVE_POINTS + 1, (horizon, base)
            assert step == int(step) and tick_step(horizon) % step == 0  # a point per tick
            assert step >= base
    assert len(curve_grid(CENTURY)) <= MAX_CURVE_POINTS + 1


def _times(seed: int, horizon: float, n: int = 400) -> TimeCounts:
    rng = random.Random(seed)
    tc = TimeCounts()
    for _ in range(n):
        t = rng.expovariate(1 / (horizon / 5)) if rng.random() < 0.9 else None
        tc.add(t, horizon)
    return tc


def test_study_curve_points_are_bounded_by_what_is_shown() -> None:
    week = km_curve(_times(1, WEEK).km(), WEEK)
    century = km_curve(_times(1, CENTURY).km(), CENTURY)
    assert len(week) == 169 and [r[0] for r in week[:3]] == [0.0, 1.0, 2.0]
    assert len(century) <= MAX_CURVE_POINTS + 1
    assert century[-1][0] <= CENTURY and century[-1][0] + curve_step(CENTURY) > CENTURY


@pytest.mark.parametrize("horizon", [WEEK, 733.0, TEN_YEARS])
def test_a_coarse_curve_is_the_hourly_curve_sampled(horizon: float) -> None:
    steps = _times(2, horizon).km()
    hourly = {row[0]: row for row in km_curve(steps, horizon, step=1.0)}
    coarse = km_curve(steps, horizon)
    assert all(hourly[row[0]] == row for row in coarse)


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def test_a_72_hour_check_shows_the_same_figures_as_before() -> None:
    """The OSCE 72-hour check (horizon 144 h), 4 replications, seed 3: the study's figures,
    its curve and a sweep replication's metrics, digest for digest as before the grid
    adapted to the horizon. (Digests taken again when issue 15's model changed the check:
    secretariat hours, tasks; the grid itself was not touched.)"""
    from results.runs import SweepExecution, study_and_store
    from simulator.engine.run import run
    from simulator.io.scenario_files import load_scenario
    from simulator.sweep.stats import replication_metrics

    loaded = load_scenario(ROOT / "scenarios" / "osce-unannounced-72h.yaml")
    done = study_and_store(loaded, seed=3, replications=4, store=None,
                           execution=SweepExecution(workers=1, engine="simpy"))
    summary = done.summary or {}
    assert summary["figures"]["ack_rate"] == 0.8114
    assert len(summary["km_ack_curve"]) == 145
    assert _digest(summary["km_ack_curve"]) == "757ef881cfb748e9"
    assert _digest(summary["figures"]) == "5c279bdb088274a0"
    metrics = replication_metrics(run(loaded.scenario, loaded.directory(), seed=3,
                                      replication=1))
    assert len(metrics["ack_curve"]) == 73 and metrics["curve_step_hours"] == 2
    assert _digest(metrics) == "84792ddba2e20c93"

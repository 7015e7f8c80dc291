"""Per-replication curves of a sweep (``ack_curve`` / ``completion_curve``) and the sweep
report's per-point curve charts with replication bands."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from results.reports.render import render_html
from results.reports.sweep import MAX_CURVE_POINTS, sweep_report
from results.reports.sweep_stats import point_curves
from results.store import Store
from simulator.sweep.stats import CURVE_STEP_HOURS, curve_grid, replication_metrics
from tests.sweep_support import SCENARIO, write_scenario


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    from simulator.engine.run import run
    from simulator.io.scenario_files import load_scenario

    loaded = load_scenario(write_scenario(tmp_path_factory.mktemp("sc")))
    directory = loaded.directory()
    return [run(loaded.scenario, directory, seed=3, replication=k) for k in range(4)]


def _share(result: Any, what: str, t: float) -> float:
    """The share of participants with an acknowledgement (completion) at or before ``t``."""
    hits = 0
    for p in result.participants:
        at = p.ack_at if what == "ack" else p.completed_at
        hits += at is not None and at <= t
    return round(hits / len(result.participants), 4)


def test_curve_grid_steps_to_the_horizon() -> None:
    assert curve_grid(6.0) == [0.0, 2.0, 4.0, 6.0]
    assert curve_grid(7.0) == [0.0, 2.0, 4.0, 6.0]
    assert len(curve_grid(144.0)) == 73


def test_curves_equal_shares_computed_from_the_run(results: list[Any]) -> None:
    for result in results:
        m = replication_metrics(result)
        grid = curve_grid(result.horizon_hours)
        assert m["curve_step_hours"] == CURVE_STEP_HOURS
        assert m["deadline_hours"] == result.deadline_hours
        for key, what in (("ack_curve", "ack"), ("completion_curve", "completed")):
            curve = m[key]
            assert len(curve) == len(grid) == int(result.horizon_hours // 2) + 1
            for i in (0, 5, 12, 24, len(grid) - 1):
                assert curve[i] == _share(result, what, grid[i]), (key, grid[i])
            assert all(a <= b for a, b in zip(curve, curve[1:], strict=False))
            assert all(isinstance(v, float) for v in curve)
        # the deadline (72 h) is on the grid: the curve there is the in-time rate
        j = grid.index(result.deadline_hours)
        assert m["ack_curve"][j] == m["ack_rate"]
        assert m["completion_curve"][j] == m["completion_rate"]
    # the runs differ, so the curves are not all the same
    assert len({tuple(replication_metrics(r)["ack_curve"]) for r in results}) > 1


def _stored_sweep(tmp_path: Path, results: list[Any], points: int) -> tuple[Store, int]:
    store = Store(f"sqlite:///{tmp_path}/r.db")
    sid = store.create_sweep(
        name="curves",
        scenario_text=SCENARIO,
        axes={"behaviour.turnover_per_year": [0.1 * (p + 1) for p in range(points)]},
        replications=len(results),
        base_seed=3,
        scenario="sweep test check",
        points=[{"behaviour.turnover_per_year": 0.1 * (p + 1)} for p in range(points)],
    )
    store.add_replication_summaries(
        sid,
        [
            {"point": p, "replication": k, "seed": k, "metrics": replication_metrics(r)}
            for p in range(points)
            for k, r in enumerate(results)
        ],
    )
    return store, sid


def test_sweep_report_draws_a_banded_curve_per_point(tmp_path: Path, results: list[Any]) -> None:
    store, sid = _stored_sweep(tmp_path, results, 2)
    with store:
        rows = store.replication_summaries(sid)
        rep = sweep_report(store, sid)
        bands = point_curves(rows)
    html = render_html(rep)
    for p in (0, 1):
        assert re.search(rf'<figure class="chart" id="chart-sweep-ack-{p}"><svg', html)
    assert "Showing" not in html
    # the band holds the replications' curves: lo <= each replication <= hi, pointwise
    curves = [replication_metrics(r)["ack_curve"] for r in results]
    b = bands[0]
    assert b["deadline"] == 72.0 and b["replications"] == len(results)
    for j in range(len(b["t"])):
        col = [c[j] for c in curves]
        assert b["lo"][j] >= min(col) - 1e-12 and b["hi"][j] <= max(col) + 1e-12
        assert b["lo"][j] <= b["median"][j] <= b["hi"][j]
    # with all replications equal the band collapses onto the curve
    one = point_curves([{"point": 0, "metrics": replication_metrics(results[0])}] * 3)[0]
    assert one["lo"] == one["median"] == one["hi"] == curves[0]


def test_many_points_show_at_most_the_limit(tmp_path: Path, results: list[Any]) -> None:
    n = MAX_CURVE_POINTS + 2
    store, sid = _stored_sweep(tmp_path, results[:2], n)
    with store:
        rep = sweep_report(store, sid)
    ids = [c for c in rep.charts if c.startswith("chart-sweep-ack-")]
    assert len(ids) == MAX_CURVE_POINTS
    html = render_html(rep)
    assert f"Showing {MAX_CURVE_POINTS} of {n} points" in html

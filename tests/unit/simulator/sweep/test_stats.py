"""Sweep statistics: per-replication rows, point aggregates with intervals, and paired
differences."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.analysis.intervals import replication_rate_interval
from simulator.analysis.metrics import mean_ci95, t975
from simulator.sweep import (
    aggregate,
    paired_difference,
)
from tests.sweep_support import write_scenario

# -- --vary ---------------------------------------------------------------------------------


def _rows(
    values: list[float | None], metric: str = "ack_rate", order: list[int] | None = None
) -> list[dict]:
    idx = order or list(range(len(values)))
    return [{"point": 0, "replication": k, "seed": 1, "metrics": {metric: values[k]}} for k in idx]


def test_aggregate_means_intervals_and_median_of_medians() -> None:
    rows = [
        {
            "point": 0,
            "replication": k,
            "seed": 1,
            "metrics": {
                "participants": 10,
                "ack_rate": a,
                "completion_rate": c,
                "median_hours_to_ack": m,
                "p90_hours_to_ack": None if m is None else m + 5,
                "median_hours_to_complete": None,
                "late_acks": k,
            },
        }
        for k, (a, c, m) in enumerate(
            [(0.5, 0.1, 10.0), (0.7, 0.3, 30.0), (0.9, 0.2, None), (0.6, 0.2, 20.0)]
        )
    ]
    agg = aggregate(rows)
    assert agg["replications"] == 4 and agg["participants"] == 10
    assert agg["ack_rate"] == pytest.approx(0.675)
    # the cluster-aware Wilson interval studies use (10 participants a replication)
    assert agg["ack_rate_ci95"] == replication_rate_interval([0.5, 0.7, 0.9, 0.6], [10] * 4)
    assert agg["completion_rate"] == pytest.approx(0.2)
    assert agg["median_hours_to_ack"] == 20.0  # median of 10, 30, 20 (None skipped)
    assert agg["p90_hours_to_ack"] == 25.0
    assert agg["median_hours_to_complete"] is None
    assert agg["late_acks"] == 1.5


def test_paired_difference_matches_replications_by_index() -> None:
    a = _rows([0.5, 0.6, 0.9], order=[2, 0, 1])
    b = _rows([0.4, 0.6, 0.7])
    d, (lo, hi) = paired_difference(a, b, "ack_rate")
    diffs = [0.1, 0.0, 0.2]
    assert d == pytest.approx(0.1)
    elo, ehi = mean_ci95(diffs)
    assert (lo, hi) == (pytest.approx(elo, abs=1e-4), pytest.approx(ehi, abs=1e-4))
    # replications missing on one side, or without the metric, are left out
    d2, _ = paired_difference(_rows([0.5, None, 0.9]), b[:2], "ack_rate")
    assert d2 == pytest.approx(0.1)
    assert paired_difference(a, b, "nope") == (None, (None, None))


def test_replication_metrics_equal_run_summary_numbers(tmp_path: Path) -> None:
    from simulator.analysis.metrics import summarize
    from simulator.engine.run import run
    from simulator.io.scenario_files import load_scenario
    from simulator.sweep import replication_metrics

    loaded = load_scenario(write_scenario(tmp_path))
    directory = loaded.directory()
    run_only = {
        "scenario",
        "seed",
        "replications",
        "level",
        "start",
        "deadline_hours",
        "horizon_hours",
        "by_group",
        "slowest",
        "unreachable",
        "contacts_to_fix",
        "task_rates",  # per task: in a run's figures, not (yet) in a sweep's compact rows
    }
    for k in range(4):
        result = run(loaded.scenario, directory, seed=2, replication=k)
        expected = {m: v for m, v in summarize([result]).items() if m not in run_only}
        got = replication_metrics(result)
        # the curves are extra keys (checked in test_sweep_curves.py)
        assert set(got) - set(expected) == {
            "deadline_hours",
            "curve_step_hours",
            "ack_curve",
            "completion_curve",
        }
        assert {m: got[m] for m in expected} == expected


def test_rate_intervals_stay_within_0_1_and_need_two_replications() -> None:
    # 0.55 and 0.95: mean 0.75, t(1) * sd / sqrt(2) = 12.706 * 0.2 = 2.54 either side
    lo, hi = mean_ci95([0.55, 0.95])
    assert lo < -1 and hi > 2  # the raw t-interval leaves [0, 1] ...
    wide = aggregate(_rows([0.55, 0.95]))["ack_rate_ci95"]
    assert 0.0 <= wide[0] < 0.55 and 0.95 < wide[1] <= 1.0  # ... the Wilson interval does not
    narrow = aggregate(_rows([0.5, 0.6, 0.55, 0.52]))["ack_rate_ci95"]
    assert narrow == replication_rate_interval([0.5, 0.6, 0.55, 0.52], [1] * 4)
    # every replication at 100%: not the point [1, 1] Student's t gave (it kept no coverage
    # at a true rate of 0.999), but Wilson's on the 20 x 57 participant-replications
    full = aggregate([{"point": 0, "replication": k, "seed": 1,
                       "metrics": {"participants": 57, "ack_rate": 1.0}} for k in range(20)])
    assert full["ack_rate_ci95"][1] == 1.0 and full["ack_rate_ci95"][0] == pytest.approx(
        0.9966, abs=1e-4)
    # one replication: a mean, no interval (the table prints no '±0.0')
    one = aggregate(_rows([0.876]))
    assert one["ack_rate"] == 0.876 and one["ack_rate_ci95"] is None


def test_paired_rate_differences_stay_within_minus_1_1_and_need_two_replications() -> None:
    # differences 0.8 and -0.8: mean 0, t(1) * 0.8 * sqrt(2) / sqrt(2) = 10.2 either side
    d, ci = paired_difference(_rows([0.9, 0.1]), _rows([0.1, 0.9]), "ack_rate")
    assert d == 0.0 and ci == (-1.0, 1.0)
    d, ci = paired_difference(_rows([0.9]), _rows([0.1]), "ack_rate")
    assert d == pytest.approx(0.8) and ci == (None, None)
    # a difference of hours is not a rate: not clipped
    m = "median_hours_to_ack"
    d, (lo, hi) = paired_difference(_rows([30.0, 10.0], m), _rows([10.0, 30.0], m), m)
    assert d == 0.0 and lo is not None and hi is not None and lo < -100 and hi > 100


def test_t_quantiles_are_exact_where_tabled_and_decrease_to_the_normal() -> None:
    assert t975(11) == 2.201 and t975(13) == 2.160  # not the next tabled (smaller) value
    qs = [t975(df) for df in range(1, 2000)]
    assert all(a > b for a, b in zip(qs, qs[1:], strict=False))
    assert t975(50) == pytest.approx(2.009, abs=1e-3)
    assert t975(100) == pytest.approx(1.984, abs=1e-3)
    assert t975(10**6) == pytest.approx(1.95996, abs=1e-4)


def test_time_aggregates_keep_hours_so_a_table_rounds_once() -> None:
    # replication medians 17.549 and 17.5492: kept to 2 decimals (17.55) a table showed
    # 17.6 where the sweep report (median of the rows) showed 17.5
    rows = _rows([17.549, 17.5492], "median_hours_to_ack")
    agg = aggregate(rows)["median_hours_to_ack"]
    assert agg == pytest.approx(17.5491, abs=1e-9) and f"{agg:.1f}" == "17.5"

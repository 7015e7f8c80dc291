"""Kaplan–Meier against a case worked by hand, and its invariants."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

import pytest

from simulator.analysis.survival import (
    Z975,
    kaplan_meier,
    km_cumulative_band,
    km_cumulative_share,
    km_median,
    km_table,
    step_value,
    time_to,
)
from simulator.model.outcome import ParticipantOutcome, RunResult

# Hand computation for times 1, 2, 2, 3+, 4, 5+ ("+" = censored: never acknowledged by then)
#
#   t   at risk n   events d   censored   S(t)                     Greenwood sum d/(n(n-d))
#   1       6          1          0       1 * (1 - 1/6) = 5/6      1/(6*5)            = 1/30
#   2       5          2          0       5/6 * (1 - 2/5) = 1/2    1/30 + 2/(5*3)     = 1/6
#   3       3          0          1       (no step)
#   4       2          1          0       1/2 * (1 - 1/2) = 1/4    1/6 + 1/(2*1)      = 2/3
#   5       1          0          1       (no step)
#
#   Var S(2) = (1/2)^2 * 1/6 = 1/24.  Median: the first t with S(t) <= 1/2 is t = 2.
#   Log-log band at t = 2: se = sqrt(1/6) / |ln 1/2| = 0.408248 / 0.693147 = 0.588977;
#     k = exp(1.959964 * 0.588977) = 3.17204; lower = 0.5^k = exp(-2.19869) = 0.11095,
#     upper = 0.5^(1/k) = exp(-0.218517) = 0.80371.
#   Plain band at t = 4: 1/4 -+ 1.96 * sqrt(1/16 * 2/3) = 0.25 -+ 0.40008 -> [0, 0.65008].
TIMES = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0]
OBSERVED = [True, True, True, False, True, False]


def _flat(pairs: list[tuple[float, ...]]) -> list[float]:
    return [x for pair in pairs for x in pair]


def test_kaplan_meier_matches_hand_computation() -> None:
    assert _flat(kaplan_meier(TIMES, OBSERVED)) == pytest.approx(
        _flat([(0.0, 1.0), (1.0, 5 / 6), (2.0, 1 / 2), (4.0, 1 / 4)])
    )
    table = km_table(TIMES, OBSERVED)
    assert [(k.t, k.at_risk, k.events) for k in table] == [(1.0, 6, 1), (2.0, 5, 2), (4.0, 2, 1)]
    assert [k.greenwood for k in table] == pytest.approx([1 / 30, 1 / 6, 2 / 3])
    var2 = table[1].survival ** 2 * table[1].greenwood
    assert var2 == pytest.approx(1 / 24)
    assert km_median(TIMES, OBSERVED) == 2.0


def test_loglog_band_matches_hand_computation() -> None:
    k2 = km_table(TIMES, OBSERVED)[1]
    assert k2.lower == pytest.approx(0.11095, abs=1e-5)
    assert k2.upper == pytest.approx(0.80371, abs=1e-5)


def test_plain_band_matches_hand_computation_and_is_clipped() -> None:
    k4 = km_table(TIMES, OBSERVED, band="plain")[2]
    assert k4.lower == 0.0  # 0.25 - 0.40008 clipped
    assert k4.upper == pytest.approx(0.25 + Z975 * math.sqrt(1 / 16 * 2 / 3))


def test_cumulative_share_is_one_minus_s_with_band_flipped() -> None:
    share = km_cumulative_share(TIMES, OBSERVED)
    assert _flat(share) == pytest.approx(_flat([(0, 0), (1, 1 / 6), (2, 1 / 2), (4, 3 / 4)]))
    band = km_cumulative_band(TIMES, OBSERVED)
    t, s, lo, hi = band[2]
    assert (t, s) == pytest.approx((2.0, 0.5))
    assert (lo, hi) == pytest.approx((1 - 0.80371, 1 - 0.11095), abs=1e-5)


def test_ties_between_event_and_censoring_count_the_censored_as_at_risk() -> None:
    # 2, 2+ : at t=2 two at risk, one event -> S = 1/2 (not 0)
    assert kaplan_meier([2.0, 2.0], [True, False]) == [(0.0, 1.0), (2.0, 0.5)]


def test_no_events_median_none_and_all_events_reach_zero() -> None:
    assert kaplan_meier([5.0, 6.0], [False, False]) == [(0.0, 1.0)]
    assert km_median([5.0, 6.0], [False, False]) is None
    table = km_table([1.0, 1.0], [True, True])
    assert table[-1].survival == 0.0 and (table[-1].lower, table[-1].upper) == (0.0, 0.0)


def test_without_censoring_km_is_the_empirical_distribution() -> None:
    rng = random.Random(3)
    xs = [round(rng.expovariate(0.1), 1) for _ in range(200)]
    curve = km_cumulative_share(xs, [True] * len(xs))
    for q in (2.0, 7.5, 15.0, 40.0):
        assert step_value(curve, q) == pytest.approx(sum(x <= q for x in xs) / len(xs))


def test_band_contains_estimate_and_survival_is_monotone() -> None:
    rng = random.Random(11)
    xs = [rng.uniform(0, 100) for _ in range(80)]
    obs = [rng.random() < 0.7 for _ in xs]
    table = km_table(xs, obs)
    assert all(a.survival >= b.survival for a, b in zip(table, table[1:], strict=False))
    assert all(k.lower - 1e-12 <= k.survival <= k.upper + 1e-12 for k in table)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="observed flags"):
        kaplan_meier([1.0], [])
    with pytest.raises(ValueError, match="negative"):
        kaplan_meier([-1.0], [True])


def test_time_to_censors_silent_participants_at_the_horizon() -> None:
    r = RunResult("s", 1, 0, datetime(2026, 3, 6, tzinfo=UTC), 72.0, 144.0, "task")
    r.participants = [
        ParticipantOutcome("AA", "A", "g", ack_at=3.0, completed_at=10.0),
        ParticipantOutcome("BB", "B", "g", ack_at=100.0),
        ParticipantOutcome("CC", "C", "g"),
    ]
    assert time_to(r) == ([3.0, 100.0, 144.0], [True, True, False])
    assert time_to(r, "completed") == ([10.0, 144.0, 144.0], [True, False, False])

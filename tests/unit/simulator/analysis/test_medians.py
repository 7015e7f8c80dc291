"""The Kaplan–Meier median and the in-time median follow one rule (property tests over
random data, no library needed): with no censoring before the deadline and everyone
answering in time they are equal, and the in-time one is never longer."""

from __future__ import annotations

import random
from dataclasses import replace

from simulator.analysis.figures import run_figures
from simulator.analysis.metrics import step_quantile
from simulator.analysis.pooled import TimeCounts, binned
from simulator.analysis.survival import km_median
from tests.store_support import make_result


def test_step_quantile_is_the_km_rule() -> None:
    assert step_quantile([], 0.5) is None
    assert step_quantile([3.0], 0.5) == 3.0
    assert step_quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0  # not the interpolated 2.5
    assert step_quantile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert step_quantile([1.0, 2.0, 3.0, 4.0], 1.0) == 4.0


def test_both_medians_are_equal_when_everyone_answers_in_time() -> None:
    rng = random.Random(12)
    for _ in range(300):
        n = rng.randint(1, 40)
        times = [round(rng.uniform(0, 24), rng.choice((0, 1, 2))) for _ in range(n)]
        assert km_median(times, [True] * n) == step_quantile(times, 0.5)
        tc = TimeCounts()
        tc.add_binned([binned(t, 24.0) for t in times], 24.0)
        assert tc.km_median() == tc.median_until(24.0)


def test_the_in_time_median_is_never_longer_than_the_km_one_without_early_censoring() -> None:
    rng = random.Random(6)
    for _ in range(300):
        n = rng.randint(1, 40)
        times = [round(rng.uniform(0, 48), 2) for _ in range(n)]
        answered = [rng.random() < 0.8 for _ in range(n)]  # the others censored at 48 h
        km = km_median([t if a else 48.0 for t, a in zip(times, answered, strict=True)],
                       answered)
        in_time = step_quantile([t for t, a in zip(times, answered, strict=True)
                                 if a and t <= 24.0], 0.5)
        if km is not None and in_time is not None:
            assert in_time <= km


def test_a_run_where_everyone_answered_in_time_shows_two_equal_medians() -> None:
    rng = random.Random(2)
    for _ in range(50):
        r = make_result()
        d = r.deadline_hours
        ps = [replace(p, ack_at=round(rng.uniform(0, d), 2)) for p in r.participants]
        f = run_figures(replace(r, participants=ps))
        assert f["km_median_hours_to_ack"] == f["median_hours_to_ack_in_time"]

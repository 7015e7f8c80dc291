"""Censored maximum-likelihood fits: parameters recovered, AIC choosing the family."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.analysis.fitting import MIN_EVENTS, TooFewEvents, fit_best, fit_family, fit_offset

CENSOR = 40.0


def censored(x: np.ndarray, at: float = CENSOR) -> tuple[np.ndarray, np.ndarray]:
    return np.minimum(x, at), x <= at


def sample(family: str, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if family == "exponential":
        return rng.exponential(8.0, n)
    if family == "lognormal":
        return 6.0 * np.exp(1.2 * rng.standard_normal(n))
    return 10.0 * rng.weibull(0.7, n)


TRUE = {"exponential": {"mean": 8.0}, "lognormal": {"median": 6.0, "sigma": 1.2},
        "weibull": {"scale": 10.0, "shape": 0.7}}


@pytest.mark.parametrize("family", list(TRUE))
def test_known_parameters_are_recovered_within_their_intervals(family: str) -> None:
    t, d = censored(sample(family, 400, seed=11))
    assert 0 < (~d).sum() < 400  # some are censored: the likelihood must handle them
    fit = fit_family(family, t, d)
    for name, true in TRUE[family].items():
        lo, hi = fit.ci95[name]
        assert lo < true < hi, (name, fit.params[name], (lo, hi))
        assert lo < fit.params[name] < hi


def test_the_intervals_cover_the_truth_about_95_times_in_100() -> None:
    hits = 0
    runs = 60
    for seed in range(runs):
        t, d = censored(sample("lognormal", 150, seed))
        fit = fit_family("lognormal", t, d)
        lo, hi = fit.ci95["median"]
        hits += lo < 6.0 < hi
    assert hits / runs >= 0.85


def test_ignoring_the_censored_would_bias_the_fit_and_the_likelihood_does_not() -> None:
    t, d = censored(sample("exponential", 2000, seed=3), at=8.0)
    fit = fit_family("exponential", t, d)
    naive = float(t[d].mean())  # the mean of those who answered in time
    assert naive < 5.0 < 7.0 < fit.params["mean"] < 9.0
    # the exponential's censored MLE in closed form: total time / events
    assert fit.params["mean"] == pytest.approx(t.sum() / d.sum(), rel=1e-4)


@pytest.mark.parametrize("family", list(TRUE))
def test_aic_picks_the_family_that_made_the_data(family: str) -> None:
    t, d = censored(sample(family, 1500, seed=5))
    best, fits = fit_best(t, d)
    assert best.family == family
    assert {f.family for f in fits} == set(TRUE)
    assert best.aic == min(f.aic for f in fits)


def test_too_few_acknowledgements_say_how_many_are_needed() -> None:
    with pytest.raises(TooFewEvents, match=f"at least {MIN_EVENTS}"):
        fit_family("lognormal", [1.0, 2.0, 50.0, 50.0], [True, True, False, False])


def test_the_fitted_survival_is_one_at_zero_and_falls() -> None:
    t, d = censored(sample("weibull", 300, seed=2))
    fit = fit_family("weibull", t, d)
    s = fit.survival([0.0, 1.0, 10.0, 100.0])
    assert s[0] == pytest.approx(1.0, abs=1e-3) and all(np.diff(s) < 0)
    assert s[2] == pytest.approx(math.exp(-((10 / fit.params["scale"]) ** fit.params["shape"])))


def test_an_offset_needs_an_acknowledgement_and_moves_the_scale() -> None:
    t, d = censored(sample("lognormal", 400, seed=8))
    fit = fit_family("lognormal", t, d)
    assert fit_offset(fit, [40.0, 40.0], [False, False]) is None
    slow = fit_offset(fit, [30.0, 35.0, 38.0], [True, True, True])
    fast = fit_offset(fit, [0.5, 0.7, 1.0], [True, True, True])
    assert slow is not None and fast is not None and fast < 0 < slow

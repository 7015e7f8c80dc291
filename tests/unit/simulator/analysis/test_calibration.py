"""Calibration: strata, shrinkage of participants toward their group, working time, and the
behaviour block a scenario can use."""

from __future__ import annotations

import math
import random
from datetime import datetime

import numpy as np
import pytest

from simulator.analysis.calibration import (
    SHRINK_K,
    Observation,
    calibrate,
    fitted_share,
    observations_of,
)
from simulator.analysis.calibration_block import FOLDED_IN, behaviour_block, per_contact
from simulator.analysis.fitting import Fit, TooFewEvents, fit_family
from simulator.model.behaviour import Behaviour
from simulator.model.directory import Contact, Directory, Participant
from simulator.model.outcome import ParticipantOutcome, RunResult


def group_data(seed: int = 1) -> list[Observation]:
    """Two groups, the second three times slower; 20 participants each, 6 checks each."""
    rng = random.Random(seed)
    out = []
    for g, scale in (("North", 4.0), ("South", 12.0)):
        for i in range(20):
            code = f"{g[0]}{i:02d}"
            tier = ("high", "medium", "low")[i % 3]
            for _ in range(6):
                x = scale * math.exp(1.0 * rng.gauss(0, 1))
                out.append(Observation(code, g, tier, min(x, 60.0), x <= 60.0))
    return out


def test_by_group_fits_each_group_and_one_family_for_all() -> None:
    cal = calibrate(group_data(), by="group")
    assert cal.family == "lognormal" and set(cal.strata) == {"North", "South"}
    north, south = cal.strata["North"].fit, cal.strata["South"].fit
    assert north.params["median"] == pytest.approx(4.0, rel=0.3)
    assert south.params["median"] == pytest.approx(12.0, rel=0.3)
    assert north.ci95["median"][1] < south.ci95["median"][0]  # told apart
    assert cal.aic["lognormal"] == min(cal.aic.values())


def test_a_stratum_with_too_few_acknowledgements_takes_the_fit_of_all() -> None:
    obs = group_data()
    few = [Observation("Z1", "Tiny", "low", 3.0, True), Observation("Z1", "Tiny", "low", 60, False)]
    cal = calibrate(obs + few, by="group")
    assert cal.strata["Tiny"].pooled and cal.strata["Tiny"].fit == cal.pooled


def test_too_few_acknowledgements_in_all_is_an_error_saying_how_many() -> None:
    obs = [Observation("A", "G", "medium", 60.0, False)] * 10 + [
        Observation("B", "G", "medium", 2.0, True)]
    with pytest.raises(TooFewEvents, match="1 acknowledgement.*at least 5"):
        calibrate(obs)


def test_participants_are_shrunk_toward_their_group_by_their_acknowledgements() -> None:
    obs = group_data()
    silent = [Observation("N99", "North", "medium", 60.0, False) for _ in range(3)]
    quick = [Observation("N98", "North", "medium", 0.2, True) for _ in range(2)]
    cal = calibrate(obs + silent + quick, by="participant")
    effects = {e.code: e for e in cal.effects}
    never = effects["N99"]
    assert never.raw is None and never.weight == 0.0 and never.shift == 0.0
    assert cal.fit_of("N99", "North") == cal.strata["North"].fit  # its group's value
    fast = effects["N98"]
    assert fast.raw is not None and fast.raw < 0
    assert fast.weight == pytest.approx(2 / (2 + SHRINK_K))
    assert fast.raw < fast.shift < 0  # pulled toward the group, not all the way
    # a participant seen more often moves further from its group than its raw effect says
    assert all(abs(e.shift) <= abs(e.raw or 0.0) + 1e-12 for e in cal.effects)


def test_fitted_share_follows_the_kaplan_meier_of_the_data() -> None:
    from simulator.analysis.survival import km_cumulative_share, step_value

    obs = group_data()
    cal = calibrate(obs, by="group")
    km = km_cumulative_share([o.hours for o in obs], [o.observed for o in obs])
    grid = [2.0, 6.0, 12.0, 24.0, 48.0]
    fitted = fitted_share(cal, obs, grid)
    for t, f in zip(grid, fitted, strict=True):
        assert abs(f - step_value(km, t)) < 0.05


def one_office(code: str = "AT") -> Directory:
    return Directory(name="One", organisation="custom", participants=[Participant(
        code=code, name="State", group="G", timezone="Europe/Vienna",
        contacts=[Contact(role="policy", email="p@mfa.example.org")])])


def test_observations_count_working_hours_of_the_participants_calendar() -> None:
    # sent Friday 16:00 in Vienna (15:00 UTC), answered Monday 10:00 Vienna: 2 working
    # hours (Friday 16-17, Monday 9-10), not the 66 elapsed
    start = datetime.fromisoformat("2026-03-06T15:00:00+00:00")
    p = ParticipantOutcome("AT", "State", "G", ack_at=66.0)
    result = RunResult("x", 0, 0, start, 72.0, 144.0, "reachability", [p], [], [])
    (o,) = observations_of(result, one_office(), until=144.0)
    assert o.observed and o.hours == pytest.approx(2.0)
    (e,) = observations_of(result, one_office(), until=144.0, working=False)
    assert e.hours == pytest.approx(66.0) and not e.working and o.working
    (u,) = observations_of(result, None, until=144.0)  # its directory unknown
    assert u.hours == pytest.approx(66.0) and not u.working and u.tier == "medium"
    silent = RunResult("x", 0, 0, start, 72.0, 144.0, "reachability",
                       [ParticipantOutcome("AT", "State", "G")], [], [])
    (c,) = observations_of(silent, one_office(), until=144.0)
    # censored 144 h after the start (Thursday 16:00): Fri 1h, Mon-Wed 24h, Thu 7h
    assert not c.observed and c.hours == pytest.approx(32.0)
    # sent to it only on Monday 10:00 Vienna (66 h after the start): its time starts there
    from simulator.model.outcome import Event

    later = RunResult("x", 0, 0, start, 72.0, 144.0, "reachability",
                      [ParticipantOutcome("AT", "State", "G", ack_at=68.0)], [],
                      [Event(66.0, "check_sent", "AT")])
    (m,) = observations_of(later, one_office(), until=144.0)
    assert m.observed and m.hours == pytest.approx(2.0)


def _min_of(fit: Fit, k: int, n: int = 40_000) -> np.ndarray:
    from simulator.model.durations import Exponential, LogNormal, Weibull

    d = per_contact(fit, k)
    model = {"exponential": Exponential, "lognormal": LogNormal, "weibull": Weibull}[d["dist"]]
    dist = model.model_validate(d)
    rng = random.Random(4)
    return np.array([min(dist.sample(rng) for _ in range(k)) for _ in range(n)])


@pytest.mark.parametrize("family", ["exponential", "weibull", "lognormal"])
def test_the_first_of_k_contacts_follows_the_fit(family: str) -> None:
    rng = np.random.default_rng(0)
    x = 6.0 * np.exp(rng.standard_normal(500)) if family == "lognormal" else (
        rng.exponential(6.0, 500) if family == "exponential" else 6.0 * rng.weibull(0.8, 500))
    fit = fit_family(family, x, np.ones(500, dtype=bool))
    first = _min_of(fit, 2)
    median = float(np.median(first))
    expected = next(iter(fit.params.values())) * (math.log(2) if family == "exponential" else
                                                  (math.log(2) ** (1 / fit.params["shape"])
                                                   if family == "weibull" else 1.0))
    assert median == pytest.approx(expected, rel=0.04)


def test_the_block_validates_as_a_scenarios_behaviour_by_tier_group_and_participant() -> None:
    for by in ("tier", "group", "participant"):
        cal = calibrate(group_data(), by=by)
        block = behaviour_block(cal, recipients=2)
        b = Behaviour.model_validate(block)
        assert b.responsiveness == FOLDED_IN["responsiveness"] and b.triage is not None
        assert ("tiers" in block) == (by == "tier")
        assert ("groups" in block) == (by != "tier")
        assert ("participants" in block) == (by == "participant")

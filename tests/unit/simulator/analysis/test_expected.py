"""The expected band of a check: monotone, bracketing what the scenario does, and the
chances of the silent ordered by how quickly each would answer."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pytest

from simulator.analysis.expected import ExpectedBand, band_of, expected_band
from simulator.directories.generate import generate_directory
from simulator.engine.run import run
from simulator.io.scenario_files import scenario_from_text
from simulator.model.check import CheckScenario

START = datetime.fromisoformat("2026-03-09T08:00:00+00:00")  # Monday 09:00 in Vienna
SCENARIO = """\
name: Band check
directory: {profile: osce, seed: 7}
check:
  start: 2026-01-01T00:00:00Z
  deadline: 48h
  horizon: 96h
  level: reachability
  recipients: [policy]
  reminders: []
  escalate_to_deputies: false
behaviour:
  participants:
    AT: {triage: {dist: exponential, mean: 1h}, turnover_per_year: 0, spam_loss: 0,
         absence: 0, responsiveness: 1, mandate: 1}
    DE: {triage: {dist: exponential, mean: 400h}}
"""


@pytest.fixture(scope="module")
def scenario() -> CheckScenario:
    sc = scenario_from_text(SCENARIO).scenario
    assert isinstance(sc, CheckScenario)
    return sc


@pytest.fixture(scope="module")
def band(scenario: CheckScenario) -> ExpectedBand:
    return expected_band(scenario, generate_directory("osce", seed=7), START, replications=80)


def test_the_band_is_monotone_in_time_and_ordered(band: ExpectedBand) -> None:
    assert band.replications == 80 and band.grid[0] == 0 and band.grid[-1] == 96.0
    for q in (band.p05, band.p50, band.p95):
        assert np.all(np.diff(q) >= 0) and q[0] == 0.0
    assert np.all(band.p05 <= band.p50) and np.all(band.p50 <= band.p95)
    assert band.p95[-1] > band.p05[len(band.grid) // 8]  # it rises


def test_the_band_brackets_the_median_of_fresh_replications(
    scenario: CheckScenario, band: ExpectedBand
) -> None:
    sc = scenario.model_copy(update={"check": scenario.check.model_copy(update={"start": START})})
    directory = generate_directory("osce", seed=7)
    fresh = [run(sc, directory, seed=99, replication=r) for r in range(30)]
    n = len(directory.participants)
    for t in (6.0, 24.0, 48.0, 96.0):
        shares = [sum(p.ack_at is not None and p.ack_at <= t for p in r.participants) / n
                  for r in fresh]
        lo, _, hi = band.share_at(t)
        assert lo <= float(np.median(shares)) <= hi


def test_chances_are_probabilities_ordered_by_how_fast_each_answers(band: ExpectedBand) -> None:
    t = 2.0
    chances = {c: band.chance_by_deadline(c, t) for c in band.codes}
    assert all(0.0 < p < 1.0 for p in chances.values())
    assert chances["AT"] > 0.9 and chances["DE"] < 0.3  # fast desk, very slow desk
    assert chances["AT"] > max(p for c, p in chances.items() if c != "AT") - 1e-9
    assert band.chance_by_deadline("AT", 48.0) == 0.0  # the deadline has passed


def test_a_band_survives_its_cache_form(band: ExpectedBand) -> None:
    again = ExpectedBand.from_dict(band.to_dict())
    assert again.codes == band.codes and again.replications == band.replications
    assert np.array_equal(np.isinf(again.ack), np.isinf(band.ack))
    assert np.allclose(again.p50, band.p50) and again.share_at(30.0) == band.share_at(30.0)


def test_quantiles_of_a_known_matrix() -> None:
    ack = np.array([[1.0, math.inf], [1.0, 2.0], [3.0, math.inf], [0.5, 0.7]] * 5)
    b = band_of(["A", "B"], ack, deadline=2.5, horizon=4.0)
    assert b.share_at(0.0) == (0.0, 0.0, 0.0)
    assert b.share_at(4.0)[2] == 1.0 and b.share_at(4.0)[0] == 0.5
    # B silent at 1.0 in three replications of four; it answers by 2.5 in one of them
    assert b.chance_by_deadline("B", 1.0) == pytest.approx((5 + 0.5) / (15 + 1))

"""The validation scenarios (scenarios/validation/) reproduce what the field published.

Set up like WHO's Exercise Crystal (a regional network of national focal points with 24/7
contacts; WPSAR 2025;16(2)), pocdrill's defaults give the exercise's published means
within 5 points: e-mail reach within 24 hours 99%, telephone reach 64%, conference-call
participation 73%. Fixed seed, 60 replications (about 1,600 participant-runs each)."""

from __future__ import annotations

import pytest

from simulator.engine.run import run
from simulator.io.scenario_files import load_scenario
from simulator.model.outcome import RunResult
from tests import ROOT

VALIDATION = ROOT / "scenarios" / "validation"
REPLICATIONS = 60
TOLERANCE = 0.05


def _runs(name: str) -> list[RunResult]:
    loaded = load_scenario(VALIDATION / name)
    directory = loaded.directory()
    loaded.scenario.validate_against(directory, name)
    return [run(loaded.scenario, directory, seed=1, replication=i) for i in range(REPLICATIONS)]


def _share_acknowledged(runs: list[RunResult], channel: str) -> float:
    n = sum(len(r.participants) for r in runs)
    hit = sum(
        p.ack_at is not None and p.ack_at <= r.deadline_hours and p.ack_channel == channel
        for r in runs for p in r.participants
    )
    return hit / n


def test_email_reach_within_24_hours_is_crystals_99_percent() -> None:
    share = _share_acknowledged(_runs("crystal-email.yaml"), "email")
    assert share == pytest.approx(0.99, abs=TOLERANCE)


def test_telephone_reach_over_the_exercise_is_crystals_64_percent() -> None:
    share = _share_acknowledged(_runs("crystal-phone.yaml"), "phone")
    assert share == pytest.approx(0.64, abs=TOLERANCE)


def test_conference_call_participation_is_crystals_73_percent() -> None:
    runs = _runs("crystal-call.yaml")
    scored = [x for r in runs for x in r.expectations]
    assert scored and all(x.action == "join_call" for x in scored)
    share = sum(x.status == "met" for x in scored) / len(scored)
    assert share == pytest.approx(0.73, abs=TOLERANCE)


def test_the_phone_figure_is_a_reach_over_the_exercise_not_one_calls_chance() -> None:
    # the same telephone check with the old reading (every participant reachable, 0.64 the
    # chance one call is answered) reaches far more than the published 64%
    loaded = load_scenario(VALIDATION / "crystal-phone.yaml")
    sc = loaded.scenario.model_copy(update={"behaviour": loaded.scenario.behaviour.model_copy(
        update={"phone_reach": 1.0, "phone_answer": 0.64})})
    directory = loaded.directory()
    runs = [run(sc, directory, seed=1, replication=i) for i in range(20)]
    assert _share_acknowledged(runs, "phone") > 0.64 + 2 * TOLERANCE

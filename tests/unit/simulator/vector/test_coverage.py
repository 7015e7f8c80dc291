"""What the vector engine covers is a whitelist: anything else set is named, never dropped."""

from __future__ import annotations

import pytest

from simulator.io.scenario_files import load_scenario
from simulator.model.errors import InputError
from simulator.vector import coverage
from simulator.vector.coverage import choose_engine, uncovered
from tests.unit.simulator.vector.conftest import BUNDLED, check_variant


def test_a_plain_ping_is_covered_and_auto_picks_the_vector_engine() -> None:
    ping = check_variant().scenario
    assert uncovered(ping) == []
    assert choose_engine(ping, "auto").describe() == "engine: vector (auto)"
    assert choose_engine(ping, "simpy").engine == "simpy"


def test_phone_follow_ups_and_telephone_checks_are_covered() -> None:
    assert uncovered(check_variant(phone_follow_up="60h").scenario) == []
    assert uncovered(check_variant(send_email=False, phone_follow_up="0h").scenario) == []


def test_task_level_checks_are_covered_but_not_their_per_task_event_rates() -> None:
    sc = check_variant(level="task").scenario
    assert uncovered(sc) == []
    named = "per-task rates of results"
    auto = choose_engine(sc, "auto", task_events=True)
    assert auto.engine == "simpy" and named in auto.describe()
    with pytest.raises(InputError, match=f"--engine vector: the vector engine does not cover "
                       f"{named}"):
        choose_engine(sc, "vector", task_events=True)


def test_tabletops_and_event_logs_are_not_covered() -> None:
    tabletop = load_scenario(BUNDLED / "election-ddos.yaml").scenario
    assert uncovered(tabletop) == ["tabletop scenarios (injects and expectations)"]
    assert "an event log" in uncovered(check_variant().scenario, events=True)[0]


def test_a_behaviour_field_not_on_the_whitelist_is_not_covered(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A field added to the model later is refused until the engine models it."""
    sc = check_variant(behaviour={"tiers": {"low": {"spam_loss": 0.1}}}).scenario
    assert uncovered(sc) == []
    monkeypatch.setattr(coverage, "COVERED_BEHAVIOUR_FIELDS",
                        coverage.COVERED_BEHAVIOUR_FIELDS - {"spam_loss"})
    assert uncovered(sc) == ["behaviour.tiers.low.spam_loss"]


def test_a_sweep_runs_on_one_engine_for_every_point() -> None:
    tabletop = load_scenario(BUNDLED / "election-ddos.yaml").scenario
    points = [check_variant().scenario, tabletop]
    assert choose_engine(points, "auto").engine == "simpy"
    assert choose_engine(points[:1], "auto").engine == "vector"

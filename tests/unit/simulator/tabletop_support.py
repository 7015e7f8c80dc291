"""Shared set-up of the tabletop tests: a small directory, a consultation chain with fixed
delays, and helpers to read a run."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from simulator.io.scenario_files import parse_scenario
from simulator.model.directory import Contact, Directory, Participant
from simulator.model.errors import InputError
from simulator.model.outcome import ExpectationOutcome, RunResult
from simulator.model.tabletop import TabletopScenario

SRC = "scenarios/x.yaml"

# Nothing gets in the way; every delay fixed.
FIXED: dict[str, Any] = {
    "turnover_per_year": 0.0,
    "spam_loss": 0.0,
    "absence": 0.0,
    "mandate": 1.0,
    "responsiveness": 1.0,
    "triage": {"dist": "fixed", "value": "1h"},
    "duty_triage": {"dist": "fixed", "value": "1h"},  # these tests' 24/7 desks triage alike
    "ack_delay": {"dist": "fixed", "value": "30m"},
    "clearance": {"dist": "fixed", "value": "2h"},
    "task_work": {"dist": "fixed", "value": "3h"},
    "handoff": {"dist": "fixed", "value": "45m"},
}


def directory(
    codes: list[str],
    *,
    duty: bool = True,
    deputies: bool = False,
    verified: date | None = date(2026, 3, 1),
    group: str = "G",
) -> Directory:
    roles = ["policy", "technical"] + (["deputy_policy", "deputy_technical"] if deputies else [])
    return Directory(
        name="test",
        organisation="custom",
        participants=[
            Participant(
                code=c,
                name=f"State {c}",
                group=group,
                timezone="UTC",
                contacts=[
                    Contact(
                        role=r,
                        email=f"{r}.{c.lower()}@mfa.example.org",
                        duty_24_7=duty,
                        last_verified=verified,
                        languages=["en"],
                    )
                    for r in roles
                ],
            )
            for c in codes
        ],
    )


def base(**over: Any) -> dict[str, Any]:
    """A consultation chain: I1 -> A requests consultation (E1) -> I2 to B (E2 respond)
    -> if B misses E2, I3 (a public statement)."""
    sc: dict[str, Any] = {
        "kind": "tabletop",
        "name": "chain",
        "directory": {"profile": "osce", "seed": 1},
        "start": "2026-03-10T09:00:00Z",
        "end": "48h",
        "announced": False,
        "behaviour": copy.deepcopy(FIXED),
        "stages": [{"id": "S1", "title": "One", "questions": ["Q?"]}, {"id": "S2", "title": "Two"}],
        "injects": [
            {
                "id": "I1",
                "stage": "S1",
                "at": "2h",
                "recipients": ["AA"],
                "subject": "incident",
                "expect": [
                    {"id": "E1", "action": "request_consultation", "within": "4h", "to": "BB"}
                ],
            },
            {
                "id": "I2",
                "stage": "S2",
                "trigger": {"on": "met", "expectation": "E1"},
                "delay": "10m",
                "sender": "AA",
                "recipients": ["BB"],
                "subject": "consultation",
                "expect": [{"id": "E2", "action": "respond", "within": "1h", "to": "AA"}],
            },
            {
                "id": "I3",
                "stage": "S2",
                "trigger": {"on": "missed", "expectation": "E2"},
                "delay": "30m",
                "sender": "AA",
                "recipients": ["all"],
                "channel": "public",
                "subject": "minister speaks",
            },
        ],
    }
    sc.update(over)
    return sc


def model(data: dict[str, Any]) -> TabletopScenario:
    sc = parse_scenario(data, SRC)
    assert isinstance(sc, TabletopScenario)
    return sc


def fired(r: RunResult) -> dict[str, float]:
    return {e.detail: e.t for e in r.events if e.kind == "inject"}


def outcome(r: RunResult, exp_id: str, code: str) -> ExpectationOutcome:
    (x,) = [x for x in r.expectations if x.id == exp_id and x.participant == code]
    return x


def problems(data: dict[str, Any], d: Directory | None = None) -> list[str]:
    with pytest.raises(InputError) as ei:
        sc = parse_scenario(data, SRC)
        sc.validate_against(d or directory(["AA", "BB"]), SRC)
    return [str(p) for p in ei.value.problems]

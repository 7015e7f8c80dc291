"""Scenarios the vector engine's tests share: a 57-state reachability check built on the
bundled OSCE directory (small enough for the suite), with behaviour variants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import scenarios
from simulator.io.scenario_files import LoadedScenario, scenario_from_text

BUNDLED = Path(scenarios.__file__).parent

OSCE_PING: dict[str, Any] = {
    "name": "OSCE ping (vector tests)",
    "directory": {"profile": "osce", "seed": 7},
    "check": {
        "start": "2026-03-06T15:00:00Z", "deadline": "72h", "horizon": "144h",
        "level": "reachability", "reminders": ["24h"],
        "secretariat": {"timezone": "Europe/Vienna", "holidays": "AT"},
    },
}


def check_variant(**check: Any) -> LoadedScenario:
    """The OSCE ping with ``check`` fields (and ``behaviour=...``) replaced."""
    data = yaml.safe_load(yaml.safe_dump(OSCE_PING))
    behaviour = check.pop("behaviour", None)
    data["check"].update(check)
    if behaviour is not None:
        data["behaviour"] = behaviour
    return scenario_from_text(yaml.safe_dump(data))


@pytest.fixture(scope="session")
def osce_ping() -> LoadedScenario:
    return check_variant()

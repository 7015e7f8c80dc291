"""What a run takes from its scenario: who takes part, the level it is stored with, when
reminders are due."""

from __future__ import annotations

from simulator.model.check import CheckScenario
from simulator.model.directory import Directory, Participant
from simulator.model.scenario import Scenario
from simulator.model.tabletop import TabletopScenario


def taking_part(scenario: Scenario, directory: Directory) -> list[Participant]:
    """The directory's participants in this exercise (a tabletop may name a subset)."""
    codes = scenario.participants if isinstance(scenario, TabletopScenario) else None
    if not codes:
        return list(directory.participants)
    wanted = set(codes)
    return [p for p in directory.participants if p.code in wanted]


def level_of(scenario: Scenario | None) -> str:
    """The level a run of ``scenario`` is stored with."""
    if isinstance(scenario, CheckScenario):
        return scenario.check.level
    return "tabletop" if scenario is not None else "reachability"


def reminder_offsets(scenario: Scenario | None) -> list[float]:
    """When a check's reminders are due, in hours from the start (none in a tabletop)."""
    return list(scenario.check.reminders) if isinstance(scenario, CheckScenario) else []

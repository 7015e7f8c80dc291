"""The timeline the injects define: trigger parents, cycles and the earliest
hour each inject can fire."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.model.injects import Inject
from simulator.model.timeline import earliest_fire, trigger_cycle, trigger_parents


def inject(iid: str, *, at: str | None = None, on: tuple[str, str] | None = None,
           delay: str = "0h", expect: tuple[str, str] | None = None) -> Inject:
    data: dict[str, Any] = {"id": iid, "stage": "S1", "recipients": ["AA"], "subject": iid}
    if at is not None:
        data["at"] = at
    if on is not None:
        data["trigger"] = {"on": on[0], "expectation": on[1]}
        data["delay"] = delay
    if expect is not None:
        data["expect"] = [{"id": expect[0], "action": "respond", "within": expect[1]}]
    return Inject.model_validate(data)


def test_earliest_fire_follows_met_and_missed_triggers() -> None:
    chain = [
        inject("I1", at="2h", expect=("E1", "4h")),
        inject("I2", on=("met", "E1"), delay="10m", expect=("E2", "1h")),
        inject("I3", on=("missed", "E2"), delay="30m"),
        inject("I4", on=("late", "E1")),
    ]
    assert trigger_parents(chain) == {"I2": "I1", "I3": "I2", "I4": "I1"}
    assert trigger_cycle(chain) is None
    assert earliest_fire(chain) == pytest.approx(
        {"I1": 2.0, "I2": 2 + 1 / 6, "I3": 2 + 1 / 6 + 1 + 0.5, "I4": 6.0}
    )


def test_a_cycle_starts_at_its_first_inject_in_the_file() -> None:
    loop = [
        inject("I1", on=("met", "E2"), expect=("E1", "1h")),
        inject("I2", on=("met", "E1"), expect=("E2", "1h")),
    ]
    assert trigger_cycle(loop) == ["I1", "I2", "I1"]
    assert earliest_fire(loop) == {"I1": None, "I2": None}

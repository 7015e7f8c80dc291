"""The live inject schedule agrees with the simulation: each inject falls due when the
simulation fired it."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.engine.run import run
from simulator.engine.schedule import inject_schedule
from simulator.model.outcome import RunResult
from tests.unit.simulator.tabletop_support import (
    base,
    directory,
    fired,
    model,
)


def live_view(r: RunResult, now: float) -> tuple[dict[str, float], dict[str, list[Any]]]:
    """What a facilitator would have recorded by ``now`` in a live run that went like ``r``."""
    fired_by = {k: t for k, t in fired(r).items() if t < now - 1e-9}
    windows: dict[str, list[Any]] = {}
    for x in r.expectations:
        if x.due_at is None:
            continue
        done = x.done_at if x.done_at is not None and x.done_at <= now + 1e-9 else None
        windows.setdefault(x.id, []).append((x.due_at, done))
    return fired_by, windows


@pytest.mark.parametrize("on, delay", [("missed", "30m"), ("late", "0h"), ("done", "1h")])
def test_live_schedule_puts_each_inject_due_when_the_simulation_fired_it(
    on: str, delay: str
) -> None:
    data = base()
    data["injects"][2]["trigger"] = {"on": on, "expectation": "E2"}
    data["injects"][2]["delay"] = delay
    sc = model(data)
    r = run(sc, directory(["AA", "BB"]), seed=1)
    assert set(fired(r)) == {"I1", "I2", "I3"}
    for key, t in fired(r).items():
        before, windows = live_view(r, t)
        # a moment earlier it is not yet due; at its time it is
        due_soon = {s.id: s.due_at for s in inject_schedule(sc, before, windows, t - 1e-6)}
        assert due_soon.get(key, float("inf")) >= t - 1e-9
        due = {s.id: s.due_at for s in inject_schedule(sc, before, windows, t)}
        assert due[key] == pytest.approx(t), (on, key)


def test_live_schedule_leaves_out_open_conditions_manual_and_fired_injects() -> None:
    data = base()
    data["injects"].append({"id": "I4", "stage": "S2", "trigger": {"manual": True},
                            "recipients": ["AA"], "subject": "by hand"})
    sc = model(data)
    # nothing fired: only the timed I1 is known (in the future at 1h)
    assert [(s.id, s.due_at, s.reason) for s in inject_schedule(sc, {}, {}, 1.0)] == [
        ("I1", 2.0, "at 2h")]
    # I1 fired at 2h, E1 still open at 5h: I2 waits (met not decided), I3 waits on I2
    assert inject_schedule(sc, {"I1": 2.0}, {"E1": [(6.0, None)]}, 5.0) == []
    # E1 met at 5.5h: I2 due 10 minutes later
    (s,) = inject_schedule(sc, {"I1": 2.0}, {"E1": [(6.0, 5.5)]}, 5.6)
    assert s.id == "I2" and s.due_at == pytest.approx(5.5 + 10 / 60) and s.reason == "E1 met"
    # E1 done late: met never comes
    assert inject_schedule(sc, {"I1": 2.0}, {"E1": [(6.0, 7.0)]}, 8.0) == []
    # I2 fired at 6h; E2 (1h) unanswered at 7h -> missed, I3 due at 7.5h; manual I4 never
    (s,) = inject_schedule(sc, {"I1": 2.0, "I2": 6.0}, {"E2": [(7.0, None)]}, 7.0)
    assert (s.id, s.due_at, s.reason) == ("I3", pytest.approx(7.5), "E2 missed")
    # once fired, it is no longer scheduled
    assert inject_schedule(sc, {"I1": 2.0, "I2": 6.0, "I3": 7.5}, {}, 9.0) == []

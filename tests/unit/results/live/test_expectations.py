"""A live tabletop's expectations scored at the end."""

from __future__ import annotations

from simulator.model.outcome import Event, ParticipantOutcome


def _p(code: str, group: str = "G1", **kw: object) -> ParticipantOutcome:
    return ParticipantOutcome(code=code, name=f"State {code}", group=group, **kw)  # type: ignore[arg-type]


def test_live_expectations_still_open_at_the_end_are_not_missed() -> None:
    from results.live.expectations import OPEN, expectation_outcomes
    from simulator.io.scenario_files import scenario_from_text
    from tests.live_support import SCORECARD

    scenario = scenario_from_text(SCORECARD).scenario
    ps = [_p("XA"), _p("XB")]
    events = [Event(0.0, "inject", None, None, None, "I1"),
              Event(0.5, "expectation", "XA", None, None, "met: E1")]

    def statuses(end: float | None) -> list[tuple[str, str, str]]:
        return [(x.id, x.participant, x.status)
                for x in expectation_outcomes(scenario, ps, events, end=end)]

    # ended at 1.5h: E1 (due 1h) decided, E2 (due 2h) still open, I2 never fired
    assert statuses(1.5) == [("E1", "XA", "met"), ("E1", "XB", "missed"), ("E2", "XA", OPEN),
                             ("E2", "XB", OPEN), ("E3", "XB", "not_fired")]
    # ended after every window closed (or no end given): what was not done is missed
    assert statuses(2.0) == statuses(None) == [
        ("E1", "XA", "met"), ("E1", "XB", "missed"), ("E2", "XA", "missed"),
        ("E2", "XB", "missed"), ("E3", "XB", "not_fired")]
"""Replaying a live run's events onto its participants."""

from __future__ import annotations

from results.live.events import apply_event, participants_from_events
from simulator.model.outcome import Event, ParticipantOutcome


def _p(code: str, group: str = "G1", **kw: object) -> ParticipantOutcome:
    return ParticipantOutcome(code=code, name=f"State {code}", group=group, **kw)  # type: ignore[arg-type]


def test_live_events_rebuild_participants_first_answer_wins() -> None:
    base = [_p("XA"), _p("XB")]
    events = [
        Event(0.0, "check_sent", "XA"), Event(0.0, "check_sent", "XB"),
        Event(1.0, "bounced", "XB"), Event(2.0, "delivered", "XB"),
        Event(5.0, "acknowledged", "XA", "XA/policy", "email"),
        Event(3.0, "reminder", "XB"), Event(7.0, "acknowledged", "XA"),
        Event(9.0, "completed", "XB"),
    ]
    a, b = participants_from_events(base, events)
    assert (a.ack_at, a.ack_by, a.delivered_at, a.completed_at) == (5.0, "XA/policy", 5.0, None)
    assert (b.bounces, b.reminders, b.delivered_at) == (1, 1, 2.0)
    assert (b.ack_at, b.completed_at) == (9.0, 9.0)
    assert a.human and b.human
    # the order events arrive in does not matter
    again = participants_from_events(base, list(reversed(events)))
    assert again == [a, b]
    # an event for someone else changes nothing
    assert apply_event(a, Event(1.0, "acknowledged", "XB")) is a

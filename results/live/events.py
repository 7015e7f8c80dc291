"""Replaying a live run's events onto its participants and contacts.

A live run's truth is its event log: every facilitator action is stored as an event the
moment it is made. :func:`participants_from_events` replays the events onto fresh
participant outcomes, so a run reopened after a crash shows exactly what was recorded;
the contacts its ``bounced`` events name are marked bounced
(:func:`results.live.contacts.contacts_from_events`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from simulator.model.outcome import Event, ParticipantOutcome

LIVE_KINDS = ("delivered", "acknowledged", "completed", "bounced", "reminder", "escalation",
              "phone_call", "inject", "note", "check_sent", "deadline", "action", "undone")
"""Event kinds a facilitator records in a live run."""


def apply_event(p: ParticipantOutcome, e: Event) -> ParticipantOutcome:
    """``p`` after event ``e`` (a new object; the first acknowledgement/completion wins).

    A tabletop ``action`` (consulting, sharing, joining a call ...) acknowledges too, as in
    the simulation."""
    if e.participant is not None and e.participant != p.code:
        return p
    k = e.kind
    if k == "delivered":
        if p.delivered_at is None or e.t < p.delivered_at:
            return replace(p, delivered=True, delivered_at=e.t)
        return p
    if k in ("acknowledged", "completed", "action"):
        q = p
        if q.delivered_at is None or e.t < q.delivered_at:
            q = replace(q, delivered=True, delivered_at=e.t)
        if q.ack_at is None or e.t < q.ack_at:
            q = replace(q, ack_at=e.t, ack_by=e.contact, ack_channel=e.channel)
        if k == "completed" and (q.completed_at is None or e.t < q.completed_at):
            q = replace(q, completed_at=e.t)
        return q
    if k == "bounced":
        return replace(p, bounces=p.bounces + 1)
    if k == "reminder":
        return replace(p, reminders=p.reminders + 1)
    if k == "escalation":
        return replace(p, escalations=p.escalations + 1)
    return p


def fresh(p: ParticipantOutcome) -> ParticipantOutcome:
    """``p`` with nothing recorded yet (same code, name, group)."""
    return ParticipantOutcome(code=p.code, name=p.name, group=p.group, human=True)


def participants_from_events(
    base: Sequence[ParticipantOutcome], events: Iterable[Event]
) -> list[ParticipantOutcome]:
    """Replay ``events`` (in time order, those undone left out: :mod:`results.live.undo`)
    onto fresh copies of ``base``."""
    from results.live.undo import effective

    state = {p.code: fresh(p) for p in base}
    for e in sorted(effective(events), key=lambda e: e.t):
        if e.participant in state:
            state[e.participant] = apply_event(state[e.participant], e)
    return [state[p.code] for p in base]

"""Live runs: the state of a run being recorded by hand, rebuilt from its events.

A live run's truth is its event log: every facilitator action is stored as an event the
moment it is made. :func:`participants_from_events` replays the events onto fresh
participant outcomes, so a run reopened after a crash shows exactly what was recorded.
:func:`reopen_live_run` sets an interrupted live run back to *running* for this process
and returns what it needs to go on (through the store's public functions only).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from simulator.outcome import Event, ParticipantOutcome

LIVE_KINDS = ("delivered", "acknowledged", "completed", "bounced", "reminder", "escalation",
              "phone_call", "inject", "note", "check_sent", "deadline", "action")
"""Event kinds a facilitator records in a live run."""


def apply_event(p: ParticipantOutcome, e: Event) -> ParticipantOutcome:
    """``p`` after event ``e`` (a new object; the first acknowledgement/completion wins)."""
    if e.participant is not None and e.participant != p.code:
        return p
    k = e.kind
    if k == "delivered":
        if p.delivered_at is None or e.t < p.delivered_at:
            return replace(p, delivered=True, delivered_at=e.t)
        return p
    if k in ("acknowledged", "completed"):
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
    """Replay ``events`` (in time order) onto fresh copies of ``base``."""
    state = {p.code: fresh(p) for p in base}
    for e in sorted(events, key=lambda e: e.t):
        if e.participant in state:
            state[e.participant] = apply_event(state[e.participant], e)
    return [state[p.code] for p in base]


@dataclass
class LiveState:
    """What a live run needs to go on: its anchor, its participants and its log."""

    run_id: int
    run: Any  # results.store.RunInfo, with scenario_text
    start: datetime
    deadline_hours: float
    horizon_hours: float
    scenario_text: str
    events: list[Event] = field(default_factory=list)
    participants: list[ParticipantOutcome] = field(default_factory=list)


def note_events(notes: Iterable[Any]) -> list[Event]:
    """The store's notes as ``note`` events (notes without a time sort first)."""
    return [Event(n.t if n.t is not None else 0.0, "note", n.participant, None, None, n.text)
            for n in notes]


def load_live_state(store: Any, run_id: int) -> LiveState:
    """A live run as stored: statuses rebuilt from its events, notes among the events."""
    run = store.get_run(run_id)
    result = store.load_result(run_id)
    events = list(result.events)
    participants = participants_from_events(result.participants, events)
    events = sorted(events + note_events(store.notes(run_id)), key=lambda e: e.t)
    return LiveState(
        run_id=run_id, run=run, start=result.start,
        deadline_hours=result.deadline_hours or 0.0,
        horizon_hours=result.horizon_hours or result.deadline_hours or 0.0,
        scenario_text=run.scenario_text or "", events=events, participants=participants,
    )


def reopen_live_run(store: Any, run_id: int) -> LiveState:
    """Set an interrupted live run back to *running* for this process and load it.

    Raises :class:`KeyError` for an unknown run and :class:`ValueError` for one that is
    not live, already completed, or still open in another running process.
    """
    from results.store import pid_alive

    run = store.get_run(run_id)
    if run.mode != "live":
        raise ValueError(f"run {run_id} is a {run.mode} run; open it under Results instead")
    if run.status == "completed":
        raise ValueError(f"live run {run_id} is completed; open it under Results instead")
    if (run.status == "running" and run.pid not in (None, os.getpid())
            and run.host == store.host and pid_alive(run.pid)):
        raise ValueError(f"live run {run_id} is open in another pocdrill (process {run.pid})")
    store.reopen_run(run_id)
    return load_live_state(store, run_id)

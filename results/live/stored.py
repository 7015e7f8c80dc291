"""A live run as stored: its state rebuilt from its events, and reopening it.

:func:`load_live_state` reads a live run back: statuses replayed from its events
(:mod:`results.live.events`), its notes among the events. :func:`resumable_live_run` is
the one rule of which runs may be reopened (live ones not completed), for the TUI and
``pocdrill tui --resume`` alike; :func:`reopen_live_run` sets such a run back to *running*
for this process and loads it (through the store's public functions only).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from results.db import StoreError
from results.live.contacts import contacts_from_events
from results.live.events import participants_from_events
from simulator.model.outcome import ContactOutcome, Event, ParticipantOutcome

if TYPE_CHECKING:
    from results.store import NoteInfo, RunInfo, Store


@dataclass
class LiveState:
    """What a live run needs to go on: its anchor, its participants and its log."""

    run_id: int
    run: RunInfo
    start: datetime
    deadline_hours: float
    horizon_hours: float
    scenario_text: str
    events: list[Event] = field(default_factory=list)
    participants: list[ParticipantOutcome] = field(default_factory=list)
    contacts: list[ContactOutcome] = field(default_factory=list)


def note_events(notes: Iterable[NoteInfo]) -> list[Event]:
    """The store's notes as ``note`` events (notes without a time sort first)."""
    return [Event(n.t if n.t is not None else 0.0, "note", n.participant, None, None, n.text)
            for n in notes]


def load_live_state(store: Store, run_id: int) -> LiveState:
    """A live run as stored: statuses rebuilt from its events, notes among the events."""
    run = store.get_run(run_id)
    result = store.load_result(run_id)
    events = list(result.events)
    participants = participants_from_events(result.participants, events)
    contacts = contacts_from_events(result.contacts, events)
    events = sorted(events + note_events(store.notes(run_id)), key=lambda e: e.t)
    return LiveState(
        run_id=run_id, run=run, start=result.start,
        deadline_hours=result.deadline_hours or 0.0,
        horizon_hours=result.horizon_hours or result.deadline_hours or 0.0,
        scenario_text=run.scenario_text or "", events=events, participants=participants,
        contacts=contacts,
    )


class NotResumable(StoreError, ValueError):
    """A run that cannot be reopened live (simulated, completed, or open elsewhere)."""


def resumable_live_run(store: Store, run_id: int) -> RunInfo:
    """The live run ``run_id`` if it may be reopened: :class:`~results.db.NotFound` for an
    unknown run, :class:`NotResumable` for a simulated or a completed one."""
    run = store.get_run(run_id)
    if run.mode != "live":
        raise NotResumable(f"run {run_id} is a {run.mode} run; only live runs resume "
                           "(open it under Results)")
    if run.status == "completed":
        raise NotResumable(f"live run {run_id} is completed; open it under Results")
    return run


def reopen_live_run(store: Store, run_id: int) -> LiveState:
    """Set an interrupted live run back to *running* for this process and load it.

    Raises :class:`~results.db.NotFound` (a :class:`KeyError`) for an unknown run and
    :class:`NotResumable` (a :class:`ValueError`) for one :func:`resumable_live_run`
    refuses, or one still open in another running process.
    """
    from results.store import pid_alive

    run = resumable_live_run(store, run_id)
    if (run.status == "running" and run.pid not in (None, os.getpid())
            and run.host == store.host and pid_alive(run.pid)):
        raise NotResumable(f"live run {run_id} is open in another pocdrill (process {run.pid})")
    store.reopen_run(run_id)
    return load_live_state(store, run_id)

"""What a live session's action gives back, and how its store writes are made.

Every action of a :class:`~results.live.session.LiveSession` hands its store write to a
:data:`Save` at once: :func:`write_now` writes it there and then (a command line, tests);
the TUI queues it to a worker thread that writes in the order the actions were made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.model.outcome import Event, ParticipantOutcome

if TYPE_CHECKING:
    from results.store import Store

StoreJob = Callable[["Store"], object]
"""A write to the results store."""
Save = Callable[[StoreJob, str], None]
"""Runs a store job (``what`` names it for errors): now, or queued in order."""


def write_now(store: Store) -> Save:
    """A :data:`Save` that writes to ``store`` at once."""
    def save(job: StoreJob, what: str) -> None:
        job(store)
    return save


class RunCompleted(ValueError):
    """The live run is completed: nothing more is recorded."""


@dataclass(frozen=True)
class Recorded:
    """What one action recorded: its events and the outcomes it changed (already handed
    to the store); for an action that records nothing, why."""

    events: tuple[Event, ...] = ()
    participants: tuple[ParticipantOutcome, ...] = ()
    closed: tuple[str, ...] = ()
    """Verdicts (``met: E1``) of the expectations it closed."""
    already_at: float | None = None
    """An acknowledgement or completion recorded again: when the first one was."""
    all_bounced: tuple[str, ...] = ()
    """A bounce refused: the participant's addresses, every one of which has bounced."""
    undone: tuple[Event, ...] = ()
    """An undo: the events it took back (its own ``events`` are the correcting ones)."""

    @property
    def event(self) -> Event | None:
        """The action's own event (None when nothing was recorded)."""
        return self.events[0] if self.events else None

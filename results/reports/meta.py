"""What a report needs to know about a stored run besides its outcome: its record
(:class:`RunMeta`), the facilitator's notes (:class:`NoteRow`) and the contacts' personal
data as stored with the run (:class:`ContactDetails`); :func:`meta_of` reads the record
from the store's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from results.store import RunInfo


@dataclass
class RunMeta:
    """What a report needs to know about a stored run besides its outcome."""

    id: int | None = None
    scenario: str = ""
    mode: str = "simulated"
    kind: str = "check"
    status: str = "completed"
    seed: int = 0
    replication: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    scenario_text: str | None = None
    database: str = ""
    stored_reminders: int | None = None
    """Reminder messages as stored with the run, when its event log was not kept."""


@dataclass
class NoteRow:
    """A facilitator's note: when (hours since the start, None for an untimed note),
    its text, and the participant it is about."""

    t: float | None
    text: str
    participant: str | None = None
    created_at: datetime | None = None


@dataclass
class ContactDetails:
    """Personal data of a contact, as stored with the run (any field may be None)."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


def meta_of(info: RunInfo, database: str = "") -> RunMeta:
    """A :class:`RunMeta` from the store's run record."""
    return RunMeta(
        id=info.id,
        scenario=info.scenario or "",
        mode=info.mode or "simulated",
        kind=info.kind or "check",
        status=info.status or "completed",
        seed=info.seed or 0,
        replication=info.replication or 0,
        started_at=info.started_at,
        finished_at=info.finished_at,
        scenario_text=info.scenario_text,
        database=database,
        stored_reminders=None if info.events_stored else _stored_reminders(info.summary),
    )


def _stored_reminders(summary: dict[str, Any] | None) -> int | None:
    v = (summary or {}).get("reminders_sent")
    return int(v) if isinstance(v, int | float) and not isinstance(v, bool) else None

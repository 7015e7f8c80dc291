"""What a run produces: immutable record rows, ready to become database rows.

Times are float hours since the check (or exercise) start; ``RunResult.start`` anchors
them in UTC. A participant *acknowledged* when any of its contacts acknowledged; it is
*late* when that happened after the deadline.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple


class Event(NamedTuple):
    """One thing that happened, at simulated (or wall-clock) hours since start."""

    t: float
    kind: str
    participant: str | None = None
    contact: str | None = None
    channel: str | None = None
    detail: str = ""


EVENT_KINDS = (
    "check_sent",  # the secretariat sends the check / an inject goes out
    "delivered",  # a message reached a working mailbox / phone
    "bounced",  # a stale address bounced (visible to the sender)
    "lost",  # a message silently vanished (stale, spam filter)
    "out_of_office",  # an auto-reply: the contact is on leave until ...
    "noticed",  # a person noticed the message
    "clearance",  # internal clearance obtained
    "handoff",  # policy handed off to technical (or back)
    "translated",  # translation finished
    "acknowledged",  # first acknowledgement by this contact
    "task_done",  # one task answered (detail: the task's name; task-level checks)
    "completed",  # every task answered (task-level checks)
    "reminder",  # the secretariat sent a reminder
    "escalation",  # the secretariat escalated to a deputy
    "phone_call",  # a phone follow-up (detail: answered / unanswered)
    "retry",  # the secretariat tried another contact / channel after a bounce
    "deadline",  # the deadline passed
    "inject",  # a tabletop inject fired
    "action",  # a participant action in a tabletop (respond, share, ...)
    "expectation",  # an expectation was scored (detail: met / late / missed)
    "note",  # a facilitator note
)


@dataclass(slots=True)
class ContactOutcome:
    participant: str
    key: str
    role: str
    stale: bool = False
    bounced: bool = False
    lost: bool = False
    absent: bool = False
    noticed_at: float | None = None
    acknowledged_at: float | None = None


@dataclass(slots=True)
class ParticipantOutcome:
    code: str
    name: str
    group: str
    delivered: bool = False
    delivered_at: float | None = None
    ack_at: float | None = None
    ack_by: str | None = None
    ack_channel: str | None = None
    completed_at: float | None = None
    reminders: int = 0
    escalations: int = 0
    bounces: int = 0
    human: bool = False  # played live by a real participant

    def status(self, now: float, deadline: float) -> str:
        """pending, delivered, acknowledged, completed, late, overdue or unreachable at
        ``now``, as the summary counts them: *acknowledged* (*completed*: tasks done too)
        by the deadline; *late*: acknowledged after it; past the deadline without an
        acknowledgement, *unreachable* when nothing was delivered, else *overdue*."""
        ack = self.ack_at
        if self.completed_at is not None and (ack is None or self.completed_at < ack):
            ack = self.completed_at
        if ack is not None and ack <= now:
            if ack > deadline:
                return "late"
            done = self.completed_at is not None and self.completed_at <= min(now, deadline)
            return "completed" if done else "acknowledged"
        if now > deadline:
            return "unreachable" if not self.delivered else "overdue"
        if self.delivered_at is not None and self.delivered_at <= now:
            return "delivered"
        return "pending"


@dataclass
class ExpectationOutcome:
    """A tabletop expectation: who had to do what by when, and how it went."""

    id: str
    inject: str
    participant: str
    action: str
    stage: str | None
    due_at: float | None  # hours since start; None if the inject never fired
    done_at: float | None
    status: str  # met / late / missed / not_fired


@dataclass
class RunResult:
    scenario: str
    seed: int
    replication: int
    start: datetime
    deadline_hours: float
    horizon_hours: float
    level: str  # reachability / task / tabletop
    participants: list[ParticipantOutcome] = field(default_factory=list)
    contacts: list[ContactOutcome] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    expectations: list[ExpectationOutcome] = field(default_factory=list)
    kind: str = "check"  # check / tabletop
    # a task-level check's task names, in order (metadata: a stored run may not know them)
    tasks: list[str] = field(default_factory=list, compare=False)

    def at(self, hours: float) -> datetime:
        """The UTC instant ``hours`` after the start."""
        return self.start + timedelta(hours=hours)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["start"] = self.start.isoformat()
        d["events"] = [e._asdict() for e in self.events]
        return d

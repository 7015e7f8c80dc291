"""The results store's tables (SQLModel), one class per table.

What is kept:

* :class:`Run` - one stored run (simulated or live, check or tabletop) and its summary;
* :class:`ParticipantResult`, :class:`ContactResult`, :class:`ExpectationResult` - the
  outcome rows of a run; :class:`EventRow` - its event log, ordered by ``seq``;
* :class:`Note` - a facilitator's notes on a (live) run; :class:`RunPeople` - keyed
  fingerprints of its people's names (never the names, for ``--redact``);
* :class:`MailOutbox`, :class:`MailSeen`, :class:`MailUnmatched` - a live check sent by
  e-mail: each message before and after SMTP (by contact key and token, no address), the
  IMAP messages processed, the headers of mail that matched nothing (never a body);
* :class:`Sweep`, :class:`SweepPoint`, :class:`ReplicationSummary` - parameter sweeps:
  one row per point (of a grid or a sampled design) and one per replication of a point;
* :class:`Study`, :class:`StudyReplication` - a study: ``pocdrill run -r N``, N
  replications of one scenario with one seed kept as one result (a compact summary per
  replication; full runs, linked by ``Run.study_id``, only when asked).

Contacts are stored by key (``DE/policy``) and role; names, e-mails and phones only when a
caller hands them over (``ContactResult.person_name/email/phone``); ``Run.imported``:
a past check brought in by ``pocdrill history import``.

All instants are timezone-aware UTC (:class:`UTCDateTime`); simulated times inside a run are
float hours since the run's ``start``. The schema changes only through ``results/migrations``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.expression import false as sa_false
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

RUN_STATUSES = ("running", "completed", "interrupted", "failed")
RUN_MODES = ("simulated", "live")
RUN_KINDS = ("check", "tabletop")
SWEEP_STATUSES = ("running", "completed", "interrupted")
STUDY_STATUSES = ("running", "completed", "interrupted")

JSONType = JSON().with_variant(JSONB(), "postgresql")
"""JSON everywhere; JSONB on PostgreSQL."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC instant on every backend: naive values are taken as UTC; SQLite
    keeps the naive UTC text; values read back are always aware (``tzinfo=UTC``)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


def _ts(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class Run(SQLModel, table=True):
    """One stored run."""

    __tablename__ = "runs"
    __table_args__ = (
        Index("ix_runs_started_at", "started_at"),
        Index("ix_runs_scenario", "scenario", "started_at"),
        Index("ix_runs_status", "status"),
        Index("ix_runs_sweep", "sweep_id", "point_id"),
        Index("ix_runs_study", "study_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    scenario: str = Field(description="Scenario name")
    scenario_text: str = Field(sa_type=Text, description="The scenario file as run")
    scenario_hash: str = Field(max_length=64, description="sha256 of scenario_text (hex)")
    seed: int = Field(sa_type=BigInteger)
    replication: int = 0
    mode: str = Field(default="simulated", max_length=16, description="simulated / live")
    kind: str = Field(default="check", max_length=16, description="check / tabletop")
    status: str = Field(default="running", max_length=16,
                        description="running / completed / interrupted / failed")
    started_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    pocdrill_version: str = Field(default="", max_length=64)
    start: datetime | None = Field(default=None, sa_type=UTCDateTime,
                                   description="The exercise's (simulated) start instant")
    deadline_hours: float | None = None
    horizon_hours: float | None = None
    level: str | None = Field(default=None, max_length=32)
    pid: int | None = None
    host: str | None = Field(default=None, max_length=255)
    events_stored: bool = Field(default=True, description="False: the event log was skipped")
    summary: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))
    sweep_id: int | None = Field(default=None, foreign_key="sweeps.id", ondelete="SET NULL")
    point_id: int | None = None
    interrupted_reason: str | None = Field(default=None, sa_type=Text)
    study_id: int | None = Field(default=None, foreign_key="studies.id", ondelete="SET NULL",
                                 description="The study this run is a replication of")
    imported: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})


class ParticipantResult(SQLModel, table=True):
    """One participant's outcome in a run (rows in insertion order = ``id`` order)."""

    __tablename__ = "participant_results"
    __table_args__ = (
        UniqueConstraint("run_id", "code", name="uq_participant_results_run_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id", ondelete="CASCADE")
    code: str = Field(max_length=64)
    name: str = ""
    group: str = ""
    delivered: bool = False
    delivered_at: float | None = None
    ack_at: float | None = None
    ack_by: str | None = None
    ack_channel: str | None = Field(default=None, max_length=32)
    completed_at: float | None = None
    reminders: int = 0
    escalations: int = 0
    bounces: int = 0
    human: bool = False


class ContactResult(SQLModel, table=True):
    """One contact's outcome; personal columns stay empty unless a caller asked."""

    __tablename__ = "contact_results"
    __table_args__ = (Index("ix_contact_results_run", "run_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id", ondelete="CASCADE")
    participant: str = Field(max_length=64)
    key: str = Field(description="Contact key, e.g. DE/policy")
    role: str = Field(max_length=64)
    stale: bool = False
    bounced: bool = False
    lost: bool = False
    absent: bool = False
    noticed_at: float | None = None
    acknowledged_at: float | None = None
    # Personal data: filled only when the caller explicitly passes contact details.
    person_name: str | None = None
    email: str | None = None
    phone: str | None = Field(default=None, max_length=64)


class EventRow(SQLModel, table=True):
    """One event of a run's log; the primary key (run_id, seq) is the log order."""

    __tablename__ = "events"

    run_id: int = Field(foreign_key="runs.id", ondelete="CASCADE", primary_key=True)
    seq: int = Field(primary_key=True)
    t: float
    kind: str = Field(max_length=32)
    participant: str | None = Field(default=None, max_length=64)
    contact: str | None = None
    channel: str | None = Field(default=None, max_length=32)
    detail: str = Field(default="", sa_type=Text)


class ExpectationResult(SQLModel, table=True):
    """A tabletop expectation as scored in a run."""

    __tablename__ = "expectation_results"
    __table_args__ = (Index("ix_expectation_results_run", "run_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id", ondelete="CASCADE")
    expectation: str = Field(description="The expectation's id in the scenario")
    inject: str
    participant: str = Field(max_length=64)
    action: str
    stage: str | None = None
    due_at: float | None = None
    done_at: float | None = None
    status: str = Field(max_length=16, description="met / late / missed / not_fired")


class Note(SQLModel, table=True):
    """A facilitator's note on a run."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_run", "run_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id", ondelete="CASCADE")
    t: float | None = Field(default=None, description="Hours since the run's start")
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    text: str = Field(sa_type=Text)
    participant: str | None = Field(default=None, max_length=64)


class RunPeople(SQLModel, table=True):
    """How ``--redact`` recognises a run's people: see :mod:`results.name_marks`."""

    __tablename__ = "run_people"

    run_id: int = Field(foreign_key="runs.id", ondelete="CASCADE", primary_key=True)
    key: str = Field(max_length=64, description="The run's HMAC key (hex)")
    marks: list[str] = Field(sa_column=Column(JSONType, nullable=False))


class Sweep(SQLModel, table=True):
    """A parameter sweep over one base scenario."""

    __tablename__ = "sweeps"
    __table_args__ = (Index("ix_sweeps_created_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    scenario: str | None = Field(default=None, description="Base scenario name")
    scenario_text: str = Field(sa_type=Text)
    scenario_hash: str = Field(max_length=64)
    axes: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))
    replications: int
    base_seed: int = Field(sa_type=BigInteger)
    status: str = Field(default="running", max_length=16)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    pocdrill_version: str = Field(default="", max_length=64)
    pid: int | None = Field(default=None, description="Process running it (while running)")
    host: str | None = Field(default=None, max_length=255)
    design: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))  # sampled


class SweepPoint(SQLModel, table=True):
    """One point of a sweep's grid: its parameters and, once done, its aggregates."""

    __tablename__ = "sweep_points"
    __table_args__ = (UniqueConstraint("sweep_id", "point", name="uq_sweep_points_sweep_point"),)

    id: int | None = Field(default=None, primary_key=True)
    sweep_id: int = Field(foreign_key="sweeps.id", ondelete="CASCADE")
    point: int = Field(description="0-based index of the point in the sweep")
    params: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))
    aggregates: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))


class ReplicationSummary(SQLModel, table=True):
    """The metrics of one replication of one sweep point (the unique index on (sweep_id,
    point, replication) also serves queries by (sweep_id, point))."""

    __tablename__ = "replication_summaries"
    __table_args__ = (
        UniqueConstraint("sweep_id", "point", "replication",
                         name="uq_replication_summaries_sweep_point_rep"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sweep_id: int = Field(foreign_key="sweeps.id", ondelete="CASCADE")
    point: int
    replication: int
    seed: int = Field(sa_type=BigInteger)
    metrics: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))
    ack_rate: float | None = None
    completion_rate: float | None = None


OUTBOX_STATES = ("queued", "sending", "sent", "unknown", "failed")
"""Not yet handed to SMTP, being handed, accepted, fate unknown after a crash, refused."""


class MailOutbox(SQLModel, table=True):
    """One e-mail of a live run, recorded before it goes to SMTP (no address: the contact
    key; the address is looked up in the directory when it is sent)."""

    __tablename__ = "mail_outbox"
    __table_args__ = (
        UniqueConstraint("message_id", name="uq_mail_outbox_message_id"),
        Index("ix_mail_outbox_run", "run_id", "state"),
        Index("ix_mail_outbox_token", "token"),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id", ondelete="CASCADE")
    participant: str = Field(max_length=64)
    contact: str = Field(description="Contact key, e.g. DE/policy")
    role: str = Field(max_length=64)
    token: str = Field(max_length=64, description="Address-free token (subject, Message-ID)")
    kind: str = Field(max_length=16, description="check / reminder / escalation")
    n: int = 1
    message_id: str = Field(max_length=255)
    state: str = Field(default="queued", max_length=16, description="See OUTBOX_STATES")
    queued_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    sending_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str | None = Field(default=None, sa_type=Text)
    cause: str | None = Field(default=None, max_length=255,
                              description="Message-ID of the bounce this message follows up")


class MailSeen(SQLModel, table=True):
    """An IMAP message a live run's watcher has processed, and what it made of it."""

    __tablename__ = "mail_seen"

    run_id: int = Field(foreign_key="runs.id", ondelete="CASCADE", primary_key=True)
    mailbox: str = Field(primary_key=True, description="user@host/INBOX")
    uidvalidity: int = Field(sa_type=BigInteger, primary_key=True)
    uid: int = Field(sa_type=BigInteger, primary_key=True)
    message_id: str | None = Field(default=None, max_length=255)
    outcome: str = Field(max_length=32, description="acknowledged, bounced, auto_reply ...")
    participant: str | None = Field(default=None, max_length=64)
    contact: str | None = None
    received_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    seen_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class MailUnmatched(SQLModel, table=True):
    """Mail that matched no participant: its headers only, for the facilitator."""

    __tablename__ = "mail_unmatched"
    __table_args__ = (Index("ix_mail_unmatched_run", "run_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="runs.id", ondelete="CASCADE")
    message_id: str | None = Field(default=None, max_length=255)
    sender: str = Field(default="", description="The From header")
    subject: str = Field(default="", sa_type=Text)
    received_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="open", max_length=16, description="open / assigned / ignored")
    participant: str | None = Field(default=None, max_length=64)
class Study(SQLModel, table=True):
    """N replications of one scenario with one seed: one result (``pocdrill run -r N``)."""

    __tablename__ = "studies"
    __table_args__ = (Index("ix_studies_started_at", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    scenario: str = Field(description="Scenario name")
    scenario_text: str = Field(sa_type=Text, description="The scenario file as run")
    scenario_hash: str = Field(max_length=64)
    kind: str = Field(default="check", max_length=16, description="check / tabletop")
    seed: int = Field(sa_type=BigInteger)
    replications: int = Field(description="Replications asked for")
    status: str = Field(default="running", max_length=16,
                        description="running / completed / interrupted")
    started_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    pocdrill_version: str = Field(default="", max_length=64)
    pid: int | None = None
    host: str | None = Field(default=None, max_length=255)
    events_stored: bool = Field(default=False, description="Each replication kept whole")
    scenario_dir: str | None = Field(default=None, sa_type=Text,
                                     description="Where a directory file is looked for")
    directory_hash: str | None = Field(default=None, max_length=64)
    frame: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSONType),
        description="What every replication shares: participant codes and groups (in the "
                    "order of each replication's time lists), level, start, deadline, horizon")
    aggregates: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType))


class StudyReplication(SQLModel, table=True):
    """One replication of a study: its metrics and per-participant times (compact)."""

    __tablename__ = "study_replications"
    __table_args__ = (
        UniqueConstraint("study_id", "replication", name="uq_study_replications_study_rep"),
    )

    id: int | None = Field(default=None, primary_key=True)
    study_id: int = Field(foreign_key="studies.id", ondelete="CASCADE")
    replication: int
    seed: int = Field(sa_type=BigInteger)
    metrics: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))
    ack_rate: float | None = None
    completion_rate: float | None = None


metadata = SQLModel.metadata
"""All tables (used by the migrations' ``env.py`` and the schema check in the tests)."""

TABLES = dict(metadata.tables)
"""The tables by name (SQLAlchemy Core, for bulk inserts and queries)."""

"""Hand-built run results and row counts for the results-store tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from simulator.model.outcome import (
    ContactOutcome,
    Event,
    ExpectationOutcome,
    ParticipantOutcome,
    RunResult,
)

if TYPE_CHECKING:
    from results.store import Store

START = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
SCENARIO_TEXT = "name: tiny-check\nkind: check\ndirectory: tiny.yaml\n"

# Personal data a caller may choose to store; exports with --redact must not show it.
PERSONAL = {
    "XA/policy": {"name": "Ottilie Vandersloot", "email": "o.vandersloot@mfa.xa.example",
                  "phone": "+00 123 555 0142"},
    "XB/technical": {"name": "Bartholomew Quince", "email": "duty@cert.xb.example.net",
                     "phone": "+00 987 555 0177"},
}


def make_result(
    *, scenario: str = "tiny-check", seed: int = 7, replication: int = 0, n_events: int = 40,
    kind: str = "check",
) -> RunResult:
    """A small run: XA acknowledged in time, XB late, XC never; events out of time order."""
    participants = [
        ParticipantOutcome(code="XA", name="Xanadu", group="north", delivered=True,
                           delivered_at=0.25, ack_at=2.5, ack_by="XA/policy",
                           ack_channel="email", completed_at=30.125, reminders=1),
        ParticipantOutcome(code="XB", name="Xebec", group="south", delivered=True,
                           delivered_at=1.0, ack_at=80.0, ack_by="XB/technical",
                           ack_channel="phone", reminders=2, escalations=1, bounces=1),
        ParticipantOutcome(code="XC", name="Xylo", group="south", human=True),
    ]
    contacts = [
        ContactOutcome(participant="XA", key="XA/policy", role="policy", noticed_at=1.5,
                       acknowledged_at=2.5),
        ContactOutcome(participant="XB", key="XB/policy", role="policy", stale=True,
                       bounced=True),
        ContactOutcome(participant="XB", key="XB/technical", role="technical",
                       acknowledged_at=80.0),
        ContactOutcome(participant="XC", key="XC/policy", role="policy", lost=True, absent=True),
    ]
    events = [Event(0.0, "check_sent", None, None, None, "")]
    for i in range(n_events):
        code = ("XA", "XB", "XC")[i % 3]
        # deliberately not sorted by time: the stored order is the log order
        events.append(Event(round(10.0 - i * 0.1, 6) if i % 2 else i * 0.5, "delivered",
                            code, f"{code}/policy", "email", f"step {i}"))
    events.append(Event(72.0, "deadline", None, None, None, "deadline"))
    expectations = [
        ExpectationOutcome(id="e1", inject="i1", participant="XA", action="respond",
                           stage="initial", due_at=4.0, done_at=3.0, status="met"),
        ExpectationOutcome(id="e2", inject="i2", participant="XB", action="share",
                           stage=None, due_at=None, done_at=None, status="not_fired"),
    ] if kind == "tabletop" else []
    return RunResult(scenario=scenario, seed=seed, replication=replication, start=START,
                     deadline_hours=72.0, horizon_hours=96.0,
                     level="tabletop" if kind == "tabletop" else "reachability",
                     participants=participants, contacts=contacts, events=events,
                     expectations=expectations, kind=kind)


def count_rows(store: Store, table_name: str, **where: Any) -> int:
    """Rows in ``table_name`` matching ``where`` (column=value)."""
    from results.models import TABLES

    table = TABLES[table_name]
    q = select(func.count()).select_from(table)
    for col, value in where.items():
        q = q.where(table.c[col] == value)
    with store.engine.connect() as conn:
        return int(conn.execute(q).scalar_one())

"""Hand-built runs for report tests: every number in them is chosen, so tests can check
the reports' numbers against a count made by eye."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from simulator.model.outcome import (
    ContactOutcome,
    Event,
    ExpectationOutcome,
    ParticipantOutcome,
    RunResult,
)

START = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)

# code, group, ack_at, completed_at, (policy stale/bounced), ack by
CHECK_ROWS: list[tuple[str, str, float | None, float | None, str]] = [
    ("AA", "west", 2.0, 10.0, "ok"),
    ("BB", "west", 5.0, 20.0, "ok"),
    ("CC", "west", 30.0, 50.0, "ok"),  # after the 24h reminder
    ("DD", "west", 40.0, None, "ok"),  # after the 36h phone call
    ("EE", "east", None, None, "bounced"),  # never: policy bounced
    ("FF", "east", 80.0, 90.0, "stale"),  # late
    ("GG", "east", None, None, "ok"),  # never
    ("HH", "east", 12.0, 30.0, "ok"),
]


def check_run(
    rows: list[tuple[str, str, float | None, float | None, str]] | None = None,
    *,
    scenario: str = "Test check",
    seed: int = 1,
    replication: int = 0,
) -> RunResult:
    """A task-level check over 8 participants: 5 acknowledge in time (AA BB CC DD HH), one
    late (FF, 80h), two never (EE, GG); EE/policy bounced, FF/policy stale (lost);
    reminders at 24h and 48h to those still silent, phone calls at 36h."""
    rows = CHECK_ROWS if rows is None else rows
    r = RunResult(scenario, seed, replication, START, 72.0, 144.0, "task")
    ev: list[Event] = []
    for code, group, ack, done, state in rows:
        p = ParticipantOutcome(code, f"State {code}", group, ack_at=ack, completed_at=done)
        for role in ("policy", "technical"):
            key = f"{code}/{role}"
            c = ContactOutcome(code, key, role)
            ev.append(Event(0.0, "check_sent", code, key, "email", "initial"))
            if role == "policy" and state == "bounced":
                c.stale = c.bounced = True
                p.bounces += 1
                ev.append(Event(0.0, "bounced", code, key, "email", "address no longer in use"))
            elif role == "policy" and state == "stale":
                c.stale = c.lost = True
                ev.append(Event(0.0, "lost", code, key, "email", "stale entry"))
            else:
                ev.append(Event(0.0, "delivered", code, key, "email"))
                p.delivered, p.delivered_at = True, 0.0
                if role == "technical" and ack is not None:
                    c.acknowledged_at = ack
                    p.ack_by, p.ack_channel = key, "email"
                    ev.append(
                        Event(ack, "acknowledged", code, key, "email", "late" if ack > 72 else "")
                    )
            r.contacts.append(c)
        if done is not None:
            ev.append(Event(done, "completed", code, f"{code}/technical", None, ""))
        for t in (24.0, 48.0):
            if ack is None or ack > t:
                p.reminders += 1
                ev.append(
                    Event(t, "reminder", code, f"{code}/technical", "email", f"reminder:{t:g}")
                )
        if ack is None or ack > 36.0:
            ev.append(Event(36.0, "phone_call", code, f"{code}/technical", "phone", "answered"))
        r.participants.append(p)
    ev.append(Event(72.0, "deadline"))
    r.events = sorted(ev, key=lambda e: e.t)
    return r


TABLETOP_TEXT = """\
kind: tabletop
name: Test tabletop
description: Two stages, three injects.
guide: |
  Objectives: request consultations within 4 hours; share indicators with the operator.
  CBMs exercised: CBM 3, CBM 8.
directory: {profile: osce, seed: 7}
participants: [EE, FI]
start: 2026-11-17T06:30:00Z
end: 48h
stages:
  - id: S1
    title: Detection
    questions: ["Who do you call first?"]
  - id: S2
    title: Escalation
    questions: ["When do you go public?"]
injects:
  - id: I1
    stage: S1
    at: 0h
    recipients: [EE]
    subject: Cable down
    expect:
      - {id: E1, who: recipients, action: request_consultation, to: FI, within: 4h}
  - id: I2
    stage: S2
    at: 10h
    recipients: [FI]
    subject: Minister asks
    expect:
      - {id: E2, who: recipients, action: respond, within: 2h}
"""


def tabletop_run() -> RunResult:
    """EE met E1 (3h after I1 at 0h); FI missed E2 (I2 at 10h, due 12h)."""
    start = datetime(2026, 11, 17, 6, 30, tzinfo=UTC)
    r = RunResult("Test tabletop", 3, 0, start, 48.0, 48.0, "tabletop", kind="tabletop")
    r.participants = [
        ParticipantOutcome("EE", "Estonia", "north", True, 0.0, 3.0, "EE/policy", "email", 3.0),
        ParticipantOutcome("FI", "Finland", "north", True, 10.0),
    ]
    r.contacts = [
        ContactOutcome("EE", "EE/policy", "policy", acknowledged_at=3.0),
        ContactOutcome("FI", "FI/policy", "policy"),
    ]
    r.events = [
        Event(0.0, "inject", None, None, "email", "I1"),
        Event(0.0, "delivered", "EE", "EE/policy", "email"),
        Event(3.0, "action", "EE", "EE/policy", "email", "request_consultation"),
        Event(3.0, "expectation", "EE", None, None, "E1 met"),
        Event(10.0, "inject", None, None, "email", "I2"),
        Event(10.0, "delivered", "FI", "FI/policy", "email"),
        Event(12.0, "expectation", "FI", None, None, "E2 missed"),
        Event(48.0, "deadline"),
    ]
    r.expectations = [
        ExpectationOutcome("E1", "I1", "EE", "request_consultation", "S1", 4.0, 3.0, "met"),
        ExpectationOutcome("E2", "I2", "FI", "respond", "S2", 12.0, None, "missed"),
    ]
    return r


LIVE_CODES = ["AA", "BB", "CC", "DD", "EE", "FF"]
LIVE_TEXT = """\
name: Live ping
directory: {profile: osce, seed: 7}
check: {start: 2026-05-04T08:00:00Z, deadline: 12h, horizon: 24h, level: reachability}
"""


def live_events(acks: dict[str, float]) -> list[Event]:
    """What a facilitator records in a live check: ``check_sent`` to all at 0 (live runs
    never record delivery), then one ``acknowledged`` per answer."""
    ev = [Event(0.0, "check_sent", c, None, None, "live") for c in LIVE_CODES]
    ev += [Event(t, "acknowledged", c, None, None, "") for c, t in sorted(acks.items())]
    return ev


def store_live_run(store: Any, start: datetime, acks: dict[str, float]) -> int:
    """A live check stored the way the TUI stores one (mode ``live``, participants
    upserted as answers come, events appended), left ``running``."""
    from results.live.events import participants_from_events

    run_id = int(
        store.start_run(
            scenario="Live ping", scenario_text=LIVE_TEXT, seed=0, mode="live", kind="check",
            start=start, deadline_hours=12.0, horizon_hours=24.0, level="reachability",
        )
    )
    base = [ParticipantOutcome(c, f"State {c}", "all", human=True) for c in LIVE_CODES]
    events = live_events(acks)
    for p in participants_from_events(base, events):
        store.upsert_participant(run_id, p)
    store.append_events(run_id, events)
    return run_id

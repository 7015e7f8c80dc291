"""Hand-built runs for report tests: every number in them is chosen, so tests can check
the reports' numbers against a count made by eye. (The stores built from them are
fixtures: tests/unit/results/reports/conftest.py.)"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from simulator.model.outcome import (
    ContactOutcome,
    Event,
    ExpectationOutcome,
    ParticipantOutcome,
    RunResult,
)

if TYPE_CHECKING:
    from results.store import Store

START = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
LIVE_START = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)

CHECK_TEXT = """\
# Facilitator's guide
#   Objective: verify that every POC answers within 72 hours; re-verify stale entries.
#   CBMs exercised: OSCE CBM 8.
name: Test check
directory: {profile: osce, seed: 7}
check: {start: 2026-03-06T15:00:00Z, deadline: 72h, horizon: 144h, level: task}
"""
DETAILS = {
    "EE/policy": {"name": "Erika Example", "email": "erika.example@example.org",
                  "phone": "+00 30 5550123"},
    "GG/technical": {"name": "Gus Grey", "email": "gus@example.net", "phone": "+00 61 5550999"},
}

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


# B against A (deadline 72 h, threshold 12 h):
#   AA 2 -> 30   slower by 28 h         fell back
#   BB 5 -> 10   within the threshold   neither
#   CC 30 -> 3   faster by 27 h         improved
#   EE never -> 10                      improved
#   FF 80 (late) -> 50 (in time)        improved
#   GG never -> never                   neither
#   HH 12 -> never                      fell back
B_ACKS = {"AA": 30.0, "BB": 10.0, "CC": 3.0, "DD": 40.0, "EE": 10.0, "FF": 50.0, "GG": None,
          "HH": None}


def run_b() -> RunResult:
    """:func:`check_run` again (seed 2), acknowledged as in :data:`B_ACKS`."""
    rows = [(c, g, B_ACKS[c], None, "ok") for c, g, _, _, _ in CHECK_ROWS]
    return check_run(rows, seed=2)


def many(answered: int, silent: int) -> RunResult:
    """A check where ``answered`` participants acknowledge (A000 at 1 h, A001 at 2 h, ...)
    and ``silent`` never do."""
    rows: list[tuple[str, str, float | None, float | None, str]] = [
        (f"A{i:03d}", "all", 1.0 + i, 2.0 + i, "ok") for i in range(answered)
    ]
    rows += [(f"S{i:03d}", "all", None, None, "ok") for i in range(silent)]
    return check_run(rows)


def live_events(acks: dict[str, float]) -> list[Event]:
    """What a facilitator records in a live check: ``check_sent`` to all at 0 (live runs
    never record delivery), then one ``acknowledged`` per answer."""
    ev = [Event(0.0, "check_sent", c, None, None, "live") for c in LIVE_CODES]
    ev += [Event(t, "acknowledged", c, None, None, "") for c, t in sorted(acks.items())]
    return ev


def live_result(acks: dict[str, float]) -> RunResult:
    """A live check of :data:`LIVE_CODES` (12 h deadline, 24 h horizon) as its events
    replay: acknowledgements at the hours in ``acks``."""
    from results.live.events import participants_from_events

    r = RunResult("Live ping", 0, 0, LIVE_START, 12.0, 24.0, "reachability")
    base = [ParticipantOutcome(c, f"State {c}", "all", human=True) for c in LIVE_CODES]
    r.events = live_events(acks)
    r.participants = participants_from_events(base, r.events)
    return r


@dataclass
class LiveRun:
    """A live run in an open store (the ``live_run`` fixture)."""

    store: Store
    run_id: int
    start: datetime


def row_value(html_text: str, key: str) -> str:
    """The value cell of the two-column table row tagged ``key`` in a rendered report."""
    pattern = rf'<tr data-key="{re.escape(key)}"><td>[^<]*</td><td>([^<]*)</td></tr>'
    m = re.search(pattern, html_text)
    assert m, f"no row {key}"
    return html.unescape(m.group(1))

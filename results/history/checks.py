"""Rows of past checks turned into live runs, every row checked first.

Each distinct ``check`` becomes one live run of the scenario given (its deadline, its
directory's participants): it starts at the earliest ``sent_at`` of its rows; each
participant gets a ``check_sent`` event at its own ``sent_at`` and, when given, an
acknowledgement (through ``channel``) and a completion. The run is observed up to the
scenario's horizon, or the last time recorded if that is later.

Every problem is one :class:`~simulator.model.errors.Problem` naming the row and the
column: an unknown participant code, a participant twice in one check, a time that does
not parse or has no zone, an acknowledgement or completion before the check was sent. All
rows are checked before anything is built, so a file with a problem stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from results.history.read import Cell, Row
from simulator.model.directory import Directory
from simulator.model.errors import InputError, Problem
from simulator.model.outcome import Event, ParticipantOutcome, RunResult
from simulator.model.scenario import Scenario

MAX_CHANNEL = 32


@dataclass(frozen=True)
class PastRow:
    """One valid row: instants are aware."""

    number: int
    check: str
    code: str
    sent: datetime
    acknowledged: datetime | None
    completed: datetime | None
    channel: str


@dataclass(frozen=True)
class ImportedCheck:
    """One past check, ready to store."""

    name: str
    result: RunResult
    rows: int


def _instant(source: str, row: Row, column: str, problems: list[Problem]) -> datetime | None:
    value: Cell = row.cells.get(column)
    if value is None:
        return None
    where = f"row {row.number}, column {column}"
    if isinstance(value, datetime):
        at = value
    else:
        try:
            at = datetime.fromisoformat(value.replace(" UTC", "Z"))
        except ValueError:
            problems.append(Problem(source, where, f"{value[:40]!r} is not a time; write ISO "
                                    "8601 with its zone, e.g. 2025-03-06T15:00:00+01:00"))
            return None
    if at.tzinfo is None or at.utcoffset() is None:
        problems.append(Problem(source, where, f"{str(value)[:40]!r} has no time zone; add "
                                "it, e.g. 2025-03-06T15:00:00+01:00 or ...Z for UTC (in a "
                                "spreadsheet, as text)"))
        return None
    return at


def _row(source: str, row: Row, known: set[str], problems: list[Problem]) -> PastRow | None:
    before = len(problems)
    check = str(row.cells.get("check") or "")
    code = str(row.cells.get("participant") or "")
    if not check:
        problems.append(Problem(source, f"row {row.number}, column check",
                                "empty; name the check this row belongs to"))
    if not code:
        problems.append(Problem(source, f"row {row.number}, column participant",
                                "empty; give the participant's code"))
    elif code not in known:
        problems.append(Problem(source, f"row {row.number}, column participant",
                                f"unknown participant code {code[:20]!r}; use a code of the "
                                "scenario's directory (pocdrill directory show)"))
    sent = _instant(source, row, "sent_at", problems)
    if sent is None and row.cells.get("sent_at") is None:
        problems.append(Problem(source, f"row {row.number}, column sent_at",
                                "empty; give when the check was sent, with its zone"))
    ack = _instant(source, row, "acknowledged_at", problems)
    done = _instant(source, row, "completed_at", problems)
    for column, at in (("acknowledged_at", ack), ("completed_at", done)):
        if at is not None and sent is not None and at < sent:
            problems.append(Problem(source, f"row {row.number}, column {column}",
                                    f"{at.isoformat()} is before sent_at {sent.isoformat()}; "
                                    "fix the time or its zone"))
    channel = str(row.cells.get("channel") or "").strip().lower()
    if len(channel) > MAX_CHANNEL:
        problems.append(Problem(source, f"row {row.number}, column channel",
                                f"longer than {MAX_CHANNEL} characters; shorten it"))
    if len(problems) > before or sent is None:
        return None
    return PastRow(row.number, check, code, sent, ack, done, channel or "email")


def past_rows(source: str, rows: list[Row], directory: Directory) -> list[PastRow]:
    """Every row checked (see the module docstring); an :class:`InputError` with one
    problem per line when any is wrong."""
    known = {p.code for p in directory.participants}
    problems: list[Problem] = []
    out: list[PastRow] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        past = _row(source, row, known, problems)
        if past is None:
            continue
        first = seen.setdefault((past.check, past.code), past.number)
        if first != past.number:
            problems.append(Problem(source, f"row {past.number}, column participant",
                                    f"{past.code} is already in check {past.check!r} (row "
                                    f"{first}); keep one row per participant and check"))
        out.append(past)
    if not out and not problems:
        problems.append(Problem(source, "", "no data rows; add one row per participant and "
                                "check under the header"))
    if problems:
        raise InputError(problems)
    return out


def _hours(at: datetime | None, start: datetime) -> float | None:
    return None if at is None else round((at - start).total_seconds() / 3600.0, 6)


def imported_checks(
    scenario: Scenario, directory: Directory, rows: list[PastRow]
) -> list[ImportedCheck]:
    """Each check of ``rows`` as a live :class:`RunResult` of ``scenario``."""
    groups = {p.code: p.group for p in directory.participants}
    names = {p.code: p.name for p in directory.participants}
    by_check: dict[str, list[PastRow]] = {}
    for r in rows:
        by_check.setdefault(r.check, []).append(r)
    out = []
    for name, mine in by_check.items():
        start = min(r.sent for r in mine)
        participants, events = [], []
        for r in sorted(mine, key=lambda r: r.code):
            ack, done = _hours(r.acknowledged, start), _hours(r.completed, start)
            sent = _hours(r.sent, start) or 0.0
            participants.append(ParticipantOutcome(
                r.code, names[r.code], groups[r.code], delivered=False, ack_at=ack,
                ack_channel=r.channel if ack is not None else None, completed_at=done,
                human=True))
            events.append(Event(sent, "check_sent", r.code, None, None, "imported"))
            if ack is not None:
                events.append(Event(ack, "acknowledged", r.code, None, r.channel, "imported"))
            if done is not None:
                events.append(Event(done, "completed", r.code, None, None, "imported"))
        events.sort(key=lambda e: e.t)
        last = max((e.t for e in events), default=0.0)
        out.append(ImportedCheck(name, RunResult(
            scenario=scenario.name, seed=0, replication=0, start=start,
            deadline_hours=scenario.deadline_hours,
            horizon_hours=max(scenario.horizon_hours, last),
            level=getattr(getattr(scenario, "check", None), "level", "reachability"),
            participants=participants, contacts=[], events=events, kind=scenario.kind,
        ), len(mine)))
    return out

"""The status board's content at a moment: one row of cells per participant.

Pure and UI-free: given participant outcomes, events and a time ``now`` (hours since the
start) it says what each cell shows and how it is styled, so the widget only has to
push the cells that changed. The same model serves a replayed simulation (final outcomes,
statuses taken at ``now``) and a live run (outcomes that grow as the facilitator records).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from simulator.outcome import Event, ParticipantOutcome

COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "Code"),
    ("name", "State"),
    ("group", "Group"),
    ("local", "Local time"),
    ("status", "Status"),
    ("left", "Time left"),
    ("reminders", "Reminders"),
)
"""(key, label) of the board's columns, in order."""

STATUSES: tuple[str, ...] = (
    "pending", "delivered", "acknowledged", "completed", "late", "unreachable",
)

STATUS_STYLE = {
    "pending": "dim",
    "delivered": "bold dodger_blue2",
    "acknowledged": "bold green3",
    "completed": "bold green4",
    "late": "bold dark_orange",
    "unreachable": "bold red3",
}
DONE = frozenset({"acknowledged", "completed", "late"})
"""Statuses after which nobody waits for the participant any more."""

Cell = tuple[str, str]
"""What a cell shows and its rich style."""


@dataclass
class OpenExpectation:
    """A tabletop expectation on one participant: fired at, due at, done at, and the
    action it asks for (``acknowledge``, ``respond``, ``join_call`` ...)."""

    id: str
    fired_at: float
    due_at: float
    done_at: float | None = None
    action: str = ""

    def open_at(self, now: float) -> bool:
        return self.fired_at <= now + 1e-9 and (self.done_at is None or self.done_at > now)


@dataclass(frozen=True)
class RowView:
    """One participant's row at a moment."""

    code: str
    cells: tuple[Cell, ...]
    status: str
    hours_left: float
    reminders: int
    reminder_due: bool
    expiring: bool


def status_at(p: ParticipantOutcome, now: float, deadline: float) -> str:
    """``p.status(now, deadline)``, also right when the final outcome was delivered later."""
    if p.delivered and p.delivered_at is not None and p.delivered_at > now:
        p = replace(p, delivered=False)
    return p.status(now, deadline)


def format_left(hours: float) -> str:
    """Time left to the deadline: ``47h05m``; ``over`` once it passed."""
    if hours <= 0:
        return "over"
    minutes = int(hours * 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"


class BoardModel:
    """Rows of the status board for any ``now``.

    ``reminder_offsets`` are the hours at which reminders are due (the scenario's); a row
    is *reminder due* when more offsets have passed than reminders were sent and the
    participant has not answered. A row is *expiring* when it has not answered and less
    than ``expiring_hours`` remain before the deadline.
    """

    def __init__(
        self,
        participants: Sequence[ParticipantOutcome],
        *,
        start: datetime,
        deadline: float,
        zones: dict[str, str] | None = None,
        reminder_offsets: Sequence[float] = (),
        events: Iterable[Event] = (),
        expiring_hours: float | None = None,
    ) -> None:
        self.participants = {p.code: p for p in participants}
        self.order = [p.code for p in participants]
        self.start = start.astimezone(UTC)
        self.deadline = deadline
        self.reminder_offsets = sorted(reminder_offsets)
        self.expiring_hours = (
            expiring_hours if expiring_hours is not None else max(6.0, 0.1 * deadline)
        )
        self._zones: dict[str, ZoneInfo] = {}
        for code, name in (zones or {}).items():
            try:
                self._zones[code] = ZoneInfo(name)
            except (KeyError, ValueError):  # pragma: no cover - validated upstream
                pass
        self._reminders: dict[str, list[float]] = {c: [] for c in self.order}
        self.add_events(events)
        self.resolution_minutes = 1
        """Clock cells (local time, time left) change in steps of this many minutes."""
        self.expectations: dict[str, list[OpenExpectation]] = {}

    # -- inputs ----------------------------------------------------------------------
    def add_events(self, events: Iterable[Event]) -> None:
        """Index reminder events (any order) so reminders can be counted up to a time."""
        for e in events:
            if e.kind == "reminder" and e.participant in self._reminders:
                bisect.insort(self._reminders[e.participant], e.t)

    def add_expectation(self, code: str, exp: OpenExpectation) -> None:
        """Track a tabletop expectation on ``code`` (shown while open, flagged when due soon)."""
        self.expectations.setdefault(code, []).append(exp)

    def close_expectations(
        self, code: str, t: float, actions: Collection[str] | None = None
    ) -> list[OpenExpectation]:
        """Mark ``code``'s expectations open at ``t`` (asking for one of ``actions``, or
        any) done at ``t``; return them."""
        done = [e for e in self.expectations.get(code, [])
                if e.open_at(t) and (actions is None or e.action in actions)]
        for e in done:
            e.done_at = t
        return done

    def open_expectations(self, code: str, now: float) -> list[OpenExpectation]:
        return sorted((e for e in self.expectations.get(code, []) if e.open_at(now)),
                      key=lambda e: e.due_at)

    def set_participant(self, p: ParticipantOutcome) -> None:
        """Replace (or add) one participant's outcome (live mode)."""
        if p.code not in self.participants:
            self.order.append(p.code)
            self._reminders[p.code] = []
        self.participants[p.code] = p

    def groups(self) -> list[str]:
        out: list[str] = []
        for code in self.order:
            g = self.participants[code].group
            if g not in out:
                out.append(g)
        return out

    # -- reading ---------------------------------------------------------------------
    def reminders_at(self, code: str, now: float) -> int:
        return bisect.bisect_right(self._reminders.get(code, []), now + 1e-9)

    def set_speed(self, speed: float, tick_seconds: float = 0.1) -> None:
        """Coarsen clock cells when one refresh spans many simulated minutes, so a fast
        replay does not rewrite every row on every refresh."""
        minutes_per_tick = speed * tick_seconds / 60
        self.resolution_minutes = next(
            (r for r in (1, 5, 15, 60) if r >= minutes_per_tick), 60
        )

    def _quantized(self, now: float) -> float:
        r = self.resolution_minutes
        if r <= 1:
            return now
        return math.floor(now * 60 / r + 1e-9) * r / 60

    def local_time(self, code: str, now: float) -> str:
        zone = self._zones.get(code)
        if zone is None:
            return "-"
        now = self._quantized(now)
        dt = (self.start + timedelta(hours=now)).astimezone(zone)
        return dt.strftime("%a %H:%M")

    def row(self, code: str, now: float) -> RowView:
        p = self.participants[code]
        status = status_at(p, now, self.deadline)
        left = self.deadline - now
        reminders = self.reminders_at(code, now)
        open_ = status not in DONE
        due_count = bisect.bisect_right(self.reminder_offsets, now + 1e-9)
        reminder_due = open_ and now <= self.deadline and due_count > reminders
        expiring = open_ and 0 < left <= self.expiring_hours
        pending = self.open_expectations(code, now) if self.expectations else []
        if pending:
            exp = pending[0]
            until = exp.due_at - now
            expiring = until <= 0.25 * (exp.due_at - exp.fired_at)
            shown = exp.due_at - self._quantized(now)
            text = f"{exp.id} " + (format_left(shown) if until > 0 else "overdue")
            left_cell: Cell = (text, "bold reverse dark_orange" if expiring else "bold")
        elif not open_:
            left_cell = ("-", "dim")
        elif left <= 0:
            left_cell = ("over", "bold red3")
        else:
            shown = self.deadline - self._quantized(now)
            left_cell = (format_left(shown), "bold reverse dark_orange" if expiring else "")
        rem_text = str(reminders) + (" +due" if reminder_due else "")
        cells: tuple[Cell, ...] = (
            (code, "bold"),
            (p.name, ""),
            (p.group or "-", ""),
            (self.local_time(code, now), ""),
            (status, STATUS_STYLE.get(status, "")),
            left_cell,
            (rem_text, "bold reverse dodger_blue2" if reminder_due else ""),
        )
        return RowView(code, cells, status, left, reminders, reminder_due, expiring)

    def rows(self, now: float) -> list[RowView]:
        return [self.row(code, now) for code in self.order]

    def counts(self, now: float) -> dict[str, int]:
        """How many participants are in each status at ``now``."""
        out = dict.fromkeys(STATUSES, 0)
        for code in self.order:
            s = status_at(self.participants[code], now, self.deadline)
            out[s] = out.get(s, 0) + 1
        return out


def sort_key(column: str, row: RowView) -> tuple:
    """How rows order by ``column`` (status in its natural order, time left numerically)."""
    if column == "status":
        return (STATUSES.index(row.status) if row.status in STATUSES else 99, row.code)
    if column == "left":
        return (row.hours_left if row.status not in DONE else float("inf"), row.code)
    if column == "reminders":
        return (row.reminders, row.code)
    i = [k for k, _ in COLUMNS].index(column)
    return (row.cells[i][0].lower(), row.code)


def stops(events: Iterable[Event], deadline: float, end: float) -> list[float]:
    """Times worth jumping to: injects, reminders, the deadline and the end."""
    times = {e.t for e in events if e.kind in ("inject", "reminder", "escalation", "deadline")}
    times.update({deadline, end})
    return sorted(t for t in times if 0 < t <= end)

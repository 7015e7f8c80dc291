"""The status board's content at a moment: one row of cells per participant.

Pure and UI-free: given participant outcomes, events and a time ``now`` (hours since the
start) it says what each cell shows and how it is styled, so the widget only has to
push the cells that changed. The same model serves a replayed simulation (final outcomes,
statuses taken at ``now``) and a live run (outcomes that grow as the facilitator records).

Statuses (:data:`STATUSES`), so that the board agrees with the run's summary and report:

* ``pending``: nothing delivered yet, the deadline not passed;
* ``delivered``: a message reached the participant, no answer yet, the deadline not passed;
* ``acknowledged``: acknowledged by the deadline (task checks: tasks not completed by
  then, or not yet); ``completed``: acknowledged and tasks completed by the deadline;
* ``late``: acknowledged only after the deadline; the summary's *late acknowledgements*;
* ``overdue``: no answer yet and the deadline passed, with no sign that it cannot be
  reached (a live participant who stayed silent, a simulated one whose message arrived);
* ``unreachable``: no answer, the deadline passed and the participant is known not to be
  reachable: every one of its contacts bounced, or (simulated runs) nothing was delivered
  to it. A live participant is never unreachable unless all its known contacts bounced.

``overdue`` and ``unreachable`` together make the summary's *never acknowledged* once the
run is over.

The *Reminders* column counts reminder rounds (one per scenario offset, or one each time
the facilitator marks a reminder sent), not reminder messages: a round to a participant
with several contacts sends several messages, and a round to one whose addresses all
bounced sends none but still counts, as the engine counts it.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from results.live.expectations import OpenExpectation, open_at
from simulator.model.outcome import ContactOutcome, Event, ParticipantOutcome
from simulator.text import time_left

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

NARROW_COLUMNS: dict[str, str] = {"local": "Local", "left": "Left", "reminders": "Rem."}
"""Shorter labels for a narrow terminal (see :func:`column_widths`)."""

STATUSES: tuple[str, ...] = (
    "pending", "delivered", "acknowledged", "completed", "late", "overdue", "unreachable",
)

STATUS_STYLE = {
    "pending": "dim",
    "delivered": "bold dodger_blue2",
    "acknowledged": "bold green3",
    "completed": "bold green4",
    "late": "bold gold3",
    "overdue": "bold dark_orange",
    "unreachable": "bold red3",
}

STATUS_SHORT = {
    "pending": "pend", "delivered": "deliv", "acknowledged": "ack", "completed": "done",
    "late": "late", "overdue": "overdue", "unreachable": "unreach",
}
"""Abbreviations for the counts line when it does not fit."""
DONE = frozenset({"acknowledged", "completed", "late"})
"""Statuses after which nobody waits for the participant any more."""

Cell = tuple[str, str]
"""What a cell shows and its rich style."""


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


def status_at(
    p: ParticipantOutcome, now: float, deadline: float, *, bounced_out: bool = False
) -> str:
    """``p``'s status at ``now`` (see the module docstring), also right when the final
    outcome was delivered later.

    ``bounced_out``: every contact of ``p`` has bounced by ``now``. A live participant
    (``p.human``) is unreachable only then; a simulated one also when nothing was
    delivered to it by ``now``.
    """
    if p.delivered and p.delivered_at is not None and p.delivered_at > now:
        p = replace(p, delivered=False)
    s = p.status(now, deadline)
    if s in ("overdue", "unreachable"):
        known = bounced_out or (s == "unreachable" and not p.human)
        return "unreachable" if known else "overdue"
    return s


def counts_text(counts: dict[str, int], width: int | None = None) -> str:
    """The counts line (``completed 133  late 9``); abbreviated when longer than ``width``."""
    full = "  ".join(f"{k} {v}" for k, v in counts.items() if v)
    if width is None or len(full) <= width:
        return full
    return " ".join(f"{STATUS_SHORT.get(k, k)} {v}" for k, v in counts.items() if v)


def column_widths(width: int, longest_name: int = 28, longest_group: int = 22) -> dict[str, int]:
    """Widths of the board's columns for a board ``width`` cells wide (scrollbar excluded).

    Wide: every column at a comfortable width. Narrower, in this order: reminders and
    time left take their short labels (:data:`NARROW_COLUMNS`), the name and group
    columns shrink, then the local time is dropped (width 0: not shown) and name and group
    shrink further, so that code, status, time left and reminders always show. A
    DataTable pads each shown column with one cell on either side.
    """
    widths = {"code": 4, "name": min(max(longest_name, 8), 28),
              "group": min(max(longest_group, 5), 22), "local": 10,
              "status": 12, "left": 11, "reminders": 9}

    def over() -> int:
        return sum(w + 2 for w in widths.values() if w) - width

    for key, least in (("name", 20), ("group", 14), ("reminders", 6), ("left", 9),
                       ("local", 9), ("name", 14), ("group", 10),
                       ("name", 12), ("group", 8), ("local", 0), ("name", 8), ("group", 5)):
        excess = over()
        if excess <= 0:
            break
        widths[key] = 0 if least == 0 else max(least, widths[key] - excess)
    return widths


def column_label(key: str, width: int) -> str:
    """The header of column ``key`` at ``width``: its short label when the long one does
    not fit."""
    label = dict(COLUMNS)[key]
    return label if len(label) <= width else NARROW_COLUMNS.get(key, label)


class BoardModel:
    """Rows of the status board for any ``now``.

    ``reminder_offsets`` are the hours at which reminders are due (the scenario's); a row
    is *reminder due* when more offsets have passed than reminder rounds were sent and the
    participant has not answered. A row is *expiring* when it has not answered and less
    than ``expiring_hours`` remain before the deadline. ``contacts``: the addresses the
    check goes to; a participant all of whose addresses bounced (``bounced`` events, or
    contacts stored bounced) is unreachable once the deadline passed.
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
        contacts: Iterable[ContactOutcome] = (),
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
        self._rounds: dict[str, set[object]] = {c: set() for c in self.order}
        self._contacts: dict[str, set[str]] = {}
        self._bounced: dict[str, dict[str, float]] = {}
        self.set_contacts(contacts)
        self.add_events(events)
        self.resolution_minutes = 1
        """Clock cells (local time, time left) change in steps of this many minutes."""
        self.expectations: dict[str, list[OpenExpectation]] = {}

    # -- inputs ----------------------------------------------------------------------
    def add_events(self, events: Iterable[Event]) -> None:
        """Index reminder and bounce events (any order) so reminder rounds and bounces can
        be counted up to a time. The messages of one simulated round share its slot
        (``reminder:48``) and count once; a live reminder is one round."""
        for e in events:
            code = e.participant
            if code is None:
                continue
            if e.kind == "reminder" and code in self._reminders:
                slot = e.detail if e.detail.startswith("reminder:") else e.t
                rounds = self._rounds[code]
                if slot in rounds:
                    continue
                rounds.add(slot)
                bisect.insort(self._reminders[code], e.t)
            elif e.kind == "bounced" and e.contact is not None:
                seen = self._bounced.setdefault(code, {})
                seen[e.contact] = min(e.t, seen.get(e.contact, e.t))

    def set_contacts(self, contacts: Iterable[ContactOutcome]) -> None:
        """The addresses the check goes to (keys by participant); those stored bounced
        count as bounced from the start."""
        for c in contacts:
            self._contacts.setdefault(c.participant, set()).add(c.key)
            if c.bounced:
                self._bounced.setdefault(c.participant, {}).setdefault(c.key, 0.0)

    def bounced_out(self, code: str, now: float) -> bool:
        """Every address of ``code`` has bounced by ``now`` (False when none is known)."""
        keys = self._contacts.get(code)
        if not keys:
            return False
        seen = self._bounced.get(code, {})
        return all(k in seen and seen[k] <= now + 1e-9 for k in keys)

    def status(self, code: str, now: float) -> str:
        """``code``'s status at ``now`` (see the module docstring)."""
        return status_at(self.participants[code], now, self.deadline,
                         bounced_out=self.bounced_out(code, now))

    def add_expectation(self, code: str, exp: OpenExpectation) -> None:
        """Track a tabletop expectation on ``code`` (shown while open, flagged when due soon)."""
        self.expectations.setdefault(code, []).append(exp)

    def open_expectations(self, code: str, now: float) -> list[OpenExpectation]:
        """``code``'s expectations open at ``now``, the one due first first."""
        return open_at(self.expectations.get(code, []), now)

    def set_participant(self, p: ParticipantOutcome) -> None:
        """Replace (or add) one participant's outcome (live mode)."""
        if p.code not in self.participants:
            self.order.append(p.code)
            self._reminders[p.code] = []
            self._rounds[p.code] = set()
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
        """Reminder rounds sent to ``code`` by ``now``.

        A simulated participant gets a round at each of the first ``reminders`` offsets
        (the engine reminds whoever has not acknowledged, at every offset, even when all
        its addresses bounced so that no message goes out); a live one, one per reminder
        recorded.
        """
        sent = bisect.bisect_right(self._reminders.get(code, []), now + 1e-9)
        p = self.participants.get(code)
        if p is None or p.human or not self.reminder_offsets:
            return sent
        due = self.reminder_offsets[: p.reminders]
        return max(sent, bisect.bisect_right(due, now + 1e-9))

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
        status = self.status(code, now)
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
            text = f"{exp.id} " + (time_left(shown) if until > 0 else "overdue")
            left_cell: Cell = (text, "bold reverse dark_orange" if expiring else "bold")
        elif not open_:
            left_cell = ("-", "dim")
        elif left <= 0:
            left_cell = ("over", "bold red3")
        else:
            shown = self.deadline - self._quantized(now)
            left_cell = (time_left(shown), "bold reverse dark_orange" if expiring else "")
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
            s = self.status(code, now)
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

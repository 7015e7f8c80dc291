"""When the secretariat of a communication check acts.

Reminders, escalations and phone rounds are due at offsets from the start; a secretariat
acts in its own working time (:class:`~simulator.model.secretariat.SecretariatSpec`), so
an offset outside it moves to the next working moment unless the scenario says the action
goes out as scheduled. The report's timeline shows each action at the time it happened.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from simulator.calendar.work import WorkCalendar, office_calendar
from simulator.model.check import CheckSpec
from simulator.model.secretariat import SecretariatSpec

RETRY_SEARCH_STEPS = 64
"""How many alternations between the secretariat's and the callees' working time the
search for a common working moment tries before giving up (see :meth:`Secretariat.overlap`)."""


class Secretariat:
    """A check's secretariat: its calendar and the moments it acts."""

    def __init__(self, spec: SecretariatSpec, origin: datetime, horizon: float) -> None:
        self.spec = spec
        self.horizon = horizon
        self.calendar: WorkCalendar = office_calendar(
            spec.timezone,
            origin,
            horizon,
            holiday_country=spec.holidays,
            weekdays=spec.weekdays(),
            office_hours=spec.office_hours,
            always=spec.duty_24_7,
        )
        self.moves = spec.off_hours == "next_working" and not spec.duty_24_7

    def when(self, offset: float) -> float:
        """When an action due at ``offset`` happens (``inf`` if after the horizon)."""
        at = self.calendar.next_working(offset) if self.moves else offset
        return at if at <= self.horizon else math.inf

    def overlap(self, earliest: float, callees: Iterable[WorkCalendarAt]) -> float:
        """The first moment from ``earliest`` at which the secretariat works and one of
        ``callees`` is at work; the secretariat's next working moment if there is none
        within the horizon (its call then meets an empty office), ``inf`` past it."""
        ats = list(callees)
        t = earliest
        for _ in range(RETRY_SEARCH_STEPS):
            t = self.when(t)
            if t > self.horizon or not ats:
                break
            m = min(at(t) for at in ats)
            if m == t:
                return t
            if m > self.horizon:
                break
            t = m
        return self.when(earliest)


class WorkCalendarAt:
    """A callee's next moment at work: ``at(t)`` (a callable, for :meth:`Secretariat.overlap`)."""

    def __init__(self, calendar: WorkCalendar, absent_until: float) -> None:
        self.calendar = calendar
        self.absent_until = absent_until

    def __call__(self, t: float) -> float:
        return self.calendar.next_working(max(t, self.absent_until))


def action_time(check: CheckSpec, offset: float, start: datetime | None = None) -> float:
    """When ``check``'s secretariat acts on an action due ``offset`` hours after ``start``
    (default: the check's own start; a live check passes the moment it really started):
    the one rule the simulation and a live check by e-mail share."""
    origin = check.start if start is None else start
    return Secretariat(check.secretariat, origin, check.horizon_hours).when(offset)

"""Working-time calendars: when is a person actually at work?

A participant's office is open during its office hours in its IANA time zone, on its
work-week days, except on its public holidays (the ``holidays`` package). A 24/7 duty desk
is always at work. Simulated time is float **hours since an origin** (an aware UTC instant,
the check start).

The working intervals are precomputed as sorted floats with a running total of worked
hours, so every query is a ``bisect``, never a walk over days: this is the hottest code of
every simulation. Intervals are built for a window around the origin and extended on
demand, so answers never depend on the horizon given.

Local times that do not exist (the hour skipped when clocks spring forward) or exist twice
(the hour repeated in autumn) resolve with ``fold=0``, as :mod:`zoneinfo` does: an office
opening at 09:00 is never affected in practice, a span crossing the change keeps its local
wall-clock boundaries, so a 09:00–17:00 day is always eight real hours.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from simulator.directory import Participant

_HOUR = timedelta(hours=1)
_BACK_DAYS = 7


def _holiday_calendar(country: str | None, subdiv: str | None) -> Any:
    if not country:
        return None
    import holidays

    return holidays.country_holidays(country, subdiv=subdiv)


class WorkCalendar:
    """Working intervals of one office, queried in hours since ``origin``."""

    def __init__(
        self,
        *,
        timezone: str,
        work_weekdays: Iterable[int],
        office_spans: Sequence[tuple[time, time]],
        holiday_country: str | None,
        holiday_subdiv: str | None = None,
        origin: datetime,
        horizon_hours: float = 24 * 14,
        always: bool = False,
    ) -> None:
        if origin.tzinfo is None:
            raise ValueError("origin must be an aware datetime (UTC)")
        self.zone = ZoneInfo(timezone)
        self.timezone = timezone
        self.origin = origin.astimezone(_UTC)
        self.always = always
        self.weekdays = frozenset(work_weekdays)
        self.spans = list(office_spans)
        if not always and (not self.weekdays or not self.spans):
            raise ValueError(f"calendar for {timezone} has no working day; give a work week and office hours")
        self._holidays = None if always else _holiday_calendar(holiday_country, holiday_subdiv)
        self._starts: list[float] = []
        self._ends: list[float] = []
        self._cum: list[float] = []  # worked hours before each interval starts
        self._first_day: date | None = None
        self._next_day: date | None = None  # first local day not built yet
        self._covered_to = -math.inf
        self._covered_from = math.inf
        if not always:
            local0 = self.origin.astimezone(self.zone).date()
            self._build(local0 - timedelta(days=_BACK_DAYS), local0 + timedelta(days=int(horizon_hours // 24) + 2))

    # -- construction -------------------------------------------------------------------
    def _hours(self, dt: datetime) -> float:
        return (dt - self.origin) / _HOUR

    def _day_intervals(self, d: date) -> list[tuple[float, float]]:
        if d.weekday() not in self.weekdays:
            return []
        if self._holidays is not None and d in self._holidays:
            return []
        out = []
        for s, e in self.spans:
            a = self._hours(datetime.combine(d, s, tzinfo=self.zone))
            b = self._hours(datetime.combine(d, e, tzinfo=self.zone))
            if b > a:
                out.append((a, b))
        return out

    def _build(self, first: date, last: date) -> None:
        """(Re)build intervals for local days first..last inclusive."""
        self._starts, self._ends, self._cum = [], [], []
        self._first_day = first
        self._next_day = first
        self._extend_days(last)
        self._covered_from = self._hours(datetime.combine(first, time(0), tzinfo=self.zone))

    def _extend_days(self, last: date) -> None:
        assert self._next_day is not None
        d = self._next_day
        total = self._cum[-1] + (self._ends[-1] - self._starts[-1]) if self._cum else 0.0
        while d <= last:
            for a, b in self._day_intervals(d):
                self._starts.append(a)
                self._ends.append(b)
                self._cum.append(total)
                total += b - a
            d += timedelta(days=1)
        self._next_day = d
        self._covered_to = self._hours(datetime.combine(d, time(0), tzinfo=self.zone))

    def _ensure(self, t: float) -> None:
        """Make sure the intervals cover ``t`` (and at least one interval after it)."""
        if t < self._covered_from:
            assert self._first_day is not None and self._next_day is not None
            days_back = int((self._covered_from - t) // 24) + 2
            self._build(self._first_day - timedelta(days=max(days_back, 7)), self._next_day - timedelta(days=1))
        while t >= self._covered_to or not self._starts or self._starts[-1] <= t:
            assert self._next_day is not None and self._first_day is not None
            span = max(14, (self._next_day - self._first_day).days)
            self._extend_days(self._next_day + timedelta(days=span))
            if span > 366 * 50:  # pragma: no cover - defensive
                raise ValueError("calendar has no working time ahead")

    def _ensure_worked(self, target: float) -> None:
        """Make sure the intervals hold ``target`` worked hours in total."""
        while not self._cum or self._cum[-1] + (self._ends[-1] - self._starts[-1]) < target:
            self._ensure(self._covered_to + 1.0)

    # -- queries ------------------------------------------------------------------------
    def is_working(self, t: float) -> bool:
        """Is the office open at ``t`` (intervals are half-open ``[start, end)``)?"""
        if self.always:
            return True
        if not (self._covered_from <= t < self._covered_to):
            self._ensure(t)
        i = bisect_right(self._starts, t) - 1
        return i >= 0 and t < self._ends[i]

    def next_working(self, t: float) -> float:
        """``t`` if the office is open then, else the start of the next working interval."""
        if self.always:
            return t
        if not self._starts or not (self._covered_from <= t < self._covered_to) or self._starts[-1] <= t:
            self._ensure(t)
        i = bisect_right(self._starts, t) - 1
        if i >= 0 and t < self._ends[i]:
            return t
        return self._starts[i + 1]

    def _worked_until(self, t: float) -> float:
        i = bisect_right(self._starts, t) - 1
        if i < 0:
            return 0.0
        return self._cum[i] + min(t, self._ends[i]) - self._starts[i]

    def add_working(self, t: float, hours: float) -> float:
        """The instant at which ``hours`` of working time after ``t`` have elapsed (work
        starts at the next working moment; ``hours == 0`` returns ``t``)."""
        if hours <= 0:
            return t
        if self.always:
            return t + hours
        t0 = self.next_working(t)
        i = bisect_right(self._starts, t0) - 1
        target = self._cum[i] + (t0 - self._starts[i]) + hours
        self._ensure_worked(target)
        j = bisect_left(self._cum, target) - 1
        return self._starts[j] + (target - self._cum[j])

    def working_hours_between(self, t0: float, t1: float) -> float:
        """Working hours in ``[t0, t1]`` (0 if ``t1 <= t0``)."""
        if t1 <= t0:
            return 0.0
        if self.always:
            return t1 - t0
        self._ensure(t0)
        self._ensure(t1)
        return self._worked_until(t1) - self._worked_until(t0)

    @property
    def intervals(self) -> list[tuple[float, float]]:
        """The working intervals built so far (hours since origin)."""
        return list(zip(self._starts, self._ends, strict=True))

    # -- datetimes ----------------------------------------------------------------------
    def to_hours(self, dt: datetime) -> float:
        if dt.tzinfo is None:
            raise ValueError("give an aware datetime")
        return self._hours(dt.astimezone(_UTC))

    def to_datetime(self, t: float) -> datetime:
        return self.origin + timedelta(hours=t)

    def local_datetime(self, t: float) -> datetime:
        return self.to_datetime(t).astimezone(self.zone)

    def is_working_at(self, dt: datetime) -> bool:
        return self.is_working(self.to_hours(dt))

    def next_working_at(self, dt: datetime) -> datetime:
        return self.to_datetime(self.next_working(self.to_hours(dt)))

    def add_working_at(self, dt: datetime, hours: float) -> datetime:
        return self.to_datetime(self.add_working(self.to_hours(dt), hours))

    def holidays_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """Public holidays (date, name) in ``[start, end]``."""
        if self._holidays is None:
            return []
        out = []
        d = start
        while d <= end:
            name = self._holidays.get(d)
            if name:
                out.append((d, str(name)))
            d += timedelta(days=1)
        return out


_UTC = timezone.utc


@lru_cache(maxsize=4096)
def _cached(
    tz: str,
    weekdays: frozenset[int],
    hours: tuple[tuple[time, time], ...],
    country: str | None,
    subdiv: str | None,
    origin: datetime,
    horizon: float,
    always: bool,
) -> WorkCalendar:
    return WorkCalendar(
        timezone=tz,
        work_weekdays=weekdays,
        office_spans=hours,
        holiday_country=country,
        holiday_subdiv=subdiv,
        origin=origin,
        horizon_hours=horizon,
        always=always,
    )


def calendar_for(
    participant: Participant, origin: datetime, horizon_hours: float, *, duty_24_7: bool = False
) -> WorkCalendar:
    """The calendar of ``participant`` (or of its 24/7 desk), built once per process."""
    if duty_24_7:
        return _cached("UTC", frozenset(), (), None, None, origin, horizon_hours, True)
    return _cached(
        participant.timezone,
        participant.work_weekdays(),
        tuple(participant.office_spans()),
        participant.holiday_country,
        participant.holiday_subdiv,
        origin,
        horizon_hours,
        False,
    )

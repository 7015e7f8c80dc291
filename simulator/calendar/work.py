"""Working-time calendars: when is a person actually at work?

A :class:`WorkCalendar` answers, in hours since an origin (the check start), whether an
office is open, when it next opens, and when some hours of working time have elapsed. A
24/7 duty desk is always at work. The local rules (office hours, work week, holidays,
daylight-saving changes) are :class:`~simulator.calendar.office.OfficeWeek`'s.

The working intervals are precomputed as sorted floats with a running total of worked
hours, so every query is one ``bisect``, never a walk over days: this is the hottest code
of every simulation. Intervals are built for ``[origin - 7 days, origin + horizon]`` and
extended on demand (doubling the covered span), so answers never depend on the horizon.

A calendar may be shared by threads (the terminal UI computes calendars in a worker):
queries read one immutable snapshot, and extensions build a new one under a lock.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from simulator.calendar.office import OfficeWeek, Snapshot, holiday_names
from simulator.model.directory import Participant, parse_office_hours

_HOUR = timedelta(hours=1)
_BACK_DAYS = 7
_MIN_EXTEND_DAYS = 14
_GIVE_UP_DAYS = 366 * 20


class WorkCalendar:
    """Working intervals of one office, queried in hours since ``origin``.

    Intervals are half-open ``[start, end)``. ``always=True`` is a 24/7 duty desk: every
    instant is working time (the zone then only serves :meth:`local_datetime`).
    """

    __slots__ = (
        "zone", "timezone", "origin", "always", "weekdays", "spans",
        "holiday_country", "holiday_subdiv", "_week", "_lock", "_st",
    )

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
        if origin.tzinfo is None or origin.utcoffset() is None:
            raise ValueError("origin must be an aware datetime (e.g. UTC)")
        self.zone = ZoneInfo(timezone)
        self.timezone = timezone
        self.origin = origin.astimezone(UTC)
        self.always = always
        self.weekdays = frozenset(work_weekdays)
        self.spans = sorted(office_spans)
        self.holiday_country = holiday_country or None
        self.holiday_subdiv = holiday_subdiv or None
        self._lock = threading.Lock()
        bad = [d for d in self.weekdays if not (isinstance(d, int) and 0 <= d <= 6)]
        if bad:
            raise ValueError(f"work weekdays {bad} must be 0 (Monday) .. 6 (Sunday)")
        for s, e in self.spans:
            if not e > s:
                raise ValueError(
                    f"office span {s:%H:%M}-{e:%H:%M}: the end must come after the start"
                )
        if not always and (not self.weekdays or not self.spans):
            raise ValueError(
                f"calendar for {timezone} has no working day; give at least one work-week day "
                "and office hours (or make it a 24/7 duty desk)"
            )
        self._week = OfficeWeek(
            self.zone, self.origin, self.weekdays, self.spans,
            self.holiday_country, self.holiday_subdiv,
        )
        local0 = self.origin.astimezone(self.zone).date()
        if self.holiday_country and not always:
            holiday_names(self.holiday_country, self.holiday_subdiv, local0.year)  # fail early
        first = local0 - timedelta(days=_BACK_DAYS)
        last = local0 + timedelta(days=max(0, math.ceil(horizon_hours / 24)) + 1)
        if always:
            inf = math.inf
            self._st = Snapshot([], [], [], -inf, inf, inf, 0.0, first, last)
        else:
            self._st = self._week.build(first, last)

    def __repr__(self) -> str:
        kind = "24/7" if self.always else f"days={sorted(self.weekdays)} spans={len(self.spans)}"
        return f"WorkCalendar({self.timezone}, {kind}, origin={self.origin.isoformat()})"

    def __getstate__(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if k != "_lock"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            setattr(self, k, v)
        self._lock = threading.Lock()

    def _cover(self, t: float, need_next: bool = False) -> Snapshot:
        """A snapshot covering ``t`` (and, if ``need_next``, an interval starting after it)."""
        with self._lock:
            st = self._st
            if t < st.lo:
                span = max(_MIN_EXTEND_DAYS, (st.next_day - st.first_day).days)
                first = st.first_day - timedelta(days=span)
                while self._week.instant(first, time(0)) > t:
                    first -= timedelta(days=span)
                st = self._week.prepended(st, first)
            while t >= st.hi or (need_next and t >= st.ready):
                span = max(_MIN_EXTEND_DAYS, (st.next_day - st.first_day).days)
                if span > _GIVE_UP_DAYS and not st.starts:
                    raise ValueError(f"calendar for {self.timezone} has no working time at all")
                st = self._week.extended(st, st.next_day + timedelta(days=span))
            self._st = st
            return st

    def _cover_worked(self, target: float) -> Snapshot:
        """A snapshot holding at least ``target`` worked hours in total."""
        st = self._st
        while st.total < target:
            st = self._cover(st.hi)
        return st

    # -- queries (hours since origin) -----------------------------------------------------
    # The hot paths unpack the snapshot once: it is about twice as fast as attribute reads.
    def is_working(self, t: float) -> bool:
        """Is the office open at ``t`` (intervals are half-open ``[start, end)``)?"""
        if self.always:
            return True
        starts, ends, _, lo, hi, _, _, _, _ = self._st
        if not lo <= t < hi:
            starts, ends, _, lo, hi, _, _, _, _ = self._cover(t)
        i = bisect_right(starts, t) - 1
        return i >= 0 and t < ends[i]

    def next_working(self, t: float) -> float:
        """``t`` if the office is open then, else the start of the next working interval."""
        if self.always:
            return t
        starts, ends, _, lo, _, ready, _, _, _ = self._st
        if not lo <= t < ready:
            starts, ends, _, lo, _, ready, _, _, _ = self._cover(t, need_next=True)
        i = bisect_right(starts, t)
        if i and t < ends[i - 1]:
            return t
        return starts[i]

    def add_working(self, t: float, hours: float) -> float:
        """The instant at which ``hours`` of working time after ``t`` have elapsed.

        Work starts at :meth:`next_working` of ``t``; ``hours <= 0`` returns ``t`` itself.
        A task that ends exactly when the office closes ends at the closing instant.
        """
        return self.add_working_by(t, hours, math.inf)

    def add_working_by(self, t: float, hours: float, limit: float) -> float:
        """:meth:`add_working` if its answer is at most ``limit``, else a time after
        ``limit`` (maybe ``inf``): answers past the built intervals are not computed, so a
        simulation asking what falls after its horizon does not extend the calendar."""
        if hours <= 0:
            return t
        if self.always:
            return t + hours
        starts, ends, cum, lo, hi, ready, total, _, _ = self._st
        if not lo <= t < ready:
            if t >= lo and hi > limit:  # work starts no sooner than hi (see below)
                return math.inf
            starts, ends, cum, lo, hi, ready, total, _, _ = self._cover(t, need_next=True)
        i = bisect_right(starts, t)
        if i and t < ends[i - 1]:
            i -= 1
            target = cum[i] + (t - starts[i]) + hours
        else:
            target = cum[i] + hours
        if target > total:
            # It ends in an interval not built yet: every one of them starts at hi or later
            # (or extends the last one, which ends at hi or later).
            if hi > limit:
                return math.inf
            # running totals never change, but indices may have moved
            starts, ends, cum, _, _, _, _, _, _ = self._cover_worked(target)
            i = 0
        j = bisect_left(cum, target, i) - 1
        at = starts[j] + (target - cum[j])
        end = ends[j]
        return at if at < end else end

    def working_hours_between(self, t0: float, t1: float) -> float:
        """Working hours in ``[t0, t1]`` (0 if ``t1 <= t0``)."""
        if t1 <= t0:
            return 0.0
        if self.always:
            return t1 - t0
        starts, ends, cum, lo, hi, _, _, _, _ = self._st
        if not (lo <= t0 and t1 < hi):
            self._cover(t0)
            starts, ends, cum, lo, hi, _, _, _, _ = self._cover(t1)
        i = bisect_right(starts, t1) - 1
        if i < 0:
            return 0.0
        e = ends[i]
        done1 = cum[i] + (t1 if t1 < e else e) - starts[i]
        i = bisect_right(starts, t0, 0, i + 1) - 1
        if i < 0:
            return done1
        e = ends[i]
        return done1 - (cum[i] + (t0 if t0 < e else e) - starts[i])

    @property
    def intervals(self) -> list[tuple[float, float]]:
        """The working intervals built so far (hours since origin), in order."""
        st = self._st
        return list(zip(st.starts, st.ends, strict=True))

    # -- datetimes ----------------------------------------------------------------------
    def to_hours(self, dt: datetime) -> float:
        """Hours since origin of the aware datetime ``dt``."""
        if dt.tzinfo is None or dt.utcoffset() is None:
            raise ValueError("give an aware datetime (with a time zone)")
        return (dt - self.origin) / _HOUR

    def to_datetime(self, t: float) -> datetime:
        """The aware UTC datetime ``t`` hours after the origin."""
        return self.origin + timedelta(hours=t)

    def local_datetime(self, t: float) -> datetime:
        """The aware datetime ``t`` hours after the origin, in the office's zone."""
        return self.to_datetime(t).astimezone(self.zone)

    def is_working_at(self, dt: datetime) -> bool:
        """:meth:`is_working` for an aware datetime."""
        return self.is_working(self.to_hours(dt))

    def next_working_at(self, dt: datetime) -> datetime:
        """:meth:`next_working` for an aware datetime; the answer is in UTC."""
        return self.to_datetime(self.next_working(self.to_hours(dt)))

    def add_working_at(self, dt: datetime, hours: float) -> datetime:
        """:meth:`add_working` for an aware datetime; the answer is in UTC."""
        return self.to_datetime(self.add_working(self.to_hours(dt), hours))

    def holidays_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """Public holidays ``(date, name)`` on local days ``start .. end`` (inclusive)."""
        if self.holiday_country is None or self.always or end < start:
            return []
        out: list[tuple[date, str]] = []
        for year in range(start.year, end.year + 1):
            names = holiday_names(self.holiday_country, self.holiday_subdiv, year)
            out.extend((d, n) for d, n in names.items() if start <= d <= end)
        return sorted(out)


@lru_cache(maxsize=4096)
def _cached(
    tz: str,
    weekdays: frozenset[int],
    office_hours: str,
    country: str | None,
    subdiv: str | None,
    origin: datetime,
    horizon: float,
    always: bool,
) -> WorkCalendar:
    return WorkCalendar(
        timezone=tz,
        work_weekdays=weekdays,
        office_spans=parse_office_hours(office_hours) if office_hours else (),
        holiday_country=country,
        holiday_subdiv=subdiv,
        origin=origin,
        horizon_hours=horizon,
        always=always,
    )


def calendar_for(
    participant: Participant, origin: datetime, horizon_hours: float, *, duty_24_7: bool = False
) -> WorkCalendar:
    """The calendar of ``participant``'s office (or of its 24/7 duty desk).

    Cached per process on everything that shapes it (zone, work week, office hours,
    holidays, origin, horizon, duty), so each distinct calendar is built once however
    many participants and replications share it. Callers must not mutate it.
    """
    if duty_24_7:
        tz = participant.timezone
        return _cached(tz, frozenset(), "", None, None, origin, horizon_hours, True)
    return _cached(
        participant.timezone,
        participant.work_weekdays(),
        participant.office_hours,
        participant.holiday_country,
        participant.holiday_subdiv,
        origin,
        horizon_hours,
        False,
    )


def office_calendar(
    timezone: str,
    origin: datetime,
    horizon: float,
    *,
    holiday_country: str | None = None,
    weekdays: frozenset[int] = frozenset(range(5)),
    office_hours: str = "09:00-17:00",
    always: bool = False,
) -> WorkCalendar:
    """An office's calendar from its local rules (a check's secretariat: Monday–Friday
    09:00–17:00 unless told otherwise; ``always``: a 24/7 desk). Cached like
    :func:`calendar_for`: callers must not mutate it."""
    if always:
        return _cached(timezone, frozenset(), "", None, None, origin, horizon, True)
    return _cached(
        timezone, weekdays, office_hours, holiday_country, None, origin, horizon, False
    )

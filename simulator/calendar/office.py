"""A participant's office week as working intervals: local days to hours since an origin.

A participant's office is open during its office hours in its IANA time zone, on its
work-week days, except on its public holidays (the ``holidays`` package). Intervals are
float **hours since an origin** (an aware instant, the check start), merged when they
touch, with a running total of worked hours (a :class:`Snapshot`).

Local wall-clock boundaries become instants with :mod:`zoneinfo`, so a 09:00–17:00 day is
eight real hours on either side of a daylight-saving change. Two rules settle the rare
boundaries that fall inside a change:

* a local time that **does not exist** (the hour skipped when clocks spring forward) is the
  instant the clocks jumped, i.e. the first moment that time could be read: an office
  opening at 02:30 on such a day opens at 03:00 new time;
* a local time that **exists twice** (the hour repeated when clocks fall back) is its
  first occurrence (``fold=0``), so a span containing the repeated hour lasts an hour longer.

Both rules keep local-to-UTC monotone, so spans never overlap. An end written ``24:00``
(stored by :func:`simulator.model.directory.parse_office_hours` as 23:59:59.999999) means the
next midnight.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
_END_OF_DAY = time(23, 59, 59, 999999)
"""How :func:`simulator.model.directory.parse_office_hours` stores ``24:00``."""


@lru_cache(maxsize=1024)
def holiday_names(country: str, subdiv: str | None, year: int) -> Mapping[date, str]:
    """Public holidays of ``country`` (and ``subdiv``) in ``year``: date -> name."""
    import holidays

    try:
        cal = holidays.country_holidays(country, subdiv=subdiv, years=year)
    except NotImplementedError as exc:
        raise ValueError(
            f"no public-holiday calendar for {country!r}"
            + (f" subdivision {subdiv!r}" if subdiv else "")
            + f" ({exc}); use a country and subdivision the 'holidays' package supports"
        ) from None
    return {d: str(name) for d, name in cal.items()}


class Snapshot(NamedTuple):
    """Everything a query reads, swapped in as one object."""

    starts: list[float]
    ends: list[float]
    cum: list[float]  # worked hours before each interval starts (a running total)
    lo: float  # intervals are complete in [lo, hi)
    hi: float
    ready: float  # ends[-1] (or -inf): below it, t is in an interval or one starts after it
    total: float  # worked hours up to ends[-1]
    first_day: date  # local days first_day .. next_day - 1 are built
    next_day: date


@dataclass(frozen=True, slots=True)
class OfficeWeek:
    """When one office works, as local rules: zone, work-week days (Mon=0), office spans
    and public holidays; it builds the intervals of any range of local days."""

    zone: ZoneInfo
    origin: datetime  # aware, UTC
    weekdays: frozenset[int]
    spans: list[tuple[time, time]]
    holiday_country: str | None
    holiday_subdiv: str | None

    def instant(self, d: date, tm: time) -> float:
        """Hours since origin of local wall-clock ``tm`` on local day ``d`` (the rules above)."""
        if tm == _END_OF_DAY:
            d, tm = d + _DAY, time(0)
        local = datetime.combine(d, tm, tzinfo=self.zone)  # fold=0: first occurrence
        u = local.astimezone(UTC)
        if u.astimezone(self.zone).replace(tzinfo=None) != local.replace(tzinfo=None):
            u = self._jump_instant(local)
        return (u - self.origin) / _HOUR

    def _jump_instant(self, local: datetime) -> datetime:
        """The instant the clocks jumped over the non-existent local time ``local``."""
        a = local.replace(fold=1).astimezone(UTC)  # read with the later offset: before the jump
        b = local.replace(fold=0).astimezone(UTC)  # read with the earlier offset: after it
        if a > b:
            a, b = b, a
        after = b.astimezone(self.zone).utcoffset()
        tick = timedelta(microseconds=1)
        while b - a > tick:  # the offset changes once in (a, b]
            mid = a + (b - a) // 2
            if mid.astimezone(self.zone).utcoffset() == after:
                b = mid
            else:
                a = mid
        return b

    def day_intervals(self, d: date) -> list[tuple[float, float]]:
        if d.weekday() not in self.weekdays:
            return []
        if self.holiday_country and d in holiday_names(
            self.holiday_country, self.holiday_subdiv, d.year
        ):
            return []
        out = []
        for s, e in self.spans:
            a = self.instant(d, s)
            b = self.instant(d, e)
            if b > a:
                out.append((a, b))
        return out

    def intervals_for(self, first: date, stop: date) -> tuple[list[float], list[float]]:
        """Merged intervals of local days ``first .. stop - 1``."""
        starts: list[float] = []
        ends: list[float] = []
        d = first
        while d < stop:
            for a, b in self.day_intervals(d):
                if ends and a <= ends[-1]:
                    ends[-1] = max(ends[-1], b)
                else:
                    starts.append(a)
                    ends.append(b)
            d += _DAY
        return starts, ends

    def _snapshot(
        self, starts: list[float], ends: list[float], cum: list[float], first: date, nxt: date
    ) -> Snapshot:
        n = len(starts)
        for i in range(len(cum), n):
            cum.append(cum[i - 1] + ends[i - 1] - starts[i - 1] if i else 0.0)
        total = cum[-1] + ends[-1] - starts[-1] if n else 0.0
        return Snapshot(
            starts,
            ends,
            cum,
            self.instant(first, time(0)),
            self.instant(nxt, time(0)),
            ends[-1] if n else -math.inf,
            total,
            first,
            nxt,
        )

    def build(self, first: date, stop: date) -> Snapshot:
        starts, ends = self.intervals_for(first, stop)
        return self._snapshot(starts, ends, [], first, stop)

    def extended(self, st: Snapshot, stop: date) -> Snapshot:
        """``st`` with local days up to ``stop - 1`` added."""
        new_s, new_e = self.intervals_for(st.next_day, stop)
        starts, ends, cum = list(st.starts), list(st.ends), list(st.cum)
        if new_s and ends and new_s[0] <= ends[-1]:  # touches the last interval: merge
            ends[-1] = max(ends[-1], new_e[0])
            new_s, new_e = new_s[1:], new_e[1:]
        starts += new_s
        ends += new_e
        return self._snapshot(starts, ends, cum, st.first_day, stop)

    def prepended(self, st: Snapshot, first: date) -> Snapshot:
        """``st`` with local days from ``first`` added before it. Running totals of the
        intervals already built keep their values (earlier ones go negative), so a total
        computed from an older snapshot stays valid in the new one."""
        new_s, new_e = self.intervals_for(first, st.first_day)
        starts, ends, cum = list(st.starts), list(st.ends), list(st.cum)
        base = cum[0] if cum else st.total
        if new_s and starts and new_e[-1] >= starts[0]:  # touches the first interval: merge
            base -= starts[0] - new_s[-1]
            starts[0], cum[0] = new_s[-1], base
            new_s, new_e = new_s[:-1], new_e[:-1]
        before = []
        for a, b in zip(reversed(new_s), reversed(new_e), strict=True):
            base -= b - a
            before.append(base)
        before.reverse()
        return self._snapshot(new_s + starts, new_e + ends, before + cum, first, st.next_day)

"""Working-time arithmetic on arrays: :class:`~simulator.calendar.work.WorkCalendar`'s
queries for many start times at once.

A :class:`VectorCalendar` holds one office's working intervals as sorted NumPy arrays
(starts, ends, worked hours before each start), copied from a ``WorkCalendar`` built far
enough to cover the span a simulation looks at. Its queries are one ``np.searchsorted``
each and do exactly the floating-point operations the scalar calendar does, in the same
order, so an answer within the covered span is the scalar answer bit for bit (tests check
this on random queries, across clock changes and holidays). An answer that would need
intervals past the covered span is ``inf``: the vector engine only asks what happens
before its horizon.

:class:`CalendarSet` answers for many contacts at once, each with its own calendar.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from simulator.calendar.work import WorkCalendar

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


class VectorCalendar:
    """One office's working intervals as arrays, covering ``[lo, hi)``."""

    __slots__ = ("always", "starts", "ends", "cum", "lo", "hi", "ready", "total")

    def __init__(self, calendar: WorkCalendar, until: float) -> None:
        self.always = calendar.always
        if self.always:
            self.starts = self.ends = self.cum = np.empty(0)
            self.lo, self.hi, self.ready, self.total = -math.inf, math.inf, math.inf, 0.0
            return
        st = calendar._cover(until, need_next=True)  # noqa: SLF001 - same package family
        self.starts = np.asarray(st.starts, dtype=np.float64)
        self.ends = np.asarray(st.ends, dtype=np.float64)
        self.cum = np.asarray(st.cum, dtype=np.float64)
        self.lo, self.hi, self.ready, self.total = st.lo, st.hi, st.ready, st.total

    def next_working(self, t: Floats) -> Floats:
        """``WorkCalendar.next_working`` of each ``t`` (``inf`` past the covered span)."""
        t = np.asarray(t, dtype=np.float64)
        if self.always:
            return t.copy()
        i = np.searchsorted(self.starts, t, side="right")
        inside = (i > 0) & (t < self.ends[np.maximum(i - 1, 0)])
        n = len(self.starts)
        nxt = np.where(i < n, self.starts[np.minimum(i, n - 1)], np.inf)
        return np.where(inside, t, nxt)

    def is_working(self, t: Floats) -> NDArray[np.bool_]:
        """``WorkCalendar.is_working`` of each ``t``."""
        t = np.asarray(t, dtype=np.float64)
        if self.always:
            return np.ones(t.shape, dtype=bool)
        i = np.searchsorted(self.starts, t, side="right") - 1
        return (i >= 0) & (t < self.ends[np.maximum(i, 0)])

    def add_working_by(self, t: Floats, hours: Floats, limit: float) -> Floats:
        """``WorkCalendar.add_working_by(t, hours, limit)`` of each pair: equal to the
        scalar answer where that is at most ``limit`` (and within the covered span), a
        time after ``limit`` (maybe ``inf``) otherwise."""
        t = np.asarray(t, dtype=np.float64)
        hours = np.broadcast_to(np.asarray(hours, dtype=np.float64), t.shape)
        if self.always:
            return np.where(hours <= 0, t, t + hours)
        starts, ends, cum = self.starts, self.ends, self.cum
        n = len(starts)
        i = np.searchsorted(starts, t, side="right")
        prev = np.maximum(i - 1, 0)
        inside = (i > 0) & (t < ends[prev])
        # the same operations as the scalar code, in the same order (bit-equal answers)
        target_in = cum[prev] + (t - starts[prev]) + hours
        target_out = cum[np.minimum(i, n - 1)] + hours
        target = np.where(inside, target_in, target_out)
        beyond = (t >= self.ready) | (target > self.total) | (t < self.lo)
        j = np.searchsorted(cum, target, side="left") - 1
        j = np.clip(j, 0, n - 1)
        at = starts[j] + (target - cum[j])
        out = np.where(at < ends[j], at, ends[j])
        out = np.where(beyond, np.inf, out)
        return np.where(hours <= 0, t, out)


class CalendarSet:
    """The calendars of many contacts: ``index[c]`` names contact ``c``'s calendar."""

    def __init__(self, calendars: list[VectorCalendar], index: Ints) -> None:
        self.calendars = calendars
        self.index = np.asarray(index, dtype=np.int64)
        self.groups = [np.flatnonzero(self.index == k) for k in range(len(calendars))]

    def add_working_by(self, t: Floats, hours: Floats, limit: float) -> Floats:
        """Per contact (last axis), :meth:`VectorCalendar.add_working_by`."""
        hours = np.broadcast_to(np.asarray(hours, dtype=np.float64), t.shape)
        out = np.empty(t.shape, dtype=np.float64)
        for cal, cols in zip(self.calendars, self.groups, strict=True):
            if len(cols):
                out[..., cols] = cal.add_working_by(t[..., cols], hours[..., cols], limit)
        return out

    def is_working(self, t: Floats) -> NDArray[np.bool_]:
        """Per contact (last axis), :meth:`VectorCalendar.is_working`."""
        out = np.empty(t.shape, dtype=bool)
        for cal, cols in zip(self.calendars, self.groups, strict=True):
            if len(cols):
                out[..., cols] = cal.is_working(t[..., cols])
        return out

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
    """The calendars of many contacts: ``index[c]`` names contact ``c``'s calendar.

    Every calendar's intervals are laid end to end in one array, each calendar's shifted
    by its own multiple of :attr:`span` (larger than any calendar's range), so one
    ``np.searchsorted`` finds every contact's interval at once, whichever its calendar.
    The shifted search may round a time lying within a rounding error of an interval's
    start to the wrong side; one exact comparison on the unshifted values puts it right,
    so the answers are :class:`VectorCalendar`'s (and the scalar calendar's) bit for bit.
    """

    def __init__(self, calendars: list[VectorCalendar], index: Ints) -> None:
        self.calendars = calendars
        index = np.asarray(index, dtype=np.int64)
        real = [c for c in calendars if not c.always]
        reach = max([1.0] + [float(max(abs(c.starts[0]), abs(c.ends[-1]), abs(c.cum[0]),
                                       abs(c.total))) for c in real if len(c.starts)])
        self.span = span = float(2.0 ** math.ceil(math.log2(4 * reach + 64)))
        starts, ends, cum, enc_s, enc_c = [], [], [], [], []
        seg_lo, seg_hi, lo, ready, total = [], [], [], [], []
        at = 0
        for k, cal in enumerate(calendars):
            if cal.always or not len(cal.starts):
                seg_lo.append(-1)
                seg_hi.append(-1)
                lo.append(-math.inf)
                ready.append(math.inf)
                total.append(math.inf)
                continue
            n = len(cal.starts)
            starts.append(cal.starts)
            ends.append(cal.ends)
            cum.append(cal.cum)
            enc_s.append(cal.starts + k * span)
            enc_c.append(cal.cum + k * span)
            seg_lo.append(at)
            seg_hi.append(at + n)
            lo.append(cal.lo)
            ready.append(cal.ready)
            total.append(cal.total)
            at += n
        dummy = at  # where a 24/7 desk points: one interval, never read for an answer
        pad = [np.array([0.0]), np.array([1.0]), np.array([0.0])]
        self.starts = np.concatenate(starts + pad[:1])
        self.ends = np.concatenate(ends + pad[1:2])
        self.cum = np.concatenate(cum + pad[2:])
        self.enc_starts = np.concatenate(enc_s + [np.array([np.inf])])
        self.enc_cum = np.concatenate(enc_c + [np.array([np.inf])])
        self.always = np.array([c.always or not len(c.starts) for c in calendars])[index]
        lo_k = np.where(np.array(seg_lo) < 0, dummy, seg_lo)
        hi_k = np.where(np.array(seg_hi) < 0, dummy + 1, seg_hi)
        self.seg_lo, self.seg_hi = lo_k[index], hi_k[index]
        self.shift = index * span
        self.lo = np.array(lo)[index]
        self.ready = np.array(ready)[index]
        self.total = np.array(total)[index]

    def _bisect_right(self, t: Floats, c: Ints) -> Ints:
        """``bisect_right`` of each ``t`` in the starts of contact ``c``'s calendar
        (a global index)."""
        s, lo, hi = self.starts, self.seg_lo[c], self.seg_hi[c]
        i = np.clip(np.searchsorted(self.enc_starts, t + self.shift[c], side="right"), lo, hi)
        i = np.where((i > lo) & (s[np.maximum(i - 1, 0)] > t), i - 1, i)
        return np.where((i < hi) & (s[np.minimum(i, len(s) - 1)] <= t), i + 1, i)

    def _bisect_left_cum(self, target: Floats, c: Ints) -> Ints:
        cum, lo, hi = self.cum, self.seg_lo[c], self.seg_hi[c]
        m = np.clip(np.searchsorted(self.enc_cum, target + self.shift[c], side="left"), lo, hi)
        m = np.where((m > lo) & (cum[np.maximum(m - 1, 0)] >= target), m - 1, m)
        return np.where((m < hi) & (cum[np.minimum(m, len(cum) - 1)] < target), m + 1, m)

    def add_working_by(self, t: Floats, hours: Floats, limit: float, c: Ints) -> Floats:
        """:meth:`VectorCalendar.add_working_by` of each ``t`` (any shape) in the calendar
        of contact ``c`` (an index array of the same shape)."""
        t = np.asarray(t, dtype=np.float64)
        hours = np.broadcast_to(np.asarray(hours, dtype=np.float64), t.shape)
        s, e, cum = self.starts, self.ends, self.cum
        lo, hi = self.seg_lo[c], self.seg_hi[c]
        with np.errstate(invalid="ignore"):
            i = self._bisect_right(t, c)
            prev = np.maximum(i - 1, lo)
            inside = (i > lo) & (t < e[prev])
            nxt = np.minimum(i, hi - 1)
            target = np.where(inside, cum[prev] + (t - s[prev]) + hours, cum[nxt] + hours)
            beyond = (t >= self.ready[c]) | (target > self.total[c]) | (t < self.lo[c])
            j = np.clip(self._bisect_left_cum(target, c) - 1, lo, hi - 1)
            at = s[j] + (target - cum[j])
            out = np.where(at < e[j], at, e[j])
        out = np.where(beyond, np.inf, out)
        out = np.where(self.always[c], t + hours, out)
        return np.where(hours <= 0, t, out)

    def next_working(self, t: Floats, c: Ints) -> Floats:
        """:meth:`VectorCalendar.next_working` of each ``t`` for contact ``c``."""
        t = np.asarray(t, dtype=np.float64)
        lo, hi = self.seg_lo[c], self.seg_hi[c]
        with np.errstate(invalid="ignore"):
            i = self._bisect_right(t, c)
            inside = (i > lo) & (t < self.ends[np.maximum(i - 1, 0)])
            nxt = np.where(i < hi, self.starts[np.minimum(i, len(self.starts) - 1)], np.inf)
        out = np.where(inside, t, nxt)
        out = np.where(t < self.lo[c], np.nan, out)  # never asked: times start at 0
        return np.where(self.always[c], t, out)

    def is_working(self, t: Floats, c: Ints) -> NDArray[np.bool_]:
        """:meth:`VectorCalendar.is_working` of each ``t`` for contact ``c``."""
        t = np.asarray(t, dtype=np.float64)
        i = self._bisect_right(t, c) - 1
        on = (i >= self.seg_lo[c]) & (t < self.ends[np.maximum(i, 0)])
        return on | self.always[c]

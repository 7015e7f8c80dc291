"""Pooled counts that do not grow with the number of replications.

:class:`RateSums` keeps the five running sums a clustered rate's interval needs;
:class:`TimeCounts` keeps times binned to :data:`TIME_BIN` hours (36 s), enough for a
Kaplan–Meier curve, its median and in-time quantiles at the precision figures are shown.
The in-time median follows the Kaplan–Meier median's rule (the smallest time with half at
or before it), so the two agree when everyone answered in time.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from simulator.analysis.survival import KMStep, km_median_of, km_table_counts

TIME_BIN = 0.01
"""Hours: the resolution times are pooled at (36 seconds)."""


def binned(t: float | None, end: float) -> float | None:
    """``t`` on the :data:`TIME_BIN` grid; None when it did not happen by ``end``."""
    if t is None or t > end:
        return None
    return round(math.floor(t / TIME_BIN + 1e-9) * TIME_BIN, 2)


@dataclass
class RateSums:
    """Running sums of per-replication successes ``x`` out of ``m`` trials."""

    k: int = 0
    x: float = 0.0
    m: float = 0.0
    xx: float = 0.0
    xm: float = 0.0
    mm: float = 0.0

    def add(self, x: float, m: float) -> None:
        self.k += 1
        self.x += x
        self.m += m
        self.xx += x * x
        self.xm += x * m
        self.mm += m * m

    @property
    def rate(self) -> float:
        return self.x / self.m if self.m else math.nan

    def design_effect(self) -> float:
        """As :func:`simulator.analysis.intervals.design_effect`, from the sums."""
        if self.k < 2 or self.m <= 0:
            return 1.0
        p = self.rate
        if p <= 0.0 or p >= 1.0:
            return 1.0
        between = self.xx - 2 * p * self.xm + p * p * self.mm
        mean_size = self.m / self.k
        var_cluster = between / (self.k * (self.k - 1) * mean_size**2)
        return max(1.0, var_cluster / (p * (1 - p) / self.m))

    def interval(self, digits: int = 4) -> list[float] | None:
        """The cluster-aware Wilson 95% interval of the pooled rate."""
        from simulator.analysis.intervals import wilson

        if self.m <= 0:
            return None
        n_eff = self.m / self.design_effect()
        return [round(v, digits) for v in wilson(self.rate * n_eff, n_eff)]


@dataclass
class TimeCounts:
    """Times observed (binned) and subjects censored at the observation end."""

    events: Counter[float] = field(default_factory=Counter)
    censored: Counter[float] = field(default_factory=Counter)

    def add(self, t: float | None, end: float) -> None:
        """A subject: ``t`` when it happened (None, or after ``end``: censored at ``end``)."""
        self.add_binned([binned(t, end)], end)

    def add_binned(self, keys: list[float | None], end: float) -> None:
        """Subjects already :func:`binned` (None: censored at ``end``)."""
        seen = [k for k in keys if k is not None]
        self.events.update(seen)
        if len(seen) < len(keys):
            self.censored[end] += len(keys) - len(seen)

    def km(self) -> list[KMStep]:
        return km_table_counts(self.events, self.censored)

    def km_median(self) -> float | None:
        """The Kaplan–Meier median (censored at the observation end)."""
        return km_median_of(self.km())

    def median_until(self, until: float) -> float | None:
        """The median of the times ``<= until`` by the Kaplan–Meier rule (the smallest
        time with at least half of them at or before it: with no censoring before
        ``until`` and every time ``<= until``, it equals :meth:`km_median`); None if none."""
        return step_quantile_of(self.events, 0.5, until)

    def quantile_until(self, q: float, until: float) -> float | None:
        """The ``q`` quantile (linear interpolation) of the times ``<= until``; None if
        there are none."""
        keys = sorted(t for t in self.events if t <= until + 1e-9)
        n = sum(self.events[t] for t in keys)
        if n == 0:
            return None
        pos = q * (n - 1)
        lo_i = math.floor(pos)
        lo = nth_time(keys, self.events, lo_i)
        hi = nth_time(keys, self.events, min(lo_i + 1, n - 1))
        return lo + (hi - lo) * (pos - lo_i)


def step_quantile_of(counts: Counter[float], q: float, until: float) -> float | None:
    """As :func:`~simulator.analysis.metrics.step_quantile`, of the times ``<= until``
    repeated ``counts`` times."""
    keys = sorted(t for t in counts if t <= until + 1e-9)
    n = sum(counts[t] for t in keys)
    if n == 0:
        return None
    return nth_time(keys, counts, max(0, math.ceil(q * n - 1e-9) - 1))


def nth_time(keys: list[float], counts: Counter[float], index: int) -> float:
    """The ``index``-th (0-based) of the times ``keys`` repeated ``counts`` times."""
    seen = 0
    for t in keys:
        seen += counts[t]
        if index < seen:
            return t
    return keys[-1]


def km_curve(steps: list[KMStep], horizon: float, step: float | None = None) -> list[list[float]]:
    """``[t, share, lower, upper]`` of ``1 - S(t)`` (with its 95% band) every ``step``
    hours from 0 to ``horizon`` (default: every hour, coarser on a long horizon so that
    the curve has at most :data:`~simulator.analysis.grid.MAX_CURVE_POINTS` points:
    :func:`~simulator.analysis.grid.curve_step`)."""
    from simulator.analysis.grid import curve_step, grid_points

    step = curve_step(horizon) if step is None else step
    out: list[list[float]] = []
    i, share, lo, hi = 0, 0.0, 0.0, 0.0
    for j in range(grid_points(horizon, step)):
        t = j * step
        while i < len(steps) and steps[i].t <= t + 1e-9:
            s = steps[i]
            share, lo, hi = 1 - s.survival, 1 - s.upper, 1 - s.lower
            i += 1
        out.append([round(t, 2), round(share, 4), round(lo, 4), round(hi, 4)])
    return out

"""Time grids in proportion to a horizon: the ticks of an axis, the steps of a curve.

A figure over time is worth what a reader sees of it, so its cost must follow that, not
the horizon: a check observed for 100 years on an hourly grid is 876,000 points a curve,
stored, drawn and tabulated. :func:`curve_step` keeps the usual grid (every hour for a
study's curve, every 2 hours for a sweep's) while the curve has at most
:data:`MAX_CURVE_POINTS` points, and coarsens it beyond, to a whole number of hours that
divides :func:`tick_step` (so a curve still has a point on every tick of its chart and
every row of its table). A 72-hour check is untouched.
"""

from __future__ import annotations

import math

MAX_CURVE_POINTS = 500
"""The most points (after 0) a curve on :func:`curve_step`'s grid has."""
MAX_TICKS = 32
"""The most ticks on an axis of :func:`tick_step`."""
# Tick steps (hours) for long axes: 2, 3 days, a week, 2 weeks, 30, 90, 180 days, then years.
_LONG_STEPS = (48.0, 72.0, 168.0, 336.0, 720.0, 2160.0, 4320.0, 8760.0)


def tick_step(horizon: float) -> float:
    """Hours between ticks on an axis of ``horizon`` hours: 1, 6 or 24, then coarser so
    that a long horizon (months, years) never gets more than :data:`MAX_TICKS` ticks."""
    step = 24.0 if horizon > 48 else (6.0 if horizon > 12 else 1.0)
    if horizon // step < MAX_TICKS:
        return step
    for step in _LONG_STEPS:
        if horizon // step < MAX_TICKS:
            return step
    for years in (2, 5, 10, 20, 50, 100, 200, 500, 1000):
        step = 8760.0 * years
        if horizon // step < MAX_TICKS:
            break
    return step


def curve_step(horizon: float, base: float = 1.0, max_points: int = MAX_CURVE_POINTS) -> float:
    """Hours between the points of a curve over ``horizon`` hours: ``base`` while that
    gives at most ``max_points`` points, else the smallest whole number of hours dividing
    :func:`tick_step` that does."""
    if horizon <= base * max_points:
        return base
    tick = int(tick_step(horizon))
    least = horizon / max_points
    divisors = {d for i in range(1, math.isqrt(tick) + 1) if tick % i == 0
                for d in (i, tick // i)}
    return float(min(d for d in divisors if d >= least and d >= base))


def grid_points(horizon: float, step: float) -> int:
    """How many points ``0, step, 2 step, ...`` up to ``horizon`` (included) a grid has."""
    return int(math.floor(horizon / step + 1e-9)) + 1 if horizon > 0 else 1

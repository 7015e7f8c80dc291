"""Numbers a facilitator can act on, from one or many replications.

Rates count a participant as acknowledged when any of its contacts acknowledged within
the deadline (completed: tasks answered within the deadline). Medians and the 90th
percentile are over the participants that acknowledged (or completed) within the
deadline, pooled over replications. With several replications each rate carries a 95%
interval (``*_ci95``): the cluster-aware Wilson interval of
:mod:`simulator.analysis.intervals` (Student's t on the replications' rates collapsed to
``[1, 1]`` near 100% and lost its coverage). A single replication gives no interval here
(:mod:`simulator.analysis.figures` says what one run shows).

Hours are kept to 4 decimals (rates too), so a display to 1 decimal rounds once and
agrees with one made from the raw times (2 decimals made 90.7496 h 90.75, shown 90.8,
where the report showed 90.7).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import Any

from simulator.analysis.tasks import task_rates
from simulator.model.outcome import ContactOutcome, RunResult

# Two-sided 97.5% quantiles of Student's t: exact to 3 decimals for df 1-30, then at
# 40, 60 and 120; in between (and beyond, towards the normal 1.95996) interpolated
# linearly in 1/df, which is accurate to about 0.001.
_T975 = {
    1: 12.706,
    2: 4.303,
    3: 3.182,
    4: 2.776,
    5: 2.571,
    6: 2.447,
    7: 2.365,
    8: 2.306,
    9: 2.262,
    10: 2.228,
    11: 2.201,
    12: 2.179,
    13: 2.160,
    14: 2.145,
    15: 2.131,
    16: 2.120,
    17: 2.110,
    18: 2.101,
    19: 2.093,
    20: 2.086,
    21: 2.080,
    22: 2.074,
    23: 2.069,
    24: 2.064,
    25: 2.060,
    26: 2.056,
    27: 2.052,
    28: 2.048,
    29: 2.045,
    30: 2.042,
    40: 2.021,
    60: 2.000,
    120: 1.980,
}
_Z975 = NormalDist().inv_cdf(0.975)

RATE_BOUNDS = (0.0, 1.0)
"""Where a rate's interval is clipped."""
RATE_DIFF_BOUNDS = (-1.0, 1.0)
"""Where the interval of a difference of two rates is clipped."""


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom."""
    if df <= 0:
        return math.inf
    if df in _T975:
        return _T975[df]
    keys = sorted(_T975)
    lo = max(k for k in keys if k < df)
    hi = min((k for k in keys if k > df), default=None)
    t_lo, t_hi = _T975[lo], _Z975 if hi is None else _T975[hi]
    x_lo, x_hi, x = 1 / lo, 0.0 if hi is None else 1 / hi, 1 / df
    return t_hi + (t_lo - t_hi) * (x - x_hi) / (x_lo - x_hi)


def mean_ci95(
    values: Sequence[float], bounds: tuple[float, float] | None = None
) -> tuple[float, float]:
    """A 95% interval for the mean of ``values`` (Student's t), clipped to ``bounds``
    if given; a point if fewer than two (see :func:`interval95` for None instead)."""
    n = len(values)
    if n == 0:
        return (math.nan, math.nan)
    m = sum(values) / n
    if n < 2:
        return (m, m)
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    half = t975(n - 1) * sd / math.sqrt(n)
    lo, hi = m - half, m + half
    if bounds is not None:
        lo, hi = max(bounds[0], lo), min(bounds[1], hi)
    return (lo, hi)


def interval95(
    values: Sequence[float], bounds: tuple[float, float] | None = None, digits: int = 4
) -> list[float] | None:
    """``[lo, hi]`` of :func:`mean_ci95` rounded to ``digits``; None from fewer than two
    values (no interval from a single replication)."""
    if len(values) < 2:
        return None
    return [round(x, digits) for x in mean_ci95(values, bounds)]


def quantile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated quantile (numpy's default); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = q * (len(xs) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def step_quantile(values: Sequence[float], q: float) -> float | None:
    """The smallest value ``v`` with at least a share ``q`` of ``values`` at or below it
    (the Kaplan–Meier convention: with no censoring, the KM median is
    ``step_quantile(times, 0.5)``); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    need = q * len(xs) - 1e-9
    return xs[max(0, math.ceil(need) - 1)]


def _rates(
    r: RunResult, codes: set[str] | None = None
) -> tuple[int, int, int, list[float], list[float]]:
    n = acked = done = 0
    ack_times: list[float] = []
    done_times: list[float] = []
    d = r.deadline_hours
    for p in r.participants:
        if codes is not None and p.code not in codes:
            continue
        n += 1
        if p.ack_at is not None and p.ack_at <= d:
            acked += 1
            ack_times.append(p.ack_at)
        if p.completed_at is not None and p.completed_at <= d:
            done += 1
            done_times.append(p.completed_at)
    return n, acked, done, ack_times, done_times


def _block(results: Sequence[RunResult], codes: set[str] | None = None) -> dict[str, Any]:
    from simulator.analysis.intervals import rate_interval

    ack_rates, done_rates = [], []
    acks: list[int] = []
    dones: list[int] = []
    sizes: list[int] = []
    ack_times: list[float] = []
    done_times: list[float] = []
    n = 0
    for r in results:
        n, a, c, at, dt = _rates(r, codes)
        ack_rates.append(a / n if n else math.nan)
        done_rates.append(c / n if n else math.nan)
        acks.append(a)
        dones.append(c)
        sizes.append(n)
        ack_times += at
        done_times += dt
    out: dict[str, Any] = {
        "participants": n,
        "ack_rate": _mean(ack_rates),
        "completion_rate": _mean(done_rates),
        "median_hours_to_ack": _round(quantile(ack_times, 0.5)),
        "p90_hours_to_ack": _round(quantile(ack_times, 0.9)),
        "median_hours_to_complete": _round(quantile(done_times, 0.5)),
    }
    if len(results) > 1:
        out["ack_rate_ci95"] = rate_interval(acks, sizes)
        out["completion_rate_ci95"] = rate_interval(dones, sizes)
    return out


def _mean(xs: Sequence[float]) -> float:
    return _r4(sum(xs) / len(xs)) if xs else math.nan


def _r4(x: float) -> float:
    return round(x, 4)


HOURS_DIGITS = 4
"""Decimals kept of hours in summaries: enough that displays to 1 decimal round once."""


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, HOURS_DIGITS)


def summarize(results: Sequence[RunResult]) -> dict[str, Any]:
    """The summary of ``pocdrill run --json`` for one or many replications of a scenario."""
    if not results:
        raise ValueError("no results to summarize")
    first = results[0]
    out: dict[str, Any] = {
        "scenario": first.scenario,
        "seed": first.seed,
        "replications": len(results),
        "level": first.level,
        "start": first.start.isoformat(),
        "deadline_hours": first.deadline_hours,
        "horizon_hours": first.horizon_hours,
    }
    out.update(_block(results))
    reps = len(results)
    late = [
        sum(1 for p in r.participants if p.ack_at is not None and p.ack_at > r.deadline_hours)
        for r in results
    ]
    never = [sum(1 for p in r.participants if p.ack_at is None) for r in results]
    bounced = [sum(1 for c in r.contacts if c.bounced) for r in results]
    stale = [sum(1 for c in r.contacts if c.stale) for r in results]
    reminders = [sum(1 for e in r.events if e.kind == "reminder") for r in results]
    out["late_acks"] = _per_rep(late, reps)
    out["never_acknowledged"] = _per_rep(never, reps)
    out["bounced_contacts"] = _per_rep(bounced, reps)
    out["stale_contacts"] = _per_rep(stale, reps)
    out["reminders_sent"] = _per_rep(reminders, reps)
    tasks = task_rates(results)
    if len(tasks) > 1:  # one task's rate is the completion rate
        out["task_rates"] = tasks
    groups: list[str] = []
    for p in first.participants:
        if p.group not in groups:
            groups.append(p.group)
    out["by_group"] = {
        g: _block(results, {p.code for p in first.participants if p.group == g}) for g in groups
    }
    if reps == 1:
        out.update(_single_run_details(first))
    return out


def _per_rep(values: list[int], reps: int) -> float | int:
    """The count for one run, or the mean count per replication."""
    return values[0] if reps == 1 else round(sum(values) / reps, 2)


def contact_problem(c: ContactOutcome, *, live: bool = False) -> str | None:
    """What is wrong with contact ``c``, in the one wording the terminal, the report and
    the TUI use: ``bounced``; ``stale: messages lost silently``; ``stale`` (in a live run,
    where staleness is an estimate: ``not verified recently (likely out of date)``);
    ``message lost (spam filter?)``; None when nothing is."""
    if c.bounced:
        return "bounced"
    if c.stale and c.lost:
        return "stale: messages lost silently"
    if c.stale:
        return "not verified recently (likely out of date)" if live else "stale"
    if c.lost:
        return "message lost (spam filter?)"
    return None


def _single_run_details(r: RunResult) -> dict[str, Any]:
    d = r.deadline_hours
    acked = sorted(
        (p for p in r.participants if p.ack_at is not None), key=lambda p: -(p.ack_at or 0)
    )
    slowest = [
        {
            "code": p.code,
            "name": p.name,
            "hours_to_ack": round(p.ack_at or 0, HOURS_DIGITS),
            "late": (p.ack_at or 0) > d,
        }
        for p in acked[:10]
    ]
    unreachable = [
        {
            "code": p.code,
            "name": p.name,
            "group": p.group,
            "delivered": p.delivered,
            "bounces": p.bounces,
        }
        for p in r.participants
        if p.ack_at is None
    ]
    answered = {c.key for c in r.contacts if c.acknowledged_at is not None}
    fix = []
    for c in r.contacts:
        problem = contact_problem(c)
        if problem is not None and (c.bounced or c.stale):
            fix.append(
                {
                    "contact": c.key,
                    "participant": c.participant,
                    "reasons": [problem],
                    "acknowledged": c.key in answered,
                }
            )
    return {"slowest": slowest, "unreachable": unreachable, "contacts_to_fix": fix}

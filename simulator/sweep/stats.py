"""Sweep numbers: a compact summary per replication, point aggregates with 95% intervals
and paired differences against the baseline point.

Per-replication rows are small dicts (no per-participant lists) so thousands of them
travel between processes and into the database cheaply. Point aggregates use the metric
names of ``pocdrill run --json``: ``ack_rate`` and ``completion_rate`` are means over
replications with a 95% interval (``*_ci95``): the cluster-aware Wilson interval a study
uses (:func:`simulator.analysis.intervals.replication_rate_interval`: each replication's
participants are its trials), which keeps its coverage near 0% and 100%, and None from a
single replication. ``expectations_met_rate`` counts a replication's participants as its
trials too (its number of expectations is not kept; at least as many, so the interval is
no narrower than it should be). Times are **medians over
replications of each replication's median (or 90th percentile)**: a replication's own
acknowledgement times are not kept, so this differs slightly from ``pocdrill run``'s
pooled median. Hours are kept to 4 decimals (``HOURS_DIGITS``), so a table showing 1
decimal rounds once and agrees with the sweep report.

Replication ``k`` of every point draws the same random numbers (common random numbers),
so a difference between two points is estimated per replication and its interval is
much narrower than the two points' intervals suggest. A difference of rates has its
interval clipped to [-1, 1]; none from a single replication.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import median
from typing import Any

from simulator.analysis.intervals import replication_rate_interval
from simulator.analysis.metrics import (
    HOURS_DIGITS,
    RATE_DIFF_BOUNDS,
    interval95,
    quantile,
)
from simulator.model.outcome import RunResult

RATE_METRICS = ("ack_rate", "completion_rate")
TIME_METRICS = ("median_hours_to_ack", "p90_hours_to_ack", "median_hours_to_complete")
COUNT_METRICS = (
    "late_acks",
    "never_acknowledged",
    "bounced_contacts",
    "stale_contacts",
    "reminders_sent",
)
DIFF_METRICS = ("ack_rate", "completion_rate", "median_hours_to_ack")
"""Metrics reported as a paired difference against the baseline point."""
_RATES = frozenset(RATE_METRICS + ("expectations_met_rate",))
CURVE_STEP_HOURS = 2
"""Grid step of the per-replication curves ``ack_curve`` / ``completion_curve`` (coarser
on a horizon over 1,000 hours: :func:`curve_step_for`)."""
CURVE_METRICS = ("ack_curve", "completion_curve")
"""List-valued metrics: never averaged by :func:`aggregate`; the sweep report draws them."""


def curve_step_for(horizon_hours: float) -> float:
    """The step of a replication's curves: :data:`CURVE_STEP_HOURS`, coarser where that
    would give more than :data:`~simulator.analysis.grid.MAX_CURVE_POINTS` points."""
    from simulator.analysis.grid import curve_step

    return curve_step(horizon_hours, base=CURVE_STEP_HOURS)


def curve_grid(horizon_hours: float, step: float | None = None) -> list[float]:
    """The curve grid ``0, step, 2 step, ...`` up to and including ``horizon_hours``
    (``step``: :func:`curve_step_for` the horizon)."""
    from simulator.analysis.grid import grid_points

    step = curve_step_for(horizon_hours) if step is None else step
    return [float(k * step) for k in range(grid_points(horizon_hours, step))]


def _curve(times: list[float], n: int, grid: list[float]) -> list[float]:
    """The share of ``n`` participants with a time ``<= g`` for each ``g`` in ``grid``."""
    ts = sorted(times)
    out, i = [], 0
    for g in grid:
        while i < len(ts) and ts[i] <= g:
            i += 1
        out.append(round(i / n, 4) if n else math.nan)
    return out


def replication_metrics(result: RunResult) -> dict[str, Any]:
    """One replication's numbers: those of ``summarize([result])`` without the group
    breakdown and the per-participant lists, computed in one pass (a sweep computes
    thousands; tests check they equal :func:`simulator.analysis.metrics.summarize`'s).

    Also two compact curves on the grid ``0, 2, 4, ... horizon`` hours
    (``curve_step_hours``; coarser on a long horizon: :func:`curve_step_for`):
    ``ack_curve`` and ``completion_curve``, the cumulative share of participants that had
    acknowledged (completed) by each grid time, late answers included (so at the
    deadline the curve equals ``ack_rate``), and ``deadline_hours``
    for charts."""
    d = result.deadline_hours
    n = acked = done = late = never = 0
    ack_times: list[float] = []
    done_times: list[float] = []
    all_acks: list[float] = []
    all_done: list[float] = []
    for p in result.participants:
        n += 1
        if p.ack_at is not None:
            all_acks.append(p.ack_at)
        if p.completed_at is not None:
            all_done.append(p.completed_at)
        if p.ack_at is None:
            never += 1
        elif p.ack_at <= d:
            acked += 1
            ack_times.append(p.ack_at)
        else:
            late += 1
        if p.completed_at is not None and p.completed_at <= d:
            done += 1
            done_times.append(p.completed_at)
    bounced = stale = 0
    for c in result.contacts:
        bounced += c.bounced
        stale += c.stale
    out: dict[str, Any] = {
        "participants": n,
        "ack_rate": round(acked / n, 4) if n else math.nan,
        "completion_rate": round(done / n, 4) if n else math.nan,
        "median_hours_to_ack": _r(quantile(ack_times, 0.5), HOURS_DIGITS),
        "p90_hours_to_ack": _r(quantile(ack_times, 0.9), HOURS_DIGITS),
        "median_hours_to_complete": _r(quantile(done_times, 0.5), HOURS_DIGITS),
        "late_acks": late,
        "never_acknowledged": never,
        "bounced_contacts": bounced,
        "stale_contacts": stale,
        "reminders_sent": sum(1 for e in result.events if e.kind == "reminder"),
    }
    if result.kind == "tabletop" and result.expectations:
        met = sum(1 for e in result.expectations if e.status == "met")
        out["expectations_met_rate"] = round(met / len(result.expectations), 4)
    step = curve_step_for(result.horizon_hours)
    grid = curve_grid(result.horizon_hours, step)
    out["deadline_hours"] = d
    out["curve_step_hours"] = int(step) if step == int(step) else step
    out["ack_curve"] = _curve(all_acks, n, grid)
    out["completion_curve"] = _curve(all_done, n, grid)
    return out


def _values(rows: Sequence[dict[str, Any]], metric: str) -> list[float]:
    out = []
    for r in rows:
        v = r["metrics"].get(metric)
        if v is not None and not (isinstance(v, float) and math.isnan(v)):
            out.append(float(v))
    return out


def rates_and_sizes(rows: Sequence[dict[str, Any]], metric: str) -> tuple[list[float],
                                                                          list[float]]:
    """Each row's rate ``metric`` (None and NaN left out) and its number of participants
    (the trials it counts; 1 when a row does not say), for
    :func:`~simulator.analysis.intervals.replication_rate_interval`."""
    vals: list[float] = []
    sizes: list[float] = []
    for r in rows:
        m = r.get("metrics") or {}
        v = m.get(metric) if m.get(metric) is not None else r.get(metric)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        vals.append(float(v))
        sizes.append(float(m.get("participants") or r.get("participants") or 1))
    return vals, sizes


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None or math.isnan(x) else round(x, nd)


def aggregate(point_rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Aggregates of one grid point over its replication rows (see the module docstring)."""
    rows = sorted(point_rows, key=lambda r: r["replication"])
    out: dict[str, Any] = {"replications": len(rows)}
    if not rows:
        return out
    out["participants"] = rows[0]["metrics"].get("participants")
    for m in RATE_METRICS + ("expectations_met_rate",):
        vals, sizes = rates_and_sizes(rows, m)
        if not vals and m == "expectations_met_rate":
            continue
        out[m] = _r(sum(vals) / len(vals)) if vals else None
        out[f"{m}_ci95"] = replication_rate_interval(vals, sizes)
    for m in TIME_METRICS:
        vals = _values(rows, m)
        out[m] = _r(median(vals), HOURS_DIGITS) if vals else None
    for m in COUNT_METRICS:
        vals = _values(rows, m)
        out[m] = _r(sum(vals) / len(vals), 2) if vals else None
    return out


def paired_difference(
    rows_a: Sequence[dict[str, Any]], rows_b: Sequence[dict[str, Any]], metric: str
) -> tuple[float | None, tuple[float | None, float | None]]:
    """Mean of ``a - b`` over replications present in both (matched by index) with a 95%
    interval (clipped to [-1, 1] for a rate); ``(None, (None, None))`` when no replication
    has the metric in both, ``(mean, (None, None))`` when only one has."""
    b = {r["replication"]: r["metrics"].get(metric) for r in rows_b}
    diffs = []
    for r in sorted(rows_a, key=lambda r: r["replication"]):
        va, vb = r["metrics"].get(metric), b.get(r["replication"])
        if (
            va is None
            or vb is None
            or (isinstance(va, float) and math.isnan(va))
            or (isinstance(vb, float) and math.isnan(vb))
        ):
            continue
        diffs.append(float(va) - float(vb))
    if not diffs:
        return None, (None, None)
    mean = _r(sum(diffs) / len(diffs))
    ci = interval95(diffs, RATE_DIFF_BOUNDS if metric in _RATES else None)
    return mean, (None, None) if ci is None else (ci[0], ci[1])


def rows_by_point(rows: Sequence[dict[str, Any]], n_points: int) -> list[list[dict[str, Any]]]:
    """Replication rows grouped by point index (each group sorted by replication)."""
    groups: list[list[dict[str, Any]]] = [[] for _ in range(n_points)]
    for r in rows:
        groups[r["point"]].append(r)
    for g in groups:
        g.sort(key=lambda r: r["replication"])
    return groups


def point_table(
    points: Sequence[dict[str, Any]], rows: Sequence[dict[str, Any]], baseline: int
) -> list[dict[str, Any]]:
    """One dict per point: ``params``, the aggregates and ``<metric>_diff_vs_baseline``
    as ``[mean, lo, hi]`` (paired by replication)."""
    groups = rows_by_point(rows, len(points))
    base = groups[baseline] if 0 <= baseline < len(groups) else []
    table = []
    for i, (params, g) in enumerate(zip(points, groups, strict=True)):
        entry: dict[str, Any] = {"point": i, "params": dict(params)}
        entry.update(aggregate(g))
        for m in DIFF_METRICS:
            d, (lo, hi) = paired_difference(g, base, m)
            entry[f"{m}_diff_vs_baseline"] = None if d is None else [d, lo, hi]
        table.append(entry)
    return table

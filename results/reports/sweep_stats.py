"""The numbers of a stored sweep, per point: the replications' rates with their 95%
intervals and percentiles, the paired differences from the baseline point, and the
cumulative curves' pointwise bands (from the replications' stored compact summaries).

Rate intervals are the cluster-aware Wilson 95% intervals ``pocdrill sweep`` and studies
report (:func:`simulator.sweep.stats.rates_and_sizes`, None from one replication);
differences from the baseline are paired by replication (common random
numbers), each with its own 95% interval.
"""

from __future__ import annotations

import math
from typing import Any, TypedDict

from simulator.analysis.intervals import replication_rate_interval
from simulator.analysis.metrics import quantile
from simulator.sweep.stats import paired_difference, rates_and_sizes

Row = dict[str, Any]
"""One stored replication summary (``Store.replication_summaries``): ``point``,
``replication``, rates beside or inside ``metrics``."""


class PointStats(TypedDict):
    """One point's rates over its replications (see :func:`point_stats`)."""

    replications: int
    ack_rate: float | None
    ack_rate_ci95: tuple[float, float] | None
    ack_rate_p025: float | None
    ack_rate_p975: float | None
    completion_rate: float | None
    completion_rate_ci95: tuple[float, float] | None
    median_hours_to_ack: float | None


class PointCurve(TypedDict):
    """One point's cumulative curve across replications (see :func:`point_curves`)."""

    t: list[float]
    median: list[float | None]
    lo: list[float | None]
    hi: list[float | None]
    deadline: float | None
    replications: int


Difference = list[float | None] | None
"""A paired difference ``[mean, lo, hi]``, None when not computable."""


def point_curves(rows: list[Row], key: str = "ack_curve") -> dict[int, PointCurve]:
    """Per point with stored curves (``replication_metrics``' ``ack_curve`` /
    ``completion_curve``): the grid ``t``, pointwise ``median``, ``lo`` (2.5%) and ``hi``
    (97.5%) across replications, the ``deadline`` (or None) and ``replications``."""
    by: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        m = r.get("metrics") or {}
        if isinstance(m.get(key), list) and m[key]:
            by.setdefault(int(r["point"]), []).append(m)
    out: dict[int, PointCurve] = {}
    for point, ms in sorted(by.items()):
        step = float(ms[0].get("curve_step_hours") or 2)
        width = max(len(m[key]) for m in ms)
        t = [i * step for i in range(width)]
        med: list[float | None] = []
        lo: list[float | None] = []
        hi: list[float | None] = []
        for j in range(width):
            col = [
                float(m[key][j])
                for m in ms
                if j < len(m[key])
                and m[key][j] is not None
                and not (isinstance(m[key][j], float) and math.isnan(m[key][j]))
            ]
            med.append(quantile(col, 0.5))
            lo.append(quantile(col, 0.025))
            hi.append(quantile(col, 0.975))
        d = ms[0].get("deadline_hours")
        out[point] = {
            "t": t,
            "median": med,
            "lo": lo,
            "hi": hi,
            "deadline": float(d) if isinstance(d, int | float) else None,
            "replications": len(ms),
        }
    return out



def point_stats(rows: list[Row]) -> dict[int, PointStats]:
    """Per point: replications, mean and 95% interval of ack/completion rates, the 2.5 and
    97.5 percentiles of the ack rate, and the median of the replications' median hours."""
    by: dict[int, list[Row]] = {}
    for r in rows:
        by.setdefault(int(r["point"]), []).append(r)
    out: dict[int, PointStats] = {}
    for point, rs in sorted(by.items()):

        def vals(key: str, rs: list[Row] = rs) -> list[float]:
            xs = []
            for r in rs:
                v = r.get(key)
                if v is None:
                    v = (r.get("metrics") or {}).get(key)
                if v is not None and not (isinstance(v, float) and math.isnan(v)):
                    xs.append(float(v))
            return xs

        ack, comp, med = vals("ack_rate"), vals("completion_rate"), vals("median_hours_to_ack")
        out[point] = {
            "replications": len(rs),
            "ack_rate": sum(ack) / len(ack) if ack else None,
            "ack_rate_ci95": _interval(rs, "ack_rate"),
            "ack_rate_p025": quantile(ack, 0.025),
            "ack_rate_p975": quantile(ack, 0.975),
            "completion_rate": sum(comp) / len(comp) if comp else None,
            "completion_rate_ci95": _interval(rs, "completion_rate"),
            "median_hours_to_ack": quantile(med, 0.5),
        }
    return out


def _interval(rows: list[Row], key: str) -> tuple[float, float] | None:
    ci = replication_rate_interval(*rates_and_sizes(rows, key))
    return None if ci is None else (ci[0], ci[1])


def _metric_rows(rows: list[Row]) -> dict[int, list[Row]]:
    """Replication rows per point in :func:`paired_difference`'s shape (rates copied into
    ``metrics`` when stored only beside it)."""
    by: dict[int, list[Row]] = {}
    for r in rows:
        m = dict(r.get("metrics") or {})
        for key in ("ack_rate", "completion_rate"):
            if m.get(key) is None and r.get(key) is not None:
                m[key] = r[key]
        by.setdefault(int(r["point"]), []).append(
            {"replication": int(r.get("replication") or 0), "metrics": m}
        )
    return by


def baseline_differences(rows: list[Row], baseline: int) -> dict[int, dict[str, Difference]]:
    """Per point (not the baseline): ``ack_rate`` and ``completion_rate`` minus the
    baseline's, paired by replication, as ``[mean, lo, hi]`` (None when not computable)."""
    by = _metric_rows(rows)
    base = by.get(baseline, [])
    out: dict[int, dict[str, Difference]] = {}
    for point, rs in sorted(by.items()):
        if point == baseline or not base:
            continue
        out[point] = {}
        for key in ("ack_rate", "completion_rate"):
            d, (lo, hi) = paired_difference(rs, base, key)
            out[point][key] = None if d is None else [d, lo, hi]
    return out


"""Stored sweeps shown as tables: a sweep's point table from its stored rows, and the
cells of a sweep table (rates with their intervals, differences, axis values, labels).

Running and storing a sweep is :mod:`results.runs`; how a sweep is kept in the store (its
rows, its baseline) is :mod:`results.runs.sweep_record`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from results.runs.sweep_record import baseline_of, stored_rows
from results.store import Store, SweepInfo


def stored_sweep_table(
    store: Store, sweep_id: int
) -> tuple[SweepInfo, list[dict[str, Any]], int]:
    """A stored sweep, its table (one dict per point, as :func:`point_table` gives, with
    ``replications_done``) computed from the stored replication rows, and its baseline.

    Works on a sweep still running or interrupted: each point counts what it has.
    """
    from simulator.sweep.stats import point_table

    info = store.get_sweep(sweep_id)
    ordered = sorted(info.point_rows, key=lambda r: r["point"])
    rows = stored_rows(store, sweep_id)
    baseline = baseline_of(ordered)
    table = point_table([dict(r["params"]) for r in ordered], rows, baseline)
    for entry, r in zip(table, ordered, strict=True):
        entry["replications_done"] = r["replications_done"]
    return info, table, baseline


def short_labels(paths: Sequence[str]) -> dict[str, str]:
    """The shortest dotted suffix of each axis path that no other path ends with."""
    out = {}
    for path in paths:
        parts = path.split(".")
        label = path
        for n in range(1, len(parts) + 1):
            label = ".".join(parts[-n:])
            if not any(o != path and (o == label or o.endswith("." + label)) for o in paths):
                break
        out[path] = label
    return out


def _around(mean: float, lo: float, hi: float, sign: str = "") -> str:
    """``86.6 ±1.5`` for a symmetric interval; ``97.5 (94.0 to 100.0)`` for one clipped at
    a bound (percent or percentage points)."""
    m, a, b = mean * 100, lo * 100, hi * 100
    if abs((m - a) - (b - m)) < 0.05:
        return f"{m:{sign}.1f} ±{(b - a) / 2:.1f}"
    return f"{m:{sign}.1f} ({a:{sign}.1f} to {b:{sign}.1f})"


def format_rate(rate: float | None, ci: Sequence[float | None] | None) -> str:
    """``86.6 ±1.5`` (percent; the 95% t-interval), or ``97.5 (94.0 to 100.0)`` when the
    interval is clipped at 0 or 100%; just the rate without an interval (one replication)."""
    if rate is None:
        return "-"
    if not ci or ci[0] is None or ci[1] is None:
        return f"{rate * 100:.1f}"
    return _around(rate, ci[0], ci[1])


def format_diff(d: Sequence[float | None] | None) -> str:
    """A paired difference ``[mean, lo, hi]`` in percentage points: ``+3.2 ±1.1``."""
    if not d or d[0] is None:
        return "-"
    lo, hi = d[1], d[2]
    if lo is None or hi is None:
        return f"{d[0] * 100:+.1f}"
    return _around(d[0], lo, hi, "+")


def format_value(v: Any) -> str:
    """An axis value as a table cell (strings bare, the rest as compact JSON)."""
    import json

    if isinstance(v, str):
        return v
    return json.dumps(v, default=str).replace('"', "")

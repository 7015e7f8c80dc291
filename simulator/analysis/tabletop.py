"""How a tabletop went: expectations met, late and missed, overall, per expectation and
per stage, from one or many replications.

Counts are per replication (exact for one, the mean for many). ``met_rate`` is the share
of the expectations whose inject fired that were met in time. Time taken is from the
inject firing to the action, pooled over replications.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulator.analysis.metrics import quantile
from simulator.model.outcome import RunResult

STATUSES = ("met", "late", "missed", "not_fired")


def fired_at(result: RunResult) -> dict[str, float]:
    """When each inject fired in ``result`` (from its ``inject`` events)."""
    out: dict[str, float] = {}
    for e in result.events:
        if e.kind == "inject" and e.detail not in out:
            out[e.detail] = e.t
    return out


def _counts(rows: list[tuple[str, float | None]], reps: int) -> dict[str, Any]:
    n = {s: sum(1 for st, _ in rows if st == s) for s in STATUSES}
    fired = n["met"] + n["late"] + n["missed"]
    taken = [t for st, t in rows if t is not None and st in ("met", "late")]
    out: dict[str, Any] = {s: (n[s] if reps == 1 else round(n[s] / reps, 2)) for s in STATUSES}
    out["met_rate"] = round(n["met"] / fired, 4) if fired else None
    med, p90 = quantile(taken, 0.5), quantile(taken, 0.9)
    out["median_hours_taken"] = None if med is None else round(med, 2)
    out["p90_hours_taken"] = None if p90 is None else round(p90, 2)
    return out


def summarize_expectations(results: RunResult | Sequence[RunResult]) -> dict[str, Any]:
    """Counts of met / late / missed / not_fired expectations with times taken, overall,
    ``by_expectation`` and ``by_stage``, and how often each inject fired."""
    runs = [results] if isinstance(results, RunResult) else list(results)
    if not runs:
        raise ValueError("no results to summarize")
    reps = len(runs)
    every: list[tuple[str, float | None]] = []
    by_exp: dict[str, list[tuple[str, float | None]]] = {}
    by_stage: dict[str, list[tuple[str, float | None]]] = {}
    info: dict[str, dict[str, Any]] = {}
    inject_times: dict[str, list[float]] = {}
    for r in runs:
        fired = fired_at(r)
        for iid, t in fired.items():
            inject_times.setdefault(iid, []).append(t)
        for x in r.expectations:
            start = fired.get(x.inject)
            took = x.done_at - start if x.done_at is not None and start is not None else None
            row = (x.status, took)
            every.append(row)
            by_exp.setdefault(x.id, []).append(row)
            by_stage.setdefault(x.stage or "", []).append(row)
            info.setdefault(
                x.id,
                {"inject": x.inject, "stage": x.stage, "action": x.action, "participants": set()},
            )["participants"].add(x.participant)
    out: dict[str, Any] = {
        "replications": reps,
        "total": len(every) if reps == 1 else round(len(every) / reps, 2),
    }
    out.update(_counts(every, reps))
    out["by_expectation"] = {
        eid: {
            "inject": info[eid]["inject"],
            "stage": info[eid]["stage"],
            "action": info[eid]["action"],
            "participants": sorted(info[eid]["participants"]),
            **_counts(rows, reps),
        }
        for eid, rows in by_exp.items()
    }
    out["by_stage"] = {s: _counts(rows, reps) for s, rows in by_stage.items()}
    out["injects_fired"] = {
        iid: {
            "share": round(len(ts) / reps, 4),
            "median_at_hours": round(quantile(ts, 0.5) or 0.0, 2),
        }
        for iid, ts in inject_times.items()
    }
    return out

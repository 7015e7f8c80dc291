"""One replication as a study keeps it: a compact row, and what every replication shares.

A study (``pocdrill run -r N``) does not keep N whole runs. Each replication becomes one
row ``{replication, seed, metrics}``: the scalar numbers a sweep keeps
(:func:`simulator.sweep.stats.replication_metrics`, reminder *messages* counted from the
replication's own events while they exist) and, so that every study figure can be
computed again from the store, each participant's time to acknowledge and to complete
(``ack_at``, ``completed_at``: hours to 4 decimals, None for never, in the order of the
study's frame), and for a tabletop when each inject fired and each expectation as
``[id, participant, status, done_at, inject]``. About 3 KB a replication of the 193-state UN check.
"""

from __future__ import annotations

from typing import Any

from simulator.model.outcome import RunResult

Row = dict[str, Any]
"""A study replication row: ``replication, seed, metrics``."""

TIMES_DIGITS = 4
_CURVES = ("ack_curve", "completion_curve", "curve_step_hours")


def _t(x: float | None) -> float | None:
    return None if x is None else round(x, TIMES_DIGITS)


def frame_of(result: RunResult) -> dict[str, Any]:
    """What every replication of a study shares: participant codes and groups (in the
    order of each row's time lists), level, start, deadline and horizon."""
    return {
        "codes": [p.code for p in result.participants],
        "groups": [p.group for p in result.participants],
        "kind": result.kind,
        "level": result.level,
        "start": result.start.isoformat(),
        "deadline_hours": result.deadline_hours,
        "horizon_hours": result.horizon_hours,
    }


def replication_row(result: RunResult) -> Row:
    """The compact row of one replication (see the module docstring)."""
    from simulator.sweep.stats import replication_metrics

    metrics = {k: v for k, v in replication_metrics(result).items() if k not in _CURVES}
    metrics["horizon_hours"] = result.horizon_hours
    metrics["ack_at"] = [_t(p.ack_at) for p in result.participants]
    metrics["completed_at"] = [_t(p.completed_at) for p in result.participants]
    if result.kind == "tabletop":
        from simulator.analysis.tabletop import fired_at

        metrics["injects"] = {k: _t(v) for k, v in fired_at(result).items()}
        metrics["expectations"] = [
            [x.id, x.participant, x.status, _t(x.done_at), x.inject]
            for x in result.expectations
        ]
    return {"replication": result.replication, "seed": result.seed, "metrics": metrics}

"""A vector batch as the rest of pocdrill reads replications: ``RunResult`` objects (no
event log: the vector engine keeps none), a sweep's metric rows and a study's compact rows,
the same numbers :func:`simulator.sweep.stats.replication_metrics` and
:func:`simulator.analysis.replication.replication_row` compute from a SimPy run (tests
check they agree on the same outcomes)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.analysis.metrics import HOURS_DIGITS, quantile
from simulator.analysis.replication import TIMES_DIGITS
from simulator.model.check import CheckScenario
from simulator.model.outcome import ContactOutcome, ParticipantOutcome, RunResult
from simulator.sweep.stats import CURVE_STEP_HOURS, curve_grid
from simulator.vector.engine import BatchOutcome
from simulator.vector.setup import Layout

Floats = NDArray[np.float64]


def _time(x: float) -> float | None:
    return None if math.isinf(x) else float(x)


def run_results(lay: Layout, scenario: CheckScenario, out: BatchOutcome,
                seed: int) -> list[RunResult]:
    """One ``RunResult`` per replication of ``out`` (participants and contacts, no events)."""
    check = scenario.check
    results = []
    for r in range(out.rows):
        contacts = [
            ContactOutcome(lay.codes[int(lay.party[c])], key, lay.roles[c],
                           bool(out.stale[r, c]), bool(out.bounced[r, c]),
                           bool(out.lost[r, c]), bool(out.absent[r, c]),
                           _time(out.notice[r, c]), _time(out.ack[r, c]))
            for c, key in enumerate(lay.keys)
        ]
        parties = []
        for p, code in enumerate(lay.codes):
            ack = _time(out.party_ack[r, p])
            by = None
            if ack is not None:
                lo = int(lay.starts[p])
                by = lay.keys[lo + int(np.argmin(out.ack[r, lo:lo + _width(lay, p)]))]
            delivered = _time(out.delivered_at[r, p])
            parties.append(ParticipantOutcome(
                code, lay.names[p], lay.groups[p], delivered is not None, delivered, ack, by,
                None if by is None else "email", _time(out.party_done[r, p]),
                int(out.reminders[r, p]),
                int(out.escalations[r, p]), int(out.bounces[r, p])))
        results.append(RunResult(
            scenario=scenario.name, seed=seed, replication=out.first + r, start=check.start,
            deadline_hours=check.deadline, horizon_hours=check.horizon_hours,
            level=check.level, participants=parties, contacts=contacts, kind="check",
            tasks=[t.name for t in check.task_list]))
    return results


def _width(lay: Layout, p: int) -> int:
    end = int(lay.starts[p + 1]) if p + 1 < len(lay.starts) else lay.size
    return end - int(lay.starts[p])


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None or math.isnan(x) else round(x, nd)


def metric_rows(scenario: CheckScenario, out: BatchOutcome) -> list[dict[str, Any]]:
    """Per replication, :func:`~simulator.sweep.stats.replication_metrics` of its outcome
    (reminder messages counted by the engine, as the SimPy run's events count them)."""
    d = scenario.check.deadline
    grid = np.asarray(curve_grid(scenario.check.horizon_hours))
    n = out.party_ack.shape[1]
    stale = out.stale.sum(axis=1)
    bounced = out.bounced.sum(axis=1)
    rows = []
    for r in range(out.rows):
        ack, done = out.party_ack[r], out.party_done[r]
        on_time = ack[ack <= d].tolist()
        done_times = done[done <= d].tolist()
        curve = _curve(ack, grid, n)
        done_curve = list(curve) if out.party_done is out.party_ack else _curve(done, grid, n)
        never = int(np.isinf(ack).sum())
        late = n - never - len(on_time)
        rows.append({
            "participants": n,
            "ack_rate": round(len(on_time) / n, 4) if n else math.nan,
            "completion_rate": round(len(done_times) / n, 4) if n else math.nan,
            "median_hours_to_ack": _r(quantile(on_time, 0.5), HOURS_DIGITS),
            "p90_hours_to_ack": _r(quantile(on_time, 0.9), HOURS_DIGITS),
            "median_hours_to_complete": _r(quantile(done_times, 0.5), HOURS_DIGITS),
            "late_acks": late,
            "never_acknowledged": never,
            "bounced_contacts": int(bounced[r]),
            "stale_contacts": int(stale[r]),
            "reminders_sent": int(out.reminder_messages[r]),
            "deadline_hours": d,
            "curve_step_hours": CURVE_STEP_HOURS,
            "ack_curve": curve,
            "completion_curve": done_curve,
        })
    return rows


def _curve(times: Floats, grid: Floats, n: int) -> list[float]:
    """``replication_metrics``' curve: the share with a time at or before each grid time."""
    finite = np.sort(times[np.isfinite(times)])
    counts = np.searchsorted(finite, grid, side="right").tolist()
    return [round(i / n, 4) if n else math.nan for i in counts]


def _times(values: Floats) -> list[float | None]:
    inf = math.inf
    return [None if x == inf else round(x, TIMES_DIGITS) for x in values.tolist()]


def study_rows(scenario: CheckScenario, out: BatchOutcome, seed: int) -> list[dict[str, Any]]:
    """Per replication, the compact row a study keeps
    (:func:`~simulator.analysis.replication.replication_row`)."""
    rows = []
    for r, metrics in enumerate(metric_rows(scenario, out)):
        for k in ("ack_curve", "completion_curve", "curve_step_hours"):
            del metrics[k]
        metrics["horizon_hours"] = scenario.check.horizon_hours
        metrics["ack_at"] = times = _times(out.party_ack[r])
        same = out.party_done is out.party_ack  # reachability: completion is the ack
        metrics["completed_at"] = list(times) if same else _times(out.party_done[r])
        rows.append({"replication": out.first + r, "seed": seed, "metrics": metrics})
    return rows

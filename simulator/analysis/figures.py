"""Every figure a face shows, computed once: the terminal, ``--json``, the TUI's run
detail and the reports all read :func:`run_figures` (a run) or :func:`study_figures` (a
study), and reports embed the dict they show.

Figures come from stored data, never from what happened to be logged: reminder messages
come from the event log only when it was kept, else from the count stored with the run.

The words that matter:

* ``km_median_hours_to_ack`` is the headline median time to acknowledge: the
  Kaplan–Meier median over every participant, censored at the end of observation (None
  when fewer than half answered by then). ``median_hours_to_ack_in_time`` counts only
  those who acknowledged by the deadline, and is labelled so: it is shorter by selection.
  Both medians follow the one rule (the smallest event time with half at or before it),
  so they are equal when everyone answered in time, and the in-time one is never longer.
* ``never_acknowledged`` is claimed only for a run observed to its horizon; a run
  observed less (a live run finished early, an interrupted run) has ``not_observed``: the
  participants with no acknowledgement by the end of observation.
* Rates need the deadline observed: before it they are None and ``acknowledged_by_end``
  counts what was seen.
* ``contacts_to_fix``: every contact with a problem, with its reasons in the one wording
  of :func:`~simulator.analysis.metrics.contact_problem`.
* A tabletop has no check: no check rates, its scorecard instead
  (:mod:`~simulator.analysis.scorecard`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.analysis.metrics import contact_problem, quantile, step_quantile
from simulator.analysis.survival import km_median, time_to
from simulator.analysis.tasks import task_rates
from simulator.model.outcome import RunResult

SELECTION_NOTE = ("Kaplan-Meier: everyone, censored at the end of observation; in time only: "
                  "those who answered by the deadline (shorter by selection)")
"""The one line that explains the selection effect where both medians are shown."""


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None or x != x else round(x, digits)


def contacts_to_fix(result: RunResult, *, live: bool = False) -> list[dict[str, Any]]:
    """Every contact with a problem: ``contact, participant, reasons, acknowledged``."""
    out = []
    for c in result.contacts:
        problem = contact_problem(c, live=live)
        if problem is not None:
            out.append({"contact": c.key, "participant": c.participant, "reasons": [problem],
                        "acknowledged": c.acknowledged_at is not None})
    return out


def _observation(result: RunResult, until: float | None, horizon: float | None) -> dict[str, Any]:
    planned = result.horizon_hours if horizon is None else horizon
    end = planned if until is None else min(until, planned)
    return {"observed_until_hours": _r(end), "observed_to_horizon": end >= planned - 1e-9,
            "deadline_observed": end >= result.deadline_hours - 1e-9}


def _check(result: RunResult, obs: Mapping[str, Any], reminders: int | None) -> dict[str, Any]:
    d, end = result.deadline_hours, float(obs["observed_until_hours"])
    ps = result.participants
    n = len(ps)
    acked = [p.ack_at for p in ps if p.ack_at is not None and p.ack_at <= min(d, end)]
    done = [p.completed_at for p in ps
            if p.completed_at is not None and p.completed_at <= min(d, end)]
    silent = sum(1 for p in ps if p.ack_at is None or p.ack_at > end)
    seen_deadline = bool(obs["deadline_observed"])
    times, observed = time_to(result)
    done_times, done_observed = time_to(result, "completed")
    out: dict[str, Any] = {
        "ack_rate": _r(len(acked) / n) if n and seen_deadline else None,
        "acknowledged_in_time": len(acked) if seen_deadline else None,
        "acknowledged_by_end": sum(1 for p in ps if p.ack_at is not None and p.ack_at <= end),
        "km_median_hours_to_ack": _r(km_median(times, observed)),
        "median_hours_to_ack_in_time": _r(step_quantile(acked, 0.5)) if seen_deadline else None,
        "p90_hours_to_ack_in_time": _r(quantile(acked, 0.9)) if seen_deadline else None,
        "late_acks": (sum(1 for p in ps if p.ack_at is not None and d < p.ack_at <= end)
                      if seen_deadline else None),
        "never_acknowledged": silent if obs["observed_to_horizon"] else None,
        "not_observed": 0 if obs["observed_to_horizon"] else silent,
        "bounced_contacts": sum(1 for c in result.contacts if c.bounced),
        "stale_contacts": sum(1 for c in result.contacts if c.stale),
        "lost_contacts": sum(1 for c in result.contacts if c.lost),
        "reminders_sent": (reminders if reminders is not None else
                           sum(1 for e in result.events if e.kind == "reminder")),
    }
    if result.level == "task":
        out["completion_rate"] = _r(len(done) / n) if n and seen_deadline else None
        out["completed_in_time"] = len(done) if seen_deadline else None
        out["km_median_hours_to_complete"] = _r(km_median(done_times, done_observed))
        out["median_hours_to_complete_in_time"] = (_r(step_quantile(done, 0.5))
                                                  if seen_deadline else None)
        tasks = task_rates([result])
        if seen_deadline and len(tasks) > 1:  # one task's rate is the completion rate
            out["task_rates"] = tasks
    return out


def run_figures(
    result: RunResult,
    *,
    observed_until: float | None = None,
    live: bool = False,
    reminders_sent: int | None = None,
    horizon: float | None = None,
) -> dict[str, Any]:
    """The figures of one run, ``result`` seen up to ``observed_until`` (default: its
    horizon). ``horizon``: the planned one, when ``result`` was already cut at
    ``observed_until``. ``reminders_sent``: the stored count, for a run whose event log was
    not kept.
    """
    obs = _observation(result, observed_until, horizon)
    out: dict[str, Any] = {
        "what": "run", "kind": result.kind, "level": result.level, "live": live,
        "replications": 1,
        "participants": len(result.participants), "deadline_hours": result.deadline_hours,
        **obs,
    }
    if result.kind == "check":
        out.update(_check(result, obs, reminders_sent))
        fix = contacts_to_fix(result, live=live)
        out["contacts_to_fix"] = len(fix)
        out["contacts_to_fix_list"] = fix
    else:
        from simulator.analysis.scorecard import Scorecard

        card = Scorecard()
        card.add_result(result)
        out["expectations"] = card.summary()
    return out


STUDY_KEYS = ("ack_rate", "ack_rate_ci95", "completion_rate", "completion_rate_ci95",
              "km_median_hours_to_ack", "km_median_hours_to_complete", "late_acks",
              "never_acknowledged", "bounced_contacts", "stale_contacts", "reminders_sent")


def study_figures(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The figures of a study, from its summary
    (:meth:`~simulator.analysis.study.StudyAggregate.summary`): counts are per
    replication, rates carry their cluster-aware Wilson interval."""
    kind = str(summary.get("kind", "check"))
    out: dict[str, Any] = {
        "what": "study", "kind": kind, "level": summary.get("level"),
        "replications": summary.get("replications"), "participants": summary.get("participants"),
        "deadline_hours": summary.get("deadline_hours"),
        "observed_until_hours": summary.get("horizon_hours"), "observed_to_horizon": True,
        "deadline_observed": True,
    }
    if kind == "check":
        out.update({k: summary.get(k) for k in STUDY_KEYS})
        if summary.get("level") != "task":
            for k in ("completion_rate", "completion_rate_ci95", "km_median_hours_to_complete"):
                out.pop(k, None)
        out["ack_rate_distribution"] = summary.get("ack_rate_distribution")
        out["median_hours_to_ack_in_time"] = summary.get("median_hours_to_ack")
        out["p90_hours_to_ack_in_time"] = summary.get("p90_hours_to_ack")
        out["not_observed"] = 0
    else:
        out["expectations"] = summary["expectations"]
    return out

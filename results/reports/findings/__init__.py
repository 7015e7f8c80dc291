"""Findings derived from the numbers of one run: strengths, areas for improvement and the
improvement plan (HSEEP after-action practice), one module per kind of finding.

Every finding states its number. Thresholds (documented defaults) live beside the
findings they set: :data:`.acknowledgement.STRONG_RATE`, :data:`.groups.GROUP_GAP`, ...

A run that was not observed to its horizon (interrupted, still running, or a live run the
facilitator closed early: see :class:`~results.reports.observed.Observation`) is judged
only on what was observed: no claim about the deadline when it was not reached, and live
runs (which never record delivery) never conclude that no message reached a contact; a
live run's stale contacts (an estimate from their verification dates) are a low-severity
upkeep item, never lost messages. Expectations still open when a live run finished are
neither met nor missed.

Severity sets the due date of a plan item: high +30 days, medium +60, low +90 from the
report date. Owners: the participant's national POC for its own entries and answers,
the secretariat for the process.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from results.reports.findings import (
    acknowledgement,
    completion,
    contacts,
    expectations,
    groups,
    reminders,
    silence,
)
from results.reports.findings.judgement import Finding, Judgement, PlanItem
from results.reports.observed import Observation
from simulator.model.outcome import RunResult

KINDS = (acknowledgement, completion, silence, reminders, contacts, groups, expectations)
"""Each kind of finding, in the order its findings are listed."""

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def derive(
    result: RunResult,
    summary: dict[str, Any],
    report_date: date,
    obs: Observation | None = None,
) -> tuple[list[Finding], list[Finding], list[PlanItem]]:
    """Strengths, areas for improvement and plan items for one run (the plan most severe
    first).

    ``obs`` (default: the whole window, simulated) limits the claims to what was observed;
    ``result`` is then expected to be censored at ``obs.until`` already."""
    d, h = result.deadline_hours, result.horizon_hours
    j = Judgement(result, summary, report_date, obs or Observation(h, h, d))
    for kind in KINDS:
        kind.judge(j)
    j.plan.sort(key=lambda i: SEVERITY_ORDER[i.severity])
    return j.strengths, j.areas, j.plan

"""The Strengths, Areas for improvement and Improvement plan sections of a run's
after-action report (the findings themselves: :mod:`results.reports.findings`)."""

from __future__ import annotations

from datetime import date

from results.reports.document import Bullets, Para, Section, Table
from results.reports.findings.judgement import Finding, PlanItem


def strengths(found: list[Finding]) -> Section:
    """The strengths, or a line saying none stood out."""
    return Section(
        "strengths",
        "Strengths",
        [Bullets([f.text for f in found])]
        if found
        else [Para("No strength stood out in the numbers.")],
    )


def areas(found: list[Finding]) -> Section:
    """The areas for improvement with their severity, or a line saying none stood out."""
    return Section(
        "areas",
        "Areas for improvement",
        [Bullets([f"[{f.severity}] {f.text}" for f in found])]
        if found
        else [Para("No area for improvement stood out in the numbers.")],
    )


def plan(items: list[PlanItem], when: date) -> Section:
    """The plan items (most severe first) and how their due dates were set."""
    return Section(
        "plan",
        "Improvement plan",
        [
            Table(
                ["Issue", "Recommended action", "Owner", "Severity", "Due"],
                [[i.issue, i.action, i.owner, i.severity, i.due.isoformat()] for i in items],
            )
            if items
            else Para("Nothing to plan."),
            Para(
                "Due dates: high severity +30 days, medium +60, low +90 from the report date "
                f"({when.isoformat()})."
            ),
        ],
    )

"""What findings are made of: a :class:`Finding` (a strength or an area for improvement,
with its severity), a :class:`PlanItem` of the improvement plan, and the
:class:`Judgement` of one run that each kind of finding adds to.

Severity sets the due date of a plan item: high +30 days, medium +60, low +90 from the
report date (:data:`DUE_DAYS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from results.reports.observed import Observation
from simulator.model.outcome import ParticipantOutcome, RunResult

DUE_DAYS = {"high": 30, "medium": 60, "low": 90}


@dataclass
class Finding:
    """A strength (no severity) or an area for improvement; the text states its number."""

    text: str
    severity: str = ""  # high / medium / low (areas for improvement)


@dataclass
class PlanItem:
    """One line of the improvement plan: what, the action, who owns it, how severe, by when."""

    issue: str
    action: str
    owner: str
    severity: str
    due: date


@dataclass
class Judgement:
    """One run being judged: what is judged (``result`` censored at ``obs.until``, its
    ``summary``) and the findings so far, in the order they are found."""

    result: RunResult
    summary: dict[str, Any]
    report_date: date
    obs: Observation
    strengths: list[Finding] = field(default_factory=list)
    areas: list[Finding] = field(default_factory=list)
    plan: list[PlanItem] = field(default_factory=list)

    @property
    def deadline(self) -> float:
        return self.result.deadline_hours

    @property
    def participants(self) -> list[ParticipantOutcome]:
        return self.result.participants

    def strength(self, text: str) -> None:
        self.strengths.append(Finding(text))

    def area(self, text: str, severity: str) -> None:
        self.areas.append(Finding(text, severity))

    def item(self, issue: str, action: str, owner: str, severity: str) -> None:
        """A plan item, due :data:`DUE_DAYS` after the report date by its severity."""
        due = self.report_date + timedelta(days=DUE_DAYS[severity])
        self.plan.append(PlanItem(issue, action, owner, severity, due))


def codes(ps: Sequence[ParticipantOutcome | str], limit: int = 12) -> str:
    """``AA, BB and 3 more``: participants (or their codes), at most ``limit`` named."""
    names = [p if isinstance(p, str) else p.code for p in ps]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more

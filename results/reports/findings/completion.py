"""Findings on task completion (task-level checks): a strength when at least 80% of the
participants completed the tasks within the deadline."""

from __future__ import annotations

from results.reports.findings.judgement import Judgement
from simulator.text import pct

STRONG_COMPLETION = 0.8


def judge(j: Judgement) -> None:
    """Add the finding on task completion to ``j``."""
    ps, d = j.participants, j.deadline
    n = len(ps)
    if j.result.level == "task" and j.summary.get("completion_rate") is not None:
        done = [p for p in ps if p.completed_at is not None and p.completed_at <= d]
        if n and len(done) / n >= STRONG_COMPLETION:
            j.strength(
                f"{len(done)} of {n} participants ({pct(len(done) / n)}) completed the "
                "tasks within the deadline."
            )

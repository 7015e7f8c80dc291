"""Findings on groups: a group of at least 2 participants is noted when its
acknowledgement rate differs from the overall rate by at least :data:`GROUP_GAP`
(10 percentage points), as a strength above it and an area for improvement below it."""

from __future__ import annotations

from results.reports.findings.judgement import Judgement
from simulator.text import pct

GROUP_GAP = 0.10


def judge(j: Judgement) -> None:
    """Add the findings on groups above or below the overall rate to ``j``."""
    rate = j.summary.get("ack_rate")
    if rate is None:
        return
    d = j.deadline
    for g, block in (j.summary.get("by_group") or {}).items():
        gn, gr = block.get("participants", 0), block.get("ack_rate")
        if gn < 2 or gr is None or gr != gr:
            continue
        members = [p for p in j.participants if p.group == g]
        label = _label(g)
        ok = sum(1 for p in members if p.ack_at is not None and p.ack_at <= d)
        if gr >= rate + GROUP_GAP:
            j.strength(
                f"{label}: {ok} of {gn} ({pct(gr)}) acknowledged in time, above the "
                f"overall {pct(rate)}."
            )
        elif gr <= rate - GROUP_GAP:
            j.area(
                f"{label}: {ok} of {gn} ({pct(gr)}) acknowledged in time, below the "
                f"overall {pct(rate)}.",
                "medium",
            )
            j.item(
                f"{label} below the overall rate ({pct(gr)} vs {pct(rate)})",
                f"Follow up with {label[0].lower() + label[1:]}: check time zones, work weeks "
                "and languages "
                "against the check's timing.",
                "Secretariat",
                "medium",
            )


def _label(group: str) -> str:
    """'Group <name>', unless the name already says it is a group (an anonymised report's
    'Group 2')."""
    return group if group.lower().startswith("group ") else f"Group {group}"

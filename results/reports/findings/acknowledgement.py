"""Findings on how many acknowledged in time and how fast: the overall rate (a strength
from :data:`STRONG_RATE`), the median time to acknowledge (a strength below a quarter of
the deadline, an area for improvement above half of it) and the share that answered
before the first reminder."""

from __future__ import annotations

from results.reports.findings.judgement import Judgement
from simulator.text import hours, pct

STRONG_RATE = 0.90


def judge(j: Judgement) -> None:
    """Add the findings on the acknowledgement rate and speed to ``j``."""
    ps, d = j.participants, j.deadline
    n = len(ps)
    in_time = [p for p in ps if p.ack_at is not None and p.ack_at <= d]
    rate = j.summary.get("ack_rate")
    if n and rate is not None and rate >= STRONG_RATE:
        j.strength(
            f"{len(in_time)} of {n} participants ({pct(rate)}) acknowledged within the "
            f"{d:g}-hour deadline."
        )
    _median(j)
    reminders = sorted({e.t for e in j.result.events if e.kind == "reminder"})
    if reminders and n:
        first = reminders[0]
        early = [p for p in ps if p.ack_at is not None and p.ack_at < first]
        if len(early) / n >= 0.5:
            j.strength(
                f"{len(early)} of {n} participants ({pct(len(early) / n)}) acknowledged "
                f"before the first reminder at {first:g} h."
            )


def _median(j: Judgement) -> None:
    d = j.deadline
    med = j.summary.get("median_hours_to_ack") if j.obs.deadline_seen else None
    if med is not None and med <= d / 4:
        j.strength(
            f"Half of the participants that acknowledged in time did so within {hours(med)} "
            f"(deadline {d:g} h)."
        )
    elif med is not None and med > d / 2:
        j.area(
            f"The median time to acknowledge was {hours(med)}, more than half the {d:g}-hour "
            "deadline.",
            "low",
        )
        j.item(
            f"Slow acknowledgement (median {hours(med)})",
            "Ask POCs to acknowledge receipt at once and answer the substance later; "
            "state this in the next check's message.",
            "Secretariat",
            "low",
        )

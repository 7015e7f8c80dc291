"""Findings on participants that acknowledged only when prompted: after a reminder, an
escalation to deputies or an answered phone call (:func:`prompted_by`)."""

from __future__ import annotations

from results.reports.findings.judgement import Judgement
from simulator.model.outcome import RunResult
from simulator.text import plural


def prompted_by(result: RunResult) -> dict[str, str]:
    """Participants that acknowledged only after a reminder or a phone call: code ->
    ``"reminder at 24h"`` / ``"phone call at 36h"`` (the last prompt before the answer)."""
    prompts: dict[str, list[tuple[float, str]]] = {}
    for e in result.events:
        if e.participant is None:
            continue
        if e.kind == "reminder":
            prompts.setdefault(e.participant, []).append((e.t, f"reminder at {e.t:g}h"))
        elif e.kind == "phone_call" and e.detail.startswith("answered"):
            prompts.setdefault(e.participant, []).append((e.t, f"phone call at {e.t:g}h"))
        elif e.kind == "escalation":
            prompts.setdefault(e.participant, []).append((e.t, f"escalation at {e.t:g}h"))
    out: dict[str, str] = {}
    for p in result.participants:
        if p.ack_at is None:
            continue
        before = [x for x in prompts.get(p.code, []) if x[0] < p.ack_at]
        if before:
            out[p.code] = max(before)[1]
    return out


def judge(j: Judgement) -> None:
    """Add the finding on participants that answered only when prompted to ``j``."""
    prompted = prompted_by(j.result)
    if not prompted:
        return
    detail = ", ".join(f"{c} (after {w})" for c, w in list(prompted.items())[:12])
    j.area(
        f"{len(prompted)} of {len(j.participants)} participants acknowledged only after a "
        f"reminder or a phone call: {detail}.",
        "low",
    )
    j.item(
        f"{plural(len(prompted), 'participant')} answered only when prompted",
        "Review how checks are routed inside these administrations; confirm the "
        "listed addresses are read daily.",
        "Secretariat",
        "low",
    )

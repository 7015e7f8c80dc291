"""Findings on participants that never acknowledged or acknowledged only after the
deadline, one plan item each (owned by the participant's national POC).

A run stopped before its deadline claims nothing about who answered in time; a live run
(which never records delivery) never concludes that no message reached a contact."""

from __future__ import annotations

from results.reports.findings.judgement import Judgement, codes
from simulator.model.outcome import ParticipantOutcome
from simulator.text import hm, hours, pct, plural


def judge(j: Judgement) -> None:
    """Add the findings on silent and late participants to ``j``."""
    never = [p for p in j.participants if p.ack_at is None]
    if never and j.obs.cut and not j.obs.deadline_seen:
        _unknown_before_deadline(j, never)
    elif never:
        _never(j, never)
    _late(j)


def _unknown_before_deadline(j: Judgement, never: list[ParticipantOutcome]) -> None:
    n, d, obs = len(j.participants), j.deadline, j.obs
    j.area(
        f"{len(never)} of {n} participants ({pct(len(never) / n)}) had no "
        f"acknowledgement recorded: {codes(never)}. The run was {obs.phrase()}, "
        f"so the {d:g}-hour deadline was not reached: whether they answered in time "
        "is not known.",
        "medium",
    )
    j.item(
        f"Run stopped after {hm(obs.until)}, before the {d:g}-hour deadline: "
        f"{plural(len(never), 'participant')} without a recorded answer",
        f"Ask {codes(never)} whether they received the check and when they answered; "
        "record their answers (resume the live run) so the deadline result is known.",
        "Secretariat",
        "medium",
    )


def _never(j: Judgement, never: list[ParticipantOutcome]) -> None:
    n, h, obs = len(j.participants), j.result.horizon_hours, j.obs
    window = obs.phrase() if obs.cut else f"in the {h:g} hours observed"
    verb = "had no acknowledgement recorded" if obs.live else "never acknowledged"
    within = hm(obs.until) if obs.cut else f"{h:g} h"
    j.area(
        f"{len(never)} of {n} participants ({pct(len(never) / n)}) {verb} "
        f"{window}: {codes(never)}.",
        "high",
    )
    for p in never:
        if obs.live:
            j.item(
                f"{p.code}: no answer recorded ({window})",
                f"Confirm by phone who receives checks for {p.code} and whether the "
                "check arrived; name a deputy or a 24/7 duty desk.",
                f"{p.code} national POC",
                "high",
            )
        elif not p.delivered:
            j.item(
                f"{p.code}: no message reached any contact",
                f"Obtain current contact details for {p.code} (note verbale) and "
                "re-verify every entry.",
                f"{p.code} national POC",
                "high",
            )
        else:
            j.item(
                f"{p.code}: no acknowledgement within {within}",
                f"Confirm by phone who receives checks for {p.code}; name a deputy "
                "or a 24/7 duty desk.",
                f"{p.code} national POC",
                "high",
            )


def _late(j: Judgement) -> None:
    d = j.deadline
    late = [p for p in j.participants if p.ack_at is not None and p.ack_at > d]
    if not late:
        return
    detail = ", ".join(f"{p.code} ({hours(p.ack_at)})" for p in late[:12])
    j.area(
        f"{plural(len(late), 'participant')} acknowledged only after the "
        f"{d:g}-hour deadline: {detail}.",
        "medium",
    )
    for p in late:
        j.item(
            f"{p.code}: acknowledged late ({hours(p.ack_at)})",
            f"Agree a deputy or duty desk at {p.code} able to acknowledge within {d:g} h.",
            f"{p.code} national POC",
            "medium",
        )

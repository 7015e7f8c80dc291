"""Findings on a tabletop's expectations (those whose inject fired: met, late or
missed; those still open when a live exercise finished are neither): a strength when at
least 80% were met in time and per stage whose expectations were all met; missed and
late expectations as areas for improvement, one plan item per participant."""

from __future__ import annotations

from results.reports.findings.judgement import Judgement
from simulator.model.outcome import ExpectationOutcome
from simulator.text import pct, plural

STRONG_SHARE = 0.8


def judge(j: Judgement) -> None:
    """Add the findings on the tabletop's expectations to ``j``."""
    fired = [x for x in j.result.expectations if x.status in ("met", "late", "missed")]
    if not fired:
        return
    met = [x for x in fired if x.status == "met"]
    share = len(met) / len(fired)
    if share >= STRONG_SHARE:
        j.strength(f"{len(met)} of {len(fired)} expectations ({pct(share)}) were met in time.")
    stages: dict[str, list[ExpectationOutcome]] = {}
    for x in fired:
        stages.setdefault(x.stage or "-", []).append(x)
    for st, xs in stages.items():
        if all(x.status == "met" for x in xs) and len(xs) >= 1 and share < 1:
            j.strength(
                f"Stage {st}: {'the' if len(xs) == 1 else 'all'} "
                f"{plural(len(xs), 'expectation')} met."
            )
    _missed(j, fired)
    _late(j, fired)


def _missed(j: Judgement, fired: list[ExpectationOutcome]) -> None:
    missed = [x for x in fired if x.status == "missed"]
    if not missed:
        return
    j.area(
        f"{len(missed)} of {plural(len(fired), 'expectation')} missed: "
        + ", ".join(
            f"{x.id} ({x.participant}, {x.action}, stage {x.stage})" for x in missed[:12]
        )
        + ".",
        "high",
    )
    for who, xs in _by_participant(missed).items():
        j.item(
            f"{who}: {plural(len(xs), 'expectation')} missed ("
            + ", ".join(f"{x.id} {x.action}, stage {x.stage}" for x in xs)
            + ")",
            f"Rehearse {_actions(xs)} with {who}: who holds the mandate, which "
            "channel, how fast.",
            f"{who} national POC",
            "high",
        )


def _late(j: Judgement, fired: list[ExpectationOutcome]) -> None:
    late = [x for x in fired if x.status == "late"]
    if not late:
        return
    j.area(
        f"{len(late)} of {plural(len(fired), 'expectation')} met late: "
        + ", ".join(f"{x.id} ({x.participant})" for x in late[:12])
        + ".",
        "medium",
    )
    for who, xs in _by_participant(late).items():
        j.item(
            f"{who}: {plural(len(xs), 'expectation')} met late ("
            + ", ".join(x.id for x in xs)
            + ")",
            f"Shorten {who}'s internal clearance for {_actions(xs)}.",
            f"{who} national POC",
            "medium",
        )


def _by_participant(xs: list[ExpectationOutcome]) -> dict[str, list[ExpectationOutcome]]:
    out: dict[str, list[ExpectationOutcome]] = {}
    for x in xs:
        out.setdefault(x.participant, []).append(x)
    return out


def _actions(xs: list[ExpectationOutcome]) -> str:
    names = list(dict.fromkeys(x.action for x in xs))
    return ", ".join(f"'{a}'" for a in names)

"""Findings on the directory's contacts: bounced addresses (high severity), stale entries
(high; each worded by :func:`~simulator.analysis.metrics.contact_problem`: only those that
lost a message are said to have lost one), and - in a live run, where staleness is only
an estimate from the entries' verification dates and no message is known lost - entries
not verified recently (a low-severity upkeep item). A strength when none of these."""

from __future__ import annotations

from results.reports.findings.judgement import Judgement
from simulator.analysis.metrics import contact_problem
from simulator.model.outcome import ContactOutcome
from simulator.text import pct


def _keys(cs: list[ContactOutcome]) -> str:
    return f"{', '.join(c.key for c in cs[:12])}{' ...' if len(cs) > 12 else ''}"


def judge(j: Judgement) -> None:
    """Add the findings on bounced and stale contacts to ``j``."""
    cs = j.result.contacts
    bounced = [c for c in cs if c.bounced]
    stale_silent = [c for c in cs if c.stale and not c.bounced]
    if cs and not bounced and not stale_silent:
        j.strength(f"No contact bounced or was found stale ({len(cs)} contacts).")
    if bounced:
        j.area(
            f"{len(bounced)} of {len(cs)} contacts ({pct(len(bounced) / len(cs))}) bounced: "
            f"{_keys(bounced)}.",
            "high",
        )
        for c in bounced:
            j.item(
                f"{c.key}: bounced",
                f"Re-verify {c.key}: bounced; ask for a new address.",
                f"{c.participant} national POC",
                "high",
            )
    if stale_silent and j.obs.live:
        _not_verified(j, stale_silent)
    elif stale_silent:
        _stale(j, stale_silent)


def _not_verified(j: Judgement, stale: list[ContactOutcome]) -> None:
    n = len(j.result.contacts)
    j.area(
        f"{len(stale)} of {n} contacts ({pct(len(stale) / n)}) "
        "were not verified recently and are likely out of date (an estimate from "
        "their last verification; no message is known lost): "
        f"{_keys(stale)}.",
        "low",
    )
    for c in stale:
        j.item(
            f"{c.key}: not verified recently (likely out of date)",
            f"Re-verify {c.key}: confirm the person is still in post and the details "
            "are current.",
            f"{c.participant} national POC",
            "low",
        )


def _stale(j: Judgement, stale: list[ContactOutcome]) -> None:
    n = len(j.result.contacts)
    lost = sum(1 for c in stale if c.lost)
    j.area(
        f"{len(stale)} of {n} contacts ({pct(len(stale) / n)}) were stale"
        + (f", {lost} of them losing messages without a bounce" if lost else "")
        + f": {_keys(stale)}.",
        "high",
    )
    for c in stale:
        j.item(
            f"{c.key}: {contact_problem(c)}",
            f"Re-verify {c.key}: stale entry; confirm the person is still in post.",
            f"{c.participant} national POC",
            "high",
        )

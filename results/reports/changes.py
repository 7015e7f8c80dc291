"""Who improved and who fell back between two runs.

A participant *improved* from run A to run B when its status rose (never acknowledged <
acknowledged late < acknowledged within the deadline), or, with the same status and an
acknowledgement in both, when it answered faster by more than ``threshold_hours``
(default :data:`THRESHOLD_HOURS`); it *fell back* in the mirror cases. Participants found
in only one of the two runs are listed apart. :func:`changes_blocks` puts one
:class:`PairChanges` into report blocks (comparisons and trends alike).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from results.reports.document import Block, Bullets, Para, Table
from simulator.model.outcome import ParticipantOutcome, RunResult
from simulator.text import hours, plural

THRESHOLD_HOURS = 12.0
STATUS_NAMES = {0: "never", 1: "late", 2: "in time"}


def status_rank(p: ParticipantOutcome | None, deadline: float) -> int:
    """0 never acknowledged, 1 acknowledged after the deadline, 2 within it."""
    if p is None or p.ack_at is None:
        return 0
    return 2 if p.ack_at <= deadline else 1


@dataclass
class Change:
    """How one participant moved between two runs."""

    code: str
    name: str
    before: float | None  # hours to acknowledge in the earlier run (None: never)
    after: float | None
    reason: str


@dataclass
class PairChanges:
    """Who improved and who fell back from run ``a`` to run ``b`` (their labels)."""

    a: str  # run labels
    b: str
    improved: list[Change] = field(default_factory=list)
    fell_back: list[Change] = field(default_factory=list)
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)


def changes_between(
    a: RunResult,
    b: RunResult,
    *,
    label_a: str = "A",
    label_b: str = "B",
    threshold_hours: float = THRESHOLD_HOURS,
) -> PairChanges:
    """Who improved and who fell back from run ``a`` to run ``b``."""
    pa = {p.code: p for p in a.participants}
    pb = {p.code: p for p in b.participants}
    out = PairChanges(label_a, label_b)
    out.only_in_a = [c for c in pa if c not in pb]
    out.only_in_b = [c for c in pb if c not in pa]
    for code, q in pb.items():
        p = pa.get(code)
        if p is None:
            continue
        ra, rb = status_rank(p, a.deadline_hours), status_rank(q, b.deadline_hours)
        ch = Change(code, q.name, p.ack_at, q.ack_at, "")
        if rb > ra:
            ch.reason = f"{STATUS_NAMES[ra]} -> {STATUS_NAMES[rb]}"
            out.improved.append(ch)
        elif rb < ra:
            ch.reason = f"{STATUS_NAMES[ra]} -> {STATUS_NAMES[rb]}"
            out.fell_back.append(ch)
        elif p.ack_at is not None and q.ack_at is not None:
            delta = q.ack_at - p.ack_at
            if delta < -threshold_hours:
                ch.reason = f"faster by {hours(-delta)}"
                out.improved.append(ch)
            elif delta > threshold_hours:
                ch.reason = f"slower by {hours(delta)}"
                out.fell_back.append(ch)
    return out


def changes_blocks(ch: PairChanges) -> list[Block]:
    """A paragraph, the improved and fell-back tables, and who is in one run only."""
    def rows(xs: list[Change]) -> list[list[str]]:
        return [
            [
                c.code,
                c.name,
                hours(c.before) if c.before is not None else "never",
                hours(c.after) if c.after is not None else "never",
                c.reason,
            ]
            for c in xs
        ]

    cols = ["Participant", "Name", f"Hours in {ch.a}", f"Hours in {ch.b}", "Change"]
    blocks: list[Block] = [
        Para(
            f"From {ch.a} to {ch.b}: {plural(len(ch.improved), 'participant')} "
            f"improved, {len(ch.fell_back)} fell back."
        )
    ]
    blocks.append(
        Table(
            cols, rows(ch.improved), [f"improved:{c.code}" for c in ch.improved], caption="Improved"
        )
        if ch.improved
        else Para("Improved: none.")
    )
    blocks.append(
        Table(
            cols,
            rows(ch.fell_back),
            [f"fell_back:{c.code}" for c in ch.fell_back],
            caption="Fell back",
        )
        if ch.fell_back
        else Para("Fell back: none.")
    )
    if ch.only_in_a or ch.only_in_b:
        blocks.append(
            Bullets(
                [
                    f"Only in {ch.a}: {', '.join(ch.only_in_a) or 'none'}.",
                    f"Only in {ch.b}: {', '.join(ch.only_in_b) or 'none'}.",
                ]
            )
        )
    return blocks

"""Each task of a task-level check, scored on its own: the share of participants that
answered it by the deadline (from the run's ``task_done`` events)."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.model.outcome import RunResult


def task_rates(results: Sequence[RunResult]) -> dict[str, float]:
    """Per task (in the check's order; tasks known only from a stored run's events follow by
    name), the share of participants that answered it by the deadline, averaged over
    replications; empty without tasks."""
    names: list[str] = []
    for r in results:
        names += [n for n in r.tasks if n not in names]
    known = len(names)
    done: list[dict[str, int]] = []
    for r in results:
        counts: dict[str, int] = {}
        for e in r.events:
            if e.kind != "task_done":
                continue
            if e.detail not in names:
                names.append(e.detail)
            if e.t <= r.deadline_hours:
                counts[e.detail] = counts.get(e.detail, 0) + 1
        done.append(counts)
    out: dict[str, float] = {}
    for name in names[:known] + sorted(names[known:]):
        shares = [
            c.get(name, 0) / len(r.participants)
            for r, c in zip(results, done, strict=True)
            if r.participants
        ]
        out[name] = round(sum(shares) / len(shares), 4) if shares else 0.0
    return out

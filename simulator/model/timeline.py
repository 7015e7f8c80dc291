"""The timeline of a tabletop exercise as the injects alone define it: which inject's
expectation each trigger waits for, trigger cycles, and the earliest hour each inject can
fire."""

from __future__ import annotations

from collections.abc import Sequence

from simulator.model.injects import ConditionTrigger, Inject


def trigger_parents(injects: Sequence[Inject]) -> dict[str, str]:
    """Inject id -> id of the inject owning the expectation its trigger names."""
    owner = {e.id: inj.id for inj in injects for e in inj.expect}
    return {
        inj.id: owner[inj.trigger.expectation]
        for inj in injects
        if isinstance(inj.trigger, ConditionTrigger) and inj.trigger.expectation in owner
    }


def trigger_cycle(injects: Sequence[Inject]) -> list[str] | None:
    """A cycle of injects waiting for each other, as ``[I1, I2, I1]``; None if none."""
    parent = trigger_parents(injects)
    index = {inj.id: i for i, inj in enumerate(injects)}
    done: set[str] = set()
    for inj in injects:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = inj.id
        while node is not None and node not in done:
            if node in on_path:
                k = path.index(node)
                # path runs child -> parent; show the cycle in firing order (parent first)
                cyc = list(reversed(path[k:]))
                # start at the member that comes first in the file
                first = min(range(len(cyc)), key=lambda j: index[cyc[j]])
                cyc = cyc[first:] + cyc[:first]
                return [*cyc, cyc[0]]
            path.append(node)
            on_path.add(node)
            node = parent.get(node)
        done.update(path)
    return None


def earliest_fire(injects: Sequence[Inject]) -> dict[str, float | None]:
    """Earliest possible fire offset of each inject: timed at ``at``; met and done at the
    parent's earliest fire (the expectation met at once) + delay; missed and late at the
    parent's earliest fire + within + delay; manual (and anything waiting on it) None."""
    by_id = {inj.id: inj for inj in injects}
    within = {e.id: e.within for inj in injects for e in inj.expect}
    parent = trigger_parents(injects)
    memo: dict[str, float | None] = {}

    def fire(iid: str, depth: int = 0) -> float | None:
        if iid in memo:
            return memo[iid]
        inj = by_id[iid]
        out: float | None
        if inj.at is not None:
            out = inj.at
        elif isinstance(inj.trigger, ConditionTrigger) and iid in parent and depth <= len(by_id):
            p = fire(parent[iid], depth + 1)
            if p is None:
                out = None
            else:
                on = inj.trigger.on
                extra = 0.0 if on in ("met", "done") else within[inj.trigger.expectation]
                out = p + extra + inj.delay
        else:
            out = None
        memo[iid] = out
        return out

    return {iid: fire(iid) for iid in by_id}

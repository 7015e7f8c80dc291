"""When the injects of a *live* exercise fall due: the trigger rules of the simulation
(see :class:`~simulator.model.injects.ConditionTrigger`) applied to what has happened so
far."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator.model.injects import ConditionTrigger
from simulator.model.tabletop import TabletopScenario
from simulator.text import hours_minutes


@dataclass(frozen=True, slots=True)
class ScheduledInject:
    """An inject not yet fired whose time is known: ``due_at`` hours from the start."""

    id: str
    due_at: float
    reason: str  # "at +6h00", "E1 missed", ...


def inject_schedule(
    sc: TabletopScenario,
    fired: Mapping[str, float],
    windows: Mapping[str, Sequence[tuple[float, float | None]]],
    now: float,
) -> list[ScheduledInject]:
    """When each unfired inject of a *live* exercise falls due, as far as ``now`` tells.

    ``fired`` maps inject ids to the hour they were fired. ``windows`` maps expectation
    ids to one ``(due_at, done_at)`` pair per participant due (``done_at`` None while
    not done). A timed inject is due at ``at``; a triggered one once its expectation is
    decided by ``now`` (the same rules as the simulation, see :class:`ConditionTrigger`)
    plus its ``delay``; a manual one, or one whose condition is still open, is left out.
    Sorted by due time, earliest first; due times may lie after ``now``.
    """
    owner = {e.id: (inj.id, e.within) for inj in sc.injects for e in inj.expect}
    out: list[ScheduledInject] = []
    for inj in sc.injects:
        if inj.id in fired:
            continue
        if inj.at is not None:
            out.append(ScheduledInject(inj.id, inj.at, f"at {hours_minutes(inj.at)}"))
            continue
        trig = inj.trigger
        if not isinstance(trig, ConditionTrigger) or trig.expectation not in owner:
            continue
        parent, within = owner[trig.expectation]
        if parent not in fired:
            continue
        decided = _decided(trig.on, fired[parent] + within, windows.get(trig.expectation, ()), now)
        if decided is not None:
            out.append(ScheduledInject(inj.id, decided + inj.delay,
                                       f"{trig.expectation} {trig.on}"))
    return sorted(out, key=lambda s: (s.due_at, s.id))


def _decided(
    on: str, closes: float, pairs: Sequence[tuple[float, float | None]], now: float
) -> float | None:
    """The hour an expectation was decided ``on`` (met/missed/late/done), or None."""
    if on == "missed":
        if closes > now:
            return None
        if not pairs or any(done is None or done > due for due, done in pairs):
            return closes
        return None
    if not pairs or any(done is None or done > now for _, done in pairs):
        return None
    last = max(done for _, done in pairs if done is not None)
    late = any(done is not None and done > due for due, done in pairs)
    if on == "done" or (on == "late") == late:
        return last
    return None

"""A live tabletop's expectations: opened by injects, closed by verdicts, scored at the end.

An inject opens its expectations the first time it fires (``inject`` events); an
``expectation`` event ``met: E1`` / ``late: E1`` on a participant closes that
participant's ``E1``. Finishing the run stores them scored like a simulated run's
(:func:`expectation_outcomes`): met, late, missed (fired, never closed), not_fired; a run
finished before an expectation's window closed scores that expectation (not done)
:data:`OPEN`: undecided, neither met nor missed.

While the run goes on, each participant's expectations are tracked as
:class:`OpenExpectation` (fired at, due at, done at): what the status board shows and
what a facilitator's key closes (:data:`CLOSES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from simulator.model.injects import Expectation, Inject
from simulator.model.outcome import Event, ExpectationOutcome, ParticipantOutcome
from simulator.model.scenario import Scenario
from simulator.model.tabletop import TabletopScenario

OPEN = "open"
"""The status of an expectation still open when a live run finished: its inject fired,
it was not done and its window had not closed yet (neither met nor missed)."""

CLOSES: dict[str, tuple[str, ...]] = {
    "acknowledged": ("acknowledge",), "completed": ("respond", "acknowledge"),
}
"""The expectation actions an acknowledgement or a completion closes: an acknowledgement
acknowledges; an answer (completed) responds, and acknowledges as it does on the board.
Other actions are closed one by one (:meth:`results.live.session.LiveSession.close_expectation`)."""


@dataclass
class OpenExpectation:
    """A tabletop expectation on one participant: fired at, due at, done at, and the
    action it asks for (``acknowledge``, ``respond``, ``join_call`` ...)."""

    id: str
    fired_at: float
    due_at: float
    done_at: float | None = None
    action: str = ""

    def open_at(self, now: float) -> bool:
        return self.fired_at <= now + 1e-9 and (self.done_at is None or self.done_at > now)


def open_at(expectations: Iterable[OpenExpectation], now: float) -> list[OpenExpectation]:
    """Those of ``expectations`` open at ``now``, the one due first first."""
    return sorted((e for e in expectations if e.open_at(now)), key=lambda e: e.due_at)


def verdict(exp: OpenExpectation, t: float) -> str:
    """``met`` or ``late``: ``exp`` done at ``t``."""
    return "met" if t <= exp.due_at + 1e-9 else "late"


def inject_recipients(inj: Inject, participants: Sequence[ParticipantOutcome]) -> list[str]:
    """Codes an inject reaches among ``participants`` (all / group:G / role:R / codes)."""
    codes = [p.code for p in participants]
    out: list[str] = []
    for r in inj.recipients:
        if r == "all" or r.startswith("role:"):
            out.extend(codes)
        elif r.startswith("group:"):
            out.extend(p.code for p in participants if p.group == r[len("group:"):])
        elif r in codes:
            out.append(r)
    return list(dict.fromkeys(out))


def expectation_who(
    inj: Inject, exp: Expectation, participants: Sequence[ParticipantOutcome]
) -> list[str]:
    """The codes among ``participants`` expectation ``exp`` of inject ``inj`` falls on."""
    if exp.who == "recipients":
        return inject_recipients(inj, participants)
    known = {p.code for p in participants}
    return [c for c in exp.who if c in known]


def first_fired(events: Iterable[Event]) -> dict[str, float]:
    """When each inject first fired (its first ``inject`` event)."""
    out: dict[str, float] = {}
    for e in sorted(events, key=lambda e: e.t):
        if e.kind == "inject" and e.detail not in out:
            out[e.detail] = e.t
    return out


def expectation_verdict(e: Event) -> tuple[str, str] | None:
    """(verdict, expectation id) of an ``expectation`` event such as ``met: E1``."""
    if e.kind != "expectation" or ":" not in (e.detail or ""):
        return None
    said, exp_id = e.detail.split(":", 1)
    return said.strip(), exp_id.strip()


def _done(events: Iterable[Event]) -> dict[tuple[str, str], float]:
    """When each (expectation id, participant) was first said met or late."""
    done: dict[tuple[str, str], float] = {}
    for e in sorted(events, key=lambda e: e.t):
        v = expectation_verdict(e)
        if v is not None and v[0] in ("met", "late") and e.participant is not None:
            done.setdefault((v[1], e.participant), e.t)
    return done


def expectation_outcomes(
    scenario: Scenario | None, participants: Sequence[ParticipantOutcome],
    events: Iterable[Event], end: float | None = None,
) -> list[ExpectationOutcome]:
    """A live tabletop's expectations as if it ended at ``end`` (hours since the start;
    None: after every window closed), in scenario order (none for a check).

    Fired once its inject first fired (due ``within`` later); done at the first ``met`` or
    ``late`` event for that participant and id after that; met / late by the due time;
    missed when fired and not done by the end; :data:`OPEN` when fired, not done, and
    its window still open at ``end``; not_fired (no due time) when the inject never fired.
    """
    if not isinstance(scenario, TabletopScenario):
        return []
    evs = list(events)
    fired = first_fired(evs)
    done = _done(evs)
    out: list[ExpectationOutcome] = []
    for inj in scenario.injects:
        at = fired.get(inj.id)
        for x in inj.expect:
            for code in expectation_who(inj, x, participants):
                if at is None:
                    out.append(ExpectationOutcome(x.id, inj.id, code, x.action, inj.stage,
                                                  None, None, "not_fired"))
                    continue
                due = at + x.within
                t = done.get((x.id, code))
                if t is not None and t < at - 1e-9:
                    t = None
                if t is not None:
                    status = "met" if t <= due + 1e-9 else "late"
                elif end is not None and due > end + 1e-9:
                    status = OPEN
                else:
                    status = "missed"
                out.append(ExpectationOutcome(x.id, inj.id, code, x.action, inj.stage,
                                              due, t, status))
    return out


def board_expectations(
    outcomes: Iterable[ExpectationOutcome], events: Iterable[Event]
) -> list[tuple[str, OpenExpectation]]:
    """(code, expectation) of every expectation among ``outcomes`` whose inject fired."""
    fired = first_fired(events)
    return [
        (x.participant, OpenExpectation(x.id, fired[x.inject], x.due_at, x.done_at,
                                        action=x.action))
        for x in outcomes
        if x.due_at is not None and x.inject in fired
    ]


def expectations_on_fire(
    inj: Inject, fired_at: float, participants: Sequence[ParticipantOutcome]
) -> list[tuple[str, OpenExpectation]]:
    """(code, expectation) pairs an inject fired at ``fired_at`` puts on participants."""
    return [
        (code, OpenExpectation(e.id, fired_at, fired_at + e.within, action=e.action))
        for e in inj.expect
        for code in expectation_who(inj, e, participants)
    ]

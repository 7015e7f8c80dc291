"""Live runs: the state of a run being recorded by hand, rebuilt from its events.

A live run's truth is its event log: every facilitator action is stored as an event the
moment it is made. :func:`participants_from_events` replays the events onto fresh
participant outcomes, so a run reopened after a crash shows exactly what was recorded.
:func:`reopen_live_run` sets an interrupted live run back to *running* for this process
and returns what it needs to go on (through the store's public functions only).

A live tabletop's expectations are rebuilt the same way (:func:`expectation_outcomes`):
an inject opens its expectations the first time it fires (``inject`` events); an
``expectation`` event ``met: E1`` / ``late: E1`` on a participant closes that
participant's ``E1``. Finishing the run stores them scored like a simulated run's: met,
late, missed (fired, never closed), not_fired; a run finished before an expectation's
window closed scores that expectation (not done) *open*: undecided, neither met nor
missed.

A live run's contacts (:func:`live_contacts`) are stored by key and role only, like a
simulated run's. A contact is *stale* when its entry is more likely out of date than not:
``(1 - turnover_per_year) ** age < 1/2``, with ``age`` the years since ``last_verified``
at the run's start (``unknown_age_years`` when never verified), the same turnover model
the simulation draws from: an estimate from the directory, never an observed loss. A
bounce recorded for a participant is put on its first contact of a recipient role that
has not bounced yet (:func:`bounce_contact`). A participant's contacts count as having
answered when the participant acknowledged (:func:`contacts_answered`): a live run
does not know through which address the answer came.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from simulator.model.outcome import ContactOutcome, Event, ExpectationOutcome, ParticipantOutcome

LIVE_KINDS = ("delivered", "acknowledged", "completed", "bounced", "reminder", "escalation",
              "phone_call", "inject", "note", "check_sent", "deadline", "action")
"""Event kinds a facilitator records in a live run."""


def apply_event(p: ParticipantOutcome, e: Event) -> ParticipantOutcome:
    """``p`` after event ``e`` (a new object; the first acknowledgement/completion wins).

    A tabletop ``action`` (consulting, sharing, joining a call ...) acknowledges too, as in
    the simulation."""
    if e.participant is not None and e.participant != p.code:
        return p
    k = e.kind
    if k == "delivered":
        if p.delivered_at is None or e.t < p.delivered_at:
            return replace(p, delivered=True, delivered_at=e.t)
        return p
    if k in ("acknowledged", "completed", "action"):
        q = p
        if q.delivered_at is None or e.t < q.delivered_at:
            q = replace(q, delivered=True, delivered_at=e.t)
        if q.ack_at is None or e.t < q.ack_at:
            q = replace(q, ack_at=e.t, ack_by=e.contact, ack_channel=e.channel)
        if k == "completed" and (q.completed_at is None or e.t < q.completed_at):
            q = replace(q, completed_at=e.t)
        return q
    if k == "bounced":
        return replace(p, bounces=p.bounces + 1)
    if k == "reminder":
        return replace(p, reminders=p.reminders + 1)
    if k == "escalation":
        return replace(p, escalations=p.escalations + 1)
    return p


def fresh(p: ParticipantOutcome) -> ParticipantOutcome:
    """``p`` with nothing recorded yet (same code, name, group)."""
    return ParticipantOutcome(code=p.code, name=p.name, group=p.group, human=True)


def participants_from_events(
    base: Sequence[ParticipantOutcome], events: Iterable[Event]
) -> list[ParticipantOutcome]:
    """Replay ``events`` (in time order) onto fresh copies of ``base``."""
    state = {p.code: fresh(p) for p in base}
    for e in sorted(events, key=lambda e: e.t):
        if e.participant in state:
            state[e.participant] = apply_event(state[e.participant], e)
    return [state[p.code] for p in base]


@dataclass
class LiveState:
    """What a live run needs to go on: its anchor, its participants and its log."""

    run_id: int
    run: Any  # results.store.RunInfo, with scenario_text
    start: datetime
    deadline_hours: float
    horizon_hours: float
    scenario_text: str
    events: list[Event] = field(default_factory=list)
    participants: list[ParticipantOutcome] = field(default_factory=list)
    contacts: list[ContactOutcome] = field(default_factory=list)


def note_events(notes: Iterable[Any]) -> list[Event]:
    """The store's notes as ``note`` events (notes without a time sort first)."""
    return [Event(n.t if n.t is not None else 0.0, "note", n.participant, None, None, n.text)
            for n in notes]


def load_live_state(store: Any, run_id: int) -> LiveState:
    """A live run as stored: statuses rebuilt from its events, notes among the events."""
    run = store.get_run(run_id)
    result = store.load_result(run_id)
    events = list(result.events)
    participants = participants_from_events(result.participants, events)
    contacts = contacts_from_events(result.contacts, events)
    events = sorted(events + note_events(store.notes(run_id)), key=lambda e: e.t)
    return LiveState(
        run_id=run_id, run=run, start=result.start,
        deadline_hours=result.deadline_hours or 0.0,
        horizon_hours=result.horizon_hours or result.deadline_hours or 0.0,
        scenario_text=run.scenario_text or "", events=events, participants=participants,
        contacts=contacts,
    )


def reopen_live_run(store: Any, run_id: int) -> LiveState:
    """Set an interrupted live run back to *running* for this process and load it.

    Raises :class:`KeyError` for an unknown run and :class:`ValueError` for one that is
    not live, already completed, or still open in another running process.
    """
    from results.store import pid_alive

    run = store.get_run(run_id)
    if run.mode != "live":
        raise ValueError(f"run {run_id} is a {run.mode} run; open it under Results instead")
    if run.status == "completed":
        raise ValueError(f"live run {run_id} is completed; open it under Results instead")
    if (run.status == "running" and run.pid not in (None, os.getpid())
            and run.host == store.host and pid_alive(run.pid)):
        raise ValueError(f"live run {run_id} is open in another pocdrill (process {run.pid})")
    store.reopen_run(run_id)
    return load_live_state(store, run_id)


# -- tabletop expectations ----------------------------------------------------------------
def inject_recipients(inj: Any, participants: Sequence[ParticipantOutcome]) -> list[str]:
    """Codes an inject reaches among ``participants`` (all / group:G / role:R / codes)."""
    codes = [p.code for p in participants]
    out: list[str] = []
    for r in getattr(inj, "recipients", []) or []:
        if r == "all" or r.startswith("role:"):
            out.extend(codes)
        elif r.startswith("group:"):
            out.extend(p.code for p in participants if p.group == r[len("group:"):])
        elif r in codes:
            out.append(r)
    return list(dict.fromkeys(out))


def expectation_who(inj: Any, exp: Any, participants: Sequence[ParticipantOutcome]) -> list[str]:
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
    verdict, exp_id = e.detail.split(":", 1)
    return verdict.strip(), exp_id.strip()


OPEN = "open"
"""The status of an expectation still open when a live run finished: its inject fired,
it was not done and its window had not closed yet (neither met nor missed)."""


def expectation_outcomes(
    scenario: Any, participants: Sequence[ParticipantOutcome], events: Iterable[Event],
    end: float | None = None,
) -> list[ExpectationOutcome]:
    """A live tabletop's expectations as if it ended at ``end`` (hours since the start;
    None: after every window closed), in scenario order.

    Fired once its inject first fired (due ``within`` later); done at the first ``met`` or
    ``late`` event for that participant and id after that; met / late by the due time;
    missed when fired and not done by the end; :data:`OPEN` when fired, not done, and
    its window still open at ``end``; not_fired (no due time) when the inject never fired.
    """
    evs = list(events)
    fired = first_fired(evs)
    done: dict[tuple[str, str], float] = {}
    for e in sorted(evs, key=lambda e: e.t):
        v = expectation_verdict(e)
        if v is not None and v[0] in ("met", "late") and e.participant is not None:
            done.setdefault((v[1], e.participant), e.t)
    out: list[ExpectationOutcome] = []
    for inj in getattr(scenario, "injects", None) or []:
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


# -- contacts -----------------------------------------------------------------------------
def _behaviours(scenario: Any) -> dict[str, Any]:
    from simulator.model.behaviour import Behaviour, tier_behaviours

    behaviour = getattr(scenario, "behaviour", None)
    return tier_behaviours(behaviour if behaviour is not None else Behaviour())


def live_contacts(scenario: Any, people: Sequence[Any], start: datetime) -> list[ContactOutcome]:
    """Contact rows (key, role, staleness; no personal data) of ``people`` (directory
    participants) for a live run started at ``start``; see the module docstring."""
    from simulator.engine.contacts import age_years

    behaviours = _behaviours(scenario)
    out = []
    for p in people:
        beh = behaviours[str(p.capacity)]
        for key, c in zip(p.contact_keys(), p.contacts, strict=True):
            age = age_years(c.last_verified, start)
            if age is None:
                age = beh.unknown_age_years
            stale = (1.0 - beh.turnover_per_year) ** age < 0.5
            out.append(ContactOutcome(p.code, key, c.role, stale=stale))
    return out


def recipient_roles(scenario: Any) -> list[str]:
    """The contact roles a scenario's messages go to (a check's ``recipients``)."""
    from simulator.model.check import DEFAULT_RECIPIENTS

    check = getattr(scenario, "check", None)
    roles = getattr(check, "recipients", None)
    return list(roles) if roles else list(DEFAULT_RECIPIENTS)


def bounce_contact(
    code: str, contacts: Sequence[ContactOutcome], roles: Sequence[str]
) -> ContactOutcome | None:
    """The contact a bounce recorded for participant ``code`` is put on: its first contact
    of a recipient role that has not bounced yet (its contacts of any role when none is of
    a recipient role); None when all of those have bounced or it has none stored."""
    mine = [c for c in contacts if c.participant == code]
    addressed = [c for c in mine if c.role in roles] or mine
    return next((c for c in addressed if not c.bounced), None)


def contacts_answered(
    contacts: Sequence[ContactOutcome], participants: Iterable[ParticipantOutcome]
) -> list[ContactOutcome]:
    """``contacts`` (copies), each one not yet marked answered marked acknowledged when its
    participant acknowledged (a live run records who answered, not through which address)."""
    acked = {p.code: p.ack_at for p in participants if p.ack_at is not None}
    return [
        replace(c, acknowledged_at=acked.get(c.participant))
        if c.acknowledged_at is None and c.participant in acked else replace(c)
        for c in contacts
    ]


def contacts_from_events(
    contacts: Sequence[ContactOutcome], events: Iterable[Event]
) -> list[ContactOutcome]:
    """``contacts`` (copies) with every contact named by a ``bounced`` event marked bounced."""
    bounced = {e.contact for e in events if e.kind == "bounced" and e.contact}
    return [replace(c, bounced=c.bounced or c.key in bounced) for c in contacts]

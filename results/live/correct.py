"""Applying an undo (:mod:`results.live.undo`) to a live session: the correcting events
stored, the state put back as if the corrected records had never been made."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from results.live.actions import Recorded
from results.live.events import participants_from_events
from results.live.expectations import OpenExpectation, expectation_verdict
from results.live.undo import correcting, effective, last_record
from simulator.model.outcome import ContactOutcome, Event, ParticipantOutcome


class Correctable(Protocol):
    """What an undo needs of a :class:`~results.live.session.LiveSession`."""

    events: list[Event]
    participants: dict[str, ParticipantOutcome]
    contacts: dict[str, ContactOutcome]
    expectations: dict[str, list[OpenExpectation]]

    def _check_open(self) -> None: ...

    def _store(self, events: Sequence[Event], participants: Sequence[ParticipantOutcome],
               contacts: Sequence[ContactOutcome] = ()) -> None: ...


def undo_last(session: Correctable, t: float) -> Recorded:
    """Take ``session``'s last record back at ``t`` (see the module docstring): the
    correcting events stored, its participants replayed without it, a bounced address
    usable again, the expectations it closed open again. Nothing when there is nothing
    to undo."""
    session._check_open()
    t = round(t, 6)
    taken = last_record(session.events)
    if not taken:
        return Recorded()
    marks = [correcting(e, t) for e in taken]
    codes = list(dict.fromkeys(e.participant for e in taken if e.participant is not None))
    live = effective([*session.events, *marks])
    changed = participants_from_events([session.participants[c] for c in codes], live)
    for p in changed:
        session.participants[p.code] = p
    contacts = []
    for e in taken:
        if e.kind == "bounced" and e.contact in session.contacts:
            c = session.contacts[e.contact]
            c.bounced = False
            contacts.append(c)
        said = expectation_verdict(e)
        if said is not None and e.participant is not None:
            for x in session.expectations.get(e.participant, []):
                if x.id == said[1] and x.done_at == e.t:
                    x.done_at = None
    session._store(marks, changed, contacts)
    return Recorded(tuple(marks), tuple(changed), undone=tuple(taken))

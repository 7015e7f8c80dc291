"""A live run's contacts: stored by key and role only, like a simulated run's.

A contact is *stale* when its entry is more likely out of date than not:
``(1 - turnover_per_year) ** age < 1/2``, with ``age`` the years since ``last_verified``
at the run's start (``unknown_age_years`` when never verified), the same turnover model
the simulation draws from: an estimate from the directory, never an observed loss. A
bounce recorded for a participant is put on its first contact of a recipient role that
has not bounced yet (:func:`bounce_contact`). A participant's contacts count as having
answered when the participant acknowledged (:func:`contacts_answered`): a live run does
not know through which address the answer came.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from simulator.engine.contacts import age_years
from simulator.model.behaviour import participant_behaviours
from simulator.model.check import DEFAULT_RECIPIENTS, CheckScenario
from simulator.model.directory import Participant
from simulator.model.outcome import ContactOutcome, Event, ParticipantOutcome
from simulator.model.scenario import Scenario


def live_contacts(
    scenario: Scenario, people: Sequence[Participant], start: datetime
) -> list[ContactOutcome]:
    """Contact rows (key, role, staleness; no personal data) of ``people`` (directory
    participants) for a live run started at ``start``; see the module docstring."""
    behaviours = participant_behaviours(scenario.behaviour, people)
    out = []
    for p in people:
        beh = behaviours[p.code]
        for key, c in zip(p.contact_keys(), p.contacts, strict=True):
            age = age_years(c.last_verified, start)
            if age is None:
                age = beh.unknown_age_years
            stale = (1.0 - beh.turnover_per_year) ** age < 0.5
            out.append(ContactOutcome(p.code, key, c.role, stale=stale))
    return out


def recipient_roles(scenario: Scenario | None) -> list[str]:
    """The contact roles a scenario's messages go to (a check's ``recipients``)."""
    if isinstance(scenario, CheckScenario) and scenario.check.recipients:
        return list(scenario.check.recipients)
    return list(DEFAULT_RECIPIENTS)


def addressed(code: str, contacts: Sequence[ContactOutcome], roles: Sequence[str]
              ) -> list[ContactOutcome]:
    """``code``'s contacts a message goes to: those of a recipient role (all of its
    contacts when none is of a recipient role)."""
    mine = [c for c in contacts if c.participant == code]
    return [c for c in mine if c.role in roles] or mine


def bounce_contact(
    code: str, contacts: Sequence[ContactOutcome], roles: Sequence[str]
) -> ContactOutcome | None:
    """The contact a bounce recorded for participant ``code`` is put on: its first contact
    of a recipient role that has not bounced yet (its contacts of any role when none is of
    a recipient role); None when all of those have bounced or it has none stored."""
    return next((c for c in addressed(code, contacts, roles) if not c.bounced), None)


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
    from results.live.undo import effective

    bounced = {e.contact for e in effective(events) if e.kind == "bounced" and e.contact}
    return [replace(c, bounced=c.bounced or c.key in bounced) for c in contacts]

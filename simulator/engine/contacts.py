"""Contacts and participants during one run (:class:`ContactState`, :class:`PartyState`),
and what is fixed about each contact for a given directory and check, whatever the
replication (:func:`prepared`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from simulator.calendar.work import WorkCalendar, calendar_for
from simulator.model.behaviour import EffectiveBehaviour
from simulator.model.directory import DEPUTY_OF, Contact, Directory, Participant
from simulator.model.outcome import ContactOutcome, ParticipantOutcome


@dataclass(eq=False, slots=True)
class ContactState:
    """A contact during one run: what is true of it, and what happened to it.

    ``principal_role`` is ``policy`` or ``technical`` (deputies stand in for their
    principal); ``role``, ``principal_role``, ``is_deputy`` and ``duty`` (a 24/7 desk)
    are fixed per directory.
    """

    key: str
    contact: Contact
    role: str
    principal_role: str
    is_deputy: bool
    party: PartyState
    calendar: WorkCalendar
    behaviour: EffectiveBehaviour
    stale: bool
    stale_bounces: bool
    absent_until: float
    out_of_office: bool
    mandate: bool
    needs_translation: bool
    outcome: ContactOutcome
    stream_prefix: str
    channel: str
    duty: bool = False
    messaged: bool = False
    tried: bool = False  # the check went to it at the start or after a bounce
    escalated: bool = False  # the check went to it on escalation
    known_bounced: bool = False
    noticed_at: float | None = None
    busy: bool = False


def principal_role(role: str) -> str:
    """``policy`` or ``technical``: the role ``role`` stands for (deputies for their principal)."""
    role = DEPUTY_OF.get(role, role)
    return "technical" if "tech" in role else "policy"


@dataclass(eq=False, slots=True)
class PartyState:
    """A participant during one run."""

    participant: Participant
    outcome: ParticipantOutcome
    behaviour: EffectiveBehaviour
    contacts: list[ContactState] = field(default_factory=list)
    retries_pending: int = 0
    code: str = ""

    def __post_init__(self) -> None:
        self.code = self.participant.code

    def first(self, principal: str, *, exclude: ContactState | None = None) -> ContactState | None:
        """The first contact standing for ``principal`` (principal before deputy)."""
        cands = [c for c in self.contacts if c.principal_role == principal and c is not exclude]
        cands.sort(key=lambda c: c.is_deputy)
        return cands[0] if cands else None


def age_years(last_verified: date | None, as_of: datetime) -> float | None:
    """Years between the last verification and ``as_of`` (None: never verified)."""
    if last_verified is None:
        return None
    return max(0.0, (as_of.date() - last_verified).days / 365.25)


@dataclass(frozen=True, slots=True)
class ContactStatic:
    """What is fixed about a contact for a given check, whatever the replication."""

    key: str
    contact: Contact
    calendar: WorkCalendar
    age_years: float | None
    needs_translation: bool
    channel: str
    role: str
    principal_role: str
    is_deputy: bool
    mandate: bool | None
    slashed: str  # key + "/"


_PREPARED: dict[
    tuple[int, datetime, float, str],
    tuple[Directory, list[tuple[Participant, list[ContactStatic]]]],
] = {}


def prepared(
    directory: Directory, origin: datetime, horizon: float, language: str
) -> list[tuple[Participant, list[ContactStatic]]]:
    """Per participant, its contacts' keys, calendars, ages and language needs: computed
    once per directory and check, reused by every replication (sweeps run thousands)."""
    key = (id(directory), origin, horizon, language)
    hit = _PREPARED.get(key)
    if hit is not None and hit[0] is directory:
        return hit[1]
    out = []
    for p in directory.participants:
        statics = []
        for k, c in zip(p.contact_keys(), p.contacts, strict=True):
            langs = c.languages or p.languages
            statics.append(
                ContactStatic(
                    key=k,
                    contact=c,
                    calendar=calendar_for(p, origin, horizon, duty_24_7=c.duty_24_7),
                    age_years=age_years(c.last_verified, origin),
                    needs_translation=bool(langs) and language not in langs,
                    channel=c.channels[0] if c.channels else "email",
                    role=c.role,
                    principal_role=principal_role(c.role),
                    is_deputy=c.role.startswith("deputy"),
                    mandate=c.mandate,
                    slashed=k + "/",
                )
            )
        out.append((p, statics))
    if len(_PREPARED) >= 16:
        _PREPARED.clear()
    _PREPARED[key] = (directory, out)
    return out

"""The POC network as SimPy sees it: contacts with state, calendars and random streams,
and the delivery of messages to them.

What a message meets on its way to a person:

* a **stale** entry (the person left; still in post with probability
  ``(1 - turnover) ** age_years``): the address bounces (the sender sees it) or the
  message silently disappears;
* a **spam filter** that drops a valid e-mail;
* **leave**: the mailbox may answer out-of-office, and the person reads it on return;
* **working time**: it is noticed only after a triage delay counted in the recipient's
  working time (office hours, work week, public holidays in its zone), unless the contact
  is a 24/7 duty desk;
* **responsiveness**: a noticed message is acted on with some probability; a reminder
  is a new message with fresh draws.

The exercise (a communication check, a tabletop) supplies what a contact does once it
notices a message: ``Network.on_notice``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

import simpy

from simulator.calendar import WorkCalendar, calendar_for
from simulator.directory import DEPUTY_OF, Contact, Directory, Participant
from simulator.outcome import ContactOutcome, Event, ParticipantOutcome
from simulator.rng import Stream
from simulator.scenario import EffectiveBehaviour

NoticeHandler = Callable[["ContactState", str, str], Generator[Any, Any, None]]


@dataclass(eq=False, slots=True)
class ContactState:
    """A contact during one run: what is true of it, and what happened to it."""

    key: str
    contact: Contact
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
    messaged: bool = False
    known_bounced: bool = False
    noticed_at: float | None = None
    busy: bool = False

    @property
    def role(self) -> str:
        return self.contact.role

    @property
    def principal_role(self) -> str:
        """``policy`` or ``technical`` (deputies stand in for their principal)."""
        role = DEPUTY_OF.get(self.role, self.role)
        return "technical" if "tech" in role else "policy"

    @property
    def is_deputy(self) -> bool:
        return self.role.startswith("deputy")


@dataclass(eq=False, slots=True)
class PartyState:
    """A participant during one run."""

    participant: Participant
    outcome: ParticipantOutcome
    behaviour: EffectiveBehaviour
    contacts: list[ContactState] = field(default_factory=list)
    retries_pending: int = 0
    task_started: bool = False
    code: str = ""

    def __post_init__(self) -> None:
        self.code = self.participant.code

    def first(self, principal: str, *, exclude: ContactState | None = None) -> ContactState | None:
        """The first contact standing for ``principal`` (principal before deputy)."""
        cands = [c for c in self.contacts if c.principal_role == principal and c is not exclude]
        cands.sort(key=lambda c: c.is_deputy)
        return cands[0] if cands else None


def age_years(last_verified: Any, as_of: datetime) -> float | None:
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


_PREPARED: dict[tuple[int, datetime, float, str], tuple[Directory, list[Any]]] = {}


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
                )
            )
        out.append((p, statics))
    if len(_PREPARED) >= 16:
        _PREPARED.clear()
    _PREPARED[key] = (directory, out)
    return out


class Network:
    """Contacts, calendars and message delivery for one replication."""

    def __init__(
        self,
        env: simpy.Environment,
        directory: Directory,
        behaviours: dict[str, EffectiveBehaviour],
        *,
        origin: datetime,
        horizon: float,
        seed: int,
        replication: int,
        language: str,
        announced: bool = False,
    ) -> None:
        self.env = env
        self.origin = origin
        self.horizon = horizon
        self.seed = seed
        self.replication = replication
        self.announced = announced
        self.events: list[Event] = []
        self.on_notice: NoticeHandler | None = None
        self.on_bounce: Callable[[ContactState, str], None] | None = None
        self.parties: list[PartyState] = []
        self.by_code: dict[str, PartyState] = {}
        self.contacts: list[ContactState] = []
        for p, statics in prepared(directory, origin, horizon, language):
            beh = behaviours[str(p.capacity)]
            party = PartyState(
                participant=p,
                outcome=ParticipantOutcome(code=p.code, name=p.name, group=p.group),
                behaviour=beh,
            )
            for st in statics:
                party.contacts.append(self._contact(party, st, beh))
            self.parties.append(party)
            self.by_code[p.code] = party
            self.contacts.extend(party.contacts)

    # -- set-up -------------------------------------------------------------------------
    def stream(self, *parts: object) -> Stream:
        """The stream named ``parts`` in this run (seed and replication first)."""
        return Stream(self.seed, self.replication, *parts)

    def _contact(
        self, party: PartyState, st: ContactStatic, beh: EffectiveBehaviour
    ) -> ContactState:
        c = st.contact
        prefix = f"{self.seed}/{self.replication}/{st.key}/"
        rng = Stream.named(prefix + "state")
        # Fixed draw order: the same contact gets the same state whatever else changes.
        # The leave length is drawn last, and only for the absent: nothing follows it.
        u_post, u_bounce, u_absent, u_ooo, u_mandate = rng.uniforms(5)
        absent = u_absent < beh.absence
        leave = beh.absence_duration.sample(rng) if absent else 0.0
        age = beh.unknown_age_years if st.age_years is None else st.age_years
        stale = u_post >= (1.0 - beh.turnover_per_year) ** age
        return ContactState(
            key=st.key,
            contact=c,
            party=party,
            calendar=st.calendar,
            behaviour=beh,
            stale=stale,
            stale_bounces=u_bounce < beh.bounce_share,
            absent_until=leave,
            out_of_office=absent and u_ooo < beh.out_of_office_reply,
            mandate=c.mandate if c.mandate is not None else u_mandate < beh.mandate,
            needs_translation=st.needs_translation,
            outcome=ContactOutcome(
                participant=party.code, key=st.key, role=c.role, stale=stale, absent=absent
            ),
            stream_prefix=prefix,
            channel=st.channel,
        )

    # -- the log ------------------------------------------------------------------------
    def log(
        self,
        kind: str,
        party: PartyState | None = None,
        contact: ContactState | None = None,
        channel: str | None = None,
        detail: str = "",
        t: float | None = None,
    ) -> None:
        self.events.append(
            Event(
                self.env.now if t is None else t,
                kind,
                party.code if party else None,
                contact.key if contact else None,
                channel,
                detail,
            )
        )

    # -- delivery -----------------------------------------------------------------------
    def send(self, c: ContactState, slot: str, kind: str, channel: str | None = None) -> None:
        """Send a message now to ``c`` (``slot`` names its random stream, ``kind`` its event)."""
        channel = channel or c.channel
        c.messaged = True
        party = c.party
        now = self.env.now
        self.log(kind, party, c, channel, slot)
        rng = Stream.named(f"{c.stream_prefix}msg/{slot}")
        # Fixed draw order: spam, respond, triage. Triage comes last, so it is drawn only
        # when needed without changing any other draw.
        u_spam, u_respond = rng.random(), rng.random()
        if c.stale:
            if c.stale_bounces:
                c.outcome.bounced = True
                c.known_bounced = True
                party.outcome.bounces += 1
                self.log("bounced", party, c, channel, "address no longer in use")
                if self.on_bounce:
                    self.on_bounce(c, "bounced")
            else:
                c.outcome.lost = True
                self.log("lost", party, c, channel, "stale entry: nobody reads it")
            return
        if channel == "email" and u_spam < c.behaviour.spam_loss:
            c.outcome.lost = True
            self.log("lost", party, c, channel, "spam filter")
            return
        self.log("delivered", party, c, channel)
        if not party.outcome.delivered:
            party.outcome.delivered = True
            party.outcome.delivered_at = now
        start = now
        if c.absent_until > now:
            start = c.absent_until
            if c.out_of_office:
                self.log("out_of_office", party, c, channel, f"away until +{c.absent_until:.1f}h")
                if self.on_bounce:
                    self.on_bounce(c, "out_of_office")
        if u_respond >= c.behaviour.responsiveness:
            return
        triage = c.behaviour.triage.sample(rng)
        if self.announced:
            triage *= c.behaviour.announced_speedup
        at = c.calendar.add_working(start, triage)
        if at <= self.horizon:
            self._schedule_notice(c, at, channel)

    def _schedule_notice(self, c: ContactState, at: float, channel: str) -> None:
        """Make ``c`` notice the message at ``at``. A plain timeout with a callback, not a
        process per message: a process starts only when the contact first notices."""

        def fire(_event: simpy.Event) -> None:
            if c.noticed_at is None:
                self.env.process(self.notice(c, channel, "message"))

        self.env.timeout(at - self.env.now).callbacks.append(fire)  # type: ignore[union-attr]

    def notice(self, c: ContactState, channel: str, how: str) -> Generator[Any, Any, None]:
        """``c`` becomes aware of the check now (by a message or a call)."""
        if c.noticed_at is not None:
            return
        c.noticed_at = c.outcome.noticed_at = self.env.now
        self.log("noticed", c.party, c, channel, how)
        if self.on_notice is not None:
            yield from self.on_notice(c, channel, how)

    def wait_until(self, t: float) -> Generator[Any, Any, bool]:
        """Wait until ``t``; False (without waiting) if ``t`` is past the horizon."""
        if t > self.horizon:
            return False
        if t > self.env.now:
            yield self.env.timeout(t - self.env.now)
        return True

    def work(self, c: ContactState, start: float, hours: float) -> float:
        """When ``c`` finishes ``hours`` of work begun at ``start`` (after any leave)."""
        if c.absent_until > start:
            start = c.absent_until
        return c.calendar.add_working(start, hours)

    def at_work(self, c: ContactState, t: float) -> bool:
        return c.absent_until <= t and c.calendar.is_working(t)

    def recipients(self, party: PartyState, roles: Iterable[str]) -> list[ContactState]:
        """The contacts holding ``roles``; if none does, the participant's first contact."""
        roles = set(roles)
        found = [c for c in party.contacts if c.role in roles]
        return found or party.contacts[:1]


def office_calendar(
    timezone: str, holiday_country: str | None, origin: datetime, horizon: float
) -> WorkCalendar:
    """A Monday–Friday 09:00–17:00 office (the secretariat's)."""
    return WorkCalendar(
        timezone=timezone,
        work_weekdays=range(5),
        office_spans=[(time(9), time(17))],
        holiday_country=holiday_country,
        origin=origin,
        horizon_hours=horizon,
    )

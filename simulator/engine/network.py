"""The POC network as SimPy sees it: contacts with state, calendars and random streams,
and the delivery of messages to them.

What a message meets on its way to a person:

* a **stale** entry (the person left; still in post with probability
  ``(1 - turnover) ** age_years``): the address bounces (the sender sees it) or the
  message silently disappears;
* a **spam filter** that drops a valid e-mail;
* **leave**: the mailbox may answer out-of-office, and the person reads it on return;
* **working time**: it is noticed only after a triage delay counted in the recipient's
  working time (office hours, work week, public holidays in its zone); a 24/7 duty desk
  notices within its own triage (``duty_triage``: minutes, round the clock) and, staffed
  in shifts, is never on leave;
* **responsiveness**: a noticed message is acted on with some probability; a reminder
  is a new message with fresh draws.

The exercise (a communication check, a tabletop) supplies what a contact does once it
notices a message: ``Network.on_notice``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator, Iterable
from datetime import datetime
from typing import Any

import simpy

from simulator.engine.contacts import ContactState, ContactStatic, PartyState, prepared
from simulator.engine.processes import run_now
from simulator.engine.rng import _BLOCK0, _TO_UNIT, _UNPACK8, Stream
from simulator.model.behaviour import BehaviourParams, EffectiveBehaviour
from simulator.model.directory import Directory, Stakeholder
from simulator.model.outcome import ContactOutcome, Event, ParticipantOutcome

NoticeHandler = Callable[[ContactState, str, str], Generator[Any, Any, None]]

_blake2b = hashlib.blake2b
_unpack8 = _UNPACK8
_new_event = tuple.__new__
"""``_new_event(Event, (t, kind, participant, contact, channel, detail))`` is
``Event(t, kind, ...)`` without the keyword-handling ``__new__``: the log's hot path."""


_BOUNCED = "address no longer in use"
_STALE = "stale entry: nobody reads it"


def own_behaviour(tier: EffectiveBehaviour, overrides: BehaviourParams) -> EffectiveBehaviour:
    """A stakeholder's behaviour: its tier's, with the fields its ``behaviour`` sets."""
    return tier.model_copy(update={k: getattr(overrides, k) for k in overrides.model_fields_set
                                   if getattr(overrides, k) is not None})


class Network:
    """Contacts, calendars and message delivery for one replication."""

    def __init__(
        self,
        env: simpy.Environment,
        directory: Directory,
        behaviours: dict[str, EffectiveBehaviour],  # by participant code
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
        self._prefix = prefix = f"{seed}/{replication}/"
        parties, by_code, contacts = self.parties, self.by_code, self.contacts
        for p, statics in prepared(directory, origin, horizon, language):
            beh = behaviours[p.code]
            if isinstance(p, Stakeholder) and p.behaviour is not None:
                beh = own_behaviour(beh, p.behaviour)
            party = PartyState(p, ParticipantOutcome(p.code, p.name, p.group), beh)
            party.contacts = [self._contact(party, st, beh, prefix) for st in statics]
            parties.append(party)
            by_code[p.code] = party
            contacts.extend(party.contacts)

    # -- set-up -------------------------------------------------------------------------
    def stream(self, *parts: object) -> Stream:
        """The stream named ``parts`` in this run (seed and replication first)."""
        return Stream(self.seed, self.replication, *parts)

    @staticmethod
    def _contact(
        party: PartyState, st: ContactStatic, beh: EffectiveBehaviour, run_prefix: str
    ) -> ContactState:
        key = st.key
        prefix = run_prefix + st.slashed
        name = prefix + "state"
        # Fixed draw order: the same contact gets the same state whatever else changes.
        # The leave length is drawn last, and only for the absent: nothing follows it.
        # The first five draws of the stream ``name``, read off its first block (see
        # rng.first_block, inlined): post, bounce, absent, out-of-office reply, mandate.
        skey = _blake2b(name.encode(), digest_size=16).digest()
        w = _unpack8(_blake2b(_BLOCK0, key=skey, digest_size=64).digest())
        duty = st.contact.duty_24_7
        absent = not duty and (w[4] >> 11) * _TO_UNIT < beh.absence
        if absent:
            leave = beh.absence_duration.sample(Stream.resumed(name, skey, list(w[:2])))
            out_of_office = (w[3] >> 11) * _TO_UNIT < beh.out_of_office_reply
        else:
            leave, out_of_office = 0.0, False
        age = st.age_years
        if age is None:
            age = beh.unknown_age_years
        stale = (w[6] >> 11) * _TO_UNIT >= (1.0 - beh.turnover_per_year) ** age
        mandate = st.mandate
        if mandate is None:
            mandate = (w[2] >> 11) * _TO_UNIT < beh.mandate
        return ContactState(
            key,
            st.contact,
            st.role,
            st.principal_role,
            st.is_deputy,
            party,
            st.calendar,
            beh,
            stale,
            (w[5] >> 11) * _TO_UNIT < beh.bounce_share,
            leave,
            out_of_office,
            mandate,
            st.needs_translation,
            ContactOutcome(party.code, key, st.role, stale, False, False, absent),
            prefix,
            st.channel,
            duty,
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
            _new_event(
                Event,
                (
                    self.env.now if t is None else t,
                    kind,
                    None if party is None else party.code,
                    None if contact is None else contact.key,
                    channel,
                    detail,
                ),
            )
        )

    # -- delivery -----------------------------------------------------------------------
    def send(self, c: ContactState, slot: str, kind: str, channel: str | None = None) -> None:
        """Send a message now to ``c`` (``slot`` names its random stream, ``kind`` its event)."""
        channel = channel or c.channel
        c.messaged = True
        party = c.party
        code, key = party.code, c.key
        now = self.env.now
        append = self.events.append
        append(_new_event(Event, (now, kind, code, key, channel, slot)))
        if c.stale:  # no draw needed: the message's stream is not even made
            if c.stale_bounces:
                c.outcome.bounced = True
                c.known_bounced = True
                party.outcome.bounces += 1
                append(_new_event(Event, (now, "bounced", code, key, channel, _BOUNCED)))
                if self.on_bounce:
                    self.on_bounce(c, "bounced")
            else:
                c.outcome.lost = True
                append(_new_event(Event, (now, "lost", code, key, channel, _STALE)))
            return
        # Fixed draw order: spam, respond, triage. Triage comes last, so it is drawn only
        # when needed without changing any other draw. Spam and respond are the first two
        # draws of the stream ``name``, read off its first block (see rng.first_block).
        name = f"{c.stream_prefix}msg/{slot}"
        skey = _blake2b(name.encode(), digest_size=16).digest()  # rng.first_block, inlined
        w = _unpack8(_blake2b(_BLOCK0, key=skey, digest_size=64).digest())
        beh = c.behaviour
        if channel == "email" and (w[6] >> 11) * _TO_UNIT < beh.spam_loss:
            c.outcome.lost = True
            append(_new_event(Event, (now, "lost", code, key, channel, "spam filter")))
            return
        append(_new_event(Event, (now, "delivered", code, key, channel, "")))
        out = party.outcome
        if not out.delivered:
            out.delivered = True
            out.delivered_at = now
        start = now
        if c.absent_until > now:
            start = c.absent_until
            if c.out_of_office:
                self.log("out_of_office", party, c, channel, f"away until +{c.absent_until:.1f}h")
                if self.on_bounce:
                    self.on_bounce(c, "out_of_office")
        if (w[5] >> 11) * _TO_UNIT >= beh.responsiveness or start > self.horizon:
            return  # unnoticed; or noticed (no sooner than ``start``) after the horizon
        triage = (beh.duty_triage if c.duty else beh.triage).sample(
            Stream.resumed(name, skey, list(w[:5]))
        )
        if self.announced:
            triage *= beh.announced_speedup
        at = c.calendar.add_working_by(start, triage, self.horizon)
        if at <= self.horizon:
            self._schedule_notice(c, at, channel)

    def _schedule_notice(self, c: ContactState, at: float, channel: str) -> None:
        """Make ``c`` notice the message at ``at``. A plain timeout with a callback, not a
        process per message: a process starts only when the contact first notices."""

        def fire(_event: simpy.Event) -> None:
            if c.noticed_at is None:
                reaction = self._noticed(c, channel, "message")
                if reaction is not None:
                    run_now(reaction)

        self.env.timeout(at - self.env.now).callbacks.append(fire)  # type: ignore[union-attr]

    def notice(self, c: ContactState, channel: str, how: str) -> Generator[Any, Any, None]:
        """``c`` becomes aware of the check now (by a message or a call)."""
        if c.noticed_at is not None:
            return
        reaction = self._noticed(c, channel, how)
        if reaction is not None:
            yield from reaction

    def _noticed(
        self, c: ContactState, channel: str, how: str
    ) -> Generator[Any, Any, None] | None:
        """Record that ``c`` (who had not) notices the check now; what it then does."""
        c.noticed_at = c.outcome.noticed_at = now = self.env.now
        self.events.append(_new_event(Event, (now, "noticed", c.party.code, c.key, channel, how)))
        if self.on_notice is not None:
            return self.on_notice(c, channel, how)
        return None

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

    def work_by_horizon(self, c: ContactState, start: float, hours: float) -> float:
        """:meth:`work` when that is within the horizon, else a time after it (maybe inf)."""
        if c.absent_until > start:
            start = c.absent_until
        return c.calendar.add_working_by(start, hours, self.horizon)

    def at_work(self, c: ContactState, t: float) -> bool:
        return c.absent_until <= t and c.calendar.is_working(t)

    def recipients(self, party: PartyState, roles: Iterable[str]) -> list[ContactState]:
        """The contacts holding ``roles`` (``policy@arf``: the policy entry listed in the
        directory ``arf``); if none does, the participant's first contact."""
        roles = set(roles)
        found = [c for c in party.contacts if c.role in roles
                 or (c.contact.listed_in is not None
                     and f"{c.role}@{c.contact.listed_in}" in roles)]
        return found or party.contacts[:1]

"""The unannounced communication check, as a SimPy model.

The secretariat sends the check to every participant's recipients at the start; a
bounce or an out-of-office reply makes it try the participant's other contacts; it sends
reminders at the configured offsets to participants that have not acknowledged (and to
their deputies if asked), escalates to deputies, and phones those still silent (once,
and once more at least an hour later when somebody is at work: see :meth:`CheckModel._phone`).

A contact who notices the check acknowledges it after ``ack_delay`` of working time
(plus translation when the check is not in one of its languages; plus clearance first at
reachability level when it has no mandate). At task level, the first contact to
acknowledge starts the tasks: a policy contact hands them to the technical contact and
gets them back; a technical contact does them and, without a mandate, needs the policy
contact's clearance before answering.
"""

from __future__ import annotations

from collections.abc import Generator
from operator import itemgetter
from typing import Any

import simpy

from simulator.calendar.work import office_calendar
from simulator.engine.contacts import ContactState, PartyState
from simulator.engine.network import Network
from simulator.engine.processes import soon, spawn
from simulator.engine.rng import Stream
from simulator.model.behaviour import participant_behaviours
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from simulator.model.outcome import RunResult

PHONE_RETRY_GAP_HOURS = 1.0
"""The least time between the phone follow-up's first round of calls and its retry: a
desk that did not pick up is called back no sooner than an hour later (an *assumption*:
no public figure was found), at the first moment after that when a contact is at work."""

_by_time = itemgetter(0)
"""An event row's time (``Event.t``), the key of the log's stable sort."""


class CheckModel:
    """One replication of a communication check."""

    def __init__(
        self, scenario: CheckScenario, directory: Directory, *, seed: int, replication: int = 0
    ) -> None:
        self.scenario = scenario
        self.check = check = scenario.check
        self.env = simpy.Environment()
        self.seed = seed
        self.replication = replication
        self.deadline = check.deadline
        self.horizon = check.horizon_hours
        self.net = Network(
            self.env,
            directory,
            participant_behaviours(scenario.behaviour, directory.participants),
            origin=check.start,
            horizon=self.horizon,
            seed=seed,
            replication=replication,
            language=check.language,
            announced=check.announced,
        )
        self.net.on_notice = self.respond
        self.net.on_bounce = self._bounced
        self.secretariat = office_calendar(
            check.secretariat_timezone, check.secretariat_holidays, check.start, self.horizon
        )

    # -- secretariat --------------------------------------------------------------------
    def _open(self, party: PartyState) -> bool:
        return party.outcome.ack_at is None

    def send_initial(self) -> None:
        for party in self.net.parties:
            for c in self.net.recipients(party, self.check.recipients):
                self.net.send(c, "initial", "check_sent")

    def _bounced(self, c: ContactState, why: str) -> None:
        """After a bounce or an out-of-office reply, the secretariat tries the next contact
        not yet tried, ``retry_delay`` of its working time later. Callbacks rather than a
        process, scheduled exactly as that process's start and wait would be."""
        party, env = c.party, self.env

        def start(_event: simpy.Event) -> None:
            now = env.now
            at = self.secretariat.add_working(now, party.behaviour.retry_delay)
            if at > self.horizon:
                return
            if at > now:
                env.timeout(at - now).callbacks.append(  # type: ignore[union-attr]
                    lambda _event: self._retry(party)
                )
            else:
                self._retry(party)

        soon(env, start)

    def _retry(self, party: PartyState) -> None:
        if not self._open(party):
            return
        untried = [c for c in party.contacts if not c.messaged]
        untried.sort(key=lambda c: (c.role not in self.check.recipients, c.is_deputy is False))
        if untried:
            self.net.send(untried[0], "retry", "retry")

    def reminders(self, offset: float) -> Generator[Any, Any, None]:
        """At ``offset``, remind every participant that has not acknowledged: its contacts
        already messaged (and its deputies if asked) whose address is not known to bounce.
        A participant's ``reminders`` counts the rounds in which at least one reminder
        went out to it (a round with every address bounced sends nothing, counts nothing)."""
        yield self.env.timeout(offset)
        slot = f"reminder:{offset:g}"
        for party in self.net.parties:
            if not self._open(party):
                continue
            sent = False
            for c in party.contacts:
                wanted = c.messaged or (self.check.reminders_to_deputies and c.is_deputy)
                if wanted and not c.known_bounced:
                    self.net.send(c, slot, "reminder")
                    sent = True
            if sent:
                party.outcome.reminders += 1

    def escalation(self) -> Generator[Any, Any, None]:
        yield self.env.timeout(self.check.escalation_hours)
        for party in self.net.parties:
            if not self._open(party):
                continue
            deputies = [c for c in party.contacts if c.is_deputy and not c.messaged]
            if deputies:
                party.outcome.escalations += 1
                for c in deputies:
                    self.net.send(c, "escalation", "escalation")

    def phone_follow_up(self, after: float) -> Generator[Any, Any, None]:
        yield self.env.timeout(after)
        for party in self.net.parties:
            if self._open(party):
                spawn(self.env, self._phone(party))

    def _phone(self, party: PartyState) -> Generator[Any, Any, None]:
        """Call the participant's contacts that have a phone (the check's recipients
        first, principals before deputies), one after the other, until one answers.

        If nobody answered, call once more: the retry is one round, at the first moment
        at least :data:`PHONE_RETRY_GAP_HOURS` after the first round at which one of the
        contacts still worth calling is at work (not on leave, within its office hours;
        a 24/7 duty desk is always at work, so its retry comes exactly the gap later). A
        call that reached the wrong person (a stale entry) is not repeated. So every
        contact is called at most twice, and never twice at the same instant.
        """
        callees = [c for c in party.contacts if c.contact.phone]
        callees.sort(key=lambda c: (c.role not in self.check.recipients, c.is_deputy))
        rngs = {c.key: self.net.stream(c.key, "phone") for c in callees}
        for attempt in range(2):
            now = self.env.now
            wrong_person = []
            for c in callees:
                if not self._open(party):
                    return
                u = rngs[c.key].random()
                if not self.net.at_work(c, now):
                    self.net.log("phone_call", party, c, "phone", "unanswered: out of office hours")
                    continue
                if c.stale or u >= c.behaviour.phone_success:
                    why = "wrong person: entry stale" if c.stale else "unanswered"
                    if c.stale:
                        wrong_person.append(c)
                    self.net.log("phone_call", party, c, "phone", why)
                    continue
                self.net.log("phone_call", party, c, "phone", "answered")
                yield from self.net.notice(c, "phone", "call")
                return
            if attempt == 0:
                callees = [c for c in callees if c not in wrong_person]
                earliest = now + PHONE_RETRY_GAP_HOURS
                nxt = [c.calendar.next_working(max(earliest, c.absent_until)) for c in callees]
                if not nxt or not (yield from self.net.wait_until(min(nxt))):
                    return

    def deadline_marker(self) -> Generator[Any, Any, None]:
        yield self.env.timeout(self.deadline)
        self.net.log("deadline")

    # -- contacts -----------------------------------------------------------------------
    def respond(self, c: ContactState, channel: str, how: str) -> Generator[Any, Any, None]:
        """What a contact does once it has noticed the check."""
        net, party, beh = self.net, c.party, c.behaviour
        rng = Stream.named(c.stream_prefix + "act")
        reachability = self.check.level == "reachability"
        # Fixed draw order (common random numbers): ack, clearance, translation, hand-off,
        # work, hand-back. A draw is skipped only when no later one is needed, so every
        # value is the same whichever of them a run uses.
        need = 6 if not reachability else 3 if c.needs_translation else 2 if not c.mandate else 1
        ack = beh.ack_delay.sample(rng)
        clear = beh.clearance.sample(rng) if need >= 2 else 0.0
        trans = beh.translation.sample(rng) if need >= 3 else 0.0
        hand_out = beh.handoff.sample(rng) if need >= 4 else 0.0
        work = beh.task_work.sample(rng) if need >= 5 else 0.0
        hand_back = beh.handoff.sample(rng) if need >= 6 else 0.0
        # The waits are net.wait_until, inlined: this is the hot path of every check.
        env, horizon = self.env, self.horizon
        t = env.now
        if c.needs_translation:
            t = net.work_by_horizon(c, t, trans)
            if t > horizon:
                return
            if t > env.now:
                yield env.timeout(t - env.now)
            net.log("translated", party, c)
        if reachability and not c.mandate:
            t = net.work_by_horizon(c, t, clear)
            if t > horizon:
                return
            if t > env.now:
                yield env.timeout(t - env.now)
            net.log("clearance", party, c)
        t = net.work_by_horizon(c, t, ack)
        if t > horizon:
            return
        if t > env.now:
            yield env.timeout(t - env.now)
        self._acknowledge(c, channel)
        if reachability:
            return
        if party.task_started:
            return
        party.task_started = True
        yield from self._tasks(c, clear, hand_out, work, hand_back)

    def _acknowledge(self, c: ContactState, channel: str) -> None:
        now = self.env.now
        c.outcome.acknowledged_at = now
        party = c.party
        late = now > self.deadline
        self.net.log("acknowledged", party, c, channel, "late" if late else "")
        out = party.outcome
        if out.ack_at is None:
            out.ack_at, out.ack_by, out.ack_channel = now, c.key, channel
            if self.check.level == "reachability":
                out.completed_at = now

    def _tasks(
        self, c: ContactState, clear: float, hand_out: float, work: float, hand_back: float
    ) -> Generator[Any, Any, None]:
        net, party = self.net, c.party
        if c.principal_role == "policy":
            tech = party.first("technical", exclude=c)
            if tech is not None:
                t = net.work(tech, self.env.now, hand_out)
                if not (yield from net.wait_until(t)):
                    return
                net.log("handoff", party, tech, detail=f"{c.key} -> {tech.key}")
                t = net.work(tech, t, work)
                if not (yield from net.wait_until(t)):
                    return
                t = net.work(c, t, hand_back)
                if not (yield from net.wait_until(t)):
                    return
                net.log("handoff", party, c, detail=f"{tech.key} -> {c.key}")
            else:  # nobody technical: the policy contact does the work itself, slowly
                t = net.work(c, self.env.now, 2 * work)
                if not (yield from net.wait_until(t)):
                    return
            clearer = c
        else:
            t = net.work(c, self.env.now, work)
            if not (yield from net.wait_until(t)):
                return
            clearer = c
            if not c.mandate:
                policy = party.first("policy", exclude=c)
                if policy is not None:
                    clearer = policy
                    t = net.work(policy, t, hand_back)
                    if not (yield from net.wait_until(t)):
                        return
                    net.log("handoff", party, policy, detail=f"{c.key} -> {policy.key}")
        if not clearer.mandate:
            t = net.work(clearer, self.env.now, clear)
            if not (yield from net.wait_until(t)):
                return
            net.log("clearance", party, clearer)
        out = party.outcome
        out.completed_at = self.env.now
        late = out.completed_at > self.deadline
        net.log("completed", party, clearer, detail="late" if late else "")

    # -- run ----------------------------------------------------------------------------
    def run(self) -> RunResult:
        env, check = self.env, self.check
        self.send_initial()
        for r in check.reminders:
            spawn(env, self.reminders(r))
        if check.escalate_to_deputies:
            spawn(env, self.escalation())
        if check.phone_follow_up is not None:
            spawn(env, self.phone_follow_up(check.phone_follow_up))
        spawn(env, self.deadline_marker())
        env.run(until=self.horizon)
        self.net.events.sort(key=_by_time)  # stable: same-time events keep their order
        return RunResult(
            scenario=self.scenario.name,
            seed=self.seed,
            replication=self.replication,
            start=check.start,
            deadline_hours=self.deadline,
            horizon_hours=self.horizon,
            level=check.level,
            participants=[p.outcome for p in self.net.parties],
            contacts=[c.outcome for c in self.net.contacts],
            events=self.net.events,
            kind="check",
        )


def run_check(
    scenario: CheckScenario, directory: Directory, *, seed: int, replication: int = 0
) -> RunResult:
    """Simulate one replication of ``scenario`` on ``directory``."""
    return CheckModel(scenario, directory, seed=seed, replication=replication).run()

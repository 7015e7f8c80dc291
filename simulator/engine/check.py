"""The unannounced communication check, as a SimPy model.

The secretariat sends the check by e-mail to every participant's recipients at the start
(unless it is a telephone check); a bounce or an out-of-office reply makes it try the
participant's other contacts; it sends reminders at the configured offsets to participants
that have not answered (and to their deputies if asked), escalates to deputies, and phones
those still silent (see :meth:`CheckModel._phone`). Reminders, escalations and calls happen
in the secretariat's working time (:mod:`simulator.engine.secretariat`). A participant has
*answered* when it acknowledged (reachability level) or completed the tasks (task level).

A contact who notices the check acknowledges it after ``ack_delay`` of working time (plus
translation first when the check is not in one of its languages). One rule at both levels:
a receipt is acknowledged without clearance; clearance gates the answers to the tasks
(:mod:`simulator.engine.tasks`), so under the same seeds a ping is acknowledged exactly
when the task check is.
"""

from __future__ import annotations

from collections.abc import Generator
from operator import itemgetter
from typing import Any

import simpy

from simulator.engine.contacts import ContactState, PartyState
from simulator.engine.network import Network
from simulator.engine.processes import soon, spawn
from simulator.engine.rng import Stream
from simulator.engine.secretariat import Secretariat, WorkCalendarAt
from simulator.engine.tasks import Tasks
from simulator.model.behaviour import tier_behaviours
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from simulator.model.outcome import RunResult

PHONE_RETRY_GAP_HOURS = 1.0
"""The least time between the phone follow-up's first round of calls and its retry: a
desk that did not pick up is called back no sooner than an hour later (an *assumption*:
no public figure was found), at the first moment after that when the secretariat works
and a contact is at work."""

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
            tier_behaviours(scenario.behaviour),
            origin=check.start,
            horizon=self.horizon,
            seed=seed,
            replication=replication,
            language=check.language,
            announced=check.announced,
        )
        self.net.on_notice = self.respond
        self.net.on_bounce = self._bounced
        self.secretariat = Secretariat(check.secretariat, check.start, self.horizon)
        self.task_level = check.level == "task"
        self.tasks = Tasks(self.net, check.task_list, self.deadline)

    # -- secretariat --------------------------------------------------------------------
    def _open(self, party: PartyState) -> bool:
        """Has ``party`` not answered yet (acknowledged; at task level, completed)?"""
        out = party.outcome
        return (out.completed_at if self.task_level else out.ack_at) is None

    def send_initial(self) -> None:
        if not self.check.send_email:
            return
        for party in self.net.parties:
            for c in self.net.recipients(party, self.check.recipients):
                c.tried = True
                self.net.send(c, "initial", "check_sent")

    def _bounced(self, c: ContactState, why: str) -> None:
        """After a bounce or an out-of-office reply, the secretariat tries the next contact
        not yet tried, ``retry_delay`` of its working time later. Callbacks rather than a
        process, scheduled exactly as that process's start and wait would be."""
        party, env = c.party, self.env

        def start(_event: simpy.Event) -> None:
            now = env.now
            at = self.secretariat.calendar.add_working(now, party.behaviour.retry_delay)
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
        untried = [c for c in party.contacts if not c.tried and not c.known_bounced]
        untried.sort(key=lambda c: (c.role not in self.check.recipients, c.is_deputy is False))
        if untried:
            untried[0].tried = True
            self.net.send(untried[0], "retry", "retry")

    def _at(self, offset: float) -> Generator[Any, Any, bool]:
        """Wait until the secretariat acts on an action due at ``offset``; False if that
        is after the horizon."""
        at = self.secretariat.when(offset)
        if at > self.horizon:
            return False
        if at > self.env.now:
            yield self.env.timeout(at - self.env.now)
        return True

    def reminders(self, offset: float) -> Generator[Any, Any, None]:
        """At ``offset`` (in the secretariat's working time), remind every participant that
        has not answered: its contacts the secretariat has tried (and its deputies if asked)
        whose address is not known to bounce. A participant's ``reminders`` counts the
        rounds in which at least one reminder went out to it (a round with every address
        bounced sends nothing, counts nothing). The reminder's random stream is named by
        its offset, so moving it in time changes no draw."""
        if not (yield from self._at(offset)):
            return
        slot = f"reminder:{offset:g}"
        for party in self.net.parties:
            if not self._open(party):
                continue
            sent = False
            for c in party.contacts:
                wanted = (c.tried or c.escalated
                          or (self.check.reminders_to_deputies and c.is_deputy))
                if wanted and not c.known_bounced:
                    self.net.send(c, slot, "reminder")
                    sent = True
            if sent:
                party.outcome.reminders += 1

    def escalation(self) -> Generator[Any, Any, None]:
        """Send the check to every deputy (not known to bounce) of participants that have not
        answered, whatever was sent to them before; and an escalation never takes the place
        of a retry after a bounce (which tries the contacts the check has not gone to at the
        start or on a retry). So moving the escalation earlier (it defaults to the first
        reminder) only adds messages or makes them earlier: common random numbers."""
        if not (yield from self._at(self.check.escalation_hours)):
            return
        for party in self.net.parties:
            if not self._open(party):
                continue
            deputies = [c for c in party.contacts if c.is_deputy and not c.known_bounced]
            if deputies:
                party.outcome.escalations += 1
                for c in deputies:
                    c.escalated = True
                    self.net.send(c, "escalation", "escalation")

    def phone_follow_up(self, after: float) -> Generator[Any, Any, None]:
        if not (yield from self._at(after)):
            return
        for party in self.net.parties:
            if self._open(party):
                spawn(self.env, self._phone(party))

    def _phone(self, party: PartyState) -> Generator[Any, Any, None]:
        """Call the participant's contacts that have a phone (the check's recipients
        first, principals before deputies), one after the other, until one answers.

        Two figures, by their meaning: ``phone_reach`` is the chance that the participant
        can be reached by telephone at all during the exercise (drawn once, from its own
        stream); ``phone_answer`` the chance that one call to a reachable participant's
        contact at work is answered. A contact out of office hours or on leave does not
        answer; a stale entry reaches the wrong person.

        If nobody answered, call once more: the retry is one round, at the first moment
        at least :data:`PHONE_RETRY_GAP_HOURS` after the first round at which the
        secretariat works and one of the contacts still worth calling is at work. A call
        that reached the wrong person is not repeated. So every contact is called at most
        twice, and never twice at the same instant.
        """
        callees = [c for c in party.contacts if c.contact.phone]
        callees.sort(key=lambda c: (c.role not in self.check.recipients, c.is_deputy))
        rngs = {c.key: self.net.stream(c.key, "phone") for c in callees}
        beh = party.behaviour
        reachable = self.net.stream(party.code, "phone_reach").random() < beh.phone_reach
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
                if c.stale or not reachable or u >= c.behaviour.phone_answer:
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
                if not callees:
                    return
                ats = [WorkCalendarAt(c.calendar, c.absent_until) for c in callees]
                at = self.secretariat.overlap(now + PHONE_RETRY_GAP_HOURS, ats)
                if not (yield from self.net.wait_until(at)):
                    return

    def deadline_marker(self) -> Generator[Any, Any, None]:
        yield self.env.timeout(self.deadline)
        self.net.log("deadline")

    # -- contacts -----------------------------------------------------------------------
    def respond(self, c: ContactState, channel: str, how: str) -> Generator[Any, Any, None]:
        """What a contact does once it has noticed the check: understand it (translation),
        acknowledge it (no clearance needed to say "received"), and at task level start on
        the tasks."""
        net, party, beh = self.net, c.party, c.behaviour
        rng = Stream.named(c.stream_prefix + "act")
        # Fixed draw order (common random numbers): ack, then translation (drawn only when
        # needed: nothing follows it).
        ack = beh.ack_delay.sample(rng)
        trans = beh.translation.sample(rng) if c.needs_translation else 0.0
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
        t = net.work_by_horizon(c, t, ack)
        if t > horizon:
            return
        if t > env.now:
            yield env.timeout(t - env.now)
        self._acknowledge(c, channel)
        if self.task_level:
            self.tasks.start(c)

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
            tasks=[t.name for t in check.task_list],
        )


def run_check(
    scenario: CheckScenario, directory: Directory, *, seed: int, replication: int = 0
) -> RunResult:
    """Simulate one replication of ``scenario`` on ``directory``."""
    return CheckModel(scenario, directory, seed=seed, replication=replication).run()

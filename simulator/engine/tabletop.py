"""A tabletop exercise as a SimPy model.

Timed injects fire at their offsets; each goes to its recipients' contacts through the
network (so stale entries, spam filters, leave, working time and triage all apply). A
contact who notices an inject does what its expectations ask, after working time drawn
from its own streams:

* ``acknowledge``: ``ack_delay``;
* ``respond`` / ``share_information``: ``ack_delay``, then ``clearance`` without a
  mandate, then ``task_work``;
* ``request_consultation``: ``ack_delay`` then ``clearance`` (a formal request is always
  cleared);
* ``escalate_internally``: ``handoff``;
* ``join_call``: a call (channel ``call``) is joined at once by recipients at work when
  it starts; the others join when they notice the invitation, at the next moment they
  are at work.

Translation time comes first when the injects are not in one of the contact's languages
(except for calls). The first contact of a participant to finish an expected action
does it for the participant.

Each (expectation, participant) scores *met* (done within ``within`` of the inject),
*late* (done later, before the end), *missed* (never) or *not_fired* (its inject never
fired). Triggers fire exactly when their condition is decided, then wait ``delay``:
``met`` when the last participant due meets it; ``missed`` when the window closes with
someone not done; ``late`` when the last participant due completes it after the window;
``done`` when the last participant due completes it, in time or late.
Manual triggers never fire in a simulation; participants played by humans are not
simulated (their expectations score missed unless a facilitator records actions).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import simpy

from simulator.engine.contacts import ContactState
from simulator.engine.network import Network
from simulator.model.behaviour import participant_behaviours
from simulator.model.directory import Directory
from simulator.model.injects import ConditionTrigger, Expectation, Inject
from simulator.model.outcome import ExpectationOutcome, RunResult
from simulator.model.tabletop import TabletopScenario

MessageHandler = Callable[[ContactState, str, str], Generator[Any, Any, None]]

_EPS = 1e-9


class TabletopNetwork(Network):
    """The network, with every message noticed on its own (a tabletop sends many).

    :meth:`Network.send` schedules one notice per delivered message through
    ``_schedule_notice``; here each notice carries the message's slot (the inject id) to
    ``on_message`` instead of the one-off ``on_notice``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_message: MessageHandler | None = None
        self._slot = ""

    @property
    def current_slot(self) -> str:
        """The slot of the message being sent right now ("" outside :meth:`send`)."""
        return self._slot

    def send(self, c: ContactState, slot: str, kind: str, channel: str | None = None) -> None:
        self._slot = slot
        try:
            super().send(c, slot, kind, channel)
        finally:
            self._slot = ""

    def _schedule_notice(self, c: ContactState, at: float, channel: str) -> None:
        """Each inject is noticed on its own (the base network notices only once)."""
        self.env.process(self._notice_message_at(c, at, channel, self._slot))

    def _notice_message_at(
        self, c: ContactState, at: float, channel: str, slot: str
    ) -> Generator[Any, Any, None]:
        yield self.env.timeout(max(0.0, at - self.env.now))
        yield from self.notice_message(c, channel, slot, "message")

    def notice_message(
        self, c: ContactState, channel: str, slot: str, how: str
    ) -> Generator[Any, Any, None]:
        """``c`` notices the message ``slot`` now."""
        if c.noticed_at is None:
            c.noticed_at = c.outcome.noticed_at = self.env.now
        self.log("noticed", c.party, c, channel, f"{slot} ({how})")
        if self.on_message is not None:
            yield from self.on_message(c, slot, channel)


@dataclass(eq=False)
class _Due:
    """An expectation of an inject that fired: who must act by when, and who did."""

    inject: Inject
    exp: Expectation
    who: list[str]
    fired_at: float
    due_at: float
    done: dict[str, float] = field(default_factory=dict)
    decided: bool = False  # met or late decided (all done)


class TabletopModel:
    """One replication of a tabletop exercise."""

    def __init__(
        self, scenario: TabletopScenario, directory: Directory, *, seed: int, replication: int = 0
    ) -> None:
        self.sc = scenario
        self.seed = seed
        self.replication = replication
        self.directory = scenario.participating(directory)
        self.env = simpy.Environment()
        self.end = scenario.end
        self.net = TabletopNetwork(
            self.env,
            self.directory,
            participant_behaviours(scenario.behaviour, self.directory.participants),
            origin=scenario.start,
            horizon=self.end,
            seed=seed,
            replication=replication,
            language=scenario.language,
            announced=scenario.announced,
        )
        self.net.on_message = self._noticed
        self.net.on_bounce = self._bounced
        self._tried: dict[tuple[str, str], set[str]] = {}
        self.human = set(scenario.human)
        for code in self.human:
            if code in self.net.by_code:
                self.net.by_code[code].outcome.human = True
        self.fired: dict[str, float] = {}
        self.due: dict[str, _Due] = {}

    # -- exercise control -----------------------------------------------------------------
    def _timed(self, inj: Inject) -> Generator[Any, Any, None]:
        assert inj.at is not None
        if (yield from self.net.wait_until(inj.at)):
            self._fire(inj)

    def _triggered(self, inj: Inject) -> Generator[Any, Any, None]:
        if (yield from self.net.wait_until(self.env.now + inj.delay)):
            self._fire(inj)

    def _decide(self, exp_id: str, condition: str) -> None:
        """Expectation ``exp_id`` was just decided ``condition``: start what waits on it."""
        for inj in self.sc.triggered_by(exp_id):
            trig = inj.trigger
            if (
                isinstance(trig, ConditionTrigger)
                and trig.on == condition
                and inj.id not in self.fired
            ):
                self.env.process(self._triggered(inj))

    def _fire(self, inj: Inject) -> None:
        if inj.id in self.fired:
            return
        net, now = self.net, self.env.now
        self.fired[inj.id] = now
        net.log("inject", channel=inj.channel, detail=inj.id)
        for e in inj.expect:
            who = [w for w in self.sc.who(inj, e, self.directory) if w in net.by_code]
            d = _Due(inj, e, who, now, now + e.within)
            self.due[e.id] = d
            self.env.process(self._window(d))
        for code, roles in self.sc.resolve_recipients(inj, self.directory).items():
            party = net.by_code.get(code)
            if party is None:
                continue
            if code in self.human:  # a person plays it: nothing to simulate
                net.log("check_sent", party, None, inj.channel, inj.id)
                continue
            chosen: list[ContactState] = []
            for c in net.recipients(party, roles):
                if c.known_bounced:  # control knows this address is dead: use another
                    alt = self._alternative(c, exclude=chosen)
                    if alt is None:
                        continue
                    c = alt
                if c not in chosen:
                    chosen.append(c)
            for c in chosen:
                self._tried.setdefault((inj.id, code), set()).add(c.key)
                self._deliver(c, inj)

    def _alternative(self, c: ContactState, exclude: list[ContactState]) -> ContactState | None:
        """Another contact of ``c``'s participant to try: same principal role first,
        principals before deputies; never a known-bounced or excluded one."""
        cands = [
            x for x in c.party.contacts if x is not c and not x.known_bounced and x not in exclude
        ]
        cands.sort(key=lambda x: (x.principal_role != c.principal_role, x.is_deputy))
        return cands[0] if cands else None

    def _bounced(self, c: ContactState, why: str) -> None:
        if why == "bounced" and self.net.current_slot:
            self.env.process(self._retry(c, self.net.current_slot))

    def _retry(self, c: ContactState, inject_id: str) -> Generator[Any, Any, None]:
        """After a bounce, exercise control resends the inject to another contact."""
        party = c.party
        if not (yield from self.net.wait_until(self.env.now + party.behaviour.retry_delay)):
            return
        tried = self._tried.setdefault((inject_id, party.code), set())
        alt = self._alternative(c, exclude=[x for x in party.contacts if x.key in tried])
        if alt is None:
            return
        tried.add(alt.key)
        self._deliver(alt, self.sc.inject_by_id(inject_id), kind="retry")

    def _deliver(self, c: ContactState, inj: Inject, kind: str = "check_sent") -> None:
        net, now = self.net, self.env.now
        channels = c.contact.channels or ["email"]
        if inj.channel == "public":  # news: no address to go stale, but triage and leave
            net.log(kind, c.party, c, "public", inj.id)
            c.messaged = True
            rng = net.stream(c.key, "msg", inj.id)
            at = net.work(c, now, c.behaviour.triage.sample(rng))
            if at <= self.end:
                self.env.process(net._notice_message_at(c, at, "public", inj.id))
            return
        if inj.channel == "call" and not c.stale and net.at_work(c, now):
            net.log(kind, c.party, c, "call", inj.id)
            net.log("delivered", c.party, c, "call", inj.id)
            c.messaged = True
            out = c.party.outcome
            if not out.delivered:
                out.delivered, out.delivered_at = True, now
            self.env.process(net.notice_message(c, "call", inj.id, "call"))
            return
        wanted = inj.channel if inj.channel in ("email", "portal", "phone") else channels[0]
        channel = wanted if wanted in channels else channels[0]
        net.send(c, inj.id, kind, channel)

    def _window(self, d: _Due) -> Generator[Any, Any, None]:
        """At the close of ``d``'s window decide ``missed`` if someone due is not done."""
        if not (yield from self.net.wait_until(d.due_at)):
            return
        yield self.env.timeout(0)  # let actions finishing exactly at the close count first
        if any(w not in d.done or d.done[w] > d.due_at for w in d.who) or not d.who:
            self._decide(d.exp.id, "missed")

    # -- participants ---------------------------------------------------------------------
    def _noticed(self, c: ContactState, inject_id: str, channel: str) -> Generator[Any, Any, None]:
        code = c.party.code
        for e in self.sc.expectations_for(inject_id):
            d = self.due.get(e.id)
            if d is not None and code in d.who and code not in d.done:
                self.env.process(self._act(c, d, channel))
        yield from ()

    def _act(self, c: ContactState, d: _Due, channel: str) -> Generator[Any, Any, None]:
        net, beh, action = self.net, c.behaviour, d.exp.action
        rng = net.stream(c.key, "act", d.exp.id)
        # Fixed draw order (common random numbers).
        ack = beh.ack_delay.sample(rng)
        clear = beh.clearance.sample(rng)
        work = beh.task_work.sample(rng)
        hand = beh.handoff.sample(rng)
        trans = beh.translation.sample(rng)
        t = self.env.now
        if action == "join_call":
            if not net.at_work(c, t):
                t = c.calendar.next_working(max(t, c.absent_until))
        else:
            if c.needs_translation:
                t = net.work(c, t, trans)
            if action == "acknowledge":
                t = net.work(c, t, ack)
            elif action in ("respond", "share_information"):
                t = net.work(c, t, ack)
                if not c.mandate:
                    t = net.work(c, t, clear)
                t = net.work(c, t, work)
            elif action == "request_consultation":
                t = net.work(c, net.work(c, t, ack), clear)
            elif action == "escalate_internally":
                t = net.work(c, t, hand)
        if not (yield from net.wait_until(t)):
            return
        self._done(c, d, channel)

    def _done(self, c: ContactState, d: _Due, channel: str) -> None:
        code, now = c.party.code, self.env.now
        if code in d.done:  # a colleague did it first
            return
        d.done[code] = now
        out = c.party.outcome
        if out.ack_at is None:
            out.ack_at, out.ack_by, out.ack_channel = now, c.key, channel
        if c.outcome.acknowledged_at is None:
            c.outcome.acknowledged_at = now
        e = d.exp
        self.net.log("action", c.party, c, channel, e.action + (f" to {e.to}" if e.to else ""))
        status = "met" if now <= d.due_at else "late"
        self.net.log("expectation", c.party, c, channel, f"{status}: {e.id}")
        if not d.decided and all(w in d.done for w in d.who):
            d.decided = True
            late = any(t > d.due_at for t in d.done.values())
            self._decide(e.id, "late" if late else "met")
            self._decide(e.id, "done")

    # -- run ------------------------------------------------------------------------------
    def run(self) -> RunResult:
        for inj in self.sc.fire_order():
            self.env.process(self._timed(inj))
        self.env.run(until=self.end + _EPS)
        expectations = self._score()
        self.net.events.sort(key=lambda e: e.t)  # stable: same-time events keep their order
        return RunResult(
            scenario=self.sc.name,
            seed=self.seed,
            replication=self.replication,
            start=self.sc.start,
            deadline_hours=self.sc.deadline_hours,
            horizon_hours=self.end,
            level="tabletop",
            participants=[p.outcome for p in self.net.parties],
            contacts=[c.outcome for c in self.net.contacts],
            events=self.net.events,
            expectations=expectations,
            kind="tabletop",
        )

    def _score(self) -> list[ExpectationOutcome]:
        out: list[ExpectationOutcome] = []
        last_done: dict[str, float] = {}
        all_done: dict[str, bool] = {}
        for inj in self.sc.injects:
            for e in inj.expect:
                d = self.due.get(e.id)
                if d is None:
                    who = [w for w in self.sc.who(inj, e, self.directory) if w in self.net.by_code]
                    for w in who:
                        out.append(
                            ExpectationOutcome(
                                e.id, inj.id, w, e.action, inj.stage, None, None, "not_fired"
                            )
                        )
                    continue
                for w in d.who:
                    done = d.done.get(w)
                    if done is None:
                        status = "missed"
                        self.net.log(
                            "expectation",
                            self.net.by_code[w],
                            None,
                            None,
                            f"missed: {e.id}",
                            t=self.end,
                        )
                        all_done[w] = False
                    else:
                        status = "met" if done <= d.due_at else "late"
                        last_done[w] = max(last_done.get(w, 0.0), done)
                        all_done.setdefault(w, True)
                    out.append(
                        ExpectationOutcome(
                            e.id, inj.id, w, e.action, inj.stage, d.due_at, done, status
                        )
                    )
        for code, ok in all_done.items():
            if ok:
                self.net.by_code[code].outcome.completed_at = last_done[code]
        return out


def run_tabletop(
    scenario: TabletopScenario, directory: Directory, *, seed: int, replication: int = 0
) -> RunResult:
    """Simulate one replication of a tabletop ``scenario`` on ``directory``."""
    scenario.validate_against(directory)
    return TabletopModel(scenario, directory, seed=seed, replication=replication).run()

"""A live run being recorded: the one place that says what a facilitator's action does.

:class:`LiveSession` holds a live run's state (participants, contacts, events, a
tabletop's expectations) and turns each action into events, new outcomes and a store write
made at once, so a ``kill -9`` loses nothing:

* **start** (:meth:`LiveSession.start`): the run is stored *running* with its
  participants, its contacts (key, role, staleness; no personal data) and a
  ``check_sent`` event for each participant at hour 0;
* **record** (:meth:`~LiveSession.record`) an acknowledgement, a completion, a delivery, a
  reminder, a bounce ...: an event on the participant. An acknowledgement or a completion
  recorded again records nothing, but closes the participant's open expectations it
  answers (:data:`~results.live.expectations.CLOSES`); the first one also closes them. A
  bounce is put on the participant's next recipient address that has not bounced yet
  (:func:`~results.live.contacts.bounce_contact`); once all of them have bounced, a bounce
  is refused;
* **close an expectation** (:meth:`~LiveSession.close_expectation`): an ``action`` event
  (it acknowledges) and the expectation met or late;
* **fire an inject** (:meth:`~LiveSession.fire_inject`): an ``inject`` event; the first
  firing opens its expectations, a later one is only logged;
* **undo** (:meth:`~LiveSession.undo`): the last record taken back by an ``undone``
  event (:mod:`results.live.undo`), never deleted;
* **note** (:meth:`~LiveSession.add_note`): stored as the facilitator typed it, with
  the participant's code;
* **finish** (:meth:`~LiveSession.finish`): the run completed with its summary, a
  tabletop's expectations scored (those whose window is still open scored *open*) and the
  contacts answered when their participant acknowledged; nothing more is recorded after
  (:class:`RunCompleted`);
* **reopen** (:meth:`~LiveSession.reopen`): an interrupted run rebuilt from its events.

Times are hours since the run's start (:meth:`~LiveSession.hours`), rounded to the
microhour. Store writes go through ``save(job, what)``: :func:`write_now` runs a job at
once (a command line, tests); the TUI queues it to a worker thread, in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from results.live.actions import Recorded, RunCompleted, Save, write_now
from results.live.contacts import (
    addressed,
    bounce_contact,
    contacts_answered,
    live_contacts,
    recipient_roles,
)
from results.live.correct import undo_last
from results.live.events import apply_event
from results.live.expectations import (
    CLOSES,
    OpenExpectation,
    board_expectations,
    expectation_outcomes,
    expectations_on_fire,
    first_fired,
    open_at,
    verdict,
)
from results.live.scenario import level_of, taking_part
from results.live.stored import reopen_live_run
from results.live.undo import effective
from results.name_marks import people_names
from simulator.engine.schedule import ScheduledInject, inject_schedule
from simulator.model.directory import Directory
from simulator.model.errors import InputError
from simulator.model.outcome import ContactOutcome, Event, ParticipantOutcome, RunResult
from simulator.model.scenario import Scenario
from simulator.model.tabletop import TabletopScenario

if TYPE_CHECKING:
    from results.store import Store
    from simulator.io.scenario_files import LoadedScenario

MAX_NOTE = 10_000
"""The longest note a facilitator may add, in characters."""


class LiveSession:
    """A live run being recorded (see the module docstring)."""

    def __init__(
        self, *, run_id: int, scenario: Scenario | None, directory: Directory | None,
        start: datetime, deadline_hours: float, horizon_hours: float,
        participants: Sequence[ParticipantOutcome], contacts: Sequence[ContactOutcome],
        events: Sequence[Event], save: Save, completed: bool = False,
    ) -> None:
        self.run_id = run_id
        self.scenario = scenario
        self.directory = directory
        self.start = start
        self.deadline_hours = deadline_hours
        self.horizon_hours = horizon_hours
        self.participants = {p.code: p for p in participants}
        self.contacts = {c.key: c for c in contacts}  # by key; no personal data
        self.events = sorted(events, key=lambda e: e.t)
        self.save = save
        self.completed = completed
        self.expectations: dict[str, list[OpenExpectation]] = {}
        """Each participant's expectations (a tabletop's), open and closed."""
        live = effective(self.events)  # corrected records left out
        outcomes = expectation_outcomes(scenario, list(participants), live)
        for code, exp in board_expectations(outcomes, live):
            self.expectations.setdefault(code, []).append(exp)

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def start_run(
        cls, store: Store, loaded: LoadedScenario, directory: Directory, *,
        start: datetime, save: Save | None = None,
    ) -> LiveSession:
        """Store a new live run of ``loaded`` on ``directory`` started at ``start``."""
        sc = loaded.scenario
        people = taking_part(sc, directory)
        base = [ParticipantOutcome(code=p.code, name=p.name, group=p.group, human=True)
                for p in people]
        sent = [Event(0.0, "check_sent", p.code, None, None, "live") for p in base]
        contacts = live_contacts(sc, people, start)
        run_id = int(store.start_run(
            scenario=sc.name, scenario_text=loaded.text, seed=0, replication=0, mode="live",
            kind=sc.kind, start=start, deadline_hours=sc.deadline_hours,
            horizon_hours=sc.horizon_hours, level=level_of(sc), people=people_names(directory),
        ))
        for p in base:
            store.upsert_participant(run_id, p)
        store.upsert_contacts(run_id, contacts)
        store.append_events(run_id, sent)
        return cls(run_id=run_id, scenario=sc, directory=directory, start=start,
                   deadline_hours=sc.deadline_hours, horizon_hours=sc.horizon_hours,
                   participants=base, contacts=contacts, events=sent,
                   save=save or write_now(store))

    @classmethod
    def reopen(
        cls, store: Store, run_id: int, *, places: Sequence[Path] = (),
        save: Save | None = None,
    ) -> LiveSession:
        """Reopen interrupted live run ``run_id`` (see
        :func:`results.live.stored.reopen_live_run` for what it refuses); its scenario
        and directory are found again from the stored text
        (:func:`results.stored_scenario.stored_scenario`; None when they cannot be)."""
        from results.stored_scenario import stored_scenario
        from simulator.model.errors import InputError

        state = reopen_live_run(store, run_id)
        scenario, directory = None, None
        try:
            found = stored_scenario(state.scenario_text, places=places)
            scenario, directory = found.loaded.scenario, found.directory
        except InputError:
            pass
        if directory is not None and store.people_marks(run_id) is not None:
            store.remember_people(run_id, people_names(directory))  # people added since
        return cls(run_id=run_id, scenario=scenario, directory=directory, start=state.start,
                   deadline_hours=state.deadline_hours, horizon_hours=state.horizon_hours,
                   participants=state.participants, contacts=state.contacts,
                   events=state.events, save=save or write_now(store))

    # -- what the run is ---------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.scenario.name if self.scenario is not None else "live run"

    @property
    def tabletop(self) -> TabletopScenario | None:
        """The scenario when it is a tabletop (injects, expectations)."""
        return self.scenario if isinstance(self.scenario, TabletopScenario) else None

    def hours(self, at: datetime) -> float:
        """Hours from the run's start to ``at`` (0 before it)."""
        return max(0.0, (at - self.start).total_seconds() / 3600.0)

    def zones(self) -> dict[str, str]:
        """Each participant's time zone (none when the directory is unknown)."""
        if self.directory is None:
            return {}
        return {p.code: p.timezone for p in self.directory.members}

    def contacts_of(self, code: str) -> list[ContactOutcome]:
        return [c for c in self.contacts.values() if c.participant == code]

    def addressed_contacts(self) -> list[ContactOutcome]:
        """Every participant's addresses its messages go to (all bounced: unreachable)."""
        roles = recipient_roles(self.scenario)
        contacts = list(self.contacts.values())
        return [c for code in self.participants for c in addressed(code, contacts, roles)]

    def open_expectations(self, code: str, t: float) -> list[OpenExpectation]:
        """``code``'s expectations open at ``t``, the one due first first."""
        return open_at(self.expectations.get(code, []), t)

    def fired_at(self) -> dict[str, float]:
        """When each inject first fired."""
        return first_fired(self.events)

    def schedule(self, t: float) -> list[ScheduledInject]:
        """A tabletop's unfired injects whose time is known by ``t`` (see
        :func:`simulator.engine.schedule.inject_schedule`); none in a check."""
        if self.tabletop is None:
            return []
        windows: dict[str, list[tuple[float, float | None]]] = {}
        for exps in self.expectations.values():
            for x in exps:
                windows.setdefault(x.id, []).append((x.due_at, x.done_at))
        return list(inject_schedule(self.tabletop, self.fired_at(), windows, t))

    def due(self, t: float) -> list[ScheduledInject]:
        """The injects due by ``t``."""
        return [s for s in self.schedule(t) if s.due_at <= t + 1e-9]

    # -- recording ---------------------------------------------------------------------
    def _check_open(self) -> None:
        if self.completed:
            raise RunCompleted(f"run {self.run_id} is completed; nothing more is recorded")

    def _store(self, events: Sequence[Event], participants: Sequence[ParticipantOutcome],
               contacts: Sequence[ContactOutcome] = ()) -> None:
        """Keep ``events`` and hand them, the outcomes and contacts to the store at once."""
        for e in events:
            self._add(e)
        run_id = self.run_id
        events, participants = list(events), list(participants)
        contacts = [replace(c) for c in contacts]

        def job(store: Store) -> None:
            if events:
                store.append_events(run_id, events)
            for p in participants:
                store.upsert_participant(run_id, p)
            if contacts:
                store.upsert_contacts(run_id, contacts)

        self.save(job, "record")

    def _add(self, e: Event) -> None:
        i = len(self.events)
        while i > 0 and self.events[i - 1].t > e.t:
            i -= 1
        self.events.insert(i, e)

    def _apply(self, e: Event) -> ParticipantOutcome:
        assert e.participant is not None
        q = apply_event(self.participants[e.participant], e)
        self.participants[e.participant] = q
        return q

    def record(self, kind: str, code: str, t: float, detail: str = "") -> Recorded:
        """Record ``kind`` (``acknowledged``, ``completed``, ``bounced``, ``delivered``,
        ``reminder`` ...) for participant ``code`` at ``t``; see the module docstring."""
        self._check_open()
        t = round(t, 6)
        before = self.participants[code]
        done_at = {"acknowledged": before.ack_at, "completed": before.completed_at}.get(kind)
        if done_at is not None:
            # already recorded; a later inject's acknowledge/respond may still be open
            return replace(self._close_by_action(code, CLOSES[kind], t), already_at=done_at)
        contact = None
        if kind == "bounced":
            contact = bounce_contact(code, list(self.contacts.values()),
                                     recipient_roles(self.scenario))
            if contact is None and self.contacts_of(code):
                return Recorded(all_bounced=tuple(
                    c.key for c in self.contacts_of(code) if c.bounced))
            if contact is not None:
                contact.bounced = True
        e = Event(t, kind, code, contact.key if contact else None, None, detail)
        q = self._apply(e)
        events = [e]
        for exp in self._close(code, t, CLOSES.get(kind, ())):
            events.append(Event(t, "expectation", code, None, None,
                                f"{verdict(exp, t)}: {exp.id}"))
        self._store(events, [q], [contact] if contact is not None else [])
        return Recorded(tuple(events), (q,), tuple(x.detail for x in events[1:]))

    def _close(self, code: str, t: float, actions: Sequence[str]) -> list[OpenExpectation]:
        """Mark ``code``'s expectations open at ``t`` asking for ``actions`` done at ``t``."""
        done = [x for x in self.expectations.get(code, [])
                if x.open_at(t) and x.action in actions]
        for x in done:
            x.done_at = t
        return done

    def _close_by_action(self, code: str, actions: Sequence[str], t: float) -> Recorded:
        """Close ``code``'s open expectations asking for ``actions``, one by one."""
        events: list[Event] = []
        changed: list[ParticipantOutcome] = []
        for exp in self.open_expectations(code, t):
            if exp.action in actions:
                r = self.close_expectation(code, exp.id, t)
                events.extend(r.events)
                changed.extend(r.participants)
        return Recorded(tuple(events), tuple(changed),
                        tuple(e.detail for e in events if e.kind == "expectation"))

    def close_expectation(self, code: str, exp_id: str, t: float) -> Recorded:
        """Record that ``code`` did what its open expectation ``exp_id`` asks, at ``t``: an
        ``action`` event (it acknowledges too) and the expectation met or late (nothing
        when it is not open)."""
        self._check_open()
        t = round(t, 6)
        exp = next((x for x in self.open_expectations(code, t) if x.id == exp_id), None)
        if exp is None:
            return Recorded()
        e = Event(t, "action", code, None, None, exp.action or exp_id)
        q = self._apply(e)
        exp.done_at = t
        x = Event(t, "expectation", code, None, None, f"{verdict(exp, t)}: {exp.id}")
        self._store([e, x], [q])
        return Recorded((e, x), (q,), (x.detail,))

    def undo(self, t: float) -> Recorded:
        """Take the last record back at ``t``: :func:`results.live.correct.undo_last`."""
        return undo_last(self, t)

    def remind_all(self, t: float) -> Recorded:
        """A reminder sent at ``t`` to every participant that has not acknowledged."""
        self._check_open()
        t = round(t, 6)
        silent = [c for c, p in self.participants.items() if p.ack_at is None or p.ack_at > t]
        events = [Event(t, "reminder", code, None, None, "") for code in silent]
        changed = [self._apply(e) for e in events]
        if events:
            self._store(events, changed)
        return Recorded(tuple(events), tuple(changed))

    def fire_inject(self, key: str, t: float) -> Recorded:
        """Fire inject ``key`` at ``t``: logged and stored; its first firing opens its
        expectations (fired again, they stay as the first firing set them, as the
        scorecard counts them)."""
        self._check_open()
        t = round(t, 6)
        again = key in self.fired_at()
        e = Event(t, "inject", None, None, None, key)
        inj = next((i for i in self.tabletop.injects if i.id == key), None) \
            if self.tabletop is not None else None
        if inj is not None and not again:
            for code, exp in expectations_on_fire(inj, t, list(self.participants.values())):
                self.expectations.setdefault(code, []).append(exp)
        self._store([e], [])
        return Recorded((e,))

    def add_note(self, text: str, code: str | None, t: float) -> Event:
        """A facilitator's note at ``t`` (about participant ``code``, or the run), stored;
        an :class:`InputError` if it is longer than :data:`MAX_NOTE`."""
        self._check_open()
        if len(text) > MAX_NOTE:
            raise InputError.single("note", "", f"{len(text):,} characters is longer than "
                                    f"the {MAX_NOTE:,} a note may hold; shorten it")
        t = round(t, 6)
        e = Event(t, "note", code, None, None, text)
        self._add(e)
        run_id = self.run_id
        self.save(lambda store: store.add_note(run_id, text, t=t, participant=code), "note")
        return e

    # -- ending ------------------------------------------------------------------------
    def as_result(self, t: float) -> RunResult:
        """The run so far as a :class:`RunResult` (for summaries): a tabletop's
        expectations scored as if it ended at ``t`` (windows still open scored open), the
        contacts as stored, marked answered when their participant acknowledged."""
        sc = self.scenario
        participants = [replace(p) for p in self.participants.values()]
        return RunResult(
            scenario=sc.name if sc is not None else f"live run {self.run_id}",
            seed=0, replication=0, start=self.start, deadline_hours=self.deadline_hours,
            horizon_hours=self.horizon_hours, level=level_of(sc),
            participants=participants,
            contacts=contacts_answered(list(self.contacts.values()), participants),
            events=list(self.events),
            expectations=expectation_outcomes(sc, participants, effective(self.events), end=t),
            kind=sc.kind if sc is not None else "check",
        )

    def finish(self, t: float) -> RunResult:
        """Complete the run at ``t``: its summary, scored expectations and contacts stored
        (see :meth:`as_result`); nothing more is recorded after."""
        self._check_open()
        result = self.as_result(t)
        self.completed = True
        run_id = self.run_id

        def job(store: Store) -> None:
            from results.store import summarize_result

            store.complete_run(run_id, summarize_result(result), contacts=result.contacts,
                               expectations=result.expectations)

        self.save(job, "complete run")
        return result

    def pause(self, reason: str = "closed by the facilitator") -> None:
        """Leave the run resumable (marked interrupted); a completed run stays completed."""
        if self.completed:
            return
        run_id = self.run_id
        self.save(lambda store: store.mark_interrupted(run_id, reason), "pause live run")

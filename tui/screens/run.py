"""The run screen: a status board, an event log and a clock, simulated or live.

* **Simulated**: the engine runs in a worker; then the facilitator drives a simulation
  clock (start/pause, speed, jump to the next inject/reminder/deadline) and the board
  replays the computed run at the clock's time. The run is stored when the clock reaches
  the end, or on demand.
* **Live**: the clock is the wall clock since the run started. Each action on the
  selected participant (acknowledged, completed, bounced, delivered, reminder, note,
  inject) is an event committed to the store at once, so closing the app or a crash
  loses nothing; reopening the run rebuilds the statuses from the stored events. In a
  tabletop, ``a`` closes the participant's open *acknowledge* expectations, ``c`` its
  *respond* (and *acknowledge*) ones, and ``e`` any one picked from a list (consult,
  share, join a call, escalate ...). Finishing (``x``, after a yes/no question: a
  finished run cannot be resumed, and records nothing more) stores the expectations
  scored (met / late / missed / not fired, or *open* when the run ended before their
  window closed) and the contacts (bounces included, answered when their participant
  acknowledged), as a simulated run's rows are.

The UI refreshes on a timer (at most 10 Hz), pushing only the cells that changed; the
engine and the store work in worker threads.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Footer, Header, Select, Static

from results.live import (
    apply_event,
    bounce_contact,
    contacts_answered,
    expectation_outcomes,
    expectation_who,
    first_fired,
    fresh,
    live_contacts,
    recipient_roles,
)
from results.text import t_plus as format_hours
from simulator.model.outcome import (
    ContactOutcome,
    Event,
    ExpectationOutcome,
    ParticipantOutcome,
    RunResult,
)
from tui.board import STATUSES, BoardModel, OpenExpectation, counts_text, stops
from tui.simclock import SimClock, format_speed
from tui.widgets.event_log import EventLog
from tui.widgets.status_board import StatusBoard

ALL = "__all__"


def _zones(directory: Any) -> dict[str, str]:
    return {p.code: p.timezone for p in directory.participants} if directory is not None else {}


def _reminder_offsets(scenario: Any) -> list[float]:
    check = getattr(scenario, "check", None)
    return list(getattr(check, "reminders", []) or [])


def _deadline(scenario: Any) -> float:
    for name in ("deadline_hours", "duration_hours", "horizon_hours"):
        v = getattr(scenario, name, None)
        if isinstance(v, int | float):
            return float(v)
    return 72.0


def _horizon(scenario: Any) -> float:
    v = getattr(scenario, "horizon_hours", None)
    return float(v) if isinstance(v, int | float) else _deadline(scenario)


def _start(scenario: Any) -> datetime | None:
    for holder in (getattr(scenario, "check", None), scenario):
        v = getattr(holder, "start", None)
        if isinstance(v, datetime):
            return v
    return None


def _level(scenario: Any) -> str:
    check = getattr(scenario, "check", None)
    default = "tabletop" if _kind(scenario) == "tabletop" else "reachability"
    return str(getattr(check, "level", None) or default)


def _kind(scenario: Any) -> str:
    return str(getattr(scenario, "kind", "check"))


def injects_of(scenario: Any) -> list[tuple[str, str]]:
    """(id, label) of a tabletop's injects, manual ones first (empty for a check)."""
    out = []
    for i, inj in enumerate(getattr(scenario, "injects", None) or []):
        key = str(getattr(inj, "id", None) or f"inject-{i + 1}")
        subject = getattr(inj, "subject", None) or getattr(inj, "title", None) or ""
        trig = getattr(inj, "trigger", None)
        at = getattr(inj, "at", None)
        if isinstance(at, int | float):
            when = f"at {format_hours(at)}"
        elif getattr(inj, "manual", False):
            when = "manual"
        elif trig is not None and hasattr(trig, "expectation"):
            when = f"when {trig.expectation} {getattr(trig, 'on', '')}".rstrip()
        else:
            when = ""
        label = " ".join(x for x in (key, subject, f"({when})" if when else "") if x)
        out.append((0 if when == "manual" else 1, i, key, label))
    return [(key, label) for _, _, key, label in sorted(out)]


def _taking_part(scenario: Any, directory: Any) -> list[Any]:
    """The directory's participants in this exercise (a tabletop may name a subset)."""
    codes = getattr(scenario, "participants", None)
    if not codes:
        return list(directory.participants)
    wanted = set(codes)
    return [p for p in directory.participants if p.code in wanted]


def expectations_on_fire(
    inj: Any, fired_at: float, participants: Sequence[ParticipantOutcome]
) -> list[tuple[str, OpenExpectation]]:
    """(code, expectation) pairs an inject fired at ``fired_at`` puts on participants."""
    out = []
    for e in getattr(inj, "expect", []) or []:
        for code in expectation_who(inj, e, participants):
            out.append((code, OpenExpectation(e.id, fired_at, fired_at + e.within,
                                              action=e.action)))
    return out


def live_expectations(
    scenario: Any, participants: Sequence[ParticipantOutcome], events: Sequence[Event]
) -> list[tuple[str, OpenExpectation]]:
    """Rebuild a live tabletop's expectations from its inject and expectation events (the
    same rows :func:`results.live.expectation_outcomes` scores when the run finishes)."""
    return open_expectations(expectation_outcomes(scenario, participants, events), events)


def open_expectations(
    outcomes: Iterable[ExpectationOutcome], events: Iterable[Event]
) -> list[tuple[str, OpenExpectation]]:
    """(code, expectation) for the board, of every expectation whose inject fired."""
    fired = first_fired(events)
    return [
        (x.participant, OpenExpectation(x.id, fired[x.inject], x.due_at, x.done_at,
                                        action=x.action))
        for x in outcomes
        if x.due_at is not None and x.inject in fired
    ]


CLOSES = {"acknowledged": ("acknowledge",), "completed": ("respond", "acknowledge")}
"""The expectation actions a key closes: ``a`` acknowledges; ``c`` (answered) responds,
and acknowledges as it does on the board. Other actions are closed one by one with ``e``."""


class RunScreen(Screen[None]):
    """What simulated and live runs share: header lines, filters, board and log."""

    CSS_PATH = "run.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("g", "focus_filters", "Filter", tooltip="Filter by group and status",
                show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.model: BoardModel | None = None
        self.board: StatusBoard | None = None
        self.events: list[Event] = []
        self._event_times: list[float] = []
        self._shown_now: float | None = None
        self._logged_upto = 0  # index into events already written to the log
        self._dirty = True
        self.title_text = "loading ..."

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="run-top"):
            yield Static(self.title_text, id="run-title")
            yield Static("", id="clock")
            yield Static("", id="injects")
        with Horizontal(id="filters"):
            yield Select([], prompt="All groups", id="group-filter")
            yield Select([(s, s) for s in STATUSES], prompt="All statuses", id="status-filter")
            yield Static("", id="counts")
        yield Vertical(id="board-holder")
        yield EventLog(id="log")
        yield Footer()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The active bindings, those :meth:`footer_hidden` says marked ``show=False``: the
        keys work and stay in the keys panel and the command palette."""
        return {
            key: a._replace(binding=replace(a.binding, show=False)) if self.footer_hidden(a)
            else a
            for key, a in super().active_bindings.items()
        }

    def footer_hidden(self, a: ActiveBinding) -> bool:
        """Bindings left out of the footer so that a run's keys fit 80 columns: the app's
        own (the theme switch)."""
        return a.node is self.app and a.binding.show

    # -- to implement ----------------------------------------------------------------
    def now(self) -> float:
        raise NotImplementedError

    def clock_text(self, now: float) -> str:
        raise NotImplementedError

    # -- setup -----------------------------------------------------------------------
    def show_model(self, model: BoardModel, title: str) -> None:
        """Mount the board for ``model`` and start refreshing."""
        self.model = model
        self.title_text = title
        self.query_one("#run-title", Static).update(title)
        self.board = StatusBoard(model, id="board")
        self.query_one("#board-holder").mount(self.board)
        groups = model.groups()
        self.query_one("#group-filter", Select).set_options([(g or "-", g) for g in groups])
        self.board.focus()
        self._dirty = True
        self.set_interval(self.app.tick_seconds, self.tick)  # type: ignore[attr-defined]
        self.call_after_refresh(self.tick)

    def set_events(self, events: list[Event]) -> None:
        self.events = sorted(events, key=lambda e: e.t)
        self._event_times = [e.t for e in self.events]
        self._logged_upto = 0

    def add_event(self, e: Event) -> None:
        """Append an event (live); keeps the log and the board in step."""
        i = bisect.bisect_right(self._event_times, e.t)
        self._event_times.insert(i, e.t)
        self.events.insert(i, e)
        if self.model is not None:
            self.model.add_events([e])
        self._dirty = True

    def fail(self, message: str) -> None:
        self.notify(message, title="Cannot open the run", severity="error", timeout=10)
        self.dismiss_screen()

    def dismiss_screen(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    # -- refreshing ------------------------------------------------------------------
    def tick(self) -> None:
        """Bring the board, the log and the clock line to ``now`` (called at <= 10 Hz)."""
        if self.model is None or self.board is None:
            return
        now = self.now()
        if now == self._shown_now and not self._dirty:
            return
        self._dirty = False
        self._shown_now = now
        self.board.refresh_board(now)
        upto = bisect.bisect_right(self._event_times, now + 1e-9)
        if upto > self._logged_upto:
            self.query_one(EventLog).write_events(self.events[self._logged_upto:upto])
            self._logged_upto = upto
        counts = self.model.counts(now)
        line = self.query_one("#counts", Static)
        line.update(counts_text(counts, line.size.width or None))
        self.query_one("#clock", Static).update(self.clock_text(now))
        self.after_tick(now)

    def after_tick(self, now: float) -> None:
        """What a subclass adds to each refresh (a live tabletop: the injects due)."""

    def refresh_now(self) -> None:
        """Show a change at once (a facilitator's action) instead of at the next tick."""
        self._dirty = True
        self.tick()

    def rebuild_board(self) -> None:
        if self.board is not None:
            self.board.rebuild(self.now())

    @on(Select.Changed, "#group-filter")
    def _group_filter(self, event: Select.Changed) -> None:
        if self.board is not None:
            self.board.group_filter = None if event.value == Select.NULL else str(event.value)
            self.rebuild_board()

    @on(Select.Changed, "#status-filter")
    def _status_filter(self, event: Select.Changed) -> None:
        if self.board is not None:
            self.board.status_filter = None if event.value == Select.NULL else str(event.value)
            self.rebuild_board()

    def action_focus_filters(self) -> None:
        self.query_one("#group-filter", Select).focus()

    def action_back(self) -> None:
        self.dismiss_screen()


# ---------------------------------------------------------------------------------------
# Simulated
# ---------------------------------------------------------------------------------------


class SimulatedRunScreen(RunScreen):
    """Replay a simulated run at a speed the facilitator controls."""

    SPEED = Binding.Group("Speed")
    BINDINGS = [
        Binding("space", "toggle_clock", "Play", tooltip="Start or pause the clock"),
        Binding("plus,equals_sign", "faster", "Faster", key_display="+", group=SPEED),
        Binding("minus", "slower", "Slower", key_display="-", group=SPEED),
        Binding("j", "next_stop", "Next",
                tooltip="Jump to the next stop: inject, reminder or deadline"),
        Binding("e", "to_end", "End", tooltip="Jump to the end of the observed window"),
        Binding("s", "store", "Store", tooltip="Store this run in the results database"),
    ]

    def __init__(self, path: Path, seed: int) -> None:
        super().__init__()
        self.path = path
        self.seed = seed
        self.result: RunResult | None = None
        self.scenario_text = ""
        self.clock: SimClock | None = None
        self.stops: list[float] = []
        self.run_id: int | None = None
        self._storing = False

    def on_mount(self) -> None:
        self.query_one("#clock", Static).update(
            f"simulating {self.path.name} with seed {self.seed} ..."
        )
        self.simulate()

    @work(thread=True, exclusive=True, group="sim", exit_on_error=False)
    def simulate(self) -> None:
        """Load the scenario, build its directory and run the engine (off the UI thread)."""
        from simulator.engine.run import run
        from simulator.io.scenario_files import load_scenario
        from simulator.model.errors import InputError

        try:
            loaded = load_scenario(self.path)
            directory = loaded.directory()
            result = run(loaded.scenario, directory, seed=self.seed, replication=0)
        except InputError as e:
            self.app.call_from_thread(self.fail, str(e))
            return
        self.app.call_from_thread(self._simulated, loaded, directory, result)

    def _simulated(self, loaded: Any, directory: Any, result: RunResult) -> None:
        self.result = result
        self.scenario_text = loaded.text
        self.clock = SimClock(result.horizon_hours, monotonic=self.app.monotonic)  # type: ignore[attr-defined]
        self.set_events(result.events)
        self.stops = stops(result.events, result.deadline_hours, result.horizon_hours)
        model = BoardModel(
            result.participants, start=result.start, deadline=result.deadline_hours,
            zones=_zones(directory), reminder_offsets=_reminder_offsets(loaded.scenario),
            events=result.events,
        )
        model.set_speed(self.clock.speed, self.app.tick_seconds)  # type: ignore[attr-defined]
        for code, exp in open_expectations(result.expectations, result.events):
            model.add_expectation(code, exp)
        self.show_model(model, f"[b]{result.scenario}[/b]  simulated, seed {self.seed}  "
                               f"({len(result.participants)} participants, deadline "
                               f"{result.deadline_hours:g}h)")

    def now(self) -> float:
        return self.clock.now() if self.clock is not None else 0.0

    def clock_text(self, now: float) -> str:
        assert self.clock is not None and self.result is not None
        state = "finished" if self.clock.finished else "paused"
        if self.clock.running:
            state = "running"
        utc = (self.result.start + timedelta(hours=now)).strftime("%a %d %b %H:%M UTC")
        stored = f"  stored as run {self.run_id}" if self.run_id is not None else ""
        return (f"{format_hours(now)}  {utc}  [b]{state.upper()}[/b]  "
                f"speed {format_speed(self.clock.speed)}"
                f"  deadline {format_hours(self.result.deadline_hours)}{stored}")

    def tick(self) -> None:
        super().tick()
        clock = self.clock
        if clock is not None and clock.finished and self.run_id is None and not self._storing:
            self.action_store()

    # -- actions ---------------------------------------------------------------------
    def action_toggle_clock(self) -> None:
        if self.clock is not None:
            self.clock.toggle()
            self.refresh_now()

    def action_faster(self) -> None:
        if self.clock is not None:
            self._speed_changed(self.clock.faster())

    def action_slower(self) -> None:
        if self.clock is not None:
            self._speed_changed(self.clock.slower())

    def _speed_changed(self, speed: int) -> None:
        if self.model is not None:
            self.model.set_speed(speed, self.app.tick_seconds)  # type: ignore[attr-defined]
        self.notify(f"speed {format_speed(speed)}", timeout=1)
        self.refresh_now()

    def action_next_stop(self) -> None:
        if self.clock is None:
            return
        if self.clock.jump_next(self.stops) is None:
            self.notify("no further stop", timeout=1)
        self.refresh_now()
        self.tick()

    def action_to_end(self) -> None:
        if self.clock is not None:
            self.clock.jump(self.clock.end)
            self.refresh_now()
            self.tick()

    def action_store(self) -> None:
        """Store the run (once) in the results database."""
        if self.result is None or self._storing:
            return
        if self.run_id is not None:
            self.notify(f"already stored as run {self.run_id}", timeout=2)
            return
        self._storing = True
        result, text, seed = self.result, self.scenario_text, self.seed

        def job(store: Any) -> int:
            return int(store.record_run(result, scenario_text=text, seed=seed, mode="simulated"))

        def done(run_id: int) -> None:
            self.run_id = run_id
            self._storing = False
            self.refresh_now()
            self.notify(f"stored as run {run_id}", timeout=3)

        self.app.db(job, done, what="store run")  # type: ignore[attr-defined]


def open_simulated_run(app: App[Any], path: Path, seed: int) -> SimulatedRunScreen:
    screen = SimulatedRunScreen(Path(path), seed)
    app.push_screen(screen)
    return screen


# ---------------------------------------------------------------------------------------
# Live
# ---------------------------------------------------------------------------------------


class LiveRunScreen(RunScreen):
    """Record a real exercise as it happens; every action is stored at once."""

    BINDINGS = [
        # a tabletop's footer needs the room at 80 columns: escape leaves (the run stays
        # resumable) without a footer entry; it is in the keys panel and the palette
        Binding("escape", "back", "Back", show=False,
                tooltip="Leave the run; it stays resumable until finished"),
        Binding("a", "record('acknowledged')", "Ack",
                tooltip="Record that the selected participant acknowledged"),
        Binding("c", "record('completed')", "Done",
                tooltip="Record that the selected participant completed (answered)"),
        Binding("b", "record('bounced')", "Bounce",
                tooltip="Record a bounce from the selected participant's next address"),
        Binding("d", "record('delivered')", "Delivered", show=False,
                tooltip="Record that the message reached the selected participant"),
        Binding("r", "record('reminder')", "Remind",
                tooltip="Mark a reminder sent to the selected participant"),
        Binding("R", "remind_all", "Remind all", show=False,
                tooltip="Mark reminders sent to every participant still silent"),
        Binding("n", "note", "Note", tooltip="Add a note (about the selected participant)"),
        Binding("f", "fire_due", "Fire",
                tooltip="Fire every inject the scenario says is due now"),
        Binding("i", "inject", "Inject", tooltip="Fire a tabletop inject by hand"),
        Binding("e", "expectation", "Did",
                tooltip="Record that the selected participant did what an open "
                        "expectation asks (consult, share, join a call, escalate ...)"),
        Binding("x", "finish", "Finish",
                tooltip="Complete the run and store its summary (asks first)"),
    ]
    RECORDING = frozenset({"record", "remind_all", "note", "fire_due", "inject", "expectation",
                           "finish"})
    """Actions that record something: none once the run is completed."""
    TABLETOP_ONLY = frozenset({"fire_due", "inject", "expectation"})
    CHECK_FOOTER_ONLY = frozenset({"record('bounced')", "record('reminder')"})
    """Left out of a tabletop's footer (no room at 80 columns); the keys still work and
    stay in the keys panel and the command palette."""

    def __init__(self, *, path: Path | None = None, run_id: int | None = None) -> None:
        super().__init__()
        self.path = path
        self.run_id = run_id
        self.loaded: Any = None
        self.directory: Any = None
        self.start: datetime | None = None
        self.deadline = 72.0
        self.horizon = 144.0
        self.participants: dict[str, ParticipantOutcome] = {}
        self.contacts: dict[str, ContactOutcome] = {}  # by key; no personal data
        self.completed = False
        self.pending_writes = 0
        self._due: tuple[str, ...] = ()  # injects shown as due now
        self._announced: set[str] = set()  # injects already announced as due

    # -- opening ---------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.run_id is None:
            self.query_one("#clock", Static).update(f"starting a live run of {self.path} ...")
            self.load_new()
        else:
            self.query_one("#clock", Static).update(f"reopening live run {self.run_id} ...")
            self.reopen()

    @work(thread=True, exclusive=True, group="live-load", exit_on_error=False)
    def load_new(self) -> None:
        from simulator.io.scenario_files import load_scenario
        from simulator.model.errors import InputError

        assert self.path is not None
        try:
            loaded = load_scenario(self.path)
            directory = loaded.directory()
        except InputError as e:
            self.app.call_from_thread(self.fail, str(e))
            return
        self.app.call_from_thread(self._begin_new, loaded, directory)

    def _begin_new(self, loaded: Any, directory: Any) -> None:
        self.loaded, self.directory = loaded, directory
        sc = loaded.scenario
        start = self.app.clock()  # type: ignore[attr-defined]
        self.start = start
        self.deadline, self.horizon = _deadline(sc), _horizon(sc)
        base = [ParticipantOutcome(code=p.code, name=p.name, group=p.group, human=True)
                for p in _taking_part(sc, directory)]
        sent = [Event(0.0, "check_sent", p.code, None, None, "live") for p in base]
        contacts = live_contacts(sc, _taking_part(sc, directory), start)
        self.contacts = {c.key: c for c in contacts}
        text = loaded.text
        deadline, horizon = self.deadline, self.horizon

        def job(store: Any) -> int:
            run_id = int(store.start_run(
                scenario=sc.name, scenario_text=text, seed=0, replication=0, mode="live",
                kind=_kind(sc), start=start, deadline_hours=deadline, horizon_hours=horizon,
                level=_level(sc),
            ))
            for p in base:
                store.upsert_participant(run_id, p)
            store.upsert_contacts(run_id, contacts)
            store.append_events(run_id, sent)
            return run_id

        def done(run_id: int) -> None:
            self.run_id = run_id
            self._show(base, sent)
            self.notify(f"live run {run_id} started; every action is stored at once", timeout=4)

        self.app.db(job, done, what="start live run")  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="live-load", exit_on_error=False)
    def reopen(self) -> None:
        from results.live import reopen_live_run

        assert self.run_id is not None
        try:
            with self.app._store_lock:  # type: ignore[attr-defined]
                state = reopen_live_run(self.app.store, self.run_id)  # type: ignore[attr-defined]
        except (KeyError, ValueError) as e:
            self.app.call_from_thread(self.fail, str(e))
            return
        loaded, directory = _resolve_stored_scenario(
            state.scenario_text, self.app.cwd)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._begin_reopened, state, loaded, directory)

    def _begin_reopened(self, state: Any, loaded: Any, directory: Any) -> None:
        self.loaded, self.directory = loaded, directory
        self.start = state.start
        self.deadline, self.horizon = state.deadline_hours, state.horizon_hours
        self.contacts = {c.key: c for c in state.contacts}
        self._show(state.participants, state.events)
        self.notify(f"live run {self.run_id} reopened: {len(state.events)} events restored",
                    timeout=4)

    def _show(self, participants: list[ParticipantOutcome], events: list[Event]) -> None:
        self.participants = {p.code: p for p in participants}
        self.set_events(list(events))
        assert self.start is not None
        roles = recipient_roles(self.loaded.scenario if self.loaded else None)
        addressed = [c for p in participants
                     for c in ([c for c in self._contacts_of(p.code) if c.role in roles]
                               or self._contacts_of(p.code))]
        model = BoardModel(
            participants, start=self.start, deadline=self.deadline,
            zones=_zones(self.directory), contacts=addressed,  # all bounced: unreachable
            reminder_offsets=_reminder_offsets(self.loaded.scenario if self.loaded else None),
            events=events,
        )
        if self.loaded is not None:
            for code, exp in live_expectations(self.loaded.scenario, participants, events):
                model.add_expectation(code, exp)
        name = self.loaded.scenario.name if self.loaded is not None else "live run"
        self.show_model(model, f"[b]{name}[/b]  LIVE run {self.run_id}  "
                               f"({len(participants)} participants, deadline {self.deadline:g}h)")
        self.refresh_bindings()  # a tabletop's keys differ from a check's

    # -- clock -----------------------------------------------------------------------
    def now(self) -> float:
        if self.start is None:
            return 0.0
        return max(0.0, (self.app.clock() - self.start).total_seconds() / 3600.0)  # type: ignore[attr-defined]

    def clock_text(self, now: float) -> str:
        assert self.start is not None
        state = "completed" if self.completed else "live"
        left = self.deadline - now
        due = f"deadline in {format_hours(left)[2:]}" if left > 0 else "deadline passed"
        pending = f"  saving {self.pending_writes} ..." if self.pending_writes else "  all saved"
        started = self.start.astimezone(UTC)
        return (f"{format_hours(now)}  started {started:%a %d %b %H:%M} UTC"
                f"  [b]{state.upper()}[/b]  {due}{pending}")

    # -- recording -------------------------------------------------------------------
    def _commit(self, events: list[Event], participants: list[ParticipantOutcome],
                contacts: Sequence[ContactOutcome] = ()) -> None:
        run_id = self.run_id
        contacts = [replace(c) for c in contacts]

        def job(store: Any) -> None:
            if events:
                store.append_events(run_id, events)
            for p in participants:
                store.upsert_participant(run_id, p)
            if contacts:
                store.upsert_contacts(run_id, contacts)

        self._save(job, "record")

    def _save(self, job: Any, what: str) -> None:
        """Run store ``job`` in the background, counted in the clock line until saved."""
        self.pending_writes += 1
        self.refresh_now()

        def done(_: None) -> None:
            self.pending_writes -= 1
            self.refresh_now()

        self.app.db(job, done, what=what)  # type: ignore[attr-defined]

    def record(self, kind: str, code: str, detail: str = "") -> Event | None:
        """Record ``kind`` for participant ``code`` now; store it at once.

        ``acknowledged`` and ``completed`` close the participant's open expectations
        asking for the actions in :data:`CLOSES`. A bounce is put on the participant's
        next recipient contact that has not bounced yet
        (:func:`results.live.bounce_contact`), whose stored row is marked bounced; when
        all of them have bounced, nothing is recorded (None).
        """
        if self.run_id is None or self.model is None or self.completed:
            return None
        contact = None
        if kind == "bounced":
            contact = self._bounce_contact(code)
            if contact is None and self._contacts_of(code):
                return None
            if contact is not None:
                contact.bounced = True
        e = Event(round(self.now(), 6), kind, code, contact.key if contact else None, None,
                  detail)
        q = self._apply(e)
        extra = []
        if kind in CLOSES:
            for exp in self.model.close_expectations(code, e.t, CLOSES[kind]):
                extra.append(self._verdict(code, exp, e.t))
        self._commit([e, *extra], [q], [contact] if contact is not None else [])
        return e

    def _contacts_of(self, code: str) -> list[ContactOutcome]:
        return [c for c in self.contacts.values() if c.participant == code]

    def _bounce_contact(self, code: str) -> ContactOutcome | None:
        roles = recipient_roles(self.loaded.scenario if self.loaded else None)
        return bounce_contact(code, list(self.contacts.values()), roles)

    def _apply(self, e: Event) -> ParticipantOutcome:
        """Apply event ``e`` to its participant, the board and the log; the new outcome."""
        assert self.model is not None and e.participant is not None
        q = apply_event(self.participants[e.participant], e)
        self.participants[e.participant] = q
        self.model.set_participant(q)
        self.add_event(e)
        return q

    def _verdict(self, code: str, exp: OpenExpectation, t: float) -> Event:
        verdict = "met" if t <= exp.due_at + 1e-9 else "late"
        x = Event(t, "expectation", code, None, None, f"{verdict}: {exp.id}")
        self.add_event(x)
        return x

    def close_expectation(self, code: str, exp_id: str) -> Event | None:
        """Record that ``code`` did what its open expectation ``exp_id`` asks, now: an
        ``action`` event (it acknowledges too) and the expectation met or late."""
        if self.run_id is None or self.model is None or self.completed:
            return None
        t = round(self.now(), 6)
        exp = next((x for x in self.model.open_expectations(code, t) if x.id == exp_id), None)
        if exp is None:
            return None
        e = Event(t, "action", code, None, None, exp.action or exp_id)
        q = self._apply(e)
        exp.done_at = t
        x = self._verdict(code, exp, t)
        self._commit([e, x], [q])
        return x

    def _selected(self) -> str | None:
        code = self.board.selected_code if self.board is not None else None
        if code is None:
            self.notify("select a participant row first", severity="warning", timeout=2)
        return code

    def action_record(self, kind: str) -> None:
        code = self._selected()
        if code is None:
            return
        before = self.participants[code]
        done_at = {"acknowledged": before.ack_at, "completed": before.completed_at}.get(kind)
        if done_at is not None:
            # already recorded; a later inject's acknowledge/respond may still be open
            closed = self._close_by_action(code, CLOSES[kind])
            if closed:
                self.notify(f"{code}: {', '.join(closed)}", timeout=1.5)
            else:
                self.notify(f"{code} already {kind} at {format_hours(done_at)}", timeout=2)
            return
        if kind == "bounced" and self._bounce_contact(code) is None and self._contacts_of(code):
            keys = ", ".join(c.key for c in self._contacts_of(code) if c.bounced)
            self.notify(f"{code}: every address it is sent to has bounced already ({keys}); "
                        "nothing recorded", severity="warning", timeout=3)
            return
        e = self.record(kind, code)
        if e is not None:
            self.notify(f"{code}: {kind}" + (f" ({e.contact})" if e.contact else ""),
                        timeout=1.5)

    def _close_by_action(self, code: str, actions: Sequence[str]) -> list[str]:
        """Close ``code``'s open expectations asking for ``actions``; their verdicts."""
        if self.model is None:
            return []
        now = round(self.now(), 6)
        out = []
        for exp in self.model.open_expectations(code, now):
            if exp.action in actions:
                x = self.close_expectation(code, exp.id)
                if x is not None:
                    out.append(x.detail)
        return out

    def action_expectation(self) -> None:
        """Pick one of the selected participant's open expectations and close it now."""
        code = self._selected()
        if code is None or self.model is None or self.completed:
            return
        now = self.now()
        open_ = self.model.open_expectations(code, now)
        if not open_:
            self.notify(f"{code} has no open expectation", timeout=2)
            return
        from tui.screens.forms import PickForm

        options = [
            (x.id, f"{x.id}  {x.action or '-'}  due {format_hours(x.due_at)}"
                   + ("  OVERDUE" if x.due_at < now else ""))
            for x in open_
        ]

        def picked(exp_id: object) -> None:
            if isinstance(exp_id, str):
                x = self.close_expectation(code, exp_id)
                if x is not None:
                    self.refresh_now()
                    self.notify(f"{code}: {x.detail}", timeout=2)

        self.app.push_screen(PickForm(f"{code}: what was done?", options), picked)

    def action_remind_all(self) -> None:
        if self.run_id is None or self.model is None:
            return
        now = self.now()
        silent = [c for c, p in self.participants.items()
                  if p.ack_at is None or p.ack_at > now]
        events, changed = [], []
        for code in silent:
            e = Event(round(now, 6), "reminder", code, None, None, "")
            q = apply_event(self.participants[code], e)
            self.participants[code] = q
            self.model.set_participant(q)
            self.add_event(e)
            events.append(e)
            changed.append(q)
        if events:
            self._commit(events, changed)
        self.notify(f"reminders marked sent to {len(events)} participants", timeout=2)

    def action_note(self) -> None:
        if self.run_id is None:
            return
        from tui.screens.forms import NoteForm

        code = self.board.selected_code if self.board is not None else None

        def noted(text: object) -> None:
            if not isinstance(text, str) or self.run_id is None:
                return
            t = round(self.now(), 6)
            run_id = self.run_id
            e = Event(t, "note", code, None, None, text)
            self.add_event(e)
            self._save(lambda store: store.add_note(run_id, text, t=t, participant=code), "note")

        self.app.push_screen(NoteForm(code), noted)

    # -- injects (tabletops) ----------------------------------------------------------
    def _tabletop(self) -> bool:
        return bool(getattr(self.loaded.scenario if self.loaded else None, "injects", None))

    def schedule(self, now: float) -> list[Any]:
        """The scenario's unfired injects whose time is known by ``now`` (see
        :func:`simulator.model.tabletop.inject_schedule`)."""
        from simulator.model.tabletop import inject_schedule

        if not self._tabletop() or self.model is None:
            return []
        fired = first_fired(self.events)
        windows: dict[str, list[tuple[float, float | None]]] = {}
        for exps in self.model.expectations.values():
            for x in exps:
                windows.setdefault(x.id, []).append((x.due_at, x.done_at))
        return list(inject_schedule(self.loaded.scenario, fired, windows, now))

    def after_tick(self, now: float) -> None:
        line = self.query_one("#injects", Static)
        if not self._tabletop():
            return
        line.display = not self.completed
        if self.completed:
            return
        sched = self.schedule(now)
        due = [s for s in sched if s.due_at <= now + 1e-9]
        ahead = [s for s in sched if s.due_at > now + 1e-9]
        subjects = {i.id: i.subject for i in self.loaded.scenario.injects}
        parts = []
        for s in due:
            ago = format_hours(now - s.due_at)[2:]
            parts.append(f"[b reverse dark_orange] DUE [/] [b]{s.id}[/b] {subjects[s.id]}"
                         f" ({s.reason}, due {ago} ago)")
        if ahead:
            nxt = ahead[0]
            parts.append(f"next: {nxt.id} {subjects[nxt.id]} ({nxt.reason}, "
                         f"in {format_hours(nxt.due_at - now)[2:]})")
        if due:
            parts.append("[dim]f fires what is due[/dim]")
        line.update("   ".join(parts) or "no inject due; i fires one by hand")
        ids = tuple(s.id for s in due)
        if ids != self._due:
            self._due = ids
            self.refresh_bindings()
        fresh = [s for s in due if s.id not in self._announced]
        if fresh and not self.completed:
            self._announced.update(s.id for s in fresh)
            names = ", ".join(f"{s.id} {subjects[s.id]}" for s in fresh)
            self.notify(f"due now: {names}; press f to fire", title="Inject due",
                        severity="warning", timeout=6)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Recording actions: none once the run is completed (a key pressed then says
        so); "Fire", "Inject" and "Did" only in tabletops, "Fire" enabled while
        something is due."""
        if action in self.RECORDING and self.completed:
            return False
        if action in self.TABLETOP_ONLY and not self._tabletop():
            return False
        if action == "fire_due":
            return True if self._due else None
        return True

    def footer_hidden(self, a: ActiveBinding) -> bool:
        """In a tabletop, bounce and remind have no footer entry either."""
        return super().footer_hidden(a) or (
            self._tabletop() and a.node is self and a.binding.action in self.CHECK_FOOTER_ONLY
        )

    def on_key(self, event: Key) -> None:
        """A recording key pressed on a completed run: say why nothing happens."""
        if not self.completed:
            return
        if any(event.key in b.key.split(",") and b.action.split("(")[0] in self.RECORDING
               for b in self.BINDINGS if isinstance(b, Binding)):
            event.stop()
            self.notify(f"run {self.run_id} is completed; nothing more is recorded",
                        severity="warning", timeout=3)

    def fire_inject(self, key: str) -> Event | None:
        """Fire inject ``key`` now: log it, open its expectations, store it at once.

        Fired again, it is logged but its expectations stay as the first firing set them
        (as the scorecard counts them)."""
        if self.run_id is None or self.model is None or self.completed:
            return None
        again = any(e.kind == "inject" and e.detail == key for e in self.events)
        e = Event(round(self.now(), 6), "inject", None, None, None, key)
        self.add_event(e)
        inj = next((i for i in self.loaded.scenario.injects if i.id == key), None)
        if inj is not None and not again:
            for code, exp in expectations_on_fire(inj, e.t, list(self.participants.values())):
                self.model.add_expectation(code, exp)
        self._commit([e], [])
        return e

    def action_fire_due(self) -> None:
        now = self.now()
        due = [s.id for s in self.schedule(now) if s.due_at <= now + 1e-9]
        if not due:
            self.notify("no inject is due now; i fires one by hand", timeout=2)
            return
        fired = [k for k in due if self.fire_inject(k) is not None]
        self.refresh_now()
        if fired:
            self.notify(f"fired {', '.join(fired)}", timeout=2)

    def action_inject(self) -> None:
        if self.run_id is None:
            return
        options = injects_of(self.loaded.scenario if self.loaded is not None else None)
        if not options:
            self.notify("this scenario has no injects (a communication check)", timeout=2)
            return
        from tui.screens.forms import PickForm

        now = self.now()
        due = {s.id for s in self.schedule(now) if s.due_at <= now + 1e-9}
        fired_at = first_fired(self.events)
        options = [(k, f"{label}  fired at {format_hours(fired_at[k])}" if k in fired_at
                    else label) for k, label in options]
        options = ([(k, f"DUE {label}") for k, label in options if k in due]
                   + [(k, label) for k, label in options if k not in due])

        def fire(key: str) -> None:
            if self.fire_inject(key) is not None:
                self.refresh_now()
                self.notify(f"inject {key} fired", timeout=2)

        def picked(key: object) -> None:
            if not isinstance(key, str):
                return
            if key not in fired_at:
                fire(key)
                return
            from tui.screens.forms import ConfirmForm

            self.app.push_screen(ConfirmForm(
                f"Fire {key} again?",
                f"{key} fired at {format_hours(fired_at[key])}. Fired again it is logged; its "
                "expectations stay as the first firing set them. y fires, n goes back.",
            ), lambda yes: fire(key) if yes is True else None)

        self.app.push_screen(PickForm("Fire an inject", options), picked)

    def action_finish(self) -> None:
        """Ask, then complete the run (:meth:`finish`)."""
        if self.run_id is None or self.completed:
            return
        from tui.screens.forms import ConfirmForm

        run_id = self.run_id

        def answered(yes: object) -> None:
            if yes is True:
                self.finish()

        self.app.push_screen(ConfirmForm(
            f"Finish live run {run_id}?",
            "It cannot be resumed: nothing more is recorded, and expectations whose window "
            "is still open are scored open. y finishes, n goes back.",
        ), answered)

    def finish(self) -> None:
        """Complete the run: store its summary; the board stays for review."""
        if self.run_id is None or self.completed:
            return
        result = self.as_result()
        run_id = self.run_id

        def job(store: Any) -> None:
            from results.store import summarize_result

            store.complete_run(run_id, summarize_result(result), contacts=result.contacts,
                               expectations=result.expectations)

        def done(_: None) -> None:
            self.completed = True
            self.refresh_bindings()
            self.refresh_now()
            self.notify(f"live run {run_id} completed", timeout=3)

        self.app.db(job, done, what="complete run")  # type: ignore[attr-defined]

    def as_result(self) -> RunResult:
        """The run so far as a :class:`RunResult` (for summaries): a tabletop's
        expectations scored as if it ended now (windows still open scored open), the
        contacts as stored, marked answered when their participant acknowledged."""
        assert self.start is not None
        sc = self.loaded.scenario if self.loaded is not None else None
        participants = [replace(p) for p in self.participants.values()]
        expectations = (expectation_outcomes(sc, participants, self.events, end=self.now())
                        if self._tabletop() else [])
        contacts = contacts_answered(list(self.contacts.values()), participants)
        return RunResult(
            scenario=sc.name if sc is not None else f"live run {self.run_id}",
            seed=0, replication=0, start=self.start, deadline_hours=self.deadline,
            horizon_hours=self.horizon, level=_level(sc) if sc is not None else "reachability",
            participants=participants, contacts=contacts,
            events=list(self.events), expectations=expectations,
            kind=_kind(sc) if sc is not None else "check",
        )

    def action_back(self) -> None:
        """Leave the run; it stays resumable (marked interrupted) unless completed."""
        if self.run_id is not None and not self.completed:
            run_id = self.run_id
            self.app.db(lambda store: store.mark_interrupted(run_id, "closed by the facilitator"),  # type: ignore[attr-defined]
                        what="pause live run")
        self.dismiss_screen()


def _resolve_stored_scenario(text: str, cwd: Path) -> tuple[Any, Any]:
    """The scenario and directory of a stored run (found on disk when possible)."""
    from simulator.io.scenario_files import load_scenario, scenario_from_text
    from simulator.model.errors import InputError
    from tui.sources import discover

    try:
        scenarios, _ = discover(cwd)
        for s in scenarios:
            try:
                if s.path.read_text(encoding="utf-8") == text:
                    loaded = load_scenario(s.path)
                    return loaded, loaded.directory()
            except OSError:
                continue
        loaded = scenario_from_text(text)
        try:
            return loaded, loaded.directory()
        except InputError:
            return loaded, None
    except InputError:
        return None, None


def start_live_run(app: App[Any], path: Path) -> LiveRunScreen:
    screen = LiveRunScreen(path=Path(path))
    app.push_screen(screen)
    return screen


def open_live_run(app: App[Any], run_id: int) -> LiveRunScreen:
    screen = LiveRunScreen(run_id=run_id)
    app.push_screen(screen)
    return screen


__all__ = [
    "LiveRunScreen", "SimulatedRunScreen", "fresh", "injects_of", "open_live_run",
    "open_simulated_run", "start_live_run",
]

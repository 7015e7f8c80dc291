"""What the simulated and the live run screens share: header lines, filters, board, log.

The board and the log follow a clock (``now``, hours since the run's start) that each
screen supplies: the simulation clock, or the wall clock since a live run started. The UI
refreshes on a timer (at most 10 Hz), pushing only the cells that changed.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from simulator.model.outcome import Event
from simulator.text import t_plus
from tui.board import STATUSES, BoardModel, counts_text
from tui.forms.details import DetailsPanel
from tui.keys import bind
from tui.people import at_work, participant_card
from tui.services import services
from tui.widgets.event_log import EventLog
from tui.widgets.inputs import SearchInput
from tui.widgets.status_board import StatusBoard

if TYPE_CHECKING:
    from simulator.model.directory import Directory


class RunScreen(Screen[None]):
    """What simulated and live runs share: header lines, filters, board and log."""

    CSS_PATH = Path(__file__).parent / "screens" / "run.tcss"
    BINDINGS = [bind("back"), bind("search", show=False), bind("focus_filters"),
                bind("details"), bind("injects")]

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
        self.directory: Directory | None = None
        """The run's directory (for a participant's details), when known."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="run-top"):
            yield Static(self.title_text, id="run-title")
            yield Static("", id="clock")
            yield Static("", id="injects")
        with Horizontal(id="filters"):
            yield SearchInput(placeholder="/ search", id="board-search", back_to="#board")
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
        self.set_interval(services(self.app).tick_seconds, self.tick)
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

    @on(Input.Changed, "#board-search")
    def _text_filter(self, event: Input.Changed) -> None:
        if self.board is not None:
            self.board.text_filter = event.value.strip().casefold() or None
            self.rebuild_board()

    @on(Input.Submitted, "#board-search")
    def _search_done(self) -> None:
        if self.board is not None:
            self.board.focus()

    def action_search(self) -> None:
        self.query_one("#board-search", Input).focus()

    def action_focus_filters(self) -> None:
        self.query_one("#group-filter", Select).focus()

    # -- a participant in full -----------------------------------------------------------
    @on(DataTable.RowSelected, "#board")
    def _row_chosen(self) -> None:
        self.action_details()

    def action_details(self) -> None:
        """The selected participant in full: contacts, channels, local time, whom to
        phone, its history so far."""
        code = self.board.selected_code if self.board is not None else None
        if code is None or self.model is None:
            return
        now = self.now()
        wall = self.model.start + timedelta(hours=now)
        p = None
        if self.directory is not None:
            p = next((x for x in self.directory.participants if x.code == code), None)
        working = at_work([p], wall) if p is not None else {}
        upto = bisect.bisect_right(self._event_times, now + 1e-9)
        card = participant_card(
            p, code, status=self.model.status(code, now), local=self.model.local_time(code, now),
            events=self.events[:upto], working=working, today=wall.date(),
            redact=services(self.app).redact)
        self.app.push_screen(DetailsPanel(f"{code} at {t_plus(now)}", card))

    def action_injects(self) -> None:
        """The injects panel (a tabletop's screens say what it does)."""
        self.notify("a communication check has no injects", timeout=2)

    def action_back(self) -> None:
        self.dismiss_screen()

"""The live run screen: a real exercise recorded as it happens, on the wall clock.

Each key drives the run's :class:`~results.live.session.LiveSession`, which says what the
action records and stores it at once (a reopened run is rebuilt from its stored events).
Finishing (``x``) asks first: a finished run cannot be resumed.

A check sent by e-mail (``pocdrill live start``) reopened here is watched while on the
board (:class:`~tui.widgets.mail_watch.MailWatch`, ``w`` pauses it): what it sends and
takes in is shown as the facilitator's keys are, and they keep working. A check's board
shows the share expected by now (:class:`~tui.widgets.expected_line.ExpectedLine`).
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.binding import ActiveBinding
from textual.events import Key
from textual.widgets import Static

from results.live.actions import StoreJob
from results.live.scenario import reminder_offsets
from results.live.session import LiveSession
from results.live.undo import effective
from simulator.text import t_plus
from tui import live_keys
from tui.board import BoardModel
from tui.forms.confirm import ConfirmForm
from tui.forms.note import NoteForm
from tui.live_base import LiveBase
from tui.live_keys import CHECK_FOOTER_ONLY, LIVE_BINDINGS, MAIL_ONLY, RECORDING, TABLETOP_ONLY
from tui.services import services
from tui.sources import local_folders
from tui.widgets.expected_line import ExpectedLine
from tui.widgets.mail_watch import MailWatch

if TYPE_CHECKING:
    from results.mail.check import WatchSetup
    from results.store import Store
    from simulator.io.scenario_files import LoadedScenario
    from simulator.model.directory import Directory


class LiveRunScreen(LiveBase):
    """Record a real exercise as it happens; every action is stored at once."""

    BINDINGS = LIVE_BINDINGS
    RECORDING = RECORDING
    TABLETOP_ONLY = TABLETOP_ONLY
    CHECK_FOOTER_ONLY = CHECK_FOOTER_ONLY
    help_title = "live run"

    def __init__(self, *, path: Path | None = None, run_id: int | None = None) -> None:
        super().__init__()
        self.path = path
        self.run_id = run_id
        self.pending_writes = 0
        self._left = False  # the facilitator left the screen
        self.mail: MailWatch | None = None  # a check sent by e-mail: its watcher
        self.expected: ExpectedLine | None = None  # a check's expected share by now

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

    def _begin_new(self, loaded: LoadedScenario, directory: Directory) -> None:
        app = services(self.app)
        start = app.clock()

        def job(store: Store) -> LiveSession:
            return LiveSession.start_run(store, loaded, directory, start=start, save=self._save)

        def done(session: LiveSession) -> None:
            self._show(session)
            self.notify(f"live run {session.run_id} started; every action is stored at once",
                        timeout=4)

        app.db(job, done, what="start live run")

    @work(thread=True, exclusive=True, group="live-load", exit_on_error=False)
    def reopen(self) -> None:
        from results.mail.check import watch_setup

        app = services(self.app)
        run_id = self.run_id
        assert run_id is not None
        places = local_folders(app.cwd)  # where the scenario file usually still is
        try:
            session = app.with_store(
                lambda store: LiveSession.reopen(store, run_id, places=places, save=self._save))
        except (KeyError, ValueError) as e:
            self.app.call_from_thread(self.fail, str(e))
            return
        mail = app.with_store(lambda store: watch_setup(store, session))
        self.app.call_from_thread(self._show, session, mail)
        self.app.call_from_thread(
            self.notify, f"live run {run_id} reopened: {len(session.events)} events restored",
            timeout=4)

    def _model(self, session: LiveSession) -> BoardModel:
        """The board of ``session`` as it stands (records undone left out)."""
        model = BoardModel(
            list(session.participants.values()), start=session.start,
            deadline=session.deadline_hours, zones=session.zones(),
            contacts=session.addressed_contacts(),
            reminder_offsets=reminder_offsets(session.scenario),
            events=effective(session.events),
        )
        model.expectations = session.expectations  # the session's, shown as they change
        return model

    def reset_board(self) -> None:
        """Build the board again from the session (after an undo)."""
        if self.session is not None and self.board is not None:
            self.model = self.board.model = self._model(self.session)
            self.rebuild_board()
            self.refresh_now()

    def _show(self, session: LiveSession, mail: WatchSetup | None = None) -> None:
        self.session = session
        self.run_id = session.run_id
        self.directory = session.directory
        self.set_events(list(session.events))
        participants = list(session.participants.values())
        model = self._model(session)
        self.show_model(model, f"[b]{session.name}[/b]  LIVE run {self.run_id}  "
                               f"({len(participants)} participants, deadline "
                               f"{session.deadline_hours:g}h)")
        app = services(self.app)
        if mail is not None:
            self.mail = MailWatch(session, mail, interval=app.mail_interval)
            self.query_one("#run-top").mount(self.mail)
        if session.tabletop is None and not self.completed and app.expected_replications:
            self.expected = ExpectedLine(session.run_id)
            self.query_one("#run-top").mount(self.expected)
        self.refresh_bindings()  # a tabletop's keys differ from a check's

    # -- clock -----------------------------------------------------------------------
    def now(self) -> float:
        return 0.0 if self.session is None else self.session.hours(services(self.app).clock())

    def clock_text(self, now: float) -> str:
        assert self.session is not None
        state = "completed" if self.completed else "live"
        left = self.session.deadline_hours - now
        due = f"deadline in {t_plus(left)[2:]}" if left > 0 else "deadline passed"
        pending = f"  saving {self.pending_writes} ..." if self.pending_writes else "  all saved"
        started = self.session.start.astimezone(UTC)
        return (f"{t_plus(now)}  started {started:%a %d %b %H:%M} UTC"
                f"  [b]{state.upper()}[/b]  {due}{pending}")

    # -- storing and showing ----------------------------------------------------------
    def _save(self, job: StoreJob, what: str) -> None:
        """The session's store writes: in a worker, in order, counted until saved."""
        self.pending_writes += 1
        self.refresh_now()

        def done(_: object) -> None:
            self.pending_writes -= 1
            if not self._left:
                self.refresh_now()

        services(self.app).db(job, done, what=what)

    def on_mail_watch_recorded(self, m: MailWatch.Recorded) -> None:
        """What the mail watcher recorded, on the board and in the log."""
        if not self._left:
            self.shown(m.recorded)

    def action_mail(self) -> None:
        if self.mail is not None and not self.completed:
            self.mail.toggle()

    # -- keys that record --------------------------------------------------------------
    def action_record(self, kind: str) -> None:
        code = self._selected()
        if code is None or self.session is None or self.completed:
            return
        r = self.shown(self.session.record(kind, code, self.now()))
        if r.already_at is not None:
            if r.closed:
                self.notify(f"{code}: {', '.join(r.closed)}", timeout=1.5)
            else:
                self.notify(f"{code} already {kind} at {t_plus(r.already_at)}", timeout=2)
        elif r.all_bounced:
            self.notify(f"{code}: every address it is sent to has bounced already "
                        f"({', '.join(r.all_bounced)}); nothing recorded",
                        severity="warning", timeout=3)
        elif r.event is not None:
            contact = r.event.contact
            self.notify(f"{code}: {kind}" + (f" ({contact})" if contact else ""), timeout=1.5)

    def action_remind_all(self) -> None:
        """Ask, saying how many, then mark reminders sent to everyone still silent."""
        if self.session is None or self.model is None or self.completed:
            return
        now = self.now()
        silent = sum(1 for p in self.session.participants.values()
                     if p.ack_at is None or p.ack_at > now)
        if not silent:
            self.notify("everyone has acknowledged: no reminder to mark", timeout=2)
            return

        def answered(yes: object) -> None:
            if yes is True and self.session is not None and not self.completed:
                r = self.shown(self.session.remind_all(self.now()))
                self.notify(f"reminders marked sent to {len(r.events)} participants "
                            "(u undoes)", timeout=3)

        self.app.push_screen(ConfirmForm(
            f"Mark reminders sent to {silent} participants?",
            f"Every participant that has not acknowledged ({silent} of "
            f"{len(self.session.participants)}) gets a reminder round on the board and in "
            "the store. y marks them, n goes back.",
        ), answered)

    def action_undo(self) -> None:
        """Take the last record back (a correcting event; nothing is deleted)."""
        if self.session is None or self.model is None or self.completed:
            return
        r = self.session.undo(self.now())
        if not r.undone:
            self.notify("nothing to undo", timeout=2)
            return
        for e in r.events:
            self.add_event(e)
        self.reset_board()
        first = r.undone[0]
        who = f"{first.participant}" if len({e.participant for e in r.undone}) == 1 \
            else f"{len(r.undone)} participants"
        self.notify(f"undone: {first.kind} of {who} at {t_plus(first.t)} (kept in the log "
                    "as corrected)", timeout=3)

    def action_note(self) -> None:
        if self.session is None:
            return
        code = self.board.selected_code if self.board is not None else None

        def noted(text: object) -> None:
            if isinstance(text, str) and self.session is not None and not self.completed:
                self.add_event(self.session.add_note(text, code, self.now()))

        self.app.push_screen(NoteForm(code), noted)

    def after_tick(self, now: float) -> None:
        """A check's expected share by now; a tabletop's injects (:class:`LiveBase`)."""
        if self.expected is not None and self.session is not None:
            self.expected.show_at(list(self.session.participants.values()), now)
        super().after_tick(now)

    # -- finishing ---------------------------------------------------------------------
    def action_finish(self) -> None:
        """Ask, then complete the run (:meth:`finish`)."""
        if self.session is None or self.completed:
            return

        def answered(yes: object) -> None:
            if yes is True:
                self.finish()

        self.app.push_screen(ConfirmForm(
            f"Finish live run {self.run_id}?", "It cannot be resumed: nothing more is "
            "recorded, and expectations whose window is still open are scored open. y "
            "finishes, n goes back."), answered)

    def finish(self) -> None:
        """Complete the run (:meth:`LiveSession.finish`); the board stays for review."""
        if self.session is None or self.completed:
            return
        if self.mail is not None:
            self.mail.end("the run is completed")
        self.session.finish(self.now())
        self.refresh_bindings()
        self.refresh_now()
        self.notify(f"live run {self.run_id} completed", timeout=3)

    def _tabletop(self) -> bool:
        return self.session is not None and self.session.tabletop is not None

    # -- keys and footer ---------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No recording once completed; "Fire", "Inject", "Did" in tabletops; "Mail"."""
        if action in self.RECORDING and self.completed:
            return False
        if (action in self.TABLETOP_ONLY and not self._tabletop()
                or action in MAIL_ONLY and self.mail is None):
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
        if live_keys.recording_key(self.BINDINGS, self.RECORDING, event.key):
            event.stop()
            self.notify(f"run {self.run_id} is completed; nothing more is recorded",
                        severity="warning", timeout=3)

    def action_back(self) -> None:
        """Leave the run; it stays resumable (marked interrupted) unless completed."""
        if self.mail is not None:
            self.mail.end("the board was left")
        if self.session is not None and not self.completed:
            self._left = True
            self.session.pause()
        self.dismiss_screen()

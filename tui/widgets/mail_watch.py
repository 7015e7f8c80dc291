"""The live board's mail line: a watcher that sends what is due and takes in the answers
of a check by e-mail while it is open on the board, and one line saying how it goes.

Passes (:func:`results.mail.watch.watch_pass`) run in a worker thread, every
``interval`` seconds or as soon as IMAP IDLE announces an answer. The session belongs to
the UI thread, as for the facilitator's keys: each step of a pass that reads or changes
it runs there (``in_session``), and its writes join the app's one ordered write queue
behind the facilitator's actions. The pass reads the store through that same queue
(:class:`OrderedStore`), so it sees every action made before. A crash or ``kill -9``
keeps a prefix of that queue: a message's UID is never stored as processed without
what the message recorded, and a message recorded but not yet remembered is known again
by its Message-ID: no answer lost, none recorded twice.

Paused (or the board left), the worker stops: no further message is handed to SMTP and
no further answer taken in; the next start goes on where it stopped. A mail server's
failure is one line, tried again at the next pass; nothing here raises to the screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from results.live import actions
from results.live.actions import RunCompleted
from results.mail.errors import MailError
from results.mail.imap import ImapMailbox
from results.mail.progress import Pass, WatchState
from results.mail.smtp import SmtpTransport
from results.mail.watch import wait_for_mail, watch_pass
from tui.services import Services, services

if TYPE_CHECKING:
    from results.live.session import LiveSession
    from results.mail.check import WatchSetup
    from results.store import Store
    from results.store.mail import OutboxInfo, SeenInfo

T = TypeVar("T")
RATE = 30.0
"""Messages a minute, at most (as ``pocdrill live watch`` by default)."""


class WatchStopped(Exception):
    """The watcher was paused or the board left: this pass goes no further."""


class OrderedStore:
    """The store as a pass reads it, each call in the app's write order; once ``stop``
    is set, no further message is marked ``sending`` (so none is handed to SMTP)."""

    def __init__(self, app: Services, stop: threading.Event) -> None:
        self.app = app
        self.stop = stop

    def _do(self, job: Callable[[Store], T]) -> T:
        return self.app.db_in_order(job, what="mail watcher")

    def outbox(self, run_id: int, *, states: Sequence[str] = ()) -> list[OutboxInfo]:
        return self._do(lambda s: s.outbox(run_id, states=states))

    def mark_mail(self, outbox_id: int, state: str, error: str | None = None) -> None:
        if state == "sending" and self.stop.is_set():
            raise WatchStopped
        self._do(lambda s: s.mark_mail(outbox_id, state, error))

    def seen_uids(self, run_id: int, mailbox: str, uidvalidity: int) -> set[int]:
        return self._do(lambda s: s.seen_uids(run_id, mailbox, uidvalidity))

    def seen_mail(self, run_id: int) -> list[SeenInfo]:
        return self._do(lambda s: s.seen_mail(run_id))


class MailWatch(Static):
    """The mail line of a live check sent by e-mail, and its watcher."""

    @dataclass
    class Recorded(Message):
        """The watcher recorded events on the session (the board shows them)."""

        recorded: actions.Recorded

    @dataclass
    class Passed(Message):
        """A pass is over (``error``: why it failed)."""

        bubble = False
        at: datetime
        done: Pass | None = None
        error: str | None = None

    def __init__(self, session: LiveSession, setup: WatchSetup, *, interval: float,
                 id: str | None = "mail") -> None:
        super().__init__("", id=id)
        self.session = session
        self.setup = setup
        self.state = WatchState(interval, stopped=setup.error)
        self._one_pass = threading.Lock()  # a pass still going finishes before the next

    def on_mount(self) -> None:
        for oid in self.setup.unknown:
            self.notify(f"outbox message {oid} may or may not have gone out; send it again "
                        f"with: pocdrill live resend {self.session.run_id} {oid}",
                        title="Mail", severity="warning", timeout=10)
        self.start()

    # -- what the screen asks --------------------------------------------------------
    @property
    def watching(self) -> bool:
        return self.state.stopped is None and not self.state.paused

    def start(self) -> None:
        """Start (or resume) watching, unless it cannot be."""
        if self.state.stopped is None:
            self.state.paused = False
            self._watch()
        self.show()

    def pause(self) -> None:
        """Stop watching for now: a pass under way stops before its next message."""
        self.workers.cancel_group(self, "mail")
        self.state.paused = True
        self.show()

    def toggle(self) -> None:
        """Pause or resume (the facilitator's key), saying which."""
        if self.state.stopped is not None:
            self.notify(f"mail is not watched: {self.state.stopped}", severity="warning",
                        timeout=4)
        elif self.watching:
            self.pause()
            self.notify("mail watcher paused: nothing is sent or collected", timeout=2)
        else:
            self.start()
            self.notify("mail watcher resumed", timeout=2)

    def end(self, why: str) -> None:
        """Stop watching for good (the run completed, the board left)."""
        self.workers.cancel_group(self, "mail")
        self.state.stopped = why
        self.show()

    def show(self) -> None:
        key = "" if self.state.stopped is not None else \
            "  (w resumes)" if self.state.paused else "  (w pauses)"
        self.update(self.state.line() + key)
        self.set_class(self.state.error is not None, "-error")

    def on_mail_watch_passed(self, m: Passed) -> None:
        if m.done is not None:
            self.state.passed(m.done, m.at)
        else:
            self.state.failed(m.error or "failed", m.at)
        self.show()

    # -- the watcher (a worker thread) -------------------------------------------------
    @work(thread=True, exclusive=True, group="mail", exit_on_error=False)
    def _watch(self) -> None:
        """Passes until cancelled (paused, a newer watcher, the board left, the app
        closing): Textual sets the worker's ``cancelled_event`` then."""
        stop = get_current_worker().cancelled_event
        with self._one_pass:
            first = True
            while not stop.is_set():
                if not first:
                    wait_for_mail(self._mailbox, self.state.interval, stop=stop)
                first = False
                if stop.is_set() or not self._pass(stop):
                    return

    def _mailbox(self) -> ImapMailbox:
        settings = self.setup.settings
        assert settings is not None and settings.imap is not None
        return ImapMailbox(settings.imap, settings.mailbox)

    def _pass(self, stop: threading.Event) -> bool:
        """One pass, said on the line; False when the watcher must stop."""
        app = services(self.app)
        settings, check = self.setup.settings, self.setup.check
        assert settings is not None and check is not None

        def wait(seconds: float) -> None:  # the rate limit's gap, cut short by a pause
            stop.wait(seconds)

        at = app.clock()
        try:
            done = watch_pass(
                self.session, OrderedStore(app, stop), check,
                connect=lambda: SmtpTransport(settings.smtp), mailbox=self._mailbox,
                now=at, rate=RATE, sleep=wait,
                in_session=lambda step: self._in_session(step, stop))
        except MailError as e:
            self.post_message(self.Passed(at, error=str(e)))
            return True
        except (WatchStopped, RunCompleted):
            return False
        except Exception as e:  # noqa: BLE001 - one line on the board, tried again
            if stop.is_set():  # the app closing under the pass
                return False
            self.post_message(self.Passed(at, error=f"{type(e).__name__}: {e}"))
            return True
        self.post_message(self.Passed(at, done))
        return True

    def _in_session(self, step: Callable[[], T], stop: threading.Event) -> T:
        """Run ``step`` on the UI thread (where the facilitator's keys change the
        session too); what it recorded goes to the board."""
        def run() -> T:
            if stop.is_set():
                raise WatchStopped
            if self.session.completed:
                raise RunCompleted(f"run {self.session.run_id} is completed")
            before = {id(e) for e in self.session.events}
            result = step()
            new = tuple(e for e in self.session.events if id(e) not in before)
            if new:
                codes = dict.fromkeys(e.participant for e in new if e.participant)
                self.post_message(self.Recorded(actions.Recorded(
                    new, tuple(self.session.participants[c] for c in codes))))
            return result

        if stop.is_set():
            raise WatchStopped
        return self.app.call_from_thread(run)

"""Watching a live check: each pass sends what is due and takes in what arrived.

A pass (:func:`watch_pass`), at instant ``now``:

1. queues the reminders and the escalation whose time has come (:mod:`results.mail.plan`;
   their offsets moved into the secretariat's working time, as the simulation moves them:
   :func:`simulator.engine.secretariat.action_time`), recording a ``reminder`` or
   ``escalation`` event for each participant written to (with the Message-ID of its first
   reminder);
2. sends everything queued (:func:`results.mail.outbox.deliver`), including checks to a
   bounced participant's next contact;
3. reads the answers mailbox and takes in each message whose UID is not stored yet
   (:class:`results.mail.collect.Collector`), remembering each UID.

What a pass records goes through the session (its events and its ``save``), in order,
so a pass can share a session with a facilitator's keys: ``in_session`` runs each step
that reads or changes the session where the session lives (at once on the command line;
on the TUI's thread in the TUI), while the mailbox and the SMTP server are used where the
pass runs. ``store`` is only read there (and the outbox marked ``sending``/``sent``).

:func:`watch` repeats passes every ``interval`` seconds until stopped, waiting with IMAP
IDLE where the server offers it, so a new answer starts the next pass at once; a watcher
killed at any point and started again picks up where it stopped: nothing queued is
lost, nothing ``sending`` is sent again, no processed UID is read again, no answer
recorded twice.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Protocol, TypeVar

from results.live.session import LiveSession
from results.mail.collect import Collector
from results.mail.compose import Letter
from results.mail.errors import MailError
from results.mail.imap import ImapMailbox
from results.mail.outbox import MailCheck, OutboxStore, deliver, new_mail, sent_contacts
from results.mail.plan import deputy_letters, reminder_letters
from results.mail.progress import Pass
from results.mail.smtp import Connect
from results.models import utcnow
from results.store.mail import NewMail, OutboxInfo, SeenInfo
from simulator.engine.secretariat import action_time

if TYPE_CHECKING:
    from results.store import Store

T = TypeVar("T")
OpenMailbox = Callable[[], AbstractContextManager[ImapMailbox]]


class WatchStore(OutboxStore, Protocol):
    """The store as a pass reads it (its writes go through the session's ``save``)."""

    def seen_uids(self, run_id: int, mailbox: str, uidvalidity: int) -> set[int]: ...
    def seen_mail(self, run_id: int) -> list[SeenInfo]: ...


class InSession(Protocol):
    """Runs a step that reads or changes the session where the session lives."""

    def __call__(self, step: Callable[[], T], /) -> T: ...


def here(step: Callable[[], T]) -> T:
    """An :class:`InSession` for a session used by one thread only: the step, now."""
    return step()


def silent(session: LiveSession, t: float) -> set[str]:
    return {c for c, p in session.participants.items() if p.ack_at is None or p.ack_at > t}


def due_letters(session: LiveSession, check: MailCheck, rows: Sequence[OutboxInfo],
                t: float) -> list[tuple[str, list[Letter]]]:
    """(what, letters) of each reminder and escalation due at ``t`` and not queued yet."""
    sc = check.scenario.check
    sent = sent_contacts(rows)
    quiet = silent(session, t)
    out = []
    for n, offset in enumerate(sc.reminders, 1):
        if (action_time(sc, offset, check.start) <= t
                and not any(r.kind == "reminder" and r.n == n for r in rows)):
            out.append((f"reminder {n}", reminder_letters(
                check.scenario, check.directory, sent, quiet, n, session.run_id)))
    if (sc.escalate_to_deputies and action_time(sc, sc.escalation_hours, check.start) <= t
            and not any(r.kind == "escalation" for r in rows)):
        out.append(("escalation", deputy_letters(check.directory, sent, quiet,
                                                 session.run_id)))
    return out


def queue_mail(store: Store, *, run_id: int, mails: Sequence[NewMail]) -> None:
    store.queue_mail(run_id, mails)


def queue_due(session: LiveSession, check: MailCheck, rows: Sequence[OutboxInfo],
              t: float) -> list[str]:
    """Queue what is due at ``t`` (``rows``: the outbox as stored) and record its events,
    through the session; what was queued."""
    done = []
    run_id = session.run_id
    for what, letters in due_letters(session, check, rows, t):
        if not letters:
            continue
        mails = new_mail(check, letters)
        session.save(partial(queue_mail, run_id=run_id, mails=mails), "queue mail")
        kind = "escalation" if what == "escalation" else "reminder"
        first: dict[str, str] = {}
        for m in mails:
            first.setdefault(m.participant, m.message_id)
        for code, mid in first.items():
            session.record(kind, code, t, f"{what} by e-mail, Message-ID {mid}")
        done.append(f"{what} ({len(mails)} message(s))")
    return done


def watch_pass(session: LiveSession, store: WatchStore, check: MailCheck, *,
               connect: Connect, mailbox: OpenMailbox | None, now: datetime | None = None,
               rate: float = 30.0, sleep: Callable[[float], None] = time.sleep,
               in_session: InSession = here) -> Pass:
    """One pass (see the module docstring)."""
    run_id = session.run_id
    rows = store.outbox(run_id)
    at = now or utcnow()
    out = Pass(queued=in_session(lambda: queue_due(session, check, rows, session.hours(at))))
    if store.outbox(run_id, states=("queued",)):
        with connect() as transport:
            out.delivery = deliver(store, check, transport, rate=rate, sleep=sleep)
    if mailbox is not None:
        with mailbox() as box:
            out.taken = take_new(session, store, check, box, in_session)
        if store.outbox(run_id, states=("queued",)):  # a bounce's next contact
            with connect() as transport:
                more = deliver(store, check, transport, rate=rate, sleep=sleep)
            out.delivery.sent += more.sent
            out.delivery.failed += more.failed
            out.delivery.unknown += more.unknown
    out.outbox = dict(Counter(r.state for r in store.outbox(run_id)))
    return out


def take_new(session: LiveSession, store: WatchStore, check: MailCheck, box: ImapMailbox,
             in_session: InSession = here) -> list[tuple[int, str]]:
    """Take in every message of ``box`` whose UID the run has not processed."""
    run_id = session.run_id
    seen = store.seen_uids(run_id, box.label, box.uidvalidity)
    rows, processed = store.outbox(run_id), store.seen_mail(run_id)
    collector = in_session(lambda: Collector(session, check, rows, processed, box.label,
                                             box.uidvalidity))
    out = []
    for uid in box.uids():
        if uid in seen:
            continue
        got = box.fetch(uid)
        if got is not None:
            out.append((uid, in_session(partial(collector.take, got))))
    return out


def wait_for_mail(mailbox: OpenMailbox | None, seconds: float,
                  sleep: Callable[[float], None] = time.sleep,
                  stop: threading.Event | None = None) -> None:
    """Wait ``seconds``, or less when the mailbox announces new mail (IMAP IDLE) or
    ``stop`` is set; a plain wait when it offers no IDLE or cannot be reached (the next
    pass says why)."""
    began = time.monotonic()
    if mailbox is not None and seconds > 0:
        try:
            with mailbox() as box:
                if box.idle(seconds, stop):
                    return
        except MailError:
            pass
    left = seconds - (time.monotonic() - began)
    if left > 0:
        if stop is not None:
            stop.wait(left)
        else:
            sleep(left)


def watch(session: LiveSession, store: WatchStore, check: MailCheck, *, connect: Connect,
          mailbox: OpenMailbox | None, interval: float, passes: int | None = None,
          report: Callable[[Pass], None] = lambda p: None,
          trouble: Callable[[MailError], None] = lambda e: None, rate: float = 30.0,
          sleep: Callable[[float], None] = time.sleep) -> int:
    """Passes every ``interval`` seconds (``passes`` of them, or until interrupted);
    how many were made. A server that fails during a pass is reported to ``trouble`` and
    tried again at the next pass. The run is left resumable (interrupted) when it stops."""
    made = 0
    try:
        while passes is None or made < passes:
            if made:
                wait_for_mail(mailbox, interval, sleep)
            try:
                report(watch_pass(session, store, check, connect=connect, mailbox=mailbox,
                                  rate=rate, sleep=sleep))
            except MailError as e:
                trouble(e)
            made += 1
    finally:
        session.pause("watcher stopped; go on with pocdrill live watch")
    return made

"""Sending through the outbox: queue first, then hand each message to SMTP, marking it
``sending`` before and ``sent`` (or ``failed``) after, at a rate limit.

What a message is (:class:`~results.mail.compose.Letter`) is rebuilt from its outbox row;
the address is looked up in the directory at the moment it is sent (the store never
holds one). ``test_to`` sends every message to one test mailbox instead. A message whose
hand-over fails for any other reason than a refusal (the connection dropped ...) is
marked ``unknown`` at once and sending stops with a
:class:`~results.mail.errors.MailError`: it may have gone out, so it is never sent again
without the facilitator (:meth:`results.store.mail.MailWrites.requeue_mail`).
"""

from __future__ import annotations

import smtplib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import Protocol

from results.mail.compose import Letter, compose
from results.mail.errors import MailError
from results.mail.plan import Sent, keyed
from results.mail.smtp import Refused, Transport
from results.models import utcnow
from results.store.mail import NewMail, OutboxInfo
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory


@dataclass(frozen=True)
class MailCheck:
    """What composing a run's messages needs: the run, its scenario, its directory, the
    start, the sender and (for a test) the one mailbox everything goes to."""

    run_id: int
    scenario: CheckScenario
    directory: Directory
    start: datetime
    sender: str
    test_to: str | None = None

    @property
    def domain(self) -> str:
        return self.sender.rpartition("@")[2]

    def address(self, contact_key: str) -> str:
        """Where a message to ``contact_key`` goes (the test mailbox when there is one)."""
        if self.test_to:
            return self.test_to
        code = contact_key.partition("/")[0]
        for key, c in keyed(self.directory.participant(code)):
            if key == contact_key and c.email:
                return c.email
        raise KeyError(f"{contact_key} has no e-mail address in the directory")

    def message(self, letter: Letter, now: datetime) -> EmailMessage:
        return compose(letter, scenario=self.scenario, directory=self.directory,
                       start=self.start, sender=self.sender,
                       to=self.address(letter.contact_key), now=now)


def new_mail(check: MailCheck, letters: Sequence[Letter], cause: str | None = None
             ) -> list[NewMail]:
    """Outbox rows for ``letters`` (following up the bounce ``cause``, if given)."""
    return [NewMail(x.participant, x.contact_key, x.role, x.token, x.kind, x.n,
                    x.message_id(check.domain), cause) for x in letters]


Queued = OutboxInfo | NewMail
"""An outbox message as stored, or one just queued (not read back yet)."""


def sent_contacts(rows: Sequence[Queued]) -> list[Sent]:
    """Each contact written to (queued or beyond): its token and first message, in order."""
    out: dict[str, Sent] = {}
    for r in rows:
        if r.contact not in out:
            out[r.contact] = Sent(r.participant, r.contact, r.role, r.token, r.message_id)
    return list(out.values())


def letter_of(row: OutboxInfo, rows: Sequence[OutboxInfo]) -> Letter:
    """The letter an outbox row holds (a reminder threads under its contact's first)."""
    first = next((r.message_id for r in rows if r.token == row.token and r.id < row.id), None)
    return Letter(row.participant, row.contact, row.role, row.token, row.kind, row.n,
                  (first,) if first else ())


@dataclass
class Delivery:
    """What one pass over the outbox did (outbox ids)."""

    sent: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)


class OutboxStore(Protocol):
    """The store's outbox part, as sending needs it."""

    def outbox(self, run_id: int, *, states: Sequence[str] = ()) -> list[OutboxInfo]: ...
    def mark_mail(self, outbox_id: int, state: str, error: str | None = None) -> None: ...


def deliver(
    store: OutboxStore, check: MailCheck, transport: Transport, *,
    rate: float = 30.0, sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], datetime] = utcnow, on_sent: Callable[[OutboxInfo], None] | None = None,
) -> Delivery:
    """Send run ``check.run_id``'s queued messages in order, at most ``rate`` a minute."""
    rows = store.outbox(check.run_id)
    done = Delivery()
    gap = 60.0 / rate if rate > 0 else 0.0
    for row in [r for r in rows if r.state == "queued"]:
        if done.sent or done.failed:
            sleep(gap)
        try:
            to = check.address(row.contact)
            msg = check.message(letter_of(row, rows), now())
        except KeyError as e:  # the directory changed since it was queued
            store.mark_mail(row.id, "failed", str(e.args[0] if e.args else e))
            done.failed.append((row.id, str(e)))
            continue
        store.mark_mail(row.id, "sending")
        try:
            transport.send(msg, to)
        except Refused as e:
            store.mark_mail(row.id, "failed", str(e))
            done.failed.append((row.id, str(e)))
            continue
        except BaseException as e:
            store.mark_mail(row.id, "unknown", f"the hand-over failed ({type(e).__name__}); "
                            "it may or may not have gone out")
            done.unknown.append(row.id)
            if isinstance(e, OSError | smtplib.SMTPException):
                raise MailError(f"SMTP: the connection failed while handing over outbox "
                                f"message {row.id} ({type(e).__name__}); its fate is unknown "
                                "and it will not be sent again unless asked") from e
            raise
        store.mark_mail(row.id, "sent")
        done.sent.append(row.id)
        if on_sent is not None:
            on_sent(row)
    return done

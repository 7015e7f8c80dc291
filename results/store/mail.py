"""A live check's e-mail as stored: the outbox, the IMAP messages already processed, and
the headers of mail that matched nothing.

The outbox is what makes sending crash-safe: a message is ``queued`` before anything
touches SMTP, ``sending`` (committed) just before it is handed over, ``sent`` (or
``failed``) after. A message found ``sending`` when its run is opened again was being
handed over when the process died: :meth:`MailWrites.settle_sending` marks it
``unknown``, and nothing sends it again until the facilitator asks
(:meth:`MailWrites.requeue_mail`). No address and no body is ever stored: contacts by key,
messages by token and Message-ID; unmatched mail by its From and Subject headers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Table, insert, select, update

from results.db import NotFound
from results.models import OUTBOX_STATES, TABLES, utcnow
from results.store.base import StoreBase

OUTBOX: Table = TABLES["mail_outbox"]
SEEN: Table = TABLES["mail_seen"]
UNMATCHED: Table = TABLES["mail_unmatched"]


@dataclass(frozen=True)
class OutboxInfo:
    """One outbox message as stored."""

    id: int
    run_id: int
    participant: str
    contact: str
    role: str
    token: str
    kind: str
    n: int
    message_id: str
    state: str
    queued_at: datetime
    sending_at: datetime | None
    sent_at: datetime | None
    error: str | None
    cause: str | None = None
    """The Message-ID of the bounce this message follows up (None otherwise)."""


@dataclass(frozen=True)
class NewMail:
    """A message to put in the outbox."""

    participant: str
    contact: str
    role: str
    token: str
    kind: str
    n: int
    message_id: str
    cause: str | None = None


@dataclass(frozen=True)
class SeenInfo:
    """An IMAP message a watcher has processed, and what it made of it."""

    mailbox: str
    uidvalidity: int
    uid: int
    message_id: str | None
    outcome: str
    participant: str | None
    contact: str | None
    received_at: datetime | None


@dataclass(frozen=True)
class UnmatchedInfo:
    """Headers of a mail that matched nothing (for the facilitator to assign or ignore)."""

    id: int
    message_id: str | None
    sender: str
    subject: str
    received_at: datetime | None
    status: str
    participant: str | None


class MailWrites(StoreBase):
    """The outbox, processed IMAP messages and unmatched mail of live runs."""

    # -- outbox ------------------------------------------------------------------------
    def queue_mail(self, run_id: int, mails: Sequence[NewMail]) -> list[int]:
        """Put ``mails`` in run ``run_id``'s outbox (``queued``); commit; their ids."""

        def tx(conn: Connection) -> list[int]:
            self._require_run(conn, run_id)
            now = utcnow()
            ids = []
            for m in mails:
                r = conn.execute(insert(OUTBOX).values(
                    run_id=run_id, participant=m.participant, contact=m.contact, role=m.role,
                    token=m.token, kind=m.kind, n=m.n, message_id=m.message_id,
                    cause=m.cause, state="queued", queued_at=now))
                ids.append(int(r.inserted_primary_key[0]))  # type: ignore[index]
            return ids

        return self._write(tx)

    def outbox(self, run_id: int, *, states: Sequence[str] = ()) -> list[OutboxInfo]:
        """Run ``run_id``'s outbox in the order it was queued (only ``states`` if given)."""
        q = select(OUTBOX).where(OUTBOX.c.run_id == run_id)
        if states:
            q = q.where(OUTBOX.c.state.in_(list(states)))
        q = q.order_by(OUTBOX.c.id)
        return self._read(lambda c: [OutboxInfo(**r) for r in c.execute(q).mappings()])

    def mark_mail(self, outbox_id: int, state: str, error: str | None = None) -> None:
        """Move outbox message ``outbox_id`` to ``state`` (with its time); commit."""
        if state not in OUTBOX_STATES:
            raise ValueError(f"outbox state {state!r} is not one of {', '.join(OUTBOX_STATES)}")
        values: dict[str, object] = {"state": state, "error": error}
        if state == "sending":
            values["sending_at"] = utcnow()
        if state == "sent":
            values["sent_at"] = utcnow()

        def tx(conn: Connection) -> None:
            n = conn.execute(update(OUTBOX).where(OUTBOX.c.id == outbox_id)
                             .values(**values)).rowcount
            if not n:
                raise NotFound(f"no outbox message {outbox_id} in {self.display_url}")

        self._write(tx)

    def settle_sending(self, run_id: int) -> list[int]:
        """Mark run ``run_id``'s messages left ``sending`` by a dead process ``unknown``;
        commit; their ids. Call only with the run open in this process."""

        def tx(conn: Connection) -> list[int]:
            ids = [r[0] for r in conn.execute(select(OUTBOX.c.id).where(
                OUTBOX.c.run_id == run_id, OUTBOX.c.state == "sending"))]
            if ids:
                conn.execute(update(OUTBOX).where(OUTBOX.c.id.in_(ids)).values(
                    state="unknown", error="the sending process stopped while handing it "
                    "to the SMTP server; it may or may not have gone out"))
            return ids

        return self._write(tx)

    def requeue_mail(self, run_id: int, outbox_id: int) -> None:
        """The facilitator's choice to send an ``unknown`` or ``failed`` message again."""

        def tx(conn: Connection) -> None:
            row = conn.execute(select(OUTBOX.c.state).where(
                OUTBOX.c.id == outbox_id, OUTBOX.c.run_id == run_id)).first()
            if row is None:
                raise NotFound(f"run {run_id} has no outbox message {outbox_id}")
            if row[0] not in ("unknown", "failed"):
                raise ValueError(f"outbox message {outbox_id} is {row[0]}; only an unknown "
                                 "or failed message can be sent again")
            conn.execute(update(OUTBOX).where(OUTBOX.c.id == outbox_id)
                         .values(state="queued", error=None))

        self._write(tx)

    # -- processed IMAP messages -------------------------------------------------------
    def seen_uids(self, run_id: int, mailbox: str, uidvalidity: int) -> set[int]:
        q = select(SEEN.c.uid).where(SEEN.c.run_id == run_id, SEEN.c.mailbox == mailbox,
                                     SEEN.c.uidvalidity == uidvalidity)
        return self._read(lambda c: {int(r[0]) for r in c.execute(q)})

    def mark_seen(self, run_id: int, seen: SeenInfo) -> None:
        """Remember that ``seen`` was processed (and what it was); commit."""

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            conn.execute(insert(SEEN).values(run_id=run_id, seen_at=utcnow(),
                                             **seen.__dict__))

        self._write(tx)

    def seen_mail(self, run_id: int) -> list[SeenInfo]:
        """Run ``run_id``'s processed messages, in the order they were received."""
        q = (select(*(SEEN.c[f] for f in SeenInfo.__dataclass_fields__))
             .where(SEEN.c.run_id == run_id).order_by(SEEN.c.received_at, SEEN.c.uid))
        return self._read(lambda c: [SeenInfo(**r) for r in c.execute(q).mappings()])

    # -- unmatched mail ----------------------------------------------------------------
    def add_unmatched(self, run_id: int, *, message_id: str | None, sender: str,
                      subject: str, received_at: datetime | None) -> int:
        """Keep the headers of a mail that matched nothing; commit; its id."""

        def tx(conn: Connection) -> int:
            self._require_run(conn, run_id)
            r = conn.execute(insert(UNMATCHED).values(
                run_id=run_id, message_id=message_id, sender=sender, subject=subject,
                received_at=received_at, status="open"))
            return int(r.inserted_primary_key[0])  # type: ignore[index]

        return self._write(tx)

    def unmatched(self, run_id: int) -> list[UnmatchedInfo]:
        q = select(UNMATCHED).where(UNMATCHED.c.run_id == run_id).order_by(UNMATCHED.c.id)
        return self._read(lambda c: [
            UnmatchedInfo(**{k: v for k, v in r.items() if k != "run_id"})
            for r in c.execute(q).mappings()])

    def resolve_unmatched(self, run_id: int, unmatched_id: int, *, status: str,
                          participant: str | None = None) -> None:
        """Mark an unmatched mail ``assigned`` (to ``participant``) or ``ignored``."""
        if status not in ("assigned", "ignored"):
            raise ValueError(f"{status!r} is not one of assigned, ignored")

        def tx(conn: Connection) -> None:
            n = conn.execute(update(UNMATCHED).where(
                UNMATCHED.c.id == unmatched_id, UNMATCHED.c.run_id == run_id,
            ).values(status=status, participant=participant)).rowcount
            if not n:
                raise NotFound(f"run {run_id} has no unmatched mail {unmatched_id}")

        self._write(tx)

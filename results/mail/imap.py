"""Reading the answers mailbox over IMAP: its UIDVALIDITY, the UIDs in it, and each
message with the server's receipt time (INTERNALDATE).

The mailbox is opened read-only and messages are fetched with ``BODY.PEEK`` so nothing is
marked read for the people who share it. Between passes a watcher waits with IMAP IDLE
where the server offers it (:meth:`ImapMailbox.idle`), so an answer is taken in as it
arrives. Errors connecting or logging in are one-line :class:`~results.mail.errors.MailError`.
"""

from __future__ import annotations

import imaplib
import re
import select
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from types import TracebackType
from typing import Self

from results.mail.classify import parse
from results.mail.errors import MailError, server_error
from results.mail.settings import Server
from results.mail.smtp import TIMEOUT, tls_context

INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
IDLE_TAG = b"PDIDLE"
STOP_LOOK = 0.5
"""How often (seconds) an IDLE wait looks whether it should stop."""


@dataclass(frozen=True)
class Received:
    """A message in the mailbox: its UID, the server's receipt time and the message."""

    uid: int
    at: datetime
    message: Message


def internal_date(text: bytes) -> datetime:
    """``b'30-Nov-2026 08:01:02 +0100'`` -> an aware UTC instant."""
    return datetime.strptime(text.decode().strip(), "%d-%b-%Y %H:%M:%S %z").astimezone(UTC)


class ImapMailbox:
    """An open, read-only IMAP mailbox (use as a context manager)."""

    def __init__(self, server: Server, mailbox: str = "INBOX", *,
                 timeout: float = TIMEOUT) -> None:
        self.server = server
        self.mailbox = mailbox
        self.timeout = timeout
        self.conn: imaplib.IMAP4 | None = None
        self.uidvalidity = 0

    @property
    def label(self) -> str:
        """The mailbox as stored with the UIDs processed (no password)."""
        s = self.server
        return f"{s.user or ''}@{s.host}:{s.port}/{self.mailbox}"

    def __enter__(self) -> Self:
        s = self.server
        try:
            if s.security == "ssl":
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    s.host, s.port, ssl_context=tls_context(), timeout=self.timeout)
            else:
                conn = imaplib.IMAP4(s.host, s.port, timeout=self.timeout)
                if s.security == "starttls":
                    conn.starttls(ssl_context=tls_context())
            if not s.user or not s.password:
                conn.logout()
                raise MailError(f"IMAP {s.host}:{s.port}: no user or password; set "
                                "POCDRILL_IMAP_USER and POCDRILL_IMAP_PASSWORD")
            conn.login(s.user, s.password)
        except MailError:
            raise
        except imaplib.IMAP4.error as e:
            raise MailError(f"IMAP {s.host}:{s.port}: login refused for {s.user} ({_text(e)})"
                            ) from None
        except OSError as e:
            raise server_error(s, e) from None
        typ, _ = conn.select(_quote(self.mailbox), readonly=True)
        if typ != "OK":
            conn.logout()
            raise MailError(f"IMAP {s.host}:{s.port}: no mailbox {self.mailbox!r}")
        values = [v for v in conn.untagged_responses.get("UIDVALIDITY") or []
                  if isinstance(v, bytes)]
        self.uidvalidity = int(values[-1]) if values else 0
        self.conn = conn
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.conn is not None:
            try:
                self.conn.logout()
            except (OSError, imaplib.IMAP4.error):
                pass
            self.conn = None

    def idle(self, seconds: float, stop: threading.Event | None = None) -> bool:
        """Wait up to ``seconds`` for the server to announce a change (IMAP IDLE, RFC
        2177), or until ``stop`` is set (looked at every half second); False at once
        when the server does not offer IDLE."""
        conn = self.conn
        assert conn is not None
        if "IDLE" not in conn.capabilities:
            return False
        try:
            conn.send(IDLE_TAG + b" IDLE\r\n")
            if not conn.readline().startswith(b"+"):
                self._until_tagged()
                return False
            end = time.monotonic() + max(0.0, seconds)
            while True:
                left = end - time.monotonic()
                step = left if stop is None else min(left, STOP_LOOK)
                ready, _, _ = select.select([conn.socket()], [], [], max(0.0, step))
                if ready:
                    conn.readline()  # "* N EXISTS" or the like: something changed
                    break
                if left <= step or stop is not None and stop.is_set():
                    break
            conn.send(b"DONE\r\n")
            self._until_tagged()
        except OSError as e:
            raise server_error(self.server, e) from None
        return True

    def _until_tagged(self) -> None:
        assert self.conn is not None
        while True:
            line = self.conn.readline()
            if not line or line.startswith(IDLE_TAG + b" "):
                return

    def uids(self) -> list[int]:
        """Every UID in the mailbox, ascending (a fresh look: NOOP first)."""
        assert self.conn is not None
        self.conn.noop()
        typ, data = self.conn.uid("SEARCH", "ALL")
        if typ != "OK":
            raise MailError(f"IMAP {self.server.host}: search failed")
        return sorted(int(x) for x in (data[0] or b"").split())

    def fetch(self, uid: int) -> Received | None:
        """Message ``uid`` with its INTERNALDATE (None when it has gone)."""
        assert self.conn is not None
        typ, data = self.conn.uid("FETCH", str(uid), "(INTERNALDATE BODY.PEEK[])")
        if typ != "OK":
            return None
        for item in data:
            if isinstance(item, tuple):
                found = INTERNALDATE.search(item[0])
                if found is None:
                    continue
                return Received(uid, internal_date(found.group(1)), parse(item[1]))
        return None


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(e: BaseException) -> str:
    arg = e.args[0] if e.args else e
    return arg.decode(errors="replace") if isinstance(arg, bytes) else str(arg)

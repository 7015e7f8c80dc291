"""Sending over SMTP (implicit TLS, STARTTLS, or plain text on loopback when asked), and
a folder of ``.eml`` files for a dry run: both take a message and its one recipient."""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable
from contextlib import AbstractContextManager
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from results.mail.errors import MailError, server_error
from results.mail.settings import Server
from results.personal_files import write_personal

TIMEOUT = 30.0


class Refused(Exception):
    """The server refused this one message (its recipient, or its content)."""


class Transport(Protocol):
    """Where composed messages go: an SMTP server, or a folder of files."""

    def send(self, msg: EmailMessage, to: str) -> None: ...


Connect = Callable[[], AbstractContextManager[Transport]]
"""Opens a transport for one batch of messages (an SMTP session, a folder)."""


def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


class SmtpTransport:
    """An open SMTP session (use as a context manager); errors are :class:`MailError`."""

    def __init__(self, server: Server, *, timeout: float = TIMEOUT) -> None:
        self.server = server
        self.timeout = timeout
        self.conn: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        s = self.server
        try:
            if s.security == "ssl":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout,
                                                      context=tls_context())
            else:
                conn = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
                if s.security == "starttls":
                    conn.starttls(context=tls_context())
            if s.user:
                if not s.password:
                    conn.close()
                    raise MailError(f"SMTP {s.host}:{s.port}: no password for {s.user}; set "
                                    "POCDRILL_SMTP_PASSWORD or put it in the settings file")
                conn.login(s.user, s.password)
        except MailError:
            raise
        except (OSError, smtplib.SMTPException) as e:
            raise server_error(s, e) from None
        self.conn = conn
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (OSError, smtplib.SMTPException):
                self.conn.close()
            self.conn = None

    def send(self, msg: EmailMessage, to: str) -> None:
        """Hand ``msg`` to the server for ``to``: :class:`Refused` when the server refuses
        it; any other failure (the connection lost ...) propagates: its fate is unknown."""
        assert self.conn is not None, "open the transport first (with ...)"
        try:
            self.conn.send_message(msg, to_addrs=[to])
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                smtplib.SMTPDataError) as e:
            raise Refused(_refusal(e)) from None


def _refusal(e: smtplib.SMTPException) -> str:
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        codes = [f"{c} {m.decode(errors='replace')}" for c, m in e.recipients.values()]
        return "recipient refused: " + "; ".join(codes)
    code = getattr(e, "smtp_code", "")
    err = getattr(e, "smtp_error", b"")
    text = err.decode(errors="replace") if isinstance(err, bytes) else str(err)
    return f"refused: {code} {text}".strip()


class FolderTransport:
    """A dry run: each message written as ``NNN-CODE-ROLE-KIND.eml`` in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Path] = []

    def __enter__(self) -> Self:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise MailError(f"{self.folder}: cannot create ({e.strerror or e})") from None
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, msg: EmailMessage, to: str) -> None:
        kind = str(msg.get("X-Pocdrill-Kind", "check"))
        tag = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(msg.get("X-Pocdrill-Contact", "")))
        path = self.folder / f"{len(self.files) + 1:04d}-{tag}-{kind}.eml"
        write_personal(path, bytes(msg))  # an address and a name: the owner's alone
        self.files.append(path)

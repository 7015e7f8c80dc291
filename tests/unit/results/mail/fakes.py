"""A transport and a mailbox in memory, for the rules of sending and collecting."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage, Message
from typing import Self

from results.mail.classify import parse
from results.mail.imap import Received
from results.mail.smtp import Refused


class MemoryTransport:
    """Keeps what it is handed; refuses addresses in ``refuse``; dies at ``die_at``."""

    def __init__(self, refuse: tuple[str, ...] = (), die_at: int | None = None) -> None:
        self.sent: list[tuple[EmailMessage, str]] = []
        self.refuse = refuse
        self.die_at = die_at

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send(self, msg: EmailMessage, to: str) -> None:
        if self.die_at is not None and len(self.sent) == self.die_at:
            raise ConnectionResetError("connection lost")
        if to in self.refuse:
            raise Refused(f"recipient refused: 550 {to}")
        self.sent.append((msg, to))


class MemoryMailbox:
    """A mailbox whose messages get UIDs 1, 2, ... as they arrive."""

    def __init__(self, label: str = "secretariat@127.0.0.1:143/INBOX",
                 uidvalidity: int = 1) -> None:
        self.label = label
        self.uidvalidity = uidvalidity
        self.messages: dict[int, Received] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def deliver(self, msg: Message, at: datetime) -> int:
        uid = len(self.messages) + 1
        self.messages[uid] = Received(uid, at, parse(bytes(msg)))
        return uid

    def idle(self, seconds: float, stop: object = None) -> bool:
        return False  # no IDLE: the watcher sleeps

    def uids(self) -> list[int]:
        return sorted(self.messages)

    def fetch(self, uid: int) -> Received | None:
        return self.messages.get(uid)

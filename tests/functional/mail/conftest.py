"""The loopback mail server (``.ci/mailserver.py``: Dovecot IMAP and LMTP, an SMTP
front) as the tests reach it, and the command line run against it.

``mail_server`` is skipped with a reason when ``POCDRILL_TEST_SMTP_PORT`` and
``POCDRILL_TEST_IMAP_PORT`` are not set, unless ``POCDRILL_REQUIRE_MAIL=1`` (CI), which
makes a missing server a failure. Each test gets its own secretariat folder
(``secretariat+TAG@`` is delivered into the folder ``TAG``), so tests never read each
other's answers.
"""

from __future__ import annotations

import imaplib
import os
import smtplib
import subprocess
import sys
import uuid
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from results.mail.classify import parse
from tests import ROOT
from tests.mail_support import DOMAIN, mail_workspace

REQUIRE_MAIL_ENV = "POCDRILL_REQUIRE_MAIL"


@dataclass
class MailServer:
    host: str
    smtp_port: int
    imap_port: int
    password: str

    def send(self, msg: Message, sender: str, to: str) -> None:
        """Send ``msg`` through the SMTP front, as a person's mail client would."""
        with smtplib.SMTP(self.host, self.smtp_port, timeout=30) as s:
            s.send_message(msg, from_addr=sender, to_addrs=[to])

    def find(self, user: str, message_id: str, mailbox: str = "INBOX") -> Message:
        """The message ``message_id`` in ``user``'s mailbox (as delivered)."""
        c = imaplib.IMAP4(self.host, self.imap_port, timeout=30)
        try:
            c.login(user, self.password)
            c.select(mailbox, readonly=True)
            _, data = c.uid("SEARCH", "HEADER", "Message-ID", message_id)
            uids = (data[0] or b"").split()
            assert uids, f"{message_id} was not delivered to {user}/{mailbox}"
            _, got = c.uid("FETCH", uids[-1], "(BODY.PEEK[])")
            item = next(x for x in got if isinstance(x, tuple))
            return parse(item[1])
        finally:
            c.logout()

    def create(self, user: str, mailbox: str) -> None:
        """Create ``user``'s folder ``mailbox`` (delivery creates it too, but a watcher may
        look first)."""
        c = imaplib.IMAP4(self.host, self.imap_port, timeout=30)
        try:
            c.login(user, self.password)
            c.create(mailbox)
        finally:
            c.logout()

    def env(self, tag: str, **extra: str) -> dict[str, str]:
        """The settings ``pocdrill live`` reads, for the secretariat folder ``tag``."""
        return {
            "POCDRILL_MAIL_CONFIG": "/nonexistent/mail.toml",
            "POCDRILL_MAIL_FROM": f"secretariat+{tag}@{DOMAIN}",
            "POCDRILL_SMTP_HOST": self.host, "POCDRILL_SMTP_PORT": str(self.smtp_port),
            "POCDRILL_SMTP_SECURITY": "plain",
            "POCDRILL_IMAP_HOST": self.host, "POCDRILL_IMAP_PORT": str(self.imap_port),
            "POCDRILL_IMAP_SECURITY": "plain", "POCDRILL_IMAP_USER": f"secretariat@{DOMAIN}",
            "POCDRILL_IMAP_PASSWORD": self.password, "POCDRILL_IMAP_MAILBOX": tag,
            **extra,
        }


@pytest.fixture
def mail_server() -> MailServer:
    smtp, imap = (os.environ.get(f"POCDRILL_TEST_{x}_PORT", "").strip() for x in ("SMTP", "IMAP"))
    if not smtp or not imap:
        if os.environ.get(REQUIRE_MAIL_ENV) == "1":
            pytest.fail(f"{REQUIRE_MAIL_ENV}=1 but POCDRILL_TEST_SMTP_PORT and "
                        "POCDRILL_TEST_IMAP_PORT are not set")
        pytest.skip("no loopback mail server: start one with .ci/mailserver.py start DIR "
                    "and export what it prints")
    return MailServer(os.environ.get("POCDRILL_TEST_MAIL_HOST", "127.0.0.1"), int(smtp),
                      int(imap), os.environ.get("POCDRILL_TEST_MAIL_PASSWORD", "mailbox-pass-9"))


@pytest.fixture
def tag(mail_server: MailServer) -> str:
    """A folder of the secretariat's own for this test."""
    name = "t" + uuid.uuid4().hex[:12]
    mail_server.create(f"secretariat@{DOMAIN}", name)
    return name


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The mail check scenario and its directory; the scenario file."""
    return mail_workspace(tmp_path / "ws")


def live(*args: str, env: dict[str, str], db: str, cwd: Path | None = None,
         stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``pocdrill live ARGS --db DB`` from this tree, with only ``env``'s mail settings."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("POCDRILL_SMTP_", "POCDRILL_IMAP_", "POCDRILL_MAIL_"))}
    return subprocess.run(
        [sys.executable, "-m", "pocdrill", "live", *args, "--db", db],
        capture_output=True, text=True, cwd=cwd or ROOT, input=stdin, timeout=300,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
    )


def live_popen(*args: str, env: dict[str, str], db: str) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("POCDRILL_SMTP_", "POCDRILL_IMAP_", "POCDRILL_MAIL_"))}
    return subprocess.Popen(
        [sys.executable, "-m", "pocdrill", "live", *args, "--db", db],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
    )

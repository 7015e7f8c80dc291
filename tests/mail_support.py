"""A small check by e-mail: four states whose addresses live on one mail domain (the
loopback Dovecot server of ``.ci/mailserver.py`` in functional tests), and the messages
people send back (replies, a DSN bounce, a vacation auto-reply), built with ``email``.

XA has a policy, a technical and a deputy policy contact; XB and XC a policy and a
technical one; XD's policy address does not exist (it bounces) and its deputy takes over.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid
from pathlib import Path

from simulator.io.directory_files import save_directory
from simulator.model.directory import Contact, Directory, Participant

DOMAIN = "pocdrill.test"
SECRETARIAT = f"secretariat@{DOMAIN}"
USERS = ("secretariat", "p.xa", "t.xa", "dp.xa", "p.xb", "t.xb", "p.xc", "t.xc", "dp.xd",
         "tester")
"""The mailboxes of the test server (``gone.xd`` is deliberately not one)."""
START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

CHECK = """\
name: Mail check
directory: {file: ../directories/mail.yaml}
check:
  start: 2026-03-10T12:00:00Z
  deadline: 4h
  level: task
  recipients: [policy, technical]
  reminders: [1h]
  escalate_to_deputies: true
  escalate_after: 2h
  phone_follow_up: 3h
  secretariat: {duty_24_7: true}  # acts at the offsets, whatever day the test runs
message:
  sender_name: Test secretariat
  subject: "Communication check for {participant}, answer by {deadline}"
  body: |
    Dear {role} point of contact of {participant} ({code}),
    please reply to acknowledge by {deadline} ({deadline_utc}).
    {tasks}
  tasks: [Confirm your details.]
"""


def address(local: str, domain: str = DOMAIN) -> str:
    return f"{local}@{domain}"


def mail_directory(domain: str = DOMAIN) -> Directory:
    def c(role: str, local: str, phone: str | None = None) -> Contact:
        return Contact(role=role, email=address(local, domain), phone=phone)

    parts = [
        Participant(code="XA", name="State XA", timezone="Europe/Berlin", contacts=[
            c("policy", "p.xa", "+00 555 0101"), c("technical", "t.xa"),
            c("deputy_policy", "dp.xa")]),
        Participant(code="XB", name="State XB", timezone="Asia/Tokyo", contacts=[
            c("policy", "p.xb", "+00 555 0102"), c("technical", "t.xb")]),
        Participant(code="XC", name="State XC", timezone="America/New_York", contacts=[
            c("policy", "p.xc"), c("technical", "t.xc")]),
        Participant(code="XD", name="State XD", timezone="UTC", contacts=[
            c("policy", "gone.xd", "+00 555 0104"), c("deputy_policy", "dp.xd")]),
    ]
    return Directory(name="Mail", organisation="Test", participants=parts)


def mail_workspace(root: Path, domain: str = DOMAIN, check: str = CHECK) -> Path:
    """Write ``scenarios/mail-check.yaml`` and its directory under ``root``; the scenario."""
    (root / "directories").mkdir(parents=True, exist_ok=True)
    (root / "scenarios").mkdir(parents=True, exist_ok=True)
    save_directory(mail_directory(domain), root / "directories" / "mail.yaml")
    path = root / "scenarios" / "mail-check.yaml"
    path.write_text(check, encoding="utf-8")
    return path


def reply(to_msg: Message, sender: str, text: str = "Received, thank you.", *,
          strip_token: bool = False, to: str = SECRETARIAT) -> EmailMessage:
    """A person's reply to ``to_msg`` (threaded, ``Re:`` subject), optionally with the
    token stripped from both the subject and the thread."""
    m = EmailMessage()
    subject = " ".join(str(to_msg["Subject"]).split())
    m["Subject"] = "Re: " + (subject.split("] ", 1)[-1] if strip_token else subject)
    m["From"] = sender
    m["To"] = to
    m["Date"] = format_datetime(datetime.now(UTC))
    m["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    if not strip_token:
        m["In-Reply-To"] = str(to_msg["Message-ID"])
        m["References"] = str(to_msg["Message-ID"])
    quoted = bytes(to_msg.get_payload(decode=True)).decode("utf-8", errors="replace")
    m.set_content(text + "\n\n> " + "\n> ".join(quoted.splitlines()))
    return m


def vacation(to_msg: Message, sender: str, to: str = SECRETARIAT) -> EmailMessage:
    """An RFC 3834 vacation auto-reply to ``to_msg``."""
    m = EmailMessage()
    m["Subject"] = "Auto: " + " ".join(str(to_msg["Subject"]).split())
    m["From"] = sender
    m["To"] = to
    m["Auto-Submitted"] = "auto-replied"
    m["In-Reply-To"] = str(to_msg["Message-ID"])
    m["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    m.set_content("I am away until Monday.")
    return m


def dsn(original: EmailMessage, failed: str, to: str = SECRETARIAT,
        action: str = "failed", headers_only: bool = False) -> Message:
    """An RFC 3464 delivery status notification for ``original`` to ``failed`` (the
    original returned whole, or only its headers)."""
    m = MIMEMultipart("report", report_type="delivery-status")
    m["Subject"] = "Undelivered Mail Returned to Sender"
    m["From"] = f"MAILER-DAEMON@{to.rpartition('@')[2]}"
    m["To"] = to
    m["Auto-Submitted"] = "auto-replied"
    m["Message-ID"] = make_msgid(domain="mailer.test")
    m.attach(MIMEText(f"Your message to {failed} could not be delivered.\n"))
    per_msg, per_rcpt = Message(), Message()
    per_msg["Reporting-MTA"] = "dns; mailer.test"
    per_rcpt["Final-Recipient"] = f"rfc822; {failed}"
    per_rcpt["Action"] = action
    per_rcpt["Status"] = "5.1.1" if action == "failed" else "4.4.1"
    status = Message()
    status.set_type("message/delivery-status")
    status.set_payload([per_msg, per_rcpt])
    m.attach(status)
    if headers_only:
        head = MIMEText("".join(f"{k}: {v}\n" for k, v in original.items()), "rfc822-headers")
        m.attach(head)
    else:
        m.attach(MIMEMessage(original))
    return m

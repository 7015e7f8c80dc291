"""Composing a check's e-mail from the scenario's message text (:mod:`simulator.model.message`).

Every message is plain text with the token in its subject tag and its Message-ID; a
reminder or an escalation threads (``In-Reply-To``/``References``) under the check the
contact was sent first, so a reply to any of them carries the token back. The deadline is
written in the recipient's local time (the participant's time zone) and in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from zoneinfo import ZoneInfo

from results.mail.tokens import message_id, subject_tag
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory, Participant
from simulator.model.message import MessageSpec

KINDS = ("check", "reminder", "escalation")
"""What a message is: the check, a reminder, or the copy to a deputy on escalation."""


class NoMessageText(ValueError):
    """The scenario has no message text to send."""


def message_of(scenario: CheckScenario, source: str = "the scenario") -> MessageSpec:
    """The scenario's message text; :class:`NoMessageText` when it has none."""
    if scenario.message is None:
        raise NoMessageText(f"{source}: has no message text; add a message: block with "
                            "subject and body to send it")
    return scenario.message


def deadline_local(start: datetime, hours: float, zone: str) -> str:
    """``Monday 09 March 2026, 16:00 CET``: the deadline in ``zone``'s local time."""
    local = (start + timedelta(hours=hours)).astimezone(ZoneInfo(zone))
    return f"{local:%A %d %B %Y, %H:%M} {local.tzname()}"


def deadline_utc(start: datetime, hours: float) -> str:
    return f"{(start + timedelta(hours=hours)).astimezone(ZoneInfo('UTC')):%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True)
class Letter:
    """One message to compose: to whom (by contact key and role), which kind, its thread."""

    participant: str
    contact_key: str
    role: str
    token: str
    kind: str
    n: int
    """The how-manieth message of its kind to this contact (1 for the first)."""
    thread: tuple[str, ...] = ()
    """Message-IDs this one answers in the thread (the check sent first)."""

    def message_id(self, domain: str) -> str:
        return message_id(self.token, self.kind, self.n, domain)


def texts(spec: MessageSpec, kind: str) -> tuple[str, str]:
    """The subject and body templates of a message of ``kind``."""
    if kind == "reminder":
        return (spec.reminder_subject or f"Reminder: {spec.subject}",
                spec.reminder_body or spec.body)
    if kind == "escalation":
        return spec.subject, spec.escalation_body or spec.body
    return spec.subject, spec.body


def fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values)


def compose(
    letter: Letter, *, scenario: CheckScenario, directory: Directory, start: datetime,
    sender: str, to: str, now: datetime,
) -> EmailMessage:
    """The e-mail for ``letter`` from ``sender`` to ``to`` (the contact's address, or a
    test mailbox), dated ``now``."""
    spec = message_of(scenario)
    p: Participant = directory.participant(letter.participant)
    hours = scenario.check.deadline
    values = {
        "participant": p.name, "code": p.code, "role": letter.role,
        "deadline": deadline_local(start, hours, p.timezone),
        "deadline_utc": deadline_utc(start, hours),
        "tasks": "\n".join(f"- {t}" for t in spec.tasks),
        "scenario": scenario.name, "organisation": directory.organisation,
    }
    subject, body = texts(spec, letter.kind)
    msg = EmailMessage()
    msg["Subject"] = f"{subject_tag(letter.token)} {fill(subject, values)}"
    msg["From"] = formataddr((spec.sender_name, sender))
    msg["To"] = to
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = letter.message_id(sender.rpartition("@")[2])
    if letter.thread:
        msg["In-Reply-To"] = letter.thread[-1]
        msg["References"] = " ".join(letter.thread)
    msg["X-Pocdrill-Kind"] = letter.kind
    msg["X-Pocdrill-Contact"] = letter.contact_key
    msg.set_content(fill(body, values))
    return msg

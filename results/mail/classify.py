"""What a received message is: a delivery status notification (RFC 3464), an automatic
reply (RFC 3834 and common vendor formats), or a person's reply; and which tokens and
addresses tie it to a participant.

Parsing is pure (an :class:`email.message.Message` in, an :class:`Incoming` out). The
body is read here, to find a bounce's original message and whether a reply says the
tasks are done, and kept nowhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr

from results.mail.tokens import MESSAGE_ID, SUBJECT_TAG, tokens_in

AUTO_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?(reply|response)|autoreply|"
    r"vacation|on leave|absence|abwesenheit|r[ée]ponse automatique|respuesta autom[aá]tica|"
    r"risposta automatica|automatisch antwoord)", re.IGNORECASE)
"""Subjects vacation responders use when they set no header."""

DONE = re.compile(
    r"\b(tasks?\s+(are\s+|is\s+)?(done|completed|answered|complete)|(all\s+)?tasks?\s+"
    r"completed|answers?\s+(to\s+the\s+tasks\s+)?(below|attached|enclosed)|"
    r"completed\s+the\s+tasks?)\b", re.IGNORECASE)
"""A reply that says it answers the tasks."""


@dataclass(frozen=True)
class Incoming:
    """A received message as the watcher sees it (nothing here is stored but the
    Message-ID, the kind and, for unmatched mail, ``sender`` and ``subject``)."""

    kind: str
    """``bounce`` (a failed delivery), ``delayed`` (a delay notice), ``receipt`` (a
    delivery or relay notice), ``auto_reply`` or ``reply``."""
    message_id: str | None
    sender: str
    """The From header as written (``Name <address>``)."""
    sender_address: str
    subject: str
    tokens: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    """A bounce's failed recipient addresses (lower case)."""
    says_done: bool = False


def header(msg: Message, name: str) -> str:
    """Header ``name`` decoded (RFC 2047 words), on one line."""
    value = msg.get(name)
    if value is None:
        return ""
    try:
        text = str(make_header(decode_header(str(value))))
    except (UnicodeDecodeError, LookupError, HeaderParseError):
        text = str(value)
    return " ".join(text.split())


def parse(raw: bytes) -> Message:
    return message_from_bytes(raw, policy=policy.compat32)


def _dsn(msg: Message) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """(kind, failed recipients, tokens of the original) of a DSN; None if not one."""
    report_type = msg.get_param("report-type")
    if msg.get_content_type() != "multipart/report" or \
            not isinstance(report_type, str) or report_type.lower() != "delivery-status":
        return None
    actions, failed, tokens = [], [], []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            groups = part.get_payload()
            for group in groups[1:] if isinstance(groups, list) else []:
                if not isinstance(group, Message):
                    continue
                action = str(group.get("Action", "")).strip().lower()
                actions.append(action)
                if action == "failed":
                    rcpt = str(group.get("Final-Recipient") or group.get("Original-Recipient")
                               or "")
                    failed.append(rcpt.partition(";")[2].strip().lower() or rcpt.lower())
        elif ctype in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            tokens += _original_tokens(part)
    kind = "bounce" if "failed" in actions else "delayed" if "delayed" in actions \
        else "receipt"
    return kind, tuple(failed), tuple(dict.fromkeys(tokens))


def _original_tokens(part: Message) -> list[str]:
    """Tokens in the returned original (its Message-ID and subject tag)."""
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        original: Message = payload[0]
    else:
        text = part.get_payload(decode=True) or b""
        original = parse(text if isinstance(text, bytes) else str(text).encode())
    found = [m.lower() for m in MESSAGE_ID.findall(str(original.get("Message-ID", "")))]
    found += [m.lower() for m in SUBJECT_TAG.findall(str(original.get("Subject", "")))]
    return found + tokens_in(original)


def is_auto_reply(msg: Message) -> bool:
    """RFC 3834 ``Auto-Submitted`` (anything but ``no``), vendor headers, or a vacation
    subject."""
    auto = str(msg.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return True
    if msg.get("X-Autoreply") or msg.get("X-Autorespond") or msg.get("X-Autoresponder"):
        return True
    if str(msg.get("Precedence", "")).strip().lower() in ("auto_reply", "bulk", "junk"):
        return True
    return bool(AUTO_SUBJECT.match(header(msg, "Subject")))


def reply_text(msg: Message) -> str:
    """The plain text a person wrote (quoted lines dropped); never kept."""
    for part in msg.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            data = part.get_payload(decode=True)
            if isinstance(data, bytes):
                text = data.decode(part.get_content_charset() or "utf-8", errors="replace")
                return "\n".join(x for x in text.splitlines() if not x.lstrip().startswith(">"))
    return ""


def classify(msg: Message) -> Incoming:
    """What ``msg`` is (see the module docstring)."""
    sender = header(msg, "From")
    address = parseaddr(sender)[1].lower()
    subject = header(msg, "Subject")
    mid = str(msg.get("Message-ID", "")).strip() or None
    dsn = _dsn(msg)
    if dsn is not None:
        kind, failed, tokens = dsn
        return Incoming(kind, mid, sender, address, subject, tokens, failed)
    tokens = tuple(tokens_in(msg))
    if is_auto_reply(msg):
        return Incoming("auto_reply", mid, sender, address, subject, tokens)
    return Incoming("reply", mid, sender, address, subject, tokens,
                    says_done=bool(DONE.search(reply_text(msg))))


def addresses_in(msg: Message, header: str) -> list[str]:
    return [a.lower() for _, a in getaddresses(msg.get_all(header, [])) if a]

"""The token that ties an answer to its participant and contact, and where it travels.

A token is address-free (``r12-3f9a0c61b2``: the run and ten random hex digits) and goes
out twice: in the subject tag ``[pocdrill:r12-3f9a0c61b2]`` and in the Message-ID
``<pocdrill.r12-3f9a0c61b2.check1@example.org>`` that a reply's ``In-Reply-To`` and
``References`` carry back. It is never a link: a scanner that opens links cannot fake an
acknowledgement.
"""

from __future__ import annotations

import re
import secrets
from email.message import Message

TOKEN = r"r\d+-[0-9a-f]{10}"
SUBJECT_TAG = re.compile(r"\[pocdrill:(" + TOKEN + r")\]", re.IGNORECASE)
MESSAGE_ID = re.compile(r"<pocdrill\.(" + TOKEN + r")\.[a-z]+\d*@[^>\s]+>", re.IGNORECASE)


def new_token(run_id: int) -> str:
    """A fresh token for one contact of run ``run_id``."""
    return f"r{run_id}-{secrets.token_hex(5)}"


def subject_tag(token: str) -> str:
    return f"[pocdrill:{token}]"


def message_id(token: str, kind: str, n: int, domain: str) -> str:
    """The Message-ID of the ``n``-th message of ``kind`` (check, reminder ...) to a token."""
    return f"<pocdrill.{token}.{kind}{n}@{domain}>"


def tokens_in(msg: Message) -> list[str]:
    """Tokens a received message carries: In-Reply-To and References first (the thread),
    then the subject tag; lower-case, without repeats."""
    found: list[str] = []
    for header in ("In-Reply-To", "References"):
        for value in msg.get_all(header, []):
            found += [m.lower() for m in MESSAGE_ID.findall(str(value))]
    found += [m.lower() for m in SUBJECT_TAG.findall(str(msg.get("Subject", "")))]
    return list(dict.fromkeys(found))

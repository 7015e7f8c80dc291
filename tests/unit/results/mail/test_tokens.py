"""Tokens travel in the subject tag and the Message-ID thread, and come back from both."""

from __future__ import annotations

import re
from email.message import EmailMessage

from results.mail.tokens import message_id, new_token, subject_tag, tokens_in


def test_a_token_names_the_run_and_no_address() -> None:
    tok = new_token(12)
    assert re.fullmatch(r"r12-[0-9a-f]{10}", tok)
    assert new_token(12) != tok
    assert "@" not in tok


def test_tokens_come_back_from_the_thread_then_the_subject() -> None:
    m = EmailMessage()
    m["Subject"] = "Re: " + subject_tag("r3-aaaaaaaaaa") + " Check"
    m["In-Reply-To"] = message_id("r3-bbbbbbbbbb", "reminder", 2, "example.org")
    m["References"] = (message_id("r3-bbbbbbbbbb", "check", 1, "example.org") + " "
                       "<other@elsewhere> " + message_id("r3-cccccccccc", "check", 1, "x.org"))
    assert tokens_in(m) == ["r3-bbbbbbbbbb", "r3-cccccccccc", "r3-aaaaaaaaaa"]


def test_a_message_without_a_token_has_none() -> None:
    m = EmailMessage()
    m["Subject"] = "Re: [pocdrill:not-a-token] hello"
    m["In-Reply-To"] = "<abc@example.org>"
    assert tokens_in(m) == []

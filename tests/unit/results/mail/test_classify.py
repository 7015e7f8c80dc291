"""What a received message is, from real ``email`` messages: DSNs (RFC 3464), automatic
replies (RFC 3834, vendor headers, vacation subjects), replies that say they are done."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from results.mail.classify import classify, parse
from results.mail.compose import Letter, compose
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from tests.mail_support import SECRETARIAT, START, dsn, reply, vacation

TOKEN = "r1-0123456789"


@pytest.fixture()
def sent(scenario: CheckScenario, directory: Directory) -> EmailMessage:
    letter = Letter("XD", "XD/policy", "policy", TOKEN, "check", 1)
    return compose(letter, scenario=scenario, directory=directory, start=START,
                   sender=SECRETARIAT, to="gone.xd@pocdrill.test", now=START)


@pytest.mark.parametrize("headers_only", [False, True], ids=["whole", "headers"])
def test_a_failed_dsn_is_a_bounce_with_the_original_token(
        sent: EmailMessage, headers_only: bool) -> None:
    got = classify(parse(bytes(dsn(sent, "Gone.XD@pocdrill.test", headers_only=headers_only))))
    assert got.kind == "bounce"
    assert got.tokens == (TOKEN,)
    assert got.recipients == ("gone.xd@pocdrill.test",)


def test_a_delay_notice_is_not_a_bounce(sent: EmailMessage) -> None:
    assert classify(parse(bytes(dsn(sent, "gone.xd@pocdrill.test", action="delayed")))
                    ).kind == "delayed"


def test_a_reply_carries_the_token_and_what_it_says(sent: EmailMessage) -> None:
    got = classify(parse(bytes(reply(sent, "p.xa@pocdrill.test"))))
    assert (got.kind, got.tokens, got.says_done) == ("reply", (TOKEN,), False)
    done = classify(parse(bytes(reply(sent, "P.XA@pocdrill.test", "All tasks completed."))))
    assert done.says_done and done.sender_address == "p.xa@pocdrill.test"


def test_quoted_text_does_not_count_as_saying_so(sent: EmailMessage) -> None:
    m = reply(sent, "p.xa@pocdrill.test", "Thanks\n> the tasks are done")
    assert not classify(parse(bytes(m))).says_done


def test_a_stripped_token_leaves_only_the_sender(sent: EmailMessage) -> None:
    got = classify(parse(bytes(reply(sent, "p.xa@pocdrill.test", strip_token=True))))
    assert got.kind == "reply" and got.tokens == ()


@pytest.mark.parametrize(("header", "value", "subject"), [
    ("Auto-Submitted", "auto-replied", "Re: check"),
    ("X-Autoreply", "yes", "Re: check"),
    ("X-Autorespond", "yes", "Re: check"),
    ("Precedence", "auto_reply", "Re: check"),
    (None, None, "Out of Office: check"),
    (None, None, "Automatic reply: check"),
    (None, None, "Abwesenheitsnotiz: check"),
    (None, None, "Réponse automatique : check"),
])
def test_automatic_replies_are_never_replies(
        sent: EmailMessage, header: str | None, value: str | None, subject: str) -> None:
    m = reply(sent, "p.xa@pocdrill.test")
    m.replace_header("Subject", subject)
    if header:
        m[header] = value
    assert classify(parse(bytes(m))).kind == "auto_reply"


def test_auto_submitted_no_is_a_person(sent: EmailMessage) -> None:
    m = reply(sent, "p.xa@pocdrill.test")
    m["Auto-Submitted"] = "no"
    assert classify(parse(bytes(m))).kind == "reply"


def test_a_vacation_reply_keeps_its_token(sent: EmailMessage) -> None:
    got = classify(parse(bytes(vacation(sent, "p.xa@pocdrill.test"))))
    assert got.kind == "auto_reply" and got.tokens == (TOKEN,)

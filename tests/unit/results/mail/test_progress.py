"""What a pass did, as the faces show it: counts by outcome, the outbox, the last error,
and a quiet pass recalling the last one that did something."""

from __future__ import annotations

from datetime import UTC, datetime

from results.mail.outbox import Delivery
from results.mail.progress import Pass, WatchState, outbox_text

AT = datetime(2026, 3, 10, 12, 3, 5, tzinfo=UTC)


def test_a_pass_counts_what_it_sent_and_took_in() -> None:
    p = Pass(queued=["reminder 1 (5 message(s))"], delivery=Delivery(sent=[1, 2, 3],
             failed=[(4, "recipient refused")], unknown=[5]),
             taken=[(1, "acknowledged"), (2, "acknowledged+completion"), (3, "bounced"),
                    (4, "auto_reply"), (5, "unmatched"), (6, "already_recorded")])
    assert p.outcomes()["acknowledged"] == 2
    assert p.outcomes()["completion to confirm"] == 1
    assert p.summary() == (
        "queued reminder 1 (5 message(s)); sent 3, refused 1, unknown 1; acknowledged 2, "
        "completion to confirm 1, bounced 1, auto-reply 1, unmatched 1, already recorded 1")
    assert Pass().summary() == "nothing new"


def test_the_outbox_reads_queued_even_when_none() -> None:
    assert outbox_text({"sent": 9, "unknown": 1}) == "outbox 0 queued, 9 sent, 1 unknown"


def test_the_mail_line_over_passes() -> None:
    w = WatchState(60)
    assert w.line() == "mail: watching every 60s"
    w.passed(Pass(delivery=Delivery(sent=[1]), taken=[(7, "acknowledged")],
                  outbox={"sent": 8}), AT)
    assert w.line() == ("mail: watching every 60s · last pass 12:03:05 UTC: sent 1; "
                        "acknowledged 1 · outbox 0 queued, 8 sent")
    later = AT.replace(minute=4)
    w.passed(Pass(outbox={"sent": 8}), later)
    assert "last pass 12:04:05 UTC: nothing new (12:03:05: sent 1; acknowledged 1)" \
        in w.line()
    w.failed("IMAP 127.0.0.1:143: login refused for secretariat (wrong password)", later)
    assert w.line().endswith("error: IMAP 127.0.0.1:143: login refused for secretariat "
                             "(wrong password) (trying again in 60s)")
    assert "last pass 12:04:05 UTC: failed" in w.line()
    w.paused = True
    assert w.line().startswith("mail: paused; nothing is sent or collected")
    assert "trying again" not in w.line()
    w.passed(Pass(outbox={"sent": 8}), later)
    assert "error" not in w.line()  # a pass that works clears it
    assert WatchState(60, stopped="no SMTP server").line() == \
        "mail: not watching (no SMTP server)"

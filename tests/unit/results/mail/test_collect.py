"""Collecting: replies acknowledge at the server's time, bounces go to the next contact,
auto-replies are never acknowledgements, completions wait for the facilitator, unmatched
mail keeps its headers, and nothing is recorded twice."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import pytest

from results.live.session import LiveSession
from results.mail.collect import Collector
from results.mail.outbox import MailCheck, deliver, new_mail
from results.mail.plan import check_letters
from results.mail.status import mail_status
from results.mail.watch import take_new
from results.store import Store
from simulator.io.scenario_files import LoadedScenario
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from tests.mail_support import SECRETARIAT, START, dsn, reply, vacation
from tests.unit.results.mail.fakes import MemoryMailbox, MemoryTransport


class Sent:
    """A started live check, its messages handed out, and the answers mailbox."""

    def __init__(self, store: Store, loaded: LoadedScenario, directory: Directory) -> None:
        assert isinstance(loaded.scenario, CheckScenario)
        self.store = store
        self.session = LiveSession.start_run(store, loaded, directory, start=START)
        self.check = MailCheck(self.session.run_id, loaded.scenario, directory, START,
                               SECRETARIAT)
        store.queue_mail(self.session.run_id, new_mail(self.check, check_letters(
            loaded.scenario, directory.participants, self.session.run_id)))
        self.transport = MemoryTransport()
        deliver(store, self.check, self.transport, sleep=lambda s: None)
        self.box = MemoryMailbox()

    def to(self, address: str) -> EmailMessage:
        return next(m for m, to in self.transport.sent if to == address)

    def arrive(self, msg: object, minutes: float) -> None:
        self.box.deliver(msg, START + timedelta(minutes=minutes))  # type: ignore[arg-type]

    def take(self) -> list[tuple[int, str]]:
        return take_new(self.session, self.store, self.check, self.box)  # type: ignore[arg-type]


@pytest.fixture()
def sent(store: Store, loaded: LoadedScenario, directory: Directory) -> Sent:
    return Sent(store, loaded, directory)


def test_a_reply_acknowledges_at_the_servers_time_with_its_message_id(sent: Sent) -> None:
    m = reply(sent.to("t.xb@pocdrill.test"), "t.xb@pocdrill.test")
    sent.arrive(m, 30)
    assert sent.take() == [(1, "acknowledged")]
    xb = sent.session.participants["XB"]
    assert xb.ack_at == pytest.approx(0.5)
    (ev,) = [e for e in sent.session.events if e.kind == "acknowledged"]
    assert ev.detail == f"XB/technical by e-mail, Message-ID {m['Message-ID']}"
    assert sent.store.load_result(sent.session.run_id).participants[1].ack_at == \
        pytest.approx(0.5)


def test_a_stripped_token_is_matched_by_a_known_address(sent: Sent) -> None:
    sent.arrive(reply(sent.to("p.xc@pocdrill.test"), "p.xc@pocdrill.test", strip_token=True), 5)
    assert sent.take() == [(1, "acknowledged")]
    assert sent.session.participants["XC"].ack_at is not None


def test_a_bounce_is_recorded_and_the_deputy_gets_the_check(sent: Sent) -> None:
    sent.arrive(dsn(sent.to("gone.xd@pocdrill.test"), "gone.xd@pocdrill.test"), 2)
    assert sent.take() == [(1, "bounced")]
    assert sent.session.participants["XD"].bounces == 1
    (queued,) = sent.store.outbox(sent.session.run_id, states=("queued",))
    assert (queued.contact, queued.kind) == ("XD/deputy_policy", "check")
    deliver(sent.store, sent.check, sent.transport, sleep=lambda s: None)
    assert sent.transport.sent[-1][1] == "dp.xd@pocdrill.test"


def test_an_auto_reply_is_recorded_as_such_never_as_an_acknowledgement(sent: Sent) -> None:
    sent.arrive(vacation(sent.to("p.xa@pocdrill.test"), "p.xa@pocdrill.test"), 1)
    assert sent.take() == [(1, "auto_reply")]
    assert sent.session.participants["XA"].ack_at is None
    assert [e.kind for e in sent.session.events if e.participant == "XA"][-1] == "auto_reply"


def test_a_second_reply_or_one_saying_so_is_a_completion_to_confirm(sent: Sent) -> None:
    sent.arrive(reply(sent.to("p.xa@pocdrill.test"), "p.xa@pocdrill.test"), 10)
    sent.arrive(reply(sent.to("t.xa@pocdrill.test"), "t.xa@pocdrill.test", "Answers below."),
                50)
    sent.arrive(reply(sent.to("p.xb@pocdrill.test"), "p.xb@pocdrill.test",
                      "All tasks completed."), 60)
    assert [o for _, o in sent.take()] == ["acknowledged", "completion",
                                           "acknowledged+completion"]
    assert all(p.completed_at is None for p in sent.session.participants.values())
    st = mail_status(sent.store, sent.session.run_id, now=START + timedelta(hours=1))
    assert sorted(c.participant or "" for c in st.completions) == ["XA", "XB"]


def test_mail_that_matches_nothing_keeps_its_headers_only(sent: Sent) -> None:
    stranger = reply(sent.to("p.xa@pocdrill.test"), "someone@elsewhere.test", strip_token=True)
    sent.arrive(stranger, 3)
    assert sent.take() == [(1, "unmatched")]
    (u,) = sent.store.unmatched(sent.session.run_id)
    assert u.sender == "someone@elsewhere.test" and u.subject.startswith("Re: Communication")
    assert "Received, thank you" not in repr(u)


def test_a_restarted_watcher_skips_processed_uids_and_records_nothing_twice(
        sent: Sent, store: Store, loaded: LoadedScenario) -> None:
    m = reply(sent.to("p.xa@pocdrill.test"), "p.xa@pocdrill.test")
    sent.arrive(m, 10)
    assert sent.take() == [(1, "acknowledged")]
    assert sent.take() == []  # the same UID again: skipped
    # a watcher killed after recording but before remembering the UID
    sent.box.deliver(sent.box.messages[1].message, START + timedelta(minutes=10))
    run = sent.session.run_id
    other = Collector(sent.session, sent.check, store.outbox(run), store.seen_mail(run),
                      "another/INBOX", 9)
    assert other.take(sent.box.messages[2]) == "already_recorded"
    acks = [e for e in store.load_result(sent.session.run_id).events
            if e.kind == "acknowledged"]
    assert len(acks) == 1


def test_a_report_reads_a_run_with_mail_events(sent: Sent) -> None:
    from results.reports.render import render_html, render_markdown
    from results.reports.requested import requested_report

    sent.arrive(vacation(sent.to("p.xa@pocdrill.test"), "p.xa@pocdrill.test"), 1)
    sent.arrive(reply(sent.to("p.xb@pocdrill.test"), "p.xb@pocdrill.test"), 30)
    sent.arrive(dsn(sent.to("gone.xd@pocdrill.test"), "gone.xd@pocdrill.test"), 2)
    sent.take()
    sent.session.finish(5.0)
    report = requested_report(sent.store, run=sent.session.run_id).report
    assert "State XB" in render_html(report) or "XB" in render_html(report)
    md = render_markdown(report, charts=False)
    assert "Received, thank you" not in md and "p.xb@" not in md


def test_a_bounce_taken_again_after_a_crash_follows_up_exactly_once(sent: Sent) -> None:
    bounce = dsn(sent.to("gone.xd@pocdrill.test"), "gone.xd@pocdrill.test")
    # killed after recording the bounce, before queueing the deputy's check
    sent.session.record("bounced", "XD", 0.1,
                        f"XD/policy by e-mail, Message-ID {bounce['Message-ID']}")
    sent.arrive(bounce, 2)
    assert sent.take() == [(1, "already_recorded")]
    follow = [r for r in sent.store.outbox(sent.session.run_id) if r.cause]
    assert [(r.contact, r.cause) for r in follow] == [
        ("XD/deputy_policy", bounce["Message-ID"])]
    # killed after queueing, before remembering the UID: the same bounce once more
    run = sent.session.run_id
    collector = Collector(sent.session, sent.check, sent.store.outbox(run),
                          sent.store.seen_mail(run), "again/INBOX", 2)
    assert collector.take(sent.box.messages[1]) == "already_recorded"
    assert len([r for r in sent.store.outbox(sent.session.run_id) if r.cause]) == 1
    assert sent.session.participants["XD"].bounces == 1


def test_another_runs_answer_in_a_shared_mailbox_is_left_alone(sent: Sent) -> None:
    m = reply(sent.to("p.xa@pocdrill.test"), "p.xa@pocdrill.test")
    m.replace_header("Subject", "Re: [pocdrill:r99-0123456789] check")
    del m["In-Reply-To"], m["References"]
    sent.arrive(m, 5)
    assert sent.take() == [(1, "other_run")]
    assert sent.session.participants["XA"].ack_at is None
    assert sent.store.unmatched(sent.session.run_id) == []

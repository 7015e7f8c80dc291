"""Watching: reminders and the escalation go out by themselves at the scenario's offsets,
once, to the silent only; the call list appears when the phone follow-up is due."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from results.live.session import LiveSession
from results.mail.status import mail_status
from results.mail.watch import take_new, watch, watch_pass
from results.store import Store
from simulator.io.scenario_files import LoadedScenario
from simulator.model.directory import Directory
from tests.mail_support import START, dsn, reply, vacation
from tests.unit.results.mail.fakes import MemoryMailbox, MemoryTransport
from tests.unit.results.mail.test_collect import Sent


def _pass(sent: Sent, hours: float) -> list[str]:
    t = MemoryTransport()
    p = watch_pass(sent.session, sent.store, sent.check, connect=lambda: t,  # type: ignore
                   mailbox=lambda: sent.box, now=START + timedelta(hours=hours),  # type: ignore
                   sleep=lambda s: None)
    sent.transport.sent += t.sent
    return p.queued


def test_reminders_and_escalation_at_their_offsets_once(
        store: Store, loaded: LoadedScenario, directory: Directory) -> None:
    sent = Sent(store, loaded, directory)
    sent.arrive(reply(sent.to("p.xa@pocdrill.test"), "p.xa@pocdrill.test"), 20)
    assert _pass(sent, 0.5) == []
    assert _pass(sent, 1.1) == ["reminder 1 (5 message(s))"]  # XB x2, XC x2, XD
    assert sent.session.participants["XB"].reminders == 1
    assert sent.session.participants["XA"].reminders == 0
    reminded = [m for m, _ in sent.transport.sent if m["X-Pocdrill-Kind"] == "reminder"]
    assert all(m["In-Reply-To"] for m in reminded)
    assert _pass(sent, 1.5) == []
    assert _pass(sent, 2.0) == ["escalation (1 message(s))"]  # XD's deputy; XA answered
    assert sent.transport.sent[-1][1] == "dp.xd@pocdrill.test"
    assert sent.session.participants["XD"].escalations == 1
    assert _pass(sent, 3.0) == []


def test_the_call_list_once_the_phone_follow_up_is_due(
        store: Store, loaded: LoadedScenario, directory: Directory) -> None:
    sent = Sent(store, loaded, directory)
    places = [loaded.base_dir]
    assert mail_status(store, sent.session.run_id, places=places,
                       now=START + timedelta(hours=2)).calls == []
    calls = mail_status(store, sent.session.run_id, places=places,
                        now=START + timedelta(hours=3)).calls
    assert [c[0] for c in calls] == ["XA", "XB", "XD"]


def test_watch_makes_its_passes_and_leaves_the_run_resumable(
        store: Store, loaded: LoadedScenario, directory: Directory) -> None:
    sent = Sent(store, loaded, directory)
    sent.arrive(reply(sent.to("p.xb@pocdrill.test"), "p.xb@pocdrill.test"), 1)
    seen = []
    n = watch(sent.session, store, sent.check, connect=lambda: MemoryTransport(),  # type: ignore
              mailbox=lambda: sent.box, interval=0, passes=2,  # type: ignore
              report=seen.append, sleep=lambda s: None)
    assert n == 2 and seen[0].taken == [(1, "acknowledged")] and seen[1].taken == []
    assert store.get_run(sent.session.run_id).status == "interrupted"


def test_an_empty_mailbox_pass(store: Store, loaded: LoadedScenario,
                               directory: Directory) -> None:
    sent = Sent(store, loaded, directory)
    sent.box = MemoryMailbox()
    assert _pass(sent, 0.1) == []


def test_a_server_failing_during_a_pass_is_reported_and_tried_again(
        store: Store, loaded: LoadedScenario, directory: Directory) -> None:
    from results.mail.errors import MailError

    sent = Sent(store, loaded, directory)
    calls = []

    def broken() -> MemoryMailbox:
        calls.append(1)
        raise MailError("IMAP 127.0.0.1:143: connection refused")

    troubles: list[MailError] = []
    n = watch(sent.session, store, sent.check, connect=lambda: MemoryTransport(),  # type: ignore
              mailbox=broken, interval=0, passes=2, trouble=troubles.append,  # type: ignore
              sleep=lambda s: None)
    assert n == 2 and len(calls) == 2 and "connection refused" in str(troubles[0])


def _copy(src: Path, dst: Path) -> None:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def test_a_crash_in_a_queued_pass_loses_no_answer_and_records_none_twice(
        tmp_path: Path, loaded: LoadedScenario, directory: Directory) -> None:
    """The TUI queues every write of a pass behind the facilitator's own, in order, and a
    crash (kill -9) keeps a prefix of that queue. Cut it after each write: a watcher
    started again then has every answer recorded exactly once and the bounce's follow-up
    queued exactly once."""
    db = tmp_path / "results.db"
    with Store(f"sqlite:///{db}") as store:
        sent = Sent(store, loaded, directory)
        run, check, box = sent.session.run_id, sent.check, sent.box
        sent.arrive(reply(sent.to("p.xa@pocdrill.test"), "p.xa@pocdrill.test"), 10)
        sent.arrive(dsn(sent.to("gone.xd@pocdrill.test"), "gone.xd@pocdrill.test"), 2)
        sent.arrive(vacation(sent.to("p.xb@pocdrill.test"), "p.xb@pocdrill.test"), 3)
        sent.arrive(reply(sent.to("t.xa@pocdrill.test"), "t.xa@pocdrill.test"), 20)
    _copy(db, tmp_path / "before.db")
    queue: list[Callable[[Store], object]] = []
    with Store(f"sqlite:///{db}") as store:
        session = LiveSession.reopen(store, run, places=[loaded.base_dir],
                                     save=lambda job, what: queue.append(job))
        session.record("acknowledged", "XC", 0.05, "by fax")  # the facilitator's key
        take_new(session, store, check, box)  # type: ignore[arg-type]
    assert len(queue) > 5
    for k in range(len(queue) + 1):
        cut = tmp_path / f"cut{k}.db"
        _copy(tmp_path / "before.db", cut)
        with Store(f"sqlite:///{cut}") as store:
            for job in queue[:k]:
                job(store)
            again = LiveSession.reopen(store, run, places=[loaded.base_dir])
            take_new(again, store, check, box)  # type: ignore[arg-type]
            events = store.load_result(run).events
            acks = [e.participant for e in events if e.kind == "acknowledged"]
            assert sorted(acks) == (["XA", "XC"] if k else ["XA"]), k
            assert [e.participant for e in events if e.kind == "bounced"] == ["XD"], k
            assert [e.participant for e in events if e.kind == "auto_reply"] == ["XB"], k
            assert len([r for r in store.outbox(run) if r.cause]) == 1, k
            assert sorted(s.uid for s in store.seen_mail(run)) == [1, 2, 3, 4], k

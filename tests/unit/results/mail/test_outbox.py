"""Sending through the outbox: recorded before SMTP, sent after, refused as failed, a lost
connection as unknown, at the rate asked, to the test mailbox when asked."""

from __future__ import annotations

import pytest

from results.mail.errors import MailError
from results.mail.outbox import MailCheck, deliver, new_mail
from results.mail.plan import check_letters
from results.store import Store
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from tests.mail_support import SECRETARIAT, START
from tests.store_support import make_result
from tests.unit.results.mail.fakes import MemoryTransport


def _queued(store: Store, scenario: CheckScenario, directory: Directory,
            test_to: str | None = None) -> MailCheck:
    run = int(store.record_run(make_result(), scenario_text="name: x\n"))
    check = MailCheck(run, scenario, directory, START, SECRETARIAT, test_to)
    store.queue_mail(run, new_mail(check, check_letters(scenario, directory.participants, run)))
    return check


def test_every_queued_message_is_sent_once_at_the_rate(
        store: Store, scenario: CheckScenario, directory: Directory) -> None:
    check = _queued(store, scenario, directory)
    waits: list[float] = []
    t = MemoryTransport()
    done = deliver(store, check, t, rate=120, sleep=waits.append)
    assert len(done.sent) == 7 and waits == [0.5] * 6
    assert [to for _, to in t.sent][:2] == ["p.xa@pocdrill.test", "t.xa@pocdrill.test"]
    assert {r.state for r in store.outbox(check.run_id)} == {"sent"}
    again = deliver(store, check, t, sleep=waits.append)
    assert again.sent == [] and len(t.sent) == 7


def test_a_refusal_fails_that_message_and_sending_goes_on(
        store: Store, scenario: CheckScenario, directory: Directory) -> None:
    check = _queued(store, scenario, directory)
    done = deliver(store, check, MemoryTransport(refuse=("gone.xd@pocdrill.test",)),
                   sleep=lambda s: None)
    assert len(done.sent) == 6 and len(done.failed) == 1
    (failed,) = store.outbox(check.run_id, states=("failed",))
    assert failed.contact == "XD/policy" and "550" in (failed.error or "")


def test_a_lost_connection_leaves_the_message_unknown_and_stops(
        store: Store, scenario: CheckScenario, directory: Directory) -> None:
    check = _queued(store, scenario, directory)
    with pytest.raises(MailError, match="fate is unknown"):
        deliver(store, check, MemoryTransport(die_at=2), sleep=lambda s: None)
    states = [r.state for r in store.outbox(check.run_id)]
    assert states == ["sent", "sent", "unknown", "queued", "queued", "queued", "queued"]
    # the next pass sends what was never handed over, never the unknown one
    t = MemoryTransport()
    deliver(store, check, t, sleep=lambda s: None)
    assert len(t.sent) == 4
    assert [r.state for r in store.outbox(check.run_id)].count("unknown") == 1


def test_a_test_run_sends_everything_to_one_mailbox_with_real_tokens(
        store: Store, scenario: CheckScenario, directory: Directory) -> None:
    check = _queued(store, scenario, directory, test_to="tester@pocdrill.test")
    t = MemoryTransport()
    deliver(store, check, t, sleep=lambda s: None)
    assert {to for _, to in t.sent} == {"tester@pocdrill.test"}
    tokens = {r.token for r in store.outbox(check.run_id)}
    assert all(any(tok in str(m["Subject"]) for tok in tokens) for m, _ in t.sent)


def test_the_store_holds_no_address(store: Store, scenario: CheckScenario,
                                    directory: Directory) -> None:
    check = _queued(store, scenario, directory)
    deliver(store, check, MemoryTransport(), sleep=lambda s: None)
    text = repr(store.outbox(check.run_id))
    assert "@pocdrill.test" in text  # Message-IDs name the sender's domain ...
    assert "p.xa@" not in text and "gone.xd@" not in text  # ... but no contact's address


def test_a_contact_gone_from_the_directory_fails_without_touching_smtp(
        store: Store, scenario: CheckScenario, directory: Directory) -> None:
    check = _queued(store, scenario, directory)
    xd = directory.participants[3]
    smaller = directory.model_copy(update={"participants": [
        *directory.participants[:3], xd.model_copy(update={"contacts": xd.contacts[1:]})]})
    later = MailCheck(check.run_id, scenario, smaller, START, SECRETARIAT)
    t = MemoryTransport()
    done = deliver(store, later, t, sleep=lambda s: None)
    assert len(done.sent) == 6 and len(t.sent) == 6
    (failed,) = store.outbox(check.run_id, states=("failed",))
    assert "XD/policy has no e-mail address" in (failed.error or "")

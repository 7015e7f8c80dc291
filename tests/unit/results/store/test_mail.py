"""The store's mail part: outbox states, messages left sending, processed UIDs,
unmatched headers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from results.db import NotFound
from results.store import Store
from results.store.mail import NewMail, SeenInfo
from tests.store_support import make_result


def _run(store: Store) -> int:
    return int(store.record_run(make_result(), scenario_text="name: x\n"))


def _mail(i: int) -> NewMail:
    return NewMail("DE", "DE/policy", "policy", f"r1-{i:010x}", "check", 1, f"<m{i}@x.test>")


def test_outbox_states_and_times(store: Store) -> None:
    run = _run(store)
    a, b = store.queue_mail(run, [_mail(1), _mail(2)])
    store.mark_mail(a, "sending")
    store.mark_mail(a, "sent")
    store.mark_mail(b, "sending")
    rows = {r.id: r for r in store.outbox(run)}
    assert rows[a].state == "sent" and rows[a].sent_at is not None
    assert rows[b].state == "sending" and rows[b].sending_at is not None
    assert store.settle_sending(run) == [b]
    assert [r.id for r in store.outbox(run, states=("unknown",))] == [b]
    store.requeue_mail(run, b)
    assert store.outbox(run, states=("queued",))[0].id == b
    with pytest.raises(ValueError, match="only an unknown or failed"):
        store.requeue_mail(run, a)
    with pytest.raises(ValueError, match="not one of"):
        store.mark_mail(a, "lost")


def test_processed_uids_per_mailbox_and_validity(store: Store) -> None:
    run = _run(store)
    at = datetime(2026, 3, 10, 13, tzinfo=UTC)
    store.mark_seen(run, SeenInfo("box", 7, 3, "<a@x>", "acknowledged", "DE", "DE/policy", at))
    store.mark_seen(run, SeenInfo("box", 8, 3, None, "unmatched", None, None, at))
    assert store.seen_uids(run, "box", 7) == {3}
    assert store.seen_uids(run, "other", 7) == set()
    assert [s.outcome for s in store.seen_mail(run)] == ["acknowledged", "unmatched"]


def test_unmatched_mail_keeps_headers_and_is_resolved(store: Store) -> None:
    run = _run(store)
    uid = store.add_unmatched(run, message_id="<z@x>", sender="Someone <s@x.test>",
                              subject="Hello", received_at=None)
    store.resolve_unmatched(run, uid, status="assigned", participant="DE")
    (u,) = store.unmatched(run)
    assert (u.sender, u.subject, u.status, u.participant) == (
        "Someone <s@x.test>", "Hello", "assigned", "DE")
    with pytest.raises(NotFound):
        store.resolve_unmatched(run, uid + 1, status="ignored")


def test_deleting_a_run_deletes_its_mail(store: Store) -> None:
    run = _run(store)
    store.queue_mail(run, [_mail(1)])
    store.delete_run(run)
    assert store.outbox(run) == []

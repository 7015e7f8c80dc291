"""Storing runs: exact round trips, personal data only when given, deletion, failures
and Ctrl-C while storing (SQLite and PostgreSQL)."""

from __future__ import annotations

import os

import pytest

from results.db import NotFound
from results.store import Store
from simulator.model.outcome import Event
from tests.store_support import PERSONAL, SCENARIO_TEXT, START, count_rows, make_result


def test_round_trip_is_exact(store: Store) -> None:
    original = make_result(kind="tabletop")
    rid = store.record_run(original, scenario_text=SCENARIO_TEXT)
    back = store.load_result(rid)
    assert back == original
    assert [e.t for e in back.events] == [e.t for e in original.events]  # log order, not time
    assert back.start.tzinfo is not None and back.start == START
    info = store.get_run(rid)
    assert (info.status, info.mode, info.kind, info.seed, info.replication) == (
        "completed", "simulated", "tabletop", 7, 0)
    assert info.scenario_text == SCENARIO_TEXT
    assert info.pid == os.getpid() and info.finished_at is not None
    assert info.finished_at >= info.started_at
    # summary: XA acknowledged within the 72 h deadline, XB late, XC never -> 1/3
    assert info.summary is not None
    assert info.summary["ack_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert info.summary["participants"] == 3


def test_without_events_keeps_the_outcome_rows(store: Store) -> None:
    original = make_result()
    rid = store.record_run(original, scenario_text=SCENARIO_TEXT, events=False)
    back = store.load_result(rid)
    assert back.events == []
    assert back.participants == original.participants and back.contacts == original.contacts
    assert store.get_run(rid).events_stored is False


def test_personal_columns_only_when_given(store: Store) -> None:
    plain = store.record_run(make_result(), scenario_text=SCENARIO_TEXT)
    assert store.contact_details(plain) == {}
    rid = store.start_run(scenario="tiny-check", scenario_text=SCENARIO_TEXT, seed=7)
    store.finish_run(rid, make_result(), contact_details=PERSONAL)
    assert store.contact_details(rid) == PERSONAL
    assert store.load_result(rid) == make_result()  # personal data is not part of the result


def test_delete_cascades(store: Store) -> None:
    keep = store.record_run(make_result(), scenario_text=SCENARIO_TEXT)
    rid = store.record_run(make_result(), scenario_text=SCENARIO_TEXT)
    store.add_note(rid, "called the duty desk")
    store.delete_run(rid)
    for table in ("participant_results", "contact_results", "events", "notes"):
        assert count_rows(store, table, run_id=rid) == 0
        assert table == "notes" or count_rows(store, table, run_id=keep) > 0
    with pytest.raises(NotFound, match=rf"no run {rid} in "):
        store.get_run(rid)
    with pytest.raises(NotFound):
        store.delete_run(rid)
    assert store.load_result(keep) == make_result()


def test_missing_run_names_run_and_database(store: Store) -> None:
    for call in (lambda: store.get_run(42), lambda: store.load_result(42),
                 lambda: store.append_events(42, [Event(1.0, "note")]),
                 lambda: store.mark_interrupted(42, "x")):
        with pytest.raises(NotFound) as err:
            call()
        assert str(err.value) == f"no run 42 in {store.display_url}"


def test_failed_store_is_atomic_and_marks_interrupted(store: Store) -> None:
    bad = make_result()
    bad.participants.append(bad.participants[0])  # duplicate code: the insert fails
    with pytest.raises(Exception) as err:
        store.record_run(bad, scenario_text=SCENARIO_TEXT)
    assert "IntegrityError" in type(err.value).__name__
    (run,) = store.list_runs()
    assert run.status == "interrupted" and run.interrupted_reason.startswith("IntegrityError")
    for table in ("participant_results", "contact_results", "events"):
        assert count_rows(store, table, run_id=run.id) == 0  # one transaction: nothing kept


def test_ctrl_c_while_storing_marks_interrupted(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from results.store import rows as store_rows

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_rows, "insert_events", interrupt)
    with pytest.raises(KeyboardInterrupt):
        store.record_run(make_result(), scenario_text=SCENARIO_TEXT)
    (run,) = store.list_runs()
    assert (run.status, run.interrupted_reason) == ("interrupted", "interrupted by Ctrl-C")
    assert count_rows(store, "participant_results", run_id=run.id) == 0


def test_mark_interrupted_keeps_completed_runs(store: Store) -> None:
    done = store.record_run(make_result(), scenario_text=SCENARIO_TEXT)
    assert store.mark_interrupted(done, "too late") is False
    assert store.get_run(done).status == "completed"
    rid = store.start_run(scenario="x", scenario_text="x", seed=1)
    assert store.mark_interrupted(rid, "closed by the facilitator") is True
    info = store.get_run(rid)
    assert (info.status, info.interrupted_reason) == ("interrupted", "closed by the facilitator")
    assert store.reopen_run(rid).status == "running"

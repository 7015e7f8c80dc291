"""The results store: round trips, live runs, recovery, sweeps (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from results.db import NotFound
from results.models import TABLES, utcnow
from results.store import Store
from simulator.model.outcome import Event, ParticipantOutcome
from tests.store_support import PERSONAL, SCENARIO_TEXT, START, count_rows, make_result


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


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


def test_list_filters_and_history(store: Store) -> None:
    a = store.record_run(make_result(scenario="alpha", seed=1), scenario_text="a")
    b = store.record_run(make_result(scenario="beta", seed=2), scenario_text="b")
    c = store.record_run(make_result(scenario="alpha", seed=3), scenario_text="a")
    d = store.start_run(scenario="alpha", scenario_text="a", seed=4)
    assert [r.id for r in store.list_runs()] == [d, c, b, a]  # newest first
    assert [r.id for r in store.list_runs(limit=2)] == [d, c]
    assert [r.id for r in store.list_runs(scenario="alpha")] == [d, c, a]
    assert [r.id for r in store.list_runs(status="running")] == [d]
    assert [r.id for r in store.scenario_history("alpha")] == [a, c]  # completed, oldest first
    assert all(r.scenario_text is None for r in store.list_runs())


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


def test_live_run_piece_by_piece(store: Store) -> None:
    rid = store.start_run(scenario="tiny-check", scenario_text=SCENARIO_TEXT, seed=0,
                          mode="live", start=START, deadline_hours=72.0, horizon_hours=96.0,
                          level="reachability")
    base = [ParticipantOutcome(code=c, name=c, group="g", human=True) for c in ("XA", "XB")]
    for p in base:
        store.upsert_participant(rid, p)
    first = [Event(0.0, "check_sent", p.code, None, None, "live") for p in base]
    assert store.append_events(rid, first) == 2
    later = [Event(1.5, "acknowledged", "XA", "XA/policy", "email", "")]
    store.append_events(rid, later)
    store.upsert_participant(rid, replace(base[0], ack_at=1.5, ack_by="XA/policy"))
    n1 = store.add_note(rid, "XA answered by phone first", t=1.4, participant="XA")
    n2 = store.add_note(rid, "general remark")
    assert store.get_run(rid).status == "running"
    result = store.load_result(rid)
    assert result.events == first + later
    assert [p.code for p in result.participants] == ["XA", "XB"]  # order kept on update
    assert result.participants[0].ack_at == 1.5 and result.participants[1].ack_at is None
    notes = store.notes(rid)
    assert [(n.id, n.t, n.participant) for n in notes] == [(n1, 1.4, "XA"), (n2, None, None)]
    store.complete_run(rid, {"ack_rate": 0.5})
    info = store.get_run(rid)
    assert (info.status, info.summary, info.mode) == ("completed", {"ack_rate": 0.5}, "live")


def test_complete_run_computes_summary_when_none_given(store: Store) -> None:
    rid = store.start_run(scenario="tiny-check", scenario_text=SCENARIO_TEXT, seed=0,
                          mode="live", start=START, deadline_hours=72.0, horizon_hours=96.0,
                          level="reachability")
    for p in make_result().participants:
        store.upsert_participant(rid, p)
    store.complete_run(rid)
    summary = store.get_run(rid).summary
    assert summary is not None and summary["ack_rate"] == pytest.approx(1 / 3, abs=1e-4)


def test_live_contacts_and_expectations_are_stored_with_the_completion(store: Store) -> None:
    from simulator.model.outcome import ContactOutcome, ExpectationOutcome

    rid = store.start_run(scenario="tiny", scenario_text=SCENARIO_TEXT, seed=0, mode="live",
                          kind="tabletop", start=START, deadline_hours=12.0, horizon_hours=12.0,
                          level="tabletop")
    for p in make_result().participants:
        store.upsert_participant(rid, p)
    contacts = [ContactOutcome("XA", "XA/policy", "policy", stale=True),
                ContactOutcome("XB", "XB/policy", "policy")]
    store.upsert_contacts(rid, contacts)
    store.upsert_contacts(rid, [replace(contacts[1], bounced=True)])  # a bounce: updated
    assert store.load_result(rid).contacts == [contacts[0], replace(contacts[1], bounced=True)]
    assert store.contact_details(rid) == {}  # no personal data
    xs = [ExpectationOutcome("E1", "I1", "XA", "respond", "S1", 2.0, 1.0, "met"),
          ExpectationOutcome("E1", "I1", "XB", "respond", "S1", 2.0, None, "missed"),
          ExpectationOutcome("E2", "I2", "XA", "join_call", "S2", None, None, "not_fired")]
    store.complete_run(rid, expectations=xs)
    back = store.load_result(rid)
    assert back.expectations == xs
    assert len(back.contacts) == 2  # completing without contacts keeps them
    summary = store.get_run(rid).summary
    assert summary is not None
    assert (summary["bounced_contacts"], summary["stale_contacts"]) == (1, 1)
    assert summary["expectations"]["by_stage"]["S1"]["missed"] == 1


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


def test_stale_runs_are_recovered_on_open(store_url: str) -> None:
    with Store(store_url) as s:
        dead = s.start_run(scenario="x", scenario_text="x", seed=1)
        alive = s.start_run(scenario="x", scenario_text="x", seed=2)  # this process
        old_foreign = s.start_run(scenario="x", scenario_text="x", seed=3)
        new_foreign = s.start_run(scenario="x", scenario_text="x", seed=4)
        runs = TABLES["runs"]
        with s.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == dead).values(pid=_dead_pid()))
            conn.execute(update(runs).where(runs.c.id.in_([old_foreign, new_foreign]))
                         .values(host="elsewhere.example", pid=1))
            conn.execute(update(runs).where(runs.c.id == old_foreign)
                         .values(started_at=utcnow() - timedelta(days=2)))
    with Store(store_url) as s:
        assert sorted(s.recovered) == sorted([dead, old_foreign])
        status = {r.id: r.status for r in s.list_runs()}
        assert status == {dead: "interrupted", alive: "running", old_foreign: "interrupted",
                          new_foreign: "running"}
        assert "ended without finishing" in (s.get_run(dead).interrupted_reason or "")
    with Store(store_url) as s:
        assert s.recovered == []


def test_sweeps(store: Store) -> None:
    points = [{"reminder_hours": 24}, {"reminder_hours": 48}]
    sid = store.create_sweep(name="reminders", scenario_text=SCENARIO_TEXT,
                             axes={"reminder_hours": [24, 48]}, replications=2, base_seed=5,
                             points=points, scenario="tiny-check")
    rows = [{"point": p, "replication": r, "seed": 100 * p + r,
             "metrics": {"ack_rate": 0.5 + 0.1 * p + 0.01 * r, "completion_rate": 0.25,
                         "by_group": {"g": {"ack_rate": 1.0}}}}
            for p in (1, 0) for r in (1, 0)]
    store.add_replication_summaries(sid, rows[:3])
    assert store.done_replications(sid) == {(1, 1), (1, 0), (0, 1)}
    changed = [{**rows[0], "metrics": {"ack_rate": 0.0}}]
    store.add_replication_summaries(sid, changed + rows)  # idempotent: first write stays
    assert store.done_replications(sid) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    summaries = store.replication_summaries(sid)
    assert [(s["point"], s["replication"]) for s in summaries] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert summaries[3]["ack_rate"] == pytest.approx(0.61)
    assert summaries[3]["metrics"]["by_group"] == {"g": {"ack_rate": 1.0}}
    store.set_point_aggregates(sid, 1, {"ack_rate": 0.605})
    with pytest.raises(NotFound):
        store.set_point_aggregates(sid, 7, {})
    store.finish_sweep(sid)
    (listed,) = store.list_sweeps()
    assert (listed.id, listed.points, listed.status, listed.scenario) == (
        sid, 2, "completed", "tiny-check")
    sweep = store.get_sweep(sid)
    assert [p["params"] for p in sweep.point_rows] == points
    assert [p["replications_done"] for p in sweep.point_rows] == [2, 2]
    assert sweep.point_rows[1]["aggregates"] == {"ack_rate": 0.605}
    assert sweep.axes == {"reminder_hours": [24, 48]} and sweep.scenario_text == SCENARIO_TEXT
    store.delete_sweep(sid)
    assert store.list_sweeps() == [] and count_rows(store, "replication_summaries") == 0
    with pytest.raises(NotFound, match=f"no sweep {sid} in "):
        store.get_sweep(sid)


def test_sweeps_left_running_by_a_dead_process_are_marked_interrupted(store_url: str) -> None:
    with Store(store_url) as s:
        kw: dict[str, Any] = {"name": "s", "scenario_text": "x", "axes": {"a": [1, 2]},
                              "replications": 2, "base_seed": 1, "points": [{"a": 1}, {"a": 2}]}
        dead, alive = s.create_sweep(**kw), s.create_sweep(**kw)
        sweeps = TABLES["sweeps"]
        with s.engine.begin() as conn:
            conn.execute(update(sweeps).where(sweeps.c.id == dead).values(pid=_dead_pid()))
    with Store(store_url) as s:
        assert s.recovered_sweeps == [dead]
        status = {w.id: w.status for w in s.list_sweeps()}
        assert status == {dead: "interrupted", alive: "running"}
        s.claim_sweep(dead)  # a resume takes it up again, in this (living) process
    with Store(store_url) as s:
        assert s.recovered_sweeps == []
        assert {w.id: w.status for w in s.list_sweeps()}[dead] == "running"


@pytest.fixture()
def ctrl_c_raises() -> Iterator[None]:
    """Python's own Ctrl-C handler, as in a terminal (a CI runner may start us without)."""
    import signal

    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_ctrl_c_inside_a_write_lands_after_its_commit(
    tmp_path: Path, ctrl_c_raises: None
) -> None:
    import signal
    import sqlite3

    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    result = make_result()
    rid = store.start_run(scenario=result.scenario, scenario_text="x", seed=result.seed)
    real = store._insert_many

    calls: list[str] = []

    def interrupted_midway(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        calls.append(table.name)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # one Ctrl-C while the first rows go in
        real(conn, table, rows)

    store._insert_many = interrupted_midway  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        store.finish_run(rid, result)
    store._insert_many = real  # type: ignore[method-assign]
    assert len(calls) > 1  # the write went on after the Ctrl-C
    # the whole run went in, and the Ctrl-C came after: the run is complete, not half
    assert store.get_run(rid).status == "completed"
    assert store.load_result(rid) == result
    # nobody holds the write lock: another connection may write at once
    con = sqlite3.connect(tmp_path / "r.db", timeout=0.2)
    con.execute("BEGIN IMMEDIATE")
    con.rollback()
    con.close()
    assert store.mark_interrupted(rid, "Ctrl-C") is False  # completed stays completed


def test_a_second_ctrl_c_gets_through_and_releases_the_lock(
    tmp_path: Path, ctrl_c_raises: None
) -> None:
    import signal
    import sqlite3

    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    rid = store.start_run(scenario="x", scenario_text="x", seed=1)
    real = store._insert_many

    def pressed_twice(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        real(conn, table, rows)
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)  # the second one interrupts the write
        raise AssertionError("not reached: the second Ctrl-C gets through")

    store._insert_many = pressed_twice  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        store.finish_run(rid, make_result())
    store._insert_many = real  # type: ignore[method-assign]
    con = sqlite3.connect(tmp_path / "r.db", timeout=0.2)
    con.execute("BEGIN IMMEDIATE")  # the interrupted transaction let go of the lock
    con.rollback()
    con.close()
    assert store.mark_interrupted(rid, "Ctrl-C") is True
    info = store.get_run(rid)
    assert info.status == "interrupted"
    assert count_rows(store, "participant_results", run_id=rid) == 0  # rolled back whole

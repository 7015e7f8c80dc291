"""Write transactions and Ctrl-C: the first waits for the commit, a second gets through
and releases the lock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from results.store import Store
from tests.store_support import count_rows, make_result


@pytest.fixture
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

"""results.runs reached directly: simulated runs and sweeps stored, interrupted, resumed."""

from __future__ import annotations

from concurrent.futures import BrokenExecutor
from pathlib import Path
from typing import Any

import pytest

import simulator.sweep as sweep_mod
from results.runs import (
    SweepExecution,
    load_resume,
    resume_and_store,
    run_and_store,
    sweep_and_store,
)
from results.runs.sweep_record import stored_rows, stored_sweep_table
from results.store import Store
from results.store.queries import replication_runs
from simulator.io.scenario_files import LoadedScenario, load_scenario
from simulator.sweep import SweepPlan, plan_sweep
from tests.store_support import count_rows

IN_PROCESS = SweepExecution(workers=1, batch_size=2)


@pytest.fixture
def loaded(sweep_scenario: Path) -> LoadedScenario:
    return load_scenario(sweep_scenario)


@pytest.fixture
def plan(sweep_scenario: Path) -> SweepPlan:
    axes = {"behaviour.turnover_per_year": [0.1, 0.5], "check.reminders": [[], ["12h"]]}
    return plan_sweep(sweep_scenario.read_text(), axes, replications=3, seed=11,
                      base_dir=sweep_scenario.parent)


class StopAfter:
    """A sweep progress that presses Ctrl-C once ``n`` replications are done."""

    def __init__(self, n: int) -> None:
        self.n, self.done, self.stopped = n, 0, False

    def start(self, total: int, done: int) -> None:
        self.done = done

    def advance(self, n: int) -> None:
        self.done += n
        if self.done >= self.n:
            raise KeyboardInterrupt

    def stop(self) -> None:
        self.stopped = True


# -- simulated runs -----------------------------------------------------------------------
def test_a_run_is_stored_whole_with_its_summary(store: Store, loaded: LoadedScenario) -> None:
    out = run_and_store(loaded, seed=7, store=store)
    (rid,) = out.run_ids
    assert not out.interrupted and out.database == store.display_url
    assert store.load_result(rid) == out.results[0]
    info = store.get_run(rid)
    assert (info.status, info.seed, info.events_stored) == ("completed", 7, True)
    assert info.scenario_text == loaded.text
    assert out.summary is not None
    assert (out.summary["run_id"], out.summary["database"]) == (rid, store.display_url)
    assert "run_ids" not in out.summary


def test_replications_are_one_run_each_without_events_by_default(
    store: Store, loaded: LoadedScenario
) -> None:
    seen: list[tuple[int, int]] = []
    out = run_and_store(loaded, seed=3, replications=3, store=store,
                        on_progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert [store.get_run(r).replication for r in out.run_ids] == [0, 1, 2]
    assert not any(store.get_run(r).events_stored for r in out.run_ids)
    assert count_rows(store, "events") == 0
    assert replication_runs(store, out.run_ids[1]) == out.run_ids
    assert out.summary is not None and out.summary["run_ids"] == out.run_ids
    assert out.summary["replications"] == 3


def test_without_a_store_the_same_numbers(loaded: LoadedScenario, store: Store) -> None:
    free = run_and_store(loaded, seed=5, replications=2)
    stored = run_and_store(loaded, seed=5, replications=2, store=store)
    assert free.run_ids == [] and free.database is None
    assert free.summary is not None and stored.summary is not None
    assert "run_id" not in free.summary
    assert free.summary == {k: v for k, v in stored.summary.items()
                            if k not in ("run_id", "run_ids", "database")}


def test_ctrl_c_between_replications_keeps_the_stored_runs(
    store: Store, loaded: LoadedScenario
) -> None:
    def press(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    out = run_and_store(loaded, seed=1, replications=5, store=store, on_progress=press)
    assert out.interrupted and out.interrupted_run is None and out.summary is None
    assert len(out.results) == 2 and len(out.run_ids) == 2
    assert {r.status for r in store.list_runs()} == {"completed"}


def test_ctrl_c_while_a_run_is_stored_marks_it_interrupted_and_keeps_the_others(
    store: Store, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store.finish_run
    calls = 0

    def finish(run_id: int, result: Any, **kw: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # a second Ctrl-C gets through the store's hold
            raise KeyboardInterrupt
        real(run_id, result, **kw)

    monkeypatch.setattr(store, "finish_run", finish)
    out = run_and_store(loaded, seed=1, replications=5, store=store)
    assert out.interrupted and len(out.results) == 3 and len(out.run_ids) == 2
    assert out.interrupted_run is not None and out.interrupted_run not in out.run_ids
    cut = store.get_run(out.interrupted_run)
    assert (cut.status, cut.interrupted_reason) == ("interrupted", "interrupted by Ctrl-C")
    assert count_rows(store, "participant_results", run_id=cut.id) == 0  # never half a run
    assert [store.get_run(r).status for r in out.run_ids] == ["completed", "completed"]


def test_a_failure_while_storing_marks_the_run_interrupted_and_propagates(
    store: Store, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(run_id: int, result: Any, **kw: Any) -> None:
        raise RuntimeError("disk full\nsecond line")

    monkeypatch.setattr(store, "finish_run", broken)
    with pytest.raises(RuntimeError):
        run_and_store(loaded, seed=1, store=store)
    (run,) = store.list_runs()
    assert (run.status, run.interrupted_reason) == ("interrupted", "RuntimeError: disk full")


# -- sweeps -------------------------------------------------------------------------------
def test_a_sweep_is_stored_with_its_points(store: Store, plan: SweepPlan) -> None:
    out = sweep_and_store(plan, store=store, execution=IN_PROCESS)
    assert (out.status, out.done, out.stored) == ("completed", 12, 12)
    assert out.sweep_id is not None and out.summary is not None and out.result is not None
    assert out.summary["database"] == store.display_url
    info = store.get_sweep(out.sweep_id)
    assert info.status == "completed"
    assert [r["replications_done"] for r in info.point_rows] == [3, 3, 3, 3]
    assert info.point_rows[0]["aggregates"]["baseline"] is True
    assert stored_rows(store, out.sweep_id) == out.result.rows


def test_an_interrupted_sweep_resumes_to_the_rows_of_an_uninterrupted_one(
    store: Store, plan: SweepPlan
) -> None:
    whole = sweep_and_store(plan, store=None, execution=IN_PROCESS)
    assert whole.sweep_id is None and whole.result is not None and whole.summary is not None
    progress = StopAfter(5)
    cut = sweep_and_store(plan, store=store, execution=IN_PROCESS, progress=progress)
    assert cut.status == "interrupted" and progress.stopped and cut.sweep_id is not None
    assert cut.stored == len(store.done_replications(cut.sweep_id)) and 5 <= cut.stored < 12
    assert store.get_sweep(cut.sweep_id).status == "interrupted"

    resume = load_resume(store, cut.sweep_id)
    assert resume.done == store.done_replications(cut.sweep_id)
    done = resume_and_store(resume, store=store, execution=IN_PROCESS)
    assert done.status == "completed" and done.sweep_id == cut.sweep_id
    assert done.result is not None and done.summary is not None
    assert done.result.computed == 12 - len(resume.done)
    assert stored_rows(store, cut.sweep_id) == whole.result.rows
    assert done.summary["points"] == whole.summary["points"]
    assert store.get_sweep(cut.sweep_id).status == "completed"


def test_a_stored_sweep_reads_back_as_its_point_table_while_cut_and_when_done(
    store: Store, plan: SweepPlan
) -> None:
    cut = sweep_and_store(plan, store=store, execution=IN_PROCESS, progress=StopAfter(5))
    assert cut.sweep_id is not None
    info, table, baseline = stored_sweep_table(store, cut.sweep_id)
    assert info.id == cut.sweep_id and baseline == plan.baseline
    assert [p["params"] for p in table] == plan.points
    assert sum(p["replications_done"] for p in table) == cut.stored

    done = resume_and_store(load_resume(store, cut.sweep_id), store=store, execution=IN_PROCESS)
    assert done.summary is not None
    _, table, _ = stored_sweep_table(store, cut.sweep_id)
    assert [p["replications_done"] for p in table] == [3, 3, 3, 3]
    assert [p["ack_rate"] for p in table] == [p["ack_rate"] for p in done.summary["points"]]


def test_a_sweep_not_stored_says_how_far_it_got(plan: SweepPlan) -> None:
    progress = StopAfter(4)
    out = sweep_and_store(plan, store=None, execution=IN_PROCESS, progress=progress)
    assert (out.status, out.sweep_id, out.stored) == ("interrupted", None, None)
    assert 4 <= out.done == progress.done < 12


def test_a_lost_worker_fails_the_sweep_and_keeps_it_resumable(
    store: Store, plan: SweepPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sweep_mod.run_sweep

    def lost(plan: SweepPlan, **kw: Any) -> Any:
        def on_rows(rows: list[dict[str, Any]]) -> None:
            kw["on_rows"](rows)
            raise BrokenExecutor("a worker died\nmore")

        return real(plan, **{**kw, "on_rows": on_rows})

    monkeypatch.setattr(sweep_mod, "run_sweep", lost)
    out = sweep_and_store(plan, store=store, execution=IN_PROCESS)
    assert (out.status, out.reason, out.stored) == ("failed", "a worker died", 2)
    assert out.sweep_id is not None
    assert store.get_sweep(out.sweep_id).status == "interrupted"


def test_any_other_crash_marks_the_sweep_interrupted_and_propagates(
    store: Store, plan: SweepPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(plan: SweepPlan, **kw: Any) -> Any:
        raise ZeroDivisionError

    monkeypatch.setattr(sweep_mod, "run_sweep", crash)
    with pytest.raises(ZeroDivisionError):
        sweep_and_store(plan, store=store, execution=IN_PROCESS)
    (info,) = store.list_sweeps()
    assert info.status == "interrupted"


def test_ctrl_c_while_connecting_stores_nothing(
    store: Store, plan: SweepPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    def connect(*args: Any, **kw: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(sweep_mod, "connect_dask", connect)
    out = sweep_and_store(plan, store=store, execution=SweepExecution(scheduler="local"))
    assert (out.status, out.connected, out.sweep_id) == ("interrupted", False, None)
    assert store.list_sweeps() == []

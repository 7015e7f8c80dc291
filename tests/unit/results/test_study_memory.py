"""``run -r N --events all`` in memory that does not grow with N (issue 14): each
replication kept whole is stored and let go batch by batch (at most ``WHOLE_BATCH`` runs
alive at once), without a store nothing is kept whole, and the process pool has at most
``in_flight(workers)`` batches out, so rows finished faster than they are stored do not
pile up. Measured side by side (N=20 against N=80), never against a clock."""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from pathlib import Path
from typing import Any

import pytest

from results.runs import SweepExecution, study_and_store
from results.runs.study import WHOLE_BATCH
from results.store import Store
from simulator.io.scenario_files import load_scenario
from simulator.model.outcome import RunResult
from simulator.sweep.pool import in_flight, run_pool
from simulator.sweep.spec import SweepPlan

IN_PROCESS = SweepExecution(workers=1, engine="simpy")  # SimPy streams per replication;
# the vector engine holds one bounded batch of up to 250 (bench_vector states its memory)


def _most_alive(monkeypatch: pytest.MonkeyPatch, scenario: Path, store: Store, n: int) -> int:
    """The most whole runs alive at once while a study of ``n`` stores them whole."""
    alive: list[weakref.ref[RunResult]] = []
    most = 0
    record = Store.record_run

    def counting(self: Store, result: RunResult, **kw: Any) -> int:
        nonlocal most
        alive[:] = [w for w in alive if w() is not None]
        alive.append(weakref.ref(result))
        most = max(most, len(alive))
        return record(self, result, **kw)

    monkeypatch.setattr(Store, "record_run", counting)
    done = study_and_store(load_scenario(scenario), seed=2, replications=n, store=store,
                           events=True, execution=IN_PROCESS)
    monkeypatch.setattr(Store, "record_run", record)
    assert done.status == "completed" and done.done == n
    return most


def test_whole_runs_alive_at_once_do_not_grow_with_n(
    monkeypatch: pytest.MonkeyPatch, sweep_scenario: Path, tmp_path: Path
) -> None:
    with Store(f"sqlite:///{tmp_path}/a.db") as a, Store(f"sqlite:///{tmp_path}/b.db") as b:
        few = _most_alive(monkeypatch, sweep_scenario, a, 20)
        many = _most_alive(monkeypatch, sweep_scenario, b, 80)
    assert few <= WHOLE_BATCH + 1 and many <= WHOLE_BATCH + 1, (few, many)


def _peak(scenario: Path, n: int, store: Store | None) -> int:
    """Peak bytes Python allocated while a study of ``n`` ran (kept whole if stored)."""
    loaded = load_scenario(scenario)
    gc.collect()
    tracemalloc.start()
    try:
        done = study_and_store(loaded, seed=2, replications=n, store=store, events=True,
                               execution=IN_PROCESS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert done.status == "completed" and done.done == n
    return peak


@pytest.mark.parametrize("stored", [True, False], ids=["store", "no-store"])
def test_peak_memory_does_not_grow_with_n(
    sweep_scenario: Path, tmp_path: Path, stored: bool
) -> None:
    peaks = []
    for n in (20, 80):
        if stored:
            with Store(f"sqlite:///{tmp_path}/r{n}.db") as store:
                peaks.append(_peak(sweep_scenario, n, store))
        else:
            peaks.append(_peak(sweep_scenario, n, None))
    few, many = peaks
    assert many < 1.3 * few, (few, many)


def _rows(scenario_text: str, base_dir: str, seed: int, batch: object) -> list[dict[str, Any]]:
    return [{"batch": batch}]


def test_the_pool_has_at_most_in_flight_batches_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ProcessPoolExecutor

    submitted, delivered, most = [0], [0], [0]
    submit = ProcessPoolExecutor.submit

    def counting(self: ProcessPoolExecutor, *args: Any, **kw: Any) -> Any:
        submitted[0] += 1
        most[0] = max(most[0], submitted[0] - delivered[0])
        return submit(self, *args, **kw)

    def deliver(rows: list[dict[str, Any]]) -> None:
        delivered[0] += 1

    monkeypatch.setattr(ProcessPoolExecutor, "submit", counting)
    plan = SweepPlan.__new__(SweepPlan)
    object.__setattr__(plan, "scenario_text", "")
    object.__setattr__(plan, "base_dir", ".")
    object.__setattr__(plan, "seed", 1)
    run_pool(plan, list(range(40)), 2, deliver, _rows)
    assert (submitted[0], delivered[0]) == (40, 40)
    assert most[0] == in_flight(2) == 4

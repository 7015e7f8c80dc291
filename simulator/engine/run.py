"""Running scenarios: one replication, or many, of any scenario kind."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

from simulator.engine.check import run_check
from simulator.engine.tabletop import run_tabletop
from simulator.model.directory import Directory
from simulator.model.outcome import RunResult
from simulator.model.scenario import Scenario

Runner = Callable[..., RunResult]
RUNNERS: dict[str, Runner] = {"check": run_check, "tabletop": run_tabletop}
"""The engine of each scenario ``kind``."""


def run(scenario: Scenario, directory: Directory, *, seed: int, replication: int = 0) -> RunResult:
    """Simulate one replication; fully determined by scenario, directory, seed and replication."""
    kind = scenario.kind
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a replication allocates many short-lived objects; ~10% faster
    try:
        return RUNNERS[kind](scenario, directory, seed=seed, replication=replication)
    finally:
        if gc_was_enabled:
            gc.enable()


def iter_replications(
    scenario: Scenario, directory: Directory, *, seed: int, replications: int,
    engine: str = "simpy",
) -> Iterator[RunResult]:
    """Replications 0..R-1 of ``scenario`` with ``seed``, one at a time. ``engine``:
    ``simpy``; ``vector`` or ``auto`` (the vector engine when it covers the scenario; not
    a task-level check here, whose per-task rates come from events): its results have
    participants and contacts but no event log, and it simulates blocks of
    replications at once (:mod:`simulator.vector.run`)."""
    if engine != "simpy":
        from simulator.vector.coverage import choose_engine
        from simulator.vector.run import BLOCK, vector_results

        if choose_engine(scenario, engine, task_events=True).engine == "vector":
            for first in range(0, replications, BLOCK):
                reps = range(first, min(replications, first + BLOCK))
                yield from vector_results(scenario, directory, seed=seed, replications=reps)
            return
    for k in range(replications):
        yield run(scenario, directory, seed=seed, replication=k)


def run_replications(
    scenario: Scenario, directory: Directory, *, seed: int, replications: int,
    engine: str = "simpy",
) -> list[RunResult]:
    """Replications 0..R-1 of ``scenario`` with ``seed``, as a list (``engine``: see
    :func:`iter_replications`)."""
    return list(iter_replications(scenario, directory, seed=seed, replications=replications,
                                  engine=engine))

"""Running replications on the vector engine: what a sweep's or a study's worker calls.

Replications are simulated in contiguous blocks of at most :data:`BLOCK` (the memory a
block holds is bounded: about 0.1 MiB per replication of the 193-state UN ping, see
``benchmarks/bench_vector.py``); each replication's draws depend on its index only, so
any split into blocks, batches or workers gives the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from simulator.model.outcome import RunResult
from simulator.model.scenario import Scenario
from simulator.vector.engine import BatchOutcome, simulate
from simulator.vector.outcome import metric_rows, run_results, study_rows
from simulator.vector.setup import Layout, layout

BLOCK = 250
"""Most replications simulated at once."""

_LAYOUTS: dict[tuple[int, int], tuple[CheckScenario, Directory, Layout]] = {}


def _layout(scenario: CheckScenario, directory: Directory) -> Layout:
    """The arrays of ``scenario`` on ``directory``, cached per process (sweeps reuse them)."""
    key = (id(scenario), id(directory))
    hit = _LAYOUTS.get(key)
    if hit is not None and hit[0] is scenario and hit[1] is directory:
        return hit[2]
    if len(_LAYOUTS) >= 16:
        _LAYOUTS.clear()
    lay = layout(scenario, directory)
    _LAYOUTS[key] = (scenario, directory, lay)
    return lay


def _blocks(replications: Sequence[int]) -> Iterator[tuple[int, int]]:
    """``(first, count)`` runs of consecutive indices, each at most :data:`BLOCK` long."""
    reps = sorted(replications)
    i = 0
    while i < len(reps):
        j = i + 1
        while j < len(reps) and reps[j] == reps[j - 1] + 1 and j - i < BLOCK:
            j += 1
        yield reps[i], j - i
        i = j


def _outcomes(scenario: Scenario, directory: Directory, seed: int,
              replications: Sequence[int]) -> Iterator[tuple[Layout, BatchOutcome]]:
    assert isinstance(scenario, CheckScenario)
    lay = _layout(scenario, directory)
    for first, count in _blocks(replications):
        yield lay, simulate(lay, scenario, seed=seed, first=first, count=count)


def vector_metric_rows(scenario: Scenario, directory: Directory, *, seed: int,
                       replications: Sequence[int]) -> list[dict[str, Any]]:
    """Per replication (in index order), a sweep's metrics (``replication_metrics``)."""
    assert isinstance(scenario, CheckScenario)
    out: list[dict[str, Any]] = []
    for _, batch in _outcomes(scenario, directory, seed, replications):
        out.extend(metric_rows(scenario, batch))
    return out


def vector_study_rows(scenario: Scenario, directory: Directory, *, seed: int,
                      replications: Sequence[int]) -> list[dict[str, Any]]:
    """Per replication (in index order), a study's compact row (``replication_row``)."""
    assert isinstance(scenario, CheckScenario)
    out: list[dict[str, Any]] = []
    for _, batch in _outcomes(scenario, directory, seed, replications):
        out.extend(study_rows(scenario, batch, seed))
    return out


def vector_results(scenario: Scenario, directory: Directory, *, seed: int,
                   replications: Sequence[int]) -> list[RunResult]:
    """Per replication (in index order), its ``RunResult`` (participants and contacts; the
    vector engine keeps no event log)."""
    assert isinstance(scenario, CheckScenario)
    out: list[RunResult] = []
    for lay, batch in _outcomes(scenario, directory, seed, replications):
        out.extend(run_results(lay, scenario, batch, seed))
    return out

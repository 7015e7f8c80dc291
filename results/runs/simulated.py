"""Simulated runs, stored as they finish: one replication (``pocdrill run``), or several
kept whole as runs of their own (many replications are a study:
:func:`results.runs.study.study_and_store`, one result with a compact row each).

:func:`run_and_store` simulates replications 0..R-1 of a scenario with one seed and stores
each as its own run the moment it is simulated. A run is stored whole or not at all: a
first Ctrl-C waits until the run being stored is complete, a second one gets through and
the run it cut is marked ``interrupted``. Ctrl-C is not an error here: the outcome says
how far the runs got (:attr:`RunOutcome.interrupted`). Any other failure while storing
marks that run ``interrupted`` with the reason, then propagates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from results.store import Store, deferred_ctrl_c
from results.store.run_writes import failure_reason
from simulator.io.scenario_files import LoadedScenario
from simulator.model.directory import Directory
from simulator.model.outcome import RunResult

Progress = Callable[[int, int], None]
"""Called as ``on_progress(done, total)`` after each replication (and its storing)."""


@dataclass(frozen=True)
class RunOutcome:
    """What :func:`run_and_store` did."""

    replications: int
    """Replications asked for."""
    results: list[RunResult]
    """Replications simulated, in order (when interrupted, the last may not be stored)."""
    run_ids: list[int]
    """Runs stored complete, in replication order (none without a store)."""
    database: str | None = None
    """Where they are stored (the display URL), None without a store."""
    interrupted: bool = False
    """Ctrl-C stopped the replications before the last."""
    interrupted_run: int | None = None
    """The run Ctrl-C cut while it was being stored, now marked ``interrupted``."""
    summary: dict[str, Any] | None = None
    """``summarize`` over all replications (tabletops add ``expectations``), with
    ``run_id``, ``run_ids`` (several) and ``database`` when stored; None if interrupted."""


def checked_directory(loaded: LoadedScenario, source: str | None = None) -> Directory:
    """The scenario's directory, the scenario checked against it (a check's recipient
    roles, a tabletop's codes, groups and roles): :class:`~simulator.model.errors.InputError`
    naming ``source`` if they do not fit."""
    directory = loaded.directory()
    loaded.scenario.validate_against(directory, source or str(loaded.path or "<scenario>"))
    return directory


def run_and_store(
    loaded: LoadedScenario,
    *,
    seed: int,
    replications: int = 1,
    store: Store | None = None,
    events: bool | None = None,
    directory: Directory | None = None,
    on_progress: Progress | None = None,
) -> RunOutcome:
    """Simulate ``replications`` of ``loaded`` with ``seed``; store each run in ``store``.

    ``events``: store the full event log (default: for one replication, not for more).
    ``directory``: the scenario's directory if already resolved (else
    :func:`checked_directory`).
    """
    from simulator.engine.run import iter_replications

    keep_events = events if events is not None else replications == 1
    directory = directory if directory is not None else checked_directory(loaded)
    results: list[RunResult] = []
    run_ids: list[int] = []
    current: int | None = None
    try:
        for k, result in enumerate(
            iter_replications(loaded.scenario, directory, seed=seed, replications=replications)
        ):
            results.append(result)
            if store is not None:
                # Ctrl-C waits for the run to be stored whole (it never lands between the
                # row that says running and the one that completes it)
                with deferred_ctrl_c():
                    current = _start(store, loaded.text, seed, k, result)
                    store.finish_run(current, result, events=keep_events)
                    run_ids.append(current)
                    current = None
            if on_progress is not None:
                on_progress(k + 1, replications)
    except KeyboardInterrupt:
        return _interrupted(replications, results, run_ids, store, current)
    except BaseException as e:
        if store is not None and current is not None and current not in run_ids:
            _mark_failed(store, current, e)
        raise
    return RunOutcome(replications, results, run_ids,
                      database=store.display_url if store is not None else None,
                      summary=_summary(results, run_ids, store))


def _start(store: Store, text: str, seed: int, replication: int, result: RunResult) -> int:
    return store.start_run(
        scenario=result.scenario,
        scenario_text=text,
        seed=seed,
        replication=replication,
        mode="simulated",
        kind=result.kind,
        start=result.start,
        deadline_hours=result.deadline_hours,
        horizon_hours=result.horizon_hours,
        level=result.level,
    )


def _interrupted(
    replications: int,
    results: list[RunResult],
    run_ids: list[int],
    store: Store | None,
    current: int | None,
) -> RunOutcome:
    """The outcome of a Ctrl-C: the run it cut (if any) marked interrupted."""
    if current is not None and current in run_ids:  # stored, just not yet cleared
        current = None
    if store is not None and current is not None:
        if not store.mark_interrupted(current, "interrupted by Ctrl-C"):
            run_ids.append(current)  # Ctrl-C came as its completion was committed
            current = None
    return RunOutcome(replications, results, run_ids,
                      database=store.display_url if store is not None else None,
                      interrupted=True, interrupted_run=current)


def _mark_failed(store: Store, run_id: int, e: BaseException) -> None:
    try:
        store.mark_interrupted(run_id, failure_reason(e))
    except Exception:  # noqa: BLE001 - the original error is the one to report
        pass


def _summary(results: list[RunResult], run_ids: list[int], store: Store | None) -> dict[str, Any]:
    from simulator.analysis.metrics import summarize

    summary = summarize(results)
    if len(results) == 1:
        from simulator.analysis.figures import run_figures

        summary["figures"] = run_figures(results[0])
    if results[0].kind == "tabletop":
        from simulator.analysis.tabletop import summarize_expectations

        summary["expectations"] = summarize_expectations(results)
    if store is not None:
        summary["run_id"] = run_ids[0]
        if len(run_ids) > 1:
            summary["run_ids"] = run_ids
        summary["database"] = store.display_url
    return summary

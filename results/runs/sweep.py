"""Sweeps run and stored as they go: a new sweep, or the rest of a stored one.

:func:`sweep_and_store` connects to the Dask scheduler first (if one is asked for: an
unreachable one raises :class:`~simulator.sweep.SchedulerError` before anything is
stored), then creates the sweep and stores each batch of replication rows as it arrives.
Ctrl-C or SIGTERM stops it with what was done kept and the sweep marked ``interrupted``;
a lost scheduler or a killed worker does the same, with the reason; any other failure
marks it ``interrupted`` and propagates. An interrupted sweep (or one whose process died)
is completed by :func:`resume_and_store` with the pairs it is missing, to the same rows an
uninterrupted sweep gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import BrokenExecutor
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, Protocol

from results.runs.sweep_record import (
    Row,
    SweepResume,
    add_rows,
    complete_sweep,
    start_sweep,
)
from results.store import Store, StoreError
from results.store.process import deferred_ctrl_c, sigterm_as_interrupt
from simulator.sweep.spec import SweepPlan
from simulator.vector.coverage import EngineChoice

if TYPE_CHECKING:
    from simulator.sweep.execution import DaskSession, SweepOutcome

SweepStatus = Literal["completed", "interrupted", "failed"]


@dataclass(frozen=True)
class SweepExecution:
    """How a sweep's replications are computed (never what they compute)."""

    workers: int | None = None
    """Processes (default: all cores; 1 = in this process)."""
    scheduler: str | None = None
    """Dask: ``"local"`` (a LocalCluster of ``workers`` processes) or ``tcp://HOST:PORT``."""
    connect_timeout: float = 10.0
    """Seconds to try to reach ``scheduler``."""
    batch_size: int | None = None
    """Replications per task (default: chosen from the work and the workers)."""
    engine: str = "auto"
    """``auto``, ``simpy`` or ``vector`` (:func:`simulator.vector.coverage.choose_engine`):
    the engines agree in distribution, not draw for draw."""


def batch_size(execution: SweepExecution, engine: str) -> int | None:
    """Replications per task: as asked, else the engine's (``engine_batch_size``)."""
    from simulator.sweep.execution import engine_batch_size

    return engine_batch_size(execution.batch_size, engine)


class SweepProgress(Protocol):
    """Something that shows a sweep's progress (a bar, a screen)."""

    def start(self, total: int, done: int) -> None: ...

    def advance(self, n: int) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class SweepRunOutcome:
    """What a sweep did, however it ended."""

    plan: SweepPlan
    status: SweepStatus
    sweep_id: int | None
    """The stored sweep (None without a store, or interrupted before it was created)."""
    database: str | None
    """Where it is stored (the display URL), None without a store."""
    done: int
    """Replications done, those of an earlier run of a resumed sweep included."""
    stored: int | None = None
    """Replications the store holds for the sweep (None when not stored)."""
    connected: bool = True
    """False: interrupted while connecting to the scheduler (nothing ran or changed)."""
    reason: str | None = None
    """Why a ``failed`` sweep stopped (a lost scheduler, a killed worker)."""
    result: SweepOutcome | None = None
    """The rows and how they ran (``completed`` only)."""
    summary: dict[str, Any] | None = None
    """``simulator.sweep.sweep_json`` with ``database`` when stored (``completed`` only)."""
    engine: EngineChoice | None = None
    """The engine it ran on, and why (``completed`` only)."""


def sweep_and_store(
    plan: SweepPlan,
    *,
    store: Store | None,
    execution: SweepExecution | None = None,
    progress: SweepProgress | None = None,
) -> SweepRunOutcome:
    """Run every replication of ``plan``, stored in ``store`` as a new sweep."""
    return _sweep(plan, store, None, execution or SweepExecution(), progress)


def resume_and_store(
    resume: SweepResume,
    *,
    store: Store,
    execution: SweepExecution | None = None,
    progress: SweepProgress | None = None,
) -> SweepRunOutcome:
    """Run the pairs a stored sweep (:func:`~results.runs.sweep_record.load_resume`) is
    missing, and complete it."""
    return _sweep(resume.plan, store, resume, execution or SweepExecution(), progress)


def _sweep(
    plan: SweepPlan,
    store: Store | None,
    resume: SweepResume | None,
    execution: SweepExecution,
    progress: SweepProgress | None,
) -> SweepRunOutcome:
    if resume is not None:  # the engine it began with, whatever is asked now
        choice = EngineChoice(resume.engine, "stored")  # type: ignore[arg-type]
    else:  # an engine that does not cover the sweep is an error before anything happens
        from simulator.sweep.execution import sweep_engine

        choice = sweep_engine(plan, execution.engine)
    # reach the scheduler before the sweep is stored: no sweep left "running" with nothing
    session = None
    try:
        # held until the cluster is up or refused: one cut half-way through its start
        # leaves processes and exit handlers that fail noisily at exit
        with deferred_ctrl_c():
            session = _connect(execution)
    except KeyboardInterrupt:
        if session is not None:
            session.close()
        return SweepRunOutcome(plan, "interrupted", resume.sweep_id if resume else None,
                               _where(store), done=len(resume.done) if resume else 0,
                               connected=False)
    with session if session is not None else nullcontext():
        return _execute(plan, store, resume, execution, session, progress, choice)


def _connect(execution: SweepExecution) -> DaskSession | None:
    if execution.scheduler is None:
        return None
    from simulator.sweep import connect_dask

    return connect_dask(execution.scheduler, execution.workers, timeout=execution.connect_timeout)


def _execute(
    plan: SweepPlan,
    store: Store | None,
    resume: SweepResume | None,
    execution: SweepExecution,
    dask: DaskSession | None,
    progress: SweepProgress | None,
    choice: EngineChoice,
) -> SweepRunOutcome:
    import simulator.sweep as sweeps  # looked up at call time: tests stand in for run_sweep

    skip = resume.done if resume is not None else set()
    done = len(skip)
    sweep_id = resume.sweep_id if resume is not None else None
    engine = choice.engine

    def on_rows(rows: list[Row]) -> None:
        nonlocal done
        if store is not None and sweep_id is not None:
            add_rows(store, sweep_id, rows)
        done += len(rows)
        if progress is not None:
            progress.advance(len(rows))

    try:
        with sigterm_as_interrupt():
            if store is not None:
                with deferred_ctrl_c():  # an interrupt lands once the sweep's id is known
                    if resume is not None:
                        store.claim_sweep(resume.sweep_id)
                    else:
                        sweep_id = start_sweep(store, plan, engine)
            with _showing(progress, plan.total, done):
                outcome = sweeps.run_sweep(
                    plan, workers=execution.workers, scheduler=execution.scheduler,
                    batch_size=batch_size(execution, engine), on_rows=on_rows, skip=skip,
                    previous_rows=resume.rows if resume is not None else [], dask=dask,
                    task=partial(sweeps.run_batch, engine=engine),
                )
    except KeyboardInterrupt:
        return _stopped(plan, store, sweep_id, done, None)
    except (OSError, BrokenExecutor) as e:  # a lost scheduler, a worker killed
        text = str(e).strip()
        return _stopped(plan, store, sweep_id, done, text.splitlines()[0] if text else
                        type(e).__name__)
    except BaseException:  # any other crash: keep the sweep resumable, show the bug
        if store is not None and sweep_id is not None:
            with suppress(StoreError):  # the database itself went away: recovery marks it
                store.finish_sweep(sweep_id, status="interrupted")
        raise
    return _completed(plan, store, sweep_id, done, outcome, choice)


def _completed(
    plan: SweepPlan, store: Store | None, sweep_id: int | None, done: int,
    outcome: SweepOutcome, choice: EngineChoice,
) -> SweepRunOutcome:
    """Every replication ran: the sweep completed (its points' figures and its status in
    one transaction). An interrupt that lands now is too late to stop anything: it is
    held, and dropped once the sweep is complete (pressed twice, it stops it)."""
    import simulator.sweep as sweeps

    summary: dict[str, Any] = {}
    finished = False
    try:
        with deferred_ctrl_c():
            summary = sweeps.sweep_json(plan, outcome.rows, sweep_id)
            summary["engine"] = choice.engine
            if choice.reason:
                summary["engine_note"] = choice.describe()
            if store is not None and sweep_id is not None:
                complete_sweep(store, sweep_id, summary["points"])
                summary["database"] = store.display_url
            finished = True
    except KeyboardInterrupt:
        if not finished:  # pressed twice: it got through before the sweep completed
            return _stopped(plan, store, sweep_id, done, None)
    return SweepRunOutcome(plan, "completed", sweep_id, _where(store), done=done,
                           stored=done if store is not None else None,
                           result=outcome, summary=summary, engine=choice)


@contextmanager
def _showing(progress: SweepProgress | None, total: int, done: int) -> Iterator[None]:
    if progress is None:
        yield
        return
    progress.start(total, done)
    try:
        yield
    finally:
        progress.stop()


def _stopped(
    plan: SweepPlan, store: Store | None, sweep_id: int | None, done: int, reason: str | None
) -> SweepRunOutcome:
    """Interrupted (``reason`` None) or failed: the stored sweep marked ``interrupted``."""
    stored = None
    if store is not None and sweep_id is not None:
        store.finish_sweep(sweep_id, status="interrupted")
        stored = _stored(store, sweep_id, done)
    return SweepRunOutcome(plan, "interrupted" if reason is None else "failed", sweep_id,
                           _where(store), done=done, stored=stored, reason=reason)


def _stored(store: Store, sweep_id: int, counted: int) -> int:
    """Replications the store holds for the sweep (an interrupt may fall between a batch's
    commit and its counting); ``counted`` if the store cannot say."""
    try:
        return len(store.done_replications(sweep_id))
    except Exception:  # noqa: BLE001 - the outcome must still be told
        return counted


def _where(store: Store | None) -> str | None:
    return store.display_url if store is not None else None

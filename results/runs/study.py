"""Studies: ``pocdrill run SCENARIO -r N`` run and stored as one result.

:func:`study_and_store` simulates replication 0 here (a scenario that cannot run fails
before anything is stored), creates the study with its frame, then runs replications
1..N-1 on the sweeps' worker pool (:func:`simulator.sweep.run_sweep` with the study's
task), storing each batch of compact rows as it arrives and folding it into the study's
aggregate (:class:`~simulator.analysis.study.StudyAggregate`), so memory stays flat
whatever N. Replication ``k`` is simulated with ``seed, replication=k`` on any number of
workers: the same seed gives the same study. With ``events`` each replication is also
stored whole (a run linked to the study, its event log included).

Ctrl-C or SIGTERM stops it with what was done kept and the study marked ``interrupted``;
a killed worker does the same, with the reason; any other failure marks it
``interrupted`` and propagates. :func:`resume_study` completes an interrupted study
(or one whose process died) to the figures an uninterrupted one gives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import BrokenExecutor
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Literal

from results.runs.sweep import SweepExecution, SweepProgress, batch_size
from results.store import Store, StoreError, deferred_ctrl_c, pid_alive
from results.store.info import StudyInfo
from simulator.analysis.replication import Row, frame_of, replication_row
from simulator.analysis.study import StudyAggregate
from simulator.io.scenario_files import LoadedScenario
from simulator.model.directory import Directory
from simulator.model.errors import InputError, Problem
from simulator.model.outcome import RunResult
from simulator.sweep.spec import SweepPlan, directory_fingerprint, plan_sweep
from simulator.vector.coverage import choose_engine

StudyStatus = Literal["completed", "interrupted", "failed"]
WHOLE_ROWS_LIMIT = 1_000_000
"""Rows a study kept whole (``--events all``) may write before the CLI asks for ``--yes``."""
WHOLE_BATCH = 4
"""Replications per batch of a study kept whole: a batch's runs are in memory together
(in the worker, in transit, and here until stored), so it stays small whatever N."""


@dataclass(frozen=True)
class StudyOutcome:
    """What a study did, however it ended."""

    status: StudyStatus
    study_id: int | None
    """The stored study (None without a store)."""
    database: str | None
    replications: int
    """Replications asked for."""
    done: int
    """Replications done (those of an earlier, interrupted run included)."""
    summary: dict[str, Any] | None = None
    """The study's figures, with ``study_id`` and ``database`` when stored (completed only)."""
    reason: str | None = None
    """Why a ``failed`` study stopped (a killed worker)."""


@dataclass(frozen=True)
class StudyResume:
    """A stored study to complete."""

    info: StudyInfo
    plan: SweepPlan


def study_plan(text: str, *, replications: int, seed: int, base_dir: str, source: str,
               name: str) -> SweepPlan:
    """A study as the pool runs it: one point, no axes."""
    return plan_sweep(text, {}, replications=replications, seed=seed, name=name,
                      scenario_source=source, base_dir=base_dir)


def study_and_store(
    loaded: LoadedScenario,
    *,
    seed: int,
    replications: int,
    store: Store | None,
    events: bool = False,
    execution: SweepExecution | None = None,
    progress: SweepProgress | None = None,
) -> StudyOutcome:
    """Simulate ``replications`` of ``loaded`` with ``seed`` as one study in ``store``, on
    the engine ``execution.engine`` asks for (``auto``: the vector engine when it covers
    the scenario); the frame records the engine, so a resume uses the same one
    (``events``: each replication also stored whole; without a store nothing is kept
    whole, only the running aggregate)."""
    execution = execution or SweepExecution()
    events = events and store is not None
    source = str(loaded.path or "<scenario>")
    plan = study_plan(loaded.text, replications=replications, seed=seed,
                      base_dir=str(loaded.base_dir), source=source,
                      name=loaded.scenario.name)
    directory = loaded.directory()
    choice = choose_engine(loaded.scenario, execution.engine, events=events, source=source)
    engine = choice.engine
    first, row = _first(loaded, directory, seed, engine)
    frame = {**frame_of(first), "engine": engine, "engine_note": choice.describe()}
    fingerprint = directory_fingerprint(plan)
    name, kind = first.scenario, first.kind

    def create(store: Store) -> int:  # everything a resume needs, in one transaction
        return store.create_study(
            scenario=name, scenario_text=loaded.text, kind=kind, seed=seed,
            replications=replications, events_stored=events, frame=frame,
            scenario_dir=plan.base_dir, directory_hash=fingerprint)

    aggregate = StudyAggregate(frame, _header(name, seed, frame))
    if events:
        row["result"] = first
    del first  # stored (and let go) with the first batch
    runner = _Runner(plan, store, None, aggregate, execution, progress, events, engine)
    return runner.go([row], create)


def _first(loaded: LoadedScenario, directory: Directory, seed: int,
           engine: str) -> tuple[RunResult, Row]:
    """Replication 0 (run here: a scenario that cannot run fails before anything is
    stored) and its row, on ``engine``."""
    if engine == "vector":
        from simulator.vector.run import vector_results, vector_study_rows

        first = vector_results(loaded.scenario, directory, seed=seed, replications=[0])[0]
        row = vector_study_rows(loaded.scenario, directory, seed=seed, replications=[0])[0]
        return first, row
    from simulator.engine.run import run

    first = run(loaded.scenario, directory, seed=seed, replication=0)
    return first, replication_row(first)


def whole_rows_estimate(loaded: LoadedScenario, seed: int) -> int:
    """Rows one replication of ``loaded`` stored whole writes (participants, contacts,
    expectations, events, the run), from replication 0."""
    from simulator.engine.run import run

    r = run(loaded.scenario, loaded.directory(), seed=seed, replication=0)
    return 1 + len(r.participants) + len(r.contacts) + len(r.expectations) + len(r.events)


def load_study(store: Store, study_id: int) -> StudyResume:
    """A stored study that can be resumed: :class:`~simulator.model.errors.InputError`
    if it is completed, still running in a live process, or its directory changed;
    :class:`results.db.NotFound` if there is none."""
    info = store.get_study(study_id)
    where = f"study {study_id}"
    if info.status == "completed":
        raise InputError.single("--resume", "", f"{where} is completed; there is nothing to "
                                f"resume (pocdrill results show study:{study_id})")
    if info.status == "running" and (info.host != store.host or pid_alive(info.pid)):
        raise InputError.single("--resume", "", f"{where} is still running in another process")
    plan = study_plan(info.scenario_text or "", replications=info.replications,
                      seed=info.seed, base_dir=info.scenario_dir or ".", source=where,
                      name=info.scenario)
    if info.directory_hash is not None and info.directory_hash != directory_fingerprint(plan):
        raise InputError([Problem(
            where, "directory", "the scenario's directory has changed since the study "
            "started, so its replications would mix two directories; restore the directory "
            "file, or start a new study")])
    return StudyResume(info, plan)


def resume_study(
    resume: StudyResume,
    *,
    store: Store,
    execution: SweepExecution | None = None,
    progress: SweepProgress | None = None,
) -> StudyOutcome:
    """Run the replications a stored study is missing, and complete it."""
    info = resume.info
    assert info.frame is not None
    engine = str(info.frame.get("engine", "simpy"))  # the engine it began with, always
    aggregate = StudyAggregate(info.frame, _header(info.scenario, info.seed, info.frame))
    done = aggregate.add_all(store.iter_study_replications(info.id)).reps
    runner = _Runner(resume.plan, store, info.id, aggregate, execution or SweepExecution(),
                     progress, info.events_stored, engine, done_before=done)

    def claim(store: Store) -> int:
        store.claim_study(info.id)
        return info.id

    return runner.go([], claim)


def study_summary(store: Store, study_id: int) -> dict[str, Any]:
    """A stored study's figures: those stored when it completed, else computed from its
    replication rows (an interrupted study: what it has so far)."""
    info = store.get_study(study_id)
    if info.aggregates is not None:
        return {**info.aggregates, "study_id": study_id, "database": store.display_url}
    if info.frame is None or not info.done:
        raise InputError.single(f"study {study_id}", "replications",
                                "has no replication stored yet")
    aggregate = StudyAggregate(info.frame, _header(info.scenario, info.seed, info.frame))
    out = _with_figures(aggregate.add_all(store.iter_study_replications(study_id)).summary())
    out.update(study_id=study_id, database=store.display_url)
    return out


def _with_figures(summary: dict[str, Any]) -> dict[str, Any]:
    """``summary`` with its ``figures`` (:func:`simulator.analysis.figures.study_figures`)."""
    from simulator.analysis.figures import study_figures

    summary["figures"] = study_figures(summary)
    return summary


def _header(scenario: str, seed: int, frame: Mapping[str, Any]) -> dict[str, Any]:
    """What a study's summary says first: ``engine`` and ``engine_note`` (which engine
    ran, and why), as its frame recorded them (a study stored before: SimPy)."""
    out = {"scenario": scenario, "seed": seed, "engine": frame.get("engine", "simpy")}
    if frame.get("engine_note"):
        out["engine_note"] = frame["engine_note"]
    return out


class _Runner:
    """One go at a study's missing replications: rows stored and folded in as they come."""

    def __init__(self, plan: SweepPlan, store: Store | None, study_id: int | None,
                 aggregate: StudyAggregate, execution: SweepExecution,
                 progress: SweepProgress | None, events: bool, engine: str,
                 done_before: int = 0) -> None:
        self.plan, self.store, self.study_id = plan, store, study_id
        self.aggregate, self.execution, self.progress = aggregate, execution, progress
        self.events, self.engine = events, engine
        self.done = done_before

    def take(self, rows: list[Row]) -> None:
        """Store a batch of rows (and whole runs), fold them in, show progress."""
        whole = [r.pop("result") for r in rows if "result" in r]
        if self.store is not None and self.study_id is not None:
            # a first Ctrl-C waits until the batch is stored: never a run left "running"
            with deferred_ctrl_c():
                self.store.add_study_replications(self.study_id, rows)
                for result in whole:
                    self._store_whole(result)
        for r in rows:
            self.aggregate.add(r["metrics"])
        self.done += len(rows)
        if self.progress is not None:
            self.progress.advance(len(rows))

    def _store_whole(self, result: RunResult) -> None:
        assert self.store is not None and self.study_id is not None
        self.store.record_run(result, scenario_text=self.plan.scenario_text,
                              study_id=self.study_id)

    def go(self, first: list[Row], start: Callable[[Store], int]) -> StudyOutcome:
        """Run what is missing; ``start`` creates (or claims) the stored study, its id
        known here before an interrupt can land."""
        import simulator.sweep as sweeps  # looked up at call time: tests stand in for it
        from results.runs.study_task import study_task
        from results.store.process import sigterm_as_interrupt

        try:
            with sigterm_as_interrupt():
                if self.store is not None:
                    with deferred_ctrl_c():
                        self.study_id = start(self.store)
                skip = {(0, k) for k in self._stored()} | ({(0, 0)} if first else set())
                if self.progress is not None:
                    self.progress.start(self.plan.replications, self.done)
                try:
                    if first:
                        self.take(first)
                    sweeps.run_sweep(
                        self.plan, workers=self.execution.workers,
                        scheduler=self.execution.scheduler,
                        batch_size=(self.execution.batch_size or WHOLE_BATCH) if self.events
                        else batch_size(self.execution, self.engine),
                        on_rows=self.take, skip=skip,
                        task=study_task(self.events, self.engine), keep_rows=False)
                finally:
                    if self.progress is not None:
                        self.progress.stop()
        except KeyboardInterrupt:
            return self._stopped(None)
        except (OSError, BrokenExecutor) as e:  # a worker killed
            text = str(e).strip()
            return self._stopped(text.splitlines()[0] if text else type(e).__name__)
        except BaseException:
            if self.store is not None and self.study_id is not None:
                with suppress(StoreError):  # the database itself went away: recovery marks it
                    self.store.finish_study(self.study_id, status="interrupted")
            raise
        return self._completed()

    def _completed(self) -> StudyOutcome:
        """Every replication ran: the study completed with its figures. An interrupt that
        lands now is held and dropped once it is stored (pressed twice, it stops it)."""
        summary: dict[str, Any] = {}
        finished = False
        try:
            with deferred_ctrl_c():
                summary = _with_figures(self.aggregate.summary())
                if self.store is not None and self.study_id is not None:
                    self.store.finish_study(self.study_id, aggregates=_stored_form(summary))
                    summary.update(study_id=self.study_id, database=self.store.display_url)
                finished = True
        except KeyboardInterrupt:
            if not finished:  # pressed twice: it got through before the study completed
                return self._stopped(None)
        return StudyOutcome("completed", self.study_id, _where(self.store),
                            self.plan.replications, self.done, summary=summary)

    def _stored(self) -> set[int]:
        if self.store is None or self.study_id is None:
            return set()
        return self.store.done_study_replications(self.study_id)

    def _stopped(self, reason: str | None) -> StudyOutcome:
        if self.store is not None and self.study_id is not None:
            self.store.finish_study(self.study_id, status="interrupted")
            self.done = len(self._stored())
        return StudyOutcome("interrupted" if reason is None else "failed", self.study_id,
                            _where(self.store), self.plan.replications, self.done,
                            reason=reason)


def _stored_form(summary: Mapping[str, Any]) -> dict[str, Any]:
    from results.store import jsonable

    out: dict[str, Any] = jsonable(dict(summary))
    return out


def _where(store: Store | None) -> str | None:
    return store.display_url if store is not None else None

"""Running a sweep: batches of (point, replication) pairs on one process, a local process
pool, or a Dask cluster.

A work unit is a batch of replications of one grid point. Workers receive the scenario
*text*, the point's parameters and the replication indices, and keep the parsed scenario
and its directory in a per-process cache, so a point is parsed once per worker, not once
per task. Each batch returns small per-replication rows
(``{point, replication, seed, metrics}``) that are handed to ``on_rows`` as soon as the
batch finishes: a caller that stores them keeps everything finished when the sweep is
interrupted.

Replication ``k`` is simulated with ``seed=plan.seed, replication=k`` whatever the
executor or the number of workers, so the rows never depend on how the sweep ran. The
local process pool itself is :mod:`simulator.sweep.pool`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import math
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.io.scenario_files import parse_scenario, scenario_directory
from simulator.io.yaml_strict import load as strict_yaml
from simulator.model.directory import Directory
from simulator.model.scenario import Scenario
from simulator.sweep.axes import apply
from simulator.sweep.spec import SweepPlan
from simulator.sweep.stats import point_table

if TYPE_CHECKING:
    from simulator.vector.coverage import EngineChoice

Row = dict[str, Any]
RowsCallback = Callable[[list[Row]], None]
BatchTask = Callable[[str, str, int, "Batch"], list[Row]]
"""What a worker runs on a batch: ``task(scenario_text, base_dir, seed, batch)`` gives one
row per replication (:func:`run_batch` for sweeps; a study keeps other rows)."""

MAX_BATCH = 50
CONNECT_TIMEOUT = 10.0  # seconds to reach a Dask scheduler (distributed's default is 30)
_CACHE: dict[tuple[str, str, str], tuple[Scenario, Directory]] = {}


@dataclass(frozen=True)
class Batch:
    """A work unit: replications of one point."""

    point: int
    params: dict[str, Any]
    replications: tuple[int, ...]


@dataclass
class SweepOutcome:
    """What a sweep produced: every row (sorted), and how it ran."""

    plan: SweepPlan
    rows: list[Row]
    computed: int  # rows computed in this call (the rest were skipped)
    seconds: float
    executor: str
    workers: int
    extra: dict[str, Any] = field(default_factory=dict)

    def table(self) -> list[dict[str, Any]]:
        """One entry per point: params, aggregates and differences vs the baseline."""
        return point_table(self.plan.points, self.rows, self.plan.baseline)


# -- the worker side ---------------------------------------------------------------------
def prepared(
    scenario_text: str, params: dict[str, Any], base_dir: str, source: str = "<scenario>"
) -> tuple[Scenario, Directory]:
    """The parsed scenario with ``params`` applied and its directory, cached per process."""
    key = (
        hashlib.blake2b(scenario_text.encode(), digest_size=16).hexdigest(),
        json.dumps(params, sort_keys=True, default=str),
        base_dir,
    )
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    data = apply(strict_yaml(scenario_text), params)
    scenario = parse_scenario(data, source)
    directory = scenario_directory(scenario, Path(base_dir), source=source)
    scenario.validate_against(directory, source)
    if len(_CACHE) >= 64:
        _CACHE.clear()
    _CACHE[key] = (scenario, directory)
    return scenario, directory


def run_batch(
    scenario_text: str, base_dir: str, seed: int, batch: Batch, *, engine: str = "simpy"
) -> list[Row]:
    """Simulate one batch; returns one compact row per replication. ``engine``: ``simpy``
    or ``vector`` (already chosen: see :func:`simulator.vector.coverage.choose_engine`)."""
    from simulator.engine.run import run
    from simulator.sweep.stats import replication_metrics

    scenario, directory = prepared(scenario_text, batch.params, base_dir)
    if engine == "vector":
        from simulator.vector.run import vector_metric_rows

        metrics = vector_metric_rows(scenario, directory, seed=seed,
                                     replications=batch.replications)
        return [{"point": batch.point, "replication": k, "seed": seed, "metrics": m}
                for k, m in zip(sorted(batch.replications), metrics, strict=True)]
    rows = []
    for k in batch.replications:
        result = run(scenario, directory, seed=seed, replication=k)
        rows.append(
            {
                "point": batch.point,
                "replication": k,
                "seed": seed,
                "metrics": replication_metrics(result),
            }
        )
    return rows


def sweep_engine(plan: SweepPlan, requested: str) -> EngineChoice:
    """The one engine every point of ``plan`` runs on (paired differences between points
    need the same engine): see :func:`simulator.vector.coverage.choose_engine`."""
    from simulator.vector.coverage import choose_engine

    scenarios = [prepared(plan.scenario_text, p, plan.base_dir, plan.scenario_source)[0]
                 for p in plan.points]
    return choose_engine(scenarios, requested, source=plan.scenario_source)


VECTOR_BATCH = 250
"""Replications per task on the vector engine, which simulates a batch at once."""


def engine_batch_size(batch_size: int | None, engine: str) -> int | None:
    """Replications per task: ``batch_size`` if given, else :data:`VECTOR_BATCH` on the
    vector engine, else None (:func:`make_batches` chooses)."""
    if batch_size is not None or engine != "vector":
        return batch_size
    return VECTOR_BATCH


# -- batching ------------------------------------------------------------------------------
def default_batch_size(pending: int, workers: int) -> int:
    """About four batches per worker, at most :data:`MAX_BATCH` replications each."""
    return max(1, min(MAX_BATCH, math.ceil(pending / max(1, 4 * workers))))


def make_batches(
    plan: SweepPlan,
    skip: Iterable[tuple[int, int]] = (),
    batch_size: int | None = None,
    workers: int = 1,
) -> list[Batch]:
    """The pending (point, replication) pairs, cut into batches of one point each.

    With the default size and several workers, the last ``2 * workers`` batches are cut
    into quarters: the pool hands batches out in order, so the workers then run out of
    work within a small batch of each other instead of one idling through a whole one.
    """
    done = set(skip)
    pending = {
        i: [k for k in range(plan.replications) if (i, k) not in done]
        for i in range(len(plan.points))
    }
    total = sum(len(v) for v in pending.values())
    size = batch_size or default_batch_size(total, workers)
    batches = []
    for i, reps in pending.items():
        for j in range(0, len(reps), size):
            batches.append(Batch(i, plan.points[i], tuple(reps[j : j + size])))
    if batch_size is None and workers > 1 and size > 1:
        cut = len(batches) - 2 * workers
        small = math.ceil(size / 4)
        tail = [
            Batch(b.point, b.params, b.replications[j : j + small])
            for b in batches[max(0, cut) :]
            for j in range(0, len(b.replications), small)
        ]
        batches = batches[: max(0, cut)] + tail
    return batches


# -- executors -----------------------------------------------------------------------------
def run_sweep(
    plan: SweepPlan,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int | None = None,
    on_rows: RowsCallback | None = None,
    skip: Iterable[tuple[int, int]] = (),
    previous_rows: Sequence[Row] = (),
    dask: DaskSession | None = None,
    task: BatchTask | None = None,
    keep_rows: bool = True,
) -> SweepOutcome:
    """Run every (point, replication) of ``plan`` not in ``skip``.

    ``workers``: processes (default ``os.cpu_count()``; 1 runs in this process).
    ``scheduler``: ``None`` for a local process pool, ``"local"`` for a Dask
    ``LocalCluster`` of ``workers`` processes, or ``"tcp://host:port"`` for an existing
    Dask scheduler (its workers need pocdrill installed and, for a scenario whose
    directory is a file, that file at the same path). ``dask``: a session from
    :func:`connect_dask` to use (and leave open) instead of connecting here; an
    unreachable scheduler raises :class:`SchedulerError`.
    ``on_rows`` gets each finished batch's rows at once. ``previous_rows`` (e.g. from
    the store, for a resumed sweep) are included in the outcome. A ``KeyboardInterrupt``
    stops the workers and propagates; rows already given to ``on_rows`` stay given.
    ``task`` replaces :func:`run_batch` (a picklable module-level function); with
    ``keep_rows`` False the outcome's rows stay empty (``on_rows`` had them), so memory
    does not grow with the number of replications.
    """
    n = workers or os.cpu_count() or 1
    work: BatchTask = task or run_batch
    batches = make_batches(plan, skip, batch_size, n)
    rows: list[Row] = list(previous_rows)

    def deliver(batch_rows: list[Row]) -> None:
        if keep_rows:
            rows.extend(batch_rows)
        if on_rows is not None:
            on_rows(batch_rows)

    t0 = time.perf_counter()
    if batches:  # fail early, in this process, on a scenario whose directory is missing
        prepared(plan.scenario_text, batches[0].params, plan.base_dir, plan.scenario_source)
    if scheduler is not None or dask is not None:
        name = "dask"
        _run_dask(plan, batches, dask.scheduler if dask else str(scheduler), n, deliver, dask,
                  work)
    elif n == 1 or len(batches) <= 1:
        name, n = "in-process", 1
        for b in batches:
            deliver(work(plan.scenario_text, plan.base_dir, plan.seed, b))
    else:
        from simulator.sweep.pool import run_pool

        name = "processes"
        run_pool(plan, batches, n, deliver, work)
    rows.sort(key=lambda r: (r["point"], r["replication"]))
    unique = {(r["point"], r["replication"]): r for r in rows}
    return SweepOutcome(
        plan,
        list(unique.values()),
        computed=sum(len(b.replications) for b in batches),
        seconds=time.perf_counter() - t0,
        executor=name,
        workers=n,
    )


class SchedulerError(Exception):
    """A Dask scheduler could not be reached, or a ``LocalCluster`` not started."""

    def __init__(self, scheduler: str, reason: str) -> None:
        self.scheduler = scheduler
        self.reason = reason
        where = (
            "cannot start a Dask LocalCluster"
            if scheduler == "local"
            else f"cannot reach the Dask scheduler at {scheduler}"
        )
        super().__init__(f"{where}: {reason}")


@dataclass
class DaskSession:
    """A connected Dask client (and the ``LocalCluster`` started for it, if any)."""

    scheduler: str
    client: Any
    cluster: Any = None

    def close(self) -> None:
        """Close the client, then stop the cluster started for it, quietly: a scheduler
        stopped with tasks cancelled logs races with the closing client (``CRITICAL ...
        Closed comm``) that are not news and would bury the line saying what was kept."""
        quiet = logging.getLogger("distributed")
        level = quiet.level
        if self.cluster is not None:
            quiet.setLevel(logging.CRITICAL + 1)
        try:
            self.client.close()
        finally:
            try:
                if self.cluster is not None:
                    self.cluster.close()
            finally:
                quiet.setLevel(level)

    def __enter__(self) -> DaskSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect_dask(
    scheduler: str, workers: int | None = None, timeout: float | None = None
) -> DaskSession:
    """Connect to ``scheduler`` (``"local"``: start a ``LocalCluster`` of ``workers``
    processes) within ``timeout`` seconds (default :data:`CONNECT_TIMEOUT`).

    Raises :class:`SchedulerError` with a one-line reason when it cannot.

    A ``LocalCluster``'s workers are child processes that exit as soon as this process
    is gone, even killed outright (``distributed`` gives each a pipe from its parent and
    ends it when the pipe closes); Ctrl-C or SIGTERM stops the cluster on the way out.
    """
    from distributed import Client, LocalCluster

    wait = CONNECT_TIMEOUT if timeout is None else timeout
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: 8787 may be taken
                # no logs: a sweep stopped (Ctrl-C, SIGTERM) cancels its tasks and closes
                # the scheduler under its workers, whose warnings and errors about it (lost
                # heartbeats, cancelled tasks) would bury the one line that says what was
                # kept; a task's own failure still reaches this process as an exception
                silence_logs=logging.CRITICAL + 1,
            )
            client = Client(cluster, timeout=wait)
        else:
            client = Client(scheduler, timeout=wait)
    except BaseException as e:  # a cluster half started (Ctrl-C, SIGTERM) is stopped too
        if cluster is not None:
            cluster.close()
        if not isinstance(e, OSError | ValueError | TypeError):  # OSError: timeouts, refusals
            raise
        reason = " ".join(str(e).split()) or type(e).__name__
        raise SchedulerError(scheduler, reason) from e
    return DaskSession(scheduler, client, cluster)


def _run_dask(
    plan: SweepPlan,
    batches: list[Batch],
    scheduler: str,
    n: int,
    deliver: RowsCallback,
    session: DaskSession | None = None,
    work: BatchTask = run_batch,
) -> None:
    from distributed import as_completed

    from simulator.sweep.pool import in_flight

    own = session is None
    if session is None:
        session = connect_dask(scheduler, n)
    client = session.client
    pending = iter(batches)
    out: set[Any] = set()  # at most in_flight(workers) batches out at once, as on the pool
    workers = max(n, len(client.scheduler_info().get("workers") or {}))

    def submit(b: Batch) -> Any:
        f = client.submit(work, plan.scenario_text, plan.base_dir, plan.seed, b, pure=False)
        out.add(f)
        return f

    try:
        first = [submit(b) for b in itertools.islice(pending, in_flight(workers))]
        try:
            running = as_completed(first)
            for f in running:
                out.discard(f)
                deliver(f.result())
                for b in itertools.islice(pending, 1):
                    running.add(submit(b))
        except BaseException:
            client.cancel(list(out))
            raise
    finally:
        if own:
            session.close()

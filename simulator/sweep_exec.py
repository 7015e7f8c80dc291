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
executor or the number of workers, so the rows never depend on how the sweep ran.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.sweep_spec import SweepPlan, apply
from simulator.sweep_stats import point_table

Row = dict[str, Any]
RowsCallback = Callable[[list[Row]], None]

MAX_BATCH = 50
_CACHE: dict[tuple[str, str, str], tuple[Any, Any]] = {}


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
def _prepared(
    scenario_text: str, params: dict[str, Any], base_dir: str, source: str = "<scenario>"
) -> tuple[Any, Any]:
    """The parsed scenario with ``params`` applied and its directory, cached per process."""
    key = (
        hashlib.blake2b(scenario_text.encode(), digest_size=16).hexdigest(),
        json.dumps(params, sort_keys=True, default=str),
        base_dir,
    )
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    from simulator.scenario_io import parse_scenario, resolve_directory

    data = apply(yaml.safe_load(scenario_text), params)
    scenario = parse_scenario(data, source)
    directory = resolve_directory(scenario.directory, Path(base_dir), source=source)
    if hasattr(scenario, "validate_against"):  # tabletops: participant codes vs the directory
        scenario.validate_against(directory, source)
    if len(_CACHE) >= 64:
        _CACHE.clear()
    _CACHE[key] = (scenario, directory)
    return scenario, directory


def run_batch(scenario_text: str, base_dir: str, seed: int, batch: Batch) -> list[Row]:
    """Simulate one batch; returns one compact row per replication."""
    from simulator.engine import run
    from simulator.sweep_stats import replication_metrics

    scenario, directory = _prepared(scenario_text, batch.params, base_dir)
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


def _worker_signals() -> None:
    """Pool workers leave Ctrl-C to the parent, which stops the pool, and die on SIGTERM
    (a forked worker would otherwise inherit the parent's handler)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


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
    """The pending (point, replication) pairs, cut into batches of one point each."""
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
) -> SweepOutcome:
    """Run every (point, replication) of ``plan`` not in ``skip``.

    ``workers``: processes (default ``os.cpu_count()``; 1 runs in this process).
    ``scheduler``: ``None`` for a local process pool, ``"local"`` for a Dask
    ``LocalCluster`` of ``workers`` processes, or ``"tcp://host:port"`` for an existing
    Dask scheduler (its workers need pocdrill installed and, for a scenario whose
    directory is a file, that file at the same path).
    ``on_rows`` gets each finished batch's rows at once. ``previous_rows`` (e.g. from
    the store, for a resumed sweep) are included in the outcome. A ``KeyboardInterrupt``
    stops the workers and propagates; rows already given to ``on_rows`` stay given.
    """
    n = workers or os.cpu_count() or 1
    batches = make_batches(plan, skip, batch_size, n)
    rows: list[Row] = list(previous_rows)

    def deliver(batch_rows: list[Row]) -> None:
        rows.extend(batch_rows)
        if on_rows is not None:
            on_rows(batch_rows)

    t0 = time.perf_counter()
    if batches:  # fail early, in this process, on a scenario whose directory is missing
        _prepared(plan.scenario_text, batches[0].params, plan.base_dir, plan.scenario_source)
    if scheduler is not None:
        name = "dask"
        _run_dask(plan, batches, scheduler, n, deliver)
    elif n == 1 or len(batches) <= 1:
        name, n = "in-process", 1
        for b in batches:
            deliver(run_batch(plan.scenario_text, plan.base_dir, plan.seed, b))
    else:
        name = "processes"
        _run_pool(plan, batches, n, deliver)
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


def _run_pool(plan: SweepPlan, batches: list[Batch], n: int, deliver: RowsCallback) -> None:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    pool = ProcessPoolExecutor(max_workers=min(n, len(batches)), initializer=_worker_signals)
    try:
        futures = {
            pool.submit(run_batch, plan.scenario_text, plan.base_dir, plan.seed, b) for b in batches
        }
        while futures:
            done, futures = wait(futures, return_when=FIRST_COMPLETED)
            for f in done:
                deliver(f.result())
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _stop_pool(pool: Any) -> None:
    """Stop at once: cancel queued batches and end the workers (their batches are lost;
    everything already delivered stays delivered)."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public API before 3.14
    queue = getattr(pool, "_call_queue", None)
    if queue is not None:  # batches still queued for dead workers must not hold up exit
        queue.cancel_join_thread()
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=2)
        if p.is_alive():
            p.kill()
            p.join()


def _run_dask(
    plan: SweepPlan, batches: list[Batch], scheduler: str, n: int, deliver: RowsCallback
) -> None:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = [
            client.submit(run_batch, plan.scenario_text, plan.base_dir, plan.seed, b, pure=False)
            for b in batches
        ]
        try:
            for f in as_completed(futures):
                deliver(f.result())
        except BaseException:
            client.cancel(futures)
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

"""What a network is expected to do in a check: the band of the share acknowledged over
time, and each participant's chance of acknowledging by the deadline, from replications.

:func:`expected_band` runs ``R`` replications of a scenario (started at the moment the
real check started, so the same weekends, holidays and office hours apply) and keeps each
participant's time of acknowledgement in each replication (``inf``: never). From that
matrix :class:`ExpectedBand` gives

* the 5%, 50% and 95% pointwise quantiles of the share acknowledged at each time of a
  grid (:meth:`ExpectedBand.share_at`): the band a live curve is watched against;
* :meth:`ExpectedBand.chance_by_deadline`: the chance that a participant still silent at
  ``t`` acknowledges by the deadline, among the replications in which it was silent at
  ``t`` too, as ``(a + 0.5) / (n + 1)`` (``a`` of those ``n`` answered in time): a
  Jeffreys-style estimate that stays strictly inside (0, 1) and is 0.5 when no
  replication was silent that long. After the deadline it is 0.
"""

from __future__ import annotations

import bisect
import gc
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from simulator.engine.run import run
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory

GRID_STEPS = 288
"""Grid points over the horizon (every 30 minutes of a 144-hour check)."""


@dataclass(frozen=True)
class ExpectedBand:
    """The replications' acknowledgement times and the band they give."""

    codes: tuple[str, ...]
    ack: np.ndarray
    """``ack[r, i]``: hours from the start to participant ``codes[i]``'s acknowledgement in
    replication ``r`` (``inf``: never)."""
    deadline: float
    horizon: float
    grid: np.ndarray
    p05: np.ndarray
    p50: np.ndarray
    p95: np.ndarray

    @property
    def replications(self) -> int:
        return int(self.ack.shape[0])

    def share_at(self, t: float) -> tuple[float, float, float]:
        """The 5%, 50% and 95% expected share acknowledged at ``t`` hours."""
        j = max(bisect.bisect_right(self.grid.tolist(), t) - 1, 0)
        return float(self.p05[j]), float(self.p50[j]), float(self.p95[j])

    def chance_by_deadline(self, code: str, t: float) -> float:
        """The chance that ``code``, silent at ``t``, acknowledges by the deadline (see
        the module docstring)."""
        if t >= self.deadline:
            return 0.0
        col = self.ack[:, self.codes.index(code)]
        silent = col > t
        n = int(silent.sum())
        a = int((silent & (col <= self.deadline)).sum())
        return (a + 0.5) / (n + 1)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, to cache (``inf`` as -1)."""
        ack = np.where(np.isfinite(self.ack), self.ack, -1.0)
        return {"codes": list(self.codes), "ack": ack.tolist(), "deadline": self.deadline,
                "horizon": self.horizon}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ExpectedBand:
        ack = np.asarray(d["ack"], dtype=float)
        ack = np.where(ack < 0, math.inf, ack)
        return band_of(d["codes"], ack, float(d["deadline"]), float(d["horizon"]))


def band_of(codes: Sequence[str], ack: np.ndarray, deadline: float, horizon: float
            ) -> ExpectedBand:
    """The band of an acknowledgement matrix (see :class:`ExpectedBand`)."""
    grid = np.linspace(0.0, horizon, GRID_STEPS + 1)
    rows = np.sort(ack, axis=1)
    n = max(ack.shape[1], 1)
    shares = np.vstack([np.searchsorted(r, grid, side="right") for r in rows]) / n \
        if ack.shape[0] else np.zeros((1, grid.size))
    p05, p50, p95 = np.quantile(shares, [0.05, 0.5, 0.95], axis=0)
    return ExpectedBand(tuple(codes), ack, deadline, horizon, grid, p05, p50, p95)


def _ack_rows(scenario: CheckScenario, directory: Directory, seed: int, first: int,
              count: int) -> np.ndarray:
    """Acknowledgement times of replications ``first .. first + count - 1`` (a batch: it
    runs in a worker process or in this one)."""
    where = {p.code: i for i, p in enumerate(directory.participants)}
    ack = np.full((count, len(where)), math.inf)
    for k in range(count):
        result = run(scenario, directory, seed=seed, replication=first + k)
        for p in result.participants:
            if p.ack_at is not None:
                ack[k, where[p.code]] = p.ack_at
        del result
        gc.collect(0)
    return ack


BATCH = 25
"""Replications per batch handed to a worker process."""

POOL_WORK = 20_000
"""Participant-replications below which starting worker processes costs more than it
saves (a process pool takes a second or two to start)."""


def expected_band(
    scenario: CheckScenario, directory: Directory, start: datetime, *, replications: int = 500,
    seed: int = 0, workers: int = 1, progress: Callable[[int], None] | None = None,
) -> ExpectedBand:
    """``replications`` of ``scenario`` started at ``start`` (see the module docstring), on
    ``workers`` processes (the same result on any number); ``progress(done)`` is called
    after each batch."""
    sc = scenario.model_copy(update={"check": scenario.check.model_copy(update={"start": start})})
    codes = [p.code for p in directory.participants]
    starts = list(range(0, replications, BATCH))
    blocks: dict[int, np.ndarray] = {}
    done = 0
    if workers > 1 and len(starts) > 1 and replications * len(codes) >= POOL_WORK:
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from multiprocessing import get_context

        from simulator.sweep.pool import worker_signals

        with ProcessPoolExecutor(max_workers=min(workers, len(starts)),
                                 mp_context=get_context("forkserver"),
                                 initializer=worker_signals) as pool:
            futures = {pool.submit(_ack_rows, sc, directory, seed, a,
                                   min(BATCH, replications - a)): a for a in starts}
            for f in as_completed(futures):
                blocks[futures[f]] = f.result()
                done += blocks[futures[f]].shape[0]
                if progress is not None:
                    progress(done)
    else:
        for a in starts:
            blocks[a] = _ack_rows(sc, directory, seed, a, min(BATCH, replications - a))
            done += blocks[a].shape[0]
            if progress is not None:
                progress(done)
    ack = np.vstack([blocks[a] for a in starts]) if starts else np.zeros((0, len(codes)))
    ack = np.round(ack, 4)  # as cached: a band read back is the band computed
    return band_of(codes, ack, sc.deadline_hours, sc.horizon_hours)

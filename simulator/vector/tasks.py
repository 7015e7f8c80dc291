"""The tasks of a task-level check on arrays (:mod:`simulator.engine.tasks` says what a
path is: who does a task, after which hand-off, work and clearance).

A path is offered by every contact that acknowledges, and its finish only grows with that
acknowledgement; so each contact's path finish per task is recomputed when its
acknowledgement moves earlier, each task is done at the earliest finish among its
participant's contacts, and the participant completes when its last task is done.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.engine.tasks import SELF_WORK_FACTOR
from simulator.model.directory import DEPUTY_OF
from simulator.vector.draws import by_tier, uniforms

Batch = Any
"""The batch being simulated (``simulator.vector.engine._Batch``; not imported: that
module imports this one)."""

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
_BIG = np.iinfo(np.int64).max


class _Task:
    """One task's paths: per (replication, acknowledger) its worker and draws."""

    def __init__(self, b: Batch, k: int, mandate: NDArray[np.bool_]) -> None:
        lay, task = b.lay, b.check.task_list[k]
        shape = b.notice.shape
        self.does = np.array([r == task.by or DEPUTY_OF.get(r) == task.by for r in lay.roles])
        able = self.does & ~b.stale
        rank = np.where(able, lay.deputy_rank, _BIG)
        best = np.minimum.reduceat(rank, lay.starts, axis=1)[:, lay.party]
        cols = np.broadcast_to(np.arange(lay.size), shape)
        chosen = np.where(able & (rank == best), cols, _BIG)
        first = np.minimum.reduceat(chosen, lay.starts, axis=1)[:, lay.party]
        self.handed = ~self.does & (first != _BIG)
        self.worker = np.where(self.does | ~self.handed, cols, first)
        self.factor = np.where(self.does | self.handed, 1.0, SELF_WORK_FACTOR)
        slot = f"task/{task.name}/"
        u = uniforms(b.seed, slot + "handoff", b.first, b.count, lay.size, 3)
        self.hand = by_tier(lay.dists("handoff"), lay.tier, u[..., 0], u[..., 1], u[..., 2])
        u = uniforms(b.seed, slot + "work", b.first, b.count, lay.size, 3)
        dists: list[object] = ([task.work] * 3 if task.work is not None
                               else lay.dists("task_work"))
        self.work = by_tier(dists, lay.tier, u[..., 0], u[..., 1], u[..., 2])
        u = uniforms(b.seed, slot + "clearance", b.first, b.count, lay.size, 3)
        self.clear = by_tier(lay.dists("clearance"), lay.tier, u[..., 0], u[..., 1], u[..., 2])
        self.cleared = task.clearance & ~mandate

    def finish(self, b: Batch, r: Ints, c: Ints, ack: Floats) -> Floats:
        """When the paths through acknowledgers ``(r, c)`` (acknowledged at ``ack``) end."""
        cal, h = b.lay.calendars, b.horizon
        w = self.worker[r, c]
        away = b.absent_until[r, w]
        t = ack
        with np.errstate(invalid="ignore"):
            handed = self.handed[r, c]
            t = np.where(handed, cal.add_working_by(np.maximum(t, away), self.hand[r, c], h, w),
                         t)
            t = cal.add_working_by(np.maximum(t, away), self.factor[r, c] * self.work[r, w], h, w)
            clear = self.cleared[r, w] & (t <= h)
            t = np.where(clear, cal.add_working_by(np.maximum(t, away), self.clear[r, w], h, w),
                         t)
        return np.where(t > h, np.inf, t)


class TaskPaths:
    """Every task of every participant in a batch."""

    def __init__(self, b: Batch, mandate_draw: Floats) -> None:
        lay = b.lay
        drawn = mandate_draw < lay.per_tier("mandate")
        mandate = np.where(lay.mandate_fixed >= 0, lay.mandate_fixed == 1, drawn)
        self.tasks = [_Task(b, k, mandate) for k in range(len(b.check.task_list))]
        self.done = np.full((b.count, len(lay.codes), len(self.tasks)), np.inf)

    def acknowledged(self, b: Batch, r: Ints, c: Ints, ack: Floats) -> None:
        """Acknowledgers ``(r, c)`` at ``ack`` offer their paths; completion follows."""
        keep = np.isfinite(ack)
        r, c, ack = r[keep], c[keep], ack[keep]
        if not len(r):
            return
        p = b.lay.party[c]
        for k, task in enumerate(self.tasks):
            np.minimum.at(self.done[:, :, k], (r, p), task.finish(b, r, c, ack))
        b.party_done = self.done.max(axis=2)

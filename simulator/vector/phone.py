"""The phone follow-up on arrays: ``CheckModel._phone`` for every open participant of a
batch at once (its docstring says what the rounds mean).

The first round is at the moment the secretariat acts on ``phone_follow_up``; a
participant's callees (contacts with a phone, the check's recipients first, principals
before deputies) are called in that order until one answers, which is the first callee
in that order who would answer (those before it are called and do not). Where nobody
answered, the retry is one round at the first moment, at least
:data:`~simulator.engine.check.PHONE_RETRY_GAP_HOURS` later, when the secretariat works
and a callee still worth calling is at work (``Secretariat.overlap``, computed for every
participant at once); those moments differ between participants, so each distinct one
becomes a round of its own in the batch's queue.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.engine.check import PHONE_RETRY_GAP_HOURS
from simulator.engine.secretariat import RETRY_SEARCH_STEPS
from simulator.vector.draws import uniforms

Batch = Any
"""The batch being simulated (``simulator.vector.engine._Batch``; not imported: that
module imports this one)."""

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
_BIG = np.iinfo(np.int64).max


class Phone:
    """The phone follow-up's state in one batch."""

    def __init__(self, batch: Batch) -> None:
        self.b = batch
        lay = batch.lay
        u = uniforms(batch.seed, "phone", batch.first, batch.count, lay.size, 2)
        self.u = u
        reach = uniforms(batch.seed, "phone_reach", batch.first, batch.count,
                         len(lay.codes), 1)[..., 0]
        self.reachable = (reach < lay.per_party("phone_reach"))[:, lay.party]
        self.answers = lay.per_tier("phone_answer")
        self.left = np.zeros(batch.notice.shape, dtype=bool)  # callees for the retry
        self.retries: dict[float, Bools] = {}

    def _round(self, t: float, callees: Bools, attempt: int) -> tuple[Bools, Bools]:
        """Call ``callees`` at ``t``; the first in order who answers notices the check.
        Returns the callees who picked up as the wrong person (a stale entry), and per
        participant whether someone answered."""
        b, lay = self.b, self.b.lay
        cols = np.broadcast_to(np.arange(lay.size), callees.shape)
        at_work = (b.absent_until <= t) & lay.calendars.is_working(
            np.full(callees.shape, t), cols)
        called = callees & b.open_at(t) & at_work
        answer = (called & ~b.stale & self.reachable
                  & (self.u[..., attempt] < self.answers))
        rank = np.where(answer, lay.call_rank, _BIG)
        best = np.minimum.reduceat(rank, lay.starts, axis=1)[:, lay.party]
        pick = answer & (rank == best)
        r, c = np.nonzero(pick & (b.notice > t))
        if len(r):
            b._noticed(r, c, np.full(len(r), t))  # noqa: SLF001 - the batch's own step
        return called & b.stale, b.per_party(pick) > 0

    def first(self, t: float) -> None:
        """The first round, for every participant open at ``t``."""
        b, lay = self.b, self.b.lay
        callees = np.broadcast_to(lay.phone, b.notice.shape) & b.open_at(t)
        wrong, answered = self._round(t, callees, 0)
        left = callees & ~wrong & ~answered[:, lay.party]
        self.left = left
        need = b.per_party(left) > 0
        if not need.any():
            return
        at = self._overlap(t + PHONE_RETRY_GAP_HOURS, need)
        for value in np.unique(at[need & (at <= b.horizon)]):
            when = float(value)
            self.retries[when] = need & (at == value)
            b.push(when, "phone", 1.0)

    def retry(self, t: float) -> None:
        """The retry round of the participants due at ``t``."""
        due = self.retries.pop(t)
        lay = self.b.lay
        self._round(t, self.left & due[:, lay.party], 1)

    def _overlap(self, earliest: float, need: Bools) -> Floats:
        """Per participant, ``Secretariat.overlap(earliest, its callees left)``."""
        b, lay = self.b, self.b.lay
        h = b.horizon
        fallback = float(b.when(np.array([earliest]))[0])
        t = np.where(need, earliest, np.inf)
        found = np.full(need.shape, np.inf)
        active = need.copy()
        cols = np.broadcast_to(np.arange(lay.size), b.notice.shape)
        for _ in range(RETRY_SEARCH_STEPS):
            t = np.where(active, b.when(t), t)
            active &= t <= h
            if not active.any():
                break
            tc = np.maximum(t[:, lay.party], b.absent_until)
            nxt = lay.calendars.next_working(tc, cols)
            nxt = np.where(self.left & active[:, lay.party], nxt, np.inf)
            m = np.minimum.reduceat(nxt, lay.starts, axis=1)
            hit = active & (m == t)
            found = np.where(hit, t, found)
            active &= ~hit & (m <= h)
            t = np.where(active, m, t)
        return np.where(np.isfinite(found), found, np.where(need, fallback, np.inf))

"""The communication check on arrays: a batch of replications at once.

The same model as :mod:`simulator.engine.check` (whose docstrings say what each step
means), restated so that every contact of every replication in a batch moves together.
It rests on two facts of that model:

* every message goes out at a moment the secretariat chooses (the start, a reminder, the
  escalation, a retry after a bounce), the same in every replication; so the engine walks
  those moments in order, and at each one sends to the contacts (rows: replications,
  columns: contacts) that the SimPy engine would;
* a contact acts on the first message it notices, and its acknowledgement time only
  grows with that moment; so each contact's acknowledgement is a function of its earliest
  notice, recomputed after each round, and "has this participant answered by t?" is a
  minimum over its contacts.

Its draws come from :mod:`simulator.vector.draws` (the SimPy engine's BLAKE2b streams
are not reproduced: the two engines agree in distribution, which the tests check, not
draw for draw). Which scenarios it covers is :mod:`simulator.vector.coverage`'s rule.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.model.check import CheckScenario
from simulator.vector.draws import by_tier, uniforms
from simulator.vector.phone import Phone
from simulator.vector.setup import Layout
from simulator.vector.tasks import TaskPaths

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]
_NEVER = np.inf


@dataclass
class BatchOutcome:
    """Replications ``first .. first + rows - 1`` of a check, as arrays (``inf``: never)."""

    first: int
    notice: Floats  # (R, C) when each contact noticed the check
    ack: Floats  # (R, C) when each contact acknowledged
    stale: Bools
    bounced: Bools
    lost: Bools
    absent: Bools
    delivered_at: Floats  # (R, P)
    reminders: Ints  # (R, P) rounds with a reminder to the participant
    escalations: Ints
    bounces: Ints
    reminder_messages: Ints  # (R,) reminder messages sent (as "reminder" events count)
    party_ack: Floats  # (R, P) when each participant acknowledged
    party_done: Floats  # (R, P) when it completed (the acknowledgement at reachability)

    @property
    def rows(self) -> int:
        return len(self.ack)


class _Batch:
    """The state of a batch while its rounds are sent."""

    def __init__(self, lay: Layout, scenario: CheckScenario, seed: int, first: int,
                 count: int) -> None:
        self.lay, self.seed, self.first, self.count = lay, seed, first, count
        self.check = scenario.check
        self.horizon = self.check.horizon_hours
        c, p = lay.size, len(lay.codes)
        u = uniforms(seed, "state", first, count, c)
        self.absent = ~lay.duty & (u[..., 0] < lay.per_tier("absence"))
        self.absent_until = np.zeros((count, c))
        r, k = np.nonzero(self.absent)
        self.absent_until[r, k] = by_tier(lay.dists("absence_duration"), lay.tier[k],
                                          u[r, k, 5], u[r, k, 6], u[r, k, 7])
        self.ooo = self.absent & (u[..., 1] < lay.per_tier("out_of_office_reply"))
        self.stale = u[..., 2] >= lay.p_post
        self.stale_bounces = u[..., 3] < lay.per_tier("bounce_share")
        a = uniforms(seed, "act", first, count, c, 6)
        self.ack_work = by_tier(lay.dists("ack_delay"), lay.tier, a[..., 0], a[..., 1],
                                a[..., 2])
        self.trans_work = by_tier(lay.dists("translation"), lay.tier, a[..., 3], a[..., 4],
                                  a[..., 5])
        shape = (count, c)
        self.notice = np.full(shape, _NEVER)
        self.ack = np.full(shape, _NEVER)
        self.tried = np.zeros(shape, dtype=bool)  # sent at the start or on a retry
        self.escalated = np.zeros(shape, dtype=bool)  # sent on escalation
        self.known = np.zeros(shape, dtype=bool)
        self.bounced = np.zeros(shape, dtype=bool)
        self.lost = np.zeros(shape, dtype=bool)
        self.delivered_at = np.full((count, p), _NEVER)
        self.party_ack = np.full((count, p), _NEVER)
        self.reminders = np.zeros((count, p), dtype=np.int64)
        self.escalations = np.zeros((count, p), dtype=np.int64)
        self.bounces = np.zeros((count, p), dtype=np.int64)
        self.reminder_messages = np.zeros(count, dtype=np.int64)
        self.pending: dict[float, Ints] = {}
        self.phone = Phone(self) if self.check.phone_follow_up is not None else None
        self.party_done = self.party_ack  # at task level, TaskPaths keeps its own
        self.tasks = TaskPaths(self, u[..., 4]) if self.check.level == "task" else None
        self.queue: list[tuple[float, int, str, float]] = []
        self.seq = 0

    # -- helpers ----------------------------------------------------------------------------
    def per_party(self, x: NDArray[np.bool_]) -> Ints:
        return np.add.reduceat(x.astype(np.int64), self.lay.starts, axis=1)

    def open_at(self, t: float) -> Bools:
        """Per contact: its participant has not answered by ``t`` (acknowledged; at task
        level, completed)."""
        return (self.party_done > t)[:, self.lay.party]

    def when(self, t: Floats) -> Floats:
        """``Secretariat.when`` of each ``t``: when it acts on something due then."""
        sec = self.lay.secretariat
        at = self.lay.secretariat_vector.next_working(t) if sec.moves else t
        return np.where(at <= self.horizon, at, np.inf)

    def push(self, t: float, kind: str, arg: float = 0.0) -> None:
        if t <= self.horizon:
            heapq.heappush(self.queue, (t, self.seq, kind, arg))
            self.seq += 1

    def _noticed(self, r: Ints, c: Ints, at: Floats) -> None:
        """Contacts ``(r, c)`` notice the check at ``at`` (earlier than before): their
        acknowledgement follows (translation first), and their participant's."""
        lay, h = self.lay, self.horizon
        self.notice[r, c] = at
        away = self.absent_until[r, c]
        t = at
        with np.errstate(invalid="ignore"):
            translate = lay.translate[c]
            if translate.any():
                tr = lay.calendars.add_working_by(np.maximum(t, away), self.trans_work[r, c],
                                                  h, c)
                t = np.where(translate, tr, t)
                t = np.where(t > h, _NEVER, t)
            ack = lay.calendars.add_working_by(np.maximum(t, away), self.ack_work[r, c], h, c)
        ack = np.where(ack > h, _NEVER, ack)
        self.ack[r, c] = ack
        np.minimum.at(self.party_ack, (r, lay.party[c]), ack)
        if self.tasks is not None:
            self.tasks.acknowledged(self, r, c, ack)

    def _retry_later(self, t: float, counts: Ints) -> None:
        """Retries ``retry_delay`` of the secretariat's working time after ``t``."""
        if not counts.any():
            return
        cal = self.lay.secretariat.calendar
        for k, beh in enumerate(self.lay.behaviours):
            share = np.where(self.lay.party_tier == k, counts, 0)
            if not share.any():
                continue
            at = cal.add_working(t, beh.retry_delay)
            if at > self.horizon:
                continue
            if at not in self.pending:
                self.pending[at] = np.zeros_like(counts)
                self.push(at, "retry")
            self.pending[at] += share

    # -- one message round -----------------------------------------------------------------
    def send(self, t: float, mask: Bools, slot: str) -> None:
        """Send a message at ``t`` to the contacts in ``mask`` (see ``Network.send``)."""
        if not mask.any():
            return
        lay = self.lay
        stale = mask & self.stale
        bounce = stale & self.stale_bounces
        self.bounced |= bounce
        self.known |= bounce
        self.lost |= stale & ~self.stale_bounces
        nb = self.per_party(bounce)
        self.bounces += nb
        ok = mask & ~self.stale
        u = uniforms(self.seed, "msg/" + slot, self.first, self.count, lay.size, 5)
        spam = ok & lay.email & (u[..., 0] < lay.per_tier("spam_loss"))
        self.lost |= spam
        got = ok & ~spam
        reached = self.per_party(got) > 0
        self.delivered_at = np.where(reached, np.minimum(self.delivered_at, t),
                                     self.delivered_at)
        start = np.maximum(t, self.absent_until)
        auto = got & (self.absent_until > t) & self.ooo
        self._retry_later(t, nb + self.per_party(auto))
        acts = got & (u[..., 1] < lay.per_tier("responsiveness")) & (start <= self.horizon)
        r, c = np.nonzero(acts)
        if not len(r):
            return
        draws, tier = u[r, c], lay.tier[c]
        u0, u1, u2 = draws[:, 2], draws[:, 3], draws[:, 4]
        triage = np.where(lay.duty[c], by_tier(lay.dists("duty_triage"), tier, u0, u1, u2),
                          by_tier(lay.dists("triage"), tier, u0, u1, u2))
        if self.check.announced:
            triage = triage * lay.per_tier("announced_speedup")[c]
        at = lay.calendars.add_working_by(start[r, c], triage, self.horizon, c)
        new = (at <= self.horizon) & (at < self.notice[r, c])
        if new.any():
            self._noticed(r[new], c[new], at[new])

    # -- the secretariat's actions ---------------------------------------------------------
    def initial(self, t: float) -> None:
        if self.check.send_email:
            mask = np.broadcast_to(self.lay.recipient, self.notice.shape).copy()
            self.tried |= mask
            self.send(t, mask, "initial")

    def retry(self, t: float) -> None:
        counts = self.pending.pop(t, None)
        lay = self.lay
        big = np.iinfo(np.int64).max
        while counts is not None and counts.any():
            cand = (~self.tried & ~self.known & self.open_at(t)
                    & (counts > 0)[:, lay.party])
            rank = np.where(cand, lay.retry_rank, big)
            best = np.minimum.reduceat(rank, lay.starts, axis=1)[:, lay.party]
            pick = cand & (rank == best)
            counts = np.maximum(counts - 1, 0)
            self.tried |= pick
            self.send(t, pick, "retry")

    def reminder(self, t: float, offset: float) -> None:
        lay = self.lay
        wanted = self.tried | self.escalated | (lay.deputy & self.check.reminders_to_deputies)
        mask = wanted & ~self.known & self.open_at(t)
        self.reminders += self.per_party(mask) > 0
        self.reminder_messages += mask.sum(axis=1)
        self.send(t, mask, f"reminder:{offset:g}")

    def escalation(self, t: float) -> None:
        mask = self.lay.deputy & ~self.known & self.open_at(t)
        self.escalations += self.per_party(mask) > 0
        self.escalated |= mask  # never takes the place of a retry after a bounce
        self.send(t, mask, "escalation")

    def run(self) -> BatchOutcome:
        check, sec = self.check, self.lay.secretariat
        self.push(0.0, "initial")
        for r in check.reminders:
            self.push(sec.when(r), "reminder", r)
        if check.escalate_to_deputies:
            self.push(sec.when(check.escalation_hours), "escalation")
        if check.phone_follow_up is not None:
            self.push(sec.when(check.phone_follow_up), "phone", 0.0)
        while self.queue:
            t, _, kind, arg = heapq.heappop(self.queue)
            if kind == "initial":
                self.initial(t)
            elif kind == "retry":
                self.retry(t)
            elif kind == "reminder":
                self.reminder(t, arg)
            elif kind == "phone":
                assert self.phone is not None
                (self.phone.first if arg == 0.0 else self.phone.retry)(t)
            else:
                self.escalation(t)
        return BatchOutcome(
            self.first, self.notice, self.ack, self.stale, self.bounced, self.lost,
            self.absent, self.delivered_at, self.reminders, self.escalations, self.bounces,
            self.reminder_messages, self.party_ack, self.party_done)


def simulate(lay: Layout, scenario: CheckScenario, *, seed: int, first: int,
             count: int) -> BatchOutcome:
    """Replications ``first .. first + count - 1`` of ``scenario`` (laid out as ``lay``)."""
    if count <= 0 or not math.isfinite(scenario.check.horizon_hours):
        raise ValueError("a batch needs at least one replication and a finite horizon")
    return _Batch(lay, scenario, seed, first, count).run()

"""The tasks of a task-level check: who does each one, and when its answer is ready.

Every contact that acknowledges the check starts on the tasks (principals and deputies
alike: nobody waits for a colleague). For each task, an acknowledger of the role that does
it (``by``, its deputies count) does the work itself; any other acknowledger hands it to
the first colleague of that role who can work (principal before deputy; never a stale
entry, so never a bounced address), who picks it up after ``handoff`` of their working
time. The work takes the task's ``work`` (else the tier's ``task_work``); a worker
without a mandate then needs ``clearance`` when the task asks for it. With nobody of that
role able to work, the acknowledger does it itself, at twice the work.

Each of these paths gives a time the task's answer is ready; the task is done at the
earliest of them ("the first answer counts"), and the participant has completed the
check when every task is done. Every draw comes from a stream named by the contact and
the task (``<contact>/task/<name>/work``...), never by the order things happened in, and
each path's time only moves earlier when an acknowledgement does: so anything that makes
acknowledgements earlier (a reminder, a deputy) can only make completion earlier too
(common random numbers). The log shows the path that won: its hand-off, clearance and
the task's completion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import simpy

from simulator.engine.contacts import ContactState, PartyState
from simulator.engine.network import Network
from simulator.engine.rng import Stream
from simulator.model.directory import DEPUTY_OF
from simulator.model.tasks import TaskSpec

SELF_WORK_FACTOR = 2.0
"""An acknowledger who must do a task outside its role (nobody of that role can work) takes
this many times the work (an *assumption*, as the engine has always had it)."""


@dataclass(frozen=True, slots=True)
class Path:
    """One way a task gets done: who did it, when, and the steps to log if it wins."""

    finish: float
    worker: ContactState
    steps: tuple[tuple[float, str, ContactState, str], ...]


def does(task: TaskSpec, c: ContactState) -> bool:
    """Does ``c`` hold the role that does ``task`` (or deputise for it)?"""
    return c.role == task.by or DEPUTY_OF.get(c.role) == task.by


class Tasks:
    """The tasks of every participant during one replication."""

    def __init__(self, net: Network, tasks: list[TaskSpec], deadline: float) -> None:
        self.net = net
        self.tasks = tasks
        self.deadline = deadline
        self.best: dict[tuple[str, str], Path] = {}
        self.done: dict[str, dict[str, float]] = {}

    def start(self, a: ContactState) -> None:
        """``a`` has just acknowledged: offer each open task its paths through ``a``."""
        party = a.party
        done = self.done.setdefault(party.code, {})
        for task in self.tasks:
            if task.name in done:
                continue
            path = self._path(a, task)
            if path is None:
                continue
            key = (party.code, task.name)
            best = self.best.get(key)
            if best is None or path.finish < best.finish:
                self.best[key] = path
                self._schedule(party, task, path)

    def _path(self, a: ContactState, task: TaskSpec) -> Path | None:
        net = self.net
        t = net.env.now
        steps: list[tuple[float, str, ContactState, str]] = []
        factor = 1.0
        if does(task, a):
            worker = a
        else:
            able = [c for c in a.party.contacts if does(task, c) and not c.stale]
            able.sort(key=lambda c: c.is_deputy)  # stable: principal first, then in order
            if able:
                worker = able[0]
                hand = a.behaviour.handoff.sample(self._stream(a, task, "handoff"))
                t = net.work_by_horizon(worker, t, hand)
                steps.append((t, "handoff", worker, f"{a.key} -> {worker.key}: {task.name}"))
            else:
                worker, factor = a, SELF_WORK_FACTOR
        dist = task.work if task.work is not None else worker.behaviour.task_work
        t = net.work_by_horizon(worker, t, factor * dist.sample(self._stream(worker, task, "work")))
        if task.clearance and not worker.mandate and t <= net.horizon:
            clear = worker.behaviour.clearance.sample(self._stream(worker, task, "clearance"))
            t = net.work_by_horizon(worker, t, clear)
            steps.append((t, "clearance", worker, task.name))
        if t > net.horizon or math.isinf(t):
            return None
        return Path(t, worker, tuple(steps))

    @staticmethod
    def _stream(c: ContactState, task: TaskSpec, what: str) -> Stream:
        return Stream.named(f"{c.stream_prefix}task/{task.name}/{what}")

    def _schedule(self, party: PartyState, task: TaskSpec, path: Path) -> None:
        env = self.net.env

        def fire(_event: simpy.Event) -> None:
            if self.best.get((party.code, task.name)) is path:
                self._finish(party, task, path)

        env.timeout(path.finish - env.now).callbacks.append(fire)  # type: ignore[union-attr]

    def _finish(self, party: PartyState, task: TaskSpec, path: Path) -> None:
        net, now = self.net, self.net.env.now
        done = self.done.setdefault(party.code, {})
        for t, kind, c, detail in path.steps:
            net.log(kind, party, c, detail=detail, t=t)
        net.log("task_done", party, path.worker, detail=task.name)
        done[task.name] = now
        if len(done) == len(self.tasks):
            out = party.outcome
            out.completed_at = now
            net.log("completed", party, path.worker, detail="late" if now > self.deadline else "")

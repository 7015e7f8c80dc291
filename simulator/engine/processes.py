"""Starting SimPy processes cheaply: the engine starts many short processes nobody waits
for, and these helpers run them in exactly the order ``env.process`` would, without its
``Process`` objects and start/end events."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import simpy
from simpy.core import URGENT


def run_now(gen: Generator[Any, Any, Any]) -> None:
    """Run the process generator ``gen`` from now on, resumed by the events it yields, as
    ``env.process(gen)`` would, but without its ``Initialize`` and end-of-process events.

    Only for a process started by the callback of an event being processed now, with
    nothing else to do after it: ``env.process`` would schedule an urgent ``Initialize``
    at now, which SimPy processes next (no other urgent event can be pending at now while
    a normal one is processed), so running the first step right away is the same run. The
    end-of-process event has no callbacks (nobody waits for these processes): dropping it
    changes no other event's order.
    """

    def resume(event: simpy.Event | None) -> None:
        value = None if event is None else event._value
        send = gen.send
        while True:
            try:
                nxt = send(value)
            except StopIteration:
                return
            callbacks = nxt.callbacks
            if callbacks is not None:
                callbacks.append(resume)
                return
            value = nxt._value  # already processed: SimPy goes on at once, so do we

    resume(None)


def soon(env: simpy.Environment, callback: Callable[[simpy.Event], None]) -> None:
    """Call ``callback`` at now, when SimPy would start a process created now: from an
    urgent event scheduled now (what ``env.process`` schedules as ``Initialize``)."""
    start = simpy.Event(env)
    start._ok = True
    start._value = None
    start.callbacks.append(callback)  # type: ignore[union-attr]
    env.schedule(start, URGENT)


def spawn(env: simpy.Environment, gen: Generator[Any, Any, Any]) -> None:
    """``env.process(gen)`` for processes nobody waits for: the same urgent start event at
    now (so the same order of everything), but no ``Process`` object and no end event."""
    soon(env, lambda _event: run_now(gen))

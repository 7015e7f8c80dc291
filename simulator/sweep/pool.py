"""The local process pool a sweep's (or a study's) batches run on.

:func:`run_pool` hands batches to a ``ProcessPoolExecutor`` and each batch's rows on as it
finishes. At most :func:`in_flight` batches are out at once (a new one goes when one is
delivered): were every batch submitted at once, rows finished faster than the caller
stores them would wait in memory, which for a study kept whole (``run -r 10000 --events
all``) grew without bound. Workers leave Ctrl-C to the parent and die with it
(:func:`worker_signals`); the parent notes a Ctrl-C and raises it between two waits, then
stops the pool (:func:`stop_pool`) with what was delivered kept.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.sweep.spec import SweepPlan

Rows = list[dict[str, Any]]


def worker_signals(parent: int | None = None) -> None:
    """Pool workers leave Ctrl-C to the parent, which stops the pool, and die on SIGTERM
    (a forked worker would otherwise inherit the parent's handler).

    They also die with the parent: a parent killed outright (SIGKILL, the OOM killer)
    cannot stop its pool, and an idle worker would wait on its task queue for ever (it
    holds the queue's write end itself, so it never sees end-of-file). On Linux the kernel
    sends the worker SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); ``parent`` is
    the pid that started the pool, to catch a parent that died before the request.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _die_with_parent() and parent is not None and os.getppid() != parent:
        os._exit(1)  # the parent died (we were re-parented) before the request took effect


def _die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):  # no libc or no prctl: live without it
        return False


def in_flight(workers: int) -> int:
    """Batches out at once on ``workers`` processes: one in hand and one queued each, so
    no worker waits for the caller, and no more (finished rows wait for the caller)."""
    return 2 * max(1, workers)


def run_pool(
    plan: SweepPlan, batches: Sequence[object], n: int, deliver: Callable[[Rows], None],
    work: Callable[[str, str, int, Any], Rows],
) -> None:
    """Run ``batches`` on ``n`` processes (``work(scenario_text, base_dir, seed, batch)``
    each), each batch's rows to ``deliver`` as it ends, at most :func:`in_flight` out."""
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    pool = ProcessPoolExecutor(
        max_workers=min(n, len(batches)), initializer=worker_signals, initargs=(os.getpid(),)
    )
    pending = iter(batches)
    futures: set[Future[Rows]] = set()

    def submit_more() -> None:
        for b in itertools.islice(pending, in_flight(n) - len(futures)):
            futures.add(pool.submit(work, plan.scenario_text, plan.base_dir, plan.seed, b))

    try:
        with _ctrl_c_between_waits() as pressed:
            submit_more()
            while futures:
                done, _ = wait(futures, timeout=0.2, return_when=FIRST_COMPLETED)
                futures.difference_update(done)
                if pressed():
                    raise KeyboardInterrupt
                for f in done:
                    deliver(f.result())
                submit_more()
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


@contextmanager
def _ctrl_c_between_waits() -> Iterator[Callable[[], bool]]:
    """Ctrl-C noted, to be raised between two waits: ``wait`` holds every pending future's
    lock while it sets up, and a KeyboardInterrupt raised there leaves some held, so the
    pool's manager thread (which cancels them at shutdown) and the interpreter's exit
    hang. A second Ctrl-C gets through at once. A no-op off the main thread or where
    Ctrl-C is not Python's default."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield lambda: False
        return
    count: list[int] = []

    def note(signum: int, frame: Any) -> None:
        count.append(signum)
        if len(count) > 1:
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, note)
    try:
        yield lambda: bool(count)
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


STOP_GRACE = 2.0
"""Seconds the workers get to finish the batch in hand before they are ended."""


def stop_pool(pool: Any) -> None:
    """Stop: cancel queued batches, give the workers :data:`STOP_GRACE` seconds to finish
    the batch in hand and leave, then end those still busy (their batches are lost;
    everything already delivered stays delivered). A worker ended while it sends its
    rows back leaves half a message in the result pipe, on which the pool's manager
    thread, and so the interpreter's exit, would wait for ever: the grace makes that rare."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public API before 3.14
    queue = getattr(pool, "_call_queue", None)
    if queue is not None:  # batches still queued for dead workers must not hold up exit
        queue.cancel_join_thread()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + STOP_GRACE
    for p in processes:
        p.join(timeout=max(0.0, deadline - time.monotonic()))
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=2)
        if p.is_alive():
            p.kill()
            p.join()

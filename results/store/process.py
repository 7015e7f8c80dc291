"""This process and others: whether a process is alive, and signals held or turned into
Ctrl-C while the store or a run must not be cut short."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


def pid_alive(pid: int | None) -> bool:
    """Whether process ``pid`` exists on this machine."""
    if not pid or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def deferred_ctrl_c() -> Iterator[None]:
    """Hold the first SIGINT until the block is done, then raise KeyboardInterrupt; a
    second one gets through at once. Nested uses are one: the outermost holds.

    Only in the main thread and only where Ctrl-C raises KeyboardInterrupt (Python's
    default handler); elsewhere (worker threads, SIGINT ignored) a no-op.
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    held: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        held.append(signum)
        if len(held) > 1:  # pressed again: the user insists
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if held:
        raise KeyboardInterrupt


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the block like Ctrl-C (KeyboardInterrupt); a no-op off the main thread."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (e.g. under a test runner thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)

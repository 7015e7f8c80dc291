"""This process and others: whether a process is alive, and signals held or turned into
Ctrl-C while the store or a run must not be cut short."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any


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


def _raises_on_sigterm() -> bool:
    """Whether SIGTERM raises KeyboardInterrupt here: its handler is one of
    :func:`sigterm_as_interrupt` or the command line's, both marked ``raises_interrupt``."""
    return bool(getattr(signal.getsignal(signal.SIGTERM), "raises_interrupt", False))


class _SigtermAsInterrupt:
    """A SIGTERM handler that raises KeyboardInterrupt."""

    raises_interrupt = True

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt


@contextmanager
def deferred_ctrl_c() -> Iterator[None]:
    """Hold the first SIGINT (and SIGTERM, where it raises KeyboardInterrupt) until the
    block is done, then raise it; a second signal gets through at once. Nested uses are
    one: the outermost holds.

    Only in the main thread and only where the signal raises KeyboardInterrupt (Python's
    default SIGINT handler, a SIGTERM handler of :func:`sigterm_as_interrupt` or the
    command line); elsewhere (worker threads, signals ignored) a no-op.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    saved: dict[int, Any] = {}

    def hold(signum: int, frame: FrameType | None) -> None:
        held.append(signum)
        if len(held) > 1:  # pressed again: the user insists
            _deliver(signum, saved)

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        saved[signal.SIGINT] = signal.signal(signal.SIGINT, hold)
    if _raises_on_sigterm():
        saved[signal.SIGTERM] = signal.signal(signal.SIGTERM, hold)
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    if held:
        _deliver(held[0], saved)


def _deliver(signum: int, handlers: dict[int, Any]) -> None:
    """Raise what ``signum`` raises under its own handler (KeyboardInterrupt)."""
    handler = handlers.get(signum)
    if callable(handler):
        handler(signum, None)
    raise KeyboardInterrupt


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the block like Ctrl-C (KeyboardInterrupt); a no-op off the main thread
    and where SIGTERM already raises it (the command line's handler, which also
    remembers the signal for the exit status)."""

    if _raises_on_sigterm():
        yield
        return
    try:
        old = signal.signal(signal.SIGTERM, _SigtermAsInterrupt())
    except ValueError:  # not the main thread (e.g. under a test runner thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)

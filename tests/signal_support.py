"""A signal at a chosen moment of a real ``pocdrill`` process, chosen by what the process
has done, never by sleeping: :func:`signal_at_write` runs the command in a child process
whose store sends it ``SIGNAL`` at its Nth write transaction, just before it, inside it
(its statements run, not yet committed) or just after it commits.

The child is the real command (:func:`pocdrill.cli.run`, as ``python -m pocdrill`` runs it)
with one change: the store's one write path (``StoreBase._write``) counts its calls. Every
write of a run, a study or a sweep goes through it (its creation, each batch of rows, its
completion), so "the Nth write" names each step of the command in order.

Helpers to look at what a child left behind come with it: the lines of its stderr, and
the processes it started (:func:`descendants`, :func:`wait_gone`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tests import ROOT

When = Literal["before", "inside", "after"]

_HARNESS = """\
import os, signal, sys
from results.store.base import StoreBase
from pocdrill.cli import run

nth, when, sig = int(sys.argv[1]), sys.argv[2], getattr(signal, sys.argv[3])
real = StoreBase._write
count = 0

def _write(self, fn):
    global count
    count += 1
    if count != nth:
        return real(self, fn)
    if when == "before":
        os.kill(os.getpid(), sig)
        return real(self, fn)
    if when == "inside":
        def inside(conn):
            out = fn(conn)
            os.kill(os.getpid(), sig)
            return out
        return real(self, inside)
    out = real(self, fn)
    os.kill(os.getpid(), sig)
    return out

StoreBase._write = _write
sys.argv = ["pocdrill", *sys.argv[4:]]
run()
"""


@dataclass(frozen=True)
class Signalled:
    """How a signalled command ended."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def signal_at_write(
    args: Sequence[str], *, nth: int, when: When, signum: signal.Signals,
    cwd: Path | None = None, env: Mapping[str, str] | None = None, timeout: float = 300,
) -> Signalled:
    """Run ``pocdrill ARGS``, sending it ``signum`` at its ``nth`` store write (``when``:
    before, inside or after it). SIGINT starts at its default, as from a terminal."""
    proc = subprocess.run(
        [sys.executable, "-c", _HARNESS, str(nth), when, signum.name, *args],
        cwd=cwd or ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True, text=True, timeout=timeout,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    return Signalled(proc.returncode, proc.stdout, proc.stderr)


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (children, their children...), now."""
    import psutil

    try:
        return {p.pid for p in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def running(pid: int) -> bool:
    """``pid`` exists and is not a zombie (an orphan's zombie waits to be reaped)."""
    import psutil

    try:
        return psutil.Process(pid).status() not in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD)
    except psutil.NoSuchProcess:
        return False


def wait_gone(pids: Iterable[int], timeout: float = 60) -> set[int]:
    """Poll until none of ``pids`` runs, or ``timeout`` seconds (a generous bound on a
    condition, not a timed assertion); the pids still running, killed so that a failing
    test leaves nothing behind."""
    left = set(pids)
    deadline = time.monotonic() + timeout
    while left and time.monotonic() < deadline:
        left = {p for p in left if running(p)}
        if left:
            time.sleep(0.05)
    for p in left:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left

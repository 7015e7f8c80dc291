"""Process helpers: whether a pid lives, and SIGTERM turned into Ctrl-C for a block."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from results.store.process import pid_alive, sigterm_as_interrupt


def test_pid_alive() -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert pid_alive(os.getpid())
    assert not pid_alive(gone.pid)
    assert not pid_alive(None) and not pid_alive(0)


def test_sigterm_stops_the_block_like_ctrl_c_and_the_handler_comes_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), sigterm_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("not reached: SIGTERM raised KeyboardInterrupt")
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_held_write_holds_sigterm_too_where_it_stops_like_ctrl_c() -> None:
    from results.store.process import deferred_ctrl_c

    done = []
    with pytest.raises(KeyboardInterrupt), sigterm_as_interrupt():
        with deferred_ctrl_c():
            os.kill(os.getpid(), signal.SIGTERM)
            done.append("the block went on to its end")
        raise AssertionError("not reached: the held SIGTERM is raised after the block")
    assert done == ["the block went on to its end"]


def test_sigterm_left_to_the_system_is_not_held() -> None:
    from results.store.process import deferred_ctrl_c

    before = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with deferred_ctrl_c():
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, before)

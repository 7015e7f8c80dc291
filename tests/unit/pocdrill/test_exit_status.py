"""The exit status of a command a signal stopped: 130 for Ctrl-C, 143 for SIGTERM, the same
one line for both (issue 14)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from pocdrill.exit_status import EXIT_INTERRUPTED, EXIT_TERMINATED
from tests import ROOT

# the command stopped by a signal while it waits, after its modules imported
WAITING = """\
import os, signal, sys, time
import pocdrill.cli, pocdrill.app
from pocdrill import cli

def wait_for_it() -> None:
    os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    time.sleep(60)  # not reached: the signal stops it

cli._run = wait_for_it
cli.run()
"""


def _stopped_by(signum: signal.Signals) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WAITING, signum.name], cwd=ROOT, capture_output=True,
        text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_ctrl_c_is_130_and_sigterm_143_with_the_same_line() -> None:
    assert (EXIT_INTERRUPTED, EXIT_TERMINATED) == (128 + signal.SIGINT, 128 + signal.SIGTERM)
    for signum, status in ((signal.SIGINT, EXIT_INTERRUPTED),
                           (signal.SIGTERM, EXIT_TERMINATED)):
        ended = _stopped_by(signum)
        assert (ended.returncode, ended.stderr) == (status, "interrupted\n")


def test_the_handler_is_put_back_after_the_command() -> None:
    from tests.cli_support import invoke

    before = signal.getsignal(signal.SIGTERM)
    assert invoke("--help").code == 0
    assert signal.getsignal(signal.SIGTERM) is before

"""The exit status of a command a signal stopped, in a module that imports nothing but
:mod:`signal`: the entry point (:mod:`pocdrill.cli`) needs it before anything else has
imported.

Ctrl-C (SIGINT) and SIGTERM stop a command the same way: whatever it was doing stops,
what was done is kept (a run, a study or a sweep marked ``interrupted``) and one line
says so and how to resume. Only the exit status tells them apart, as a shell would:
128 + the signal's number.
"""

import signal
from collections.abc import Callable
from types import FrameType

EXIT_INTERRUPTED = 130
"""Exit status of a command ended by Ctrl-C (128 + SIGINT), as a shell reports it."""
EXIT_TERMINATED = 143
"""Exit status of a command ended by SIGTERM (128 + SIGTERM)."""


class _Terminate:
    """The command's SIGTERM handler: remember it, then stop like Ctrl-C. Marked
    ``raises_interrupt`` so that the library's held writes hold it as they hold Ctrl-C
    (:func:`results.store.process.deferred_ctrl_c`)."""

    raises_interrupt = True
    received = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        _Terminate.received = True
        raise KeyboardInterrupt


def stop_on_sigterm() -> Callable[[], None]:
    """From now on SIGTERM stops this process like Ctrl-C (see the module docstring);
    returns what puts the previous handler back. A no-op off the main thread."""
    try:
        before = signal.signal(signal.SIGTERM, _Terminate())
    except ValueError:  # not the main thread
        return lambda: None

    def restore() -> None:
        signal.signal(signal.SIGTERM, before)

    return restore


def interrupted_status() -> int:
    """:data:`EXIT_TERMINATED` once a SIGTERM came, else :data:`EXIT_INTERRUPTED`."""
    return EXIT_TERMINATED if _Terminate.received else EXIT_INTERRUPTED

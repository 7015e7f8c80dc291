"""Entry point of the ``pocdrill`` command: runs :data:`pocdrill.app.app` with a usage error
as one line and exit status 2, and a Ctrl-C at any moment, while the modules still import
too, as one line and exit status 130 (SIGTERM: the same line, exit status 143; see
:mod:`pocdrill.exit_status`).

This module imports nothing at load time beyond :mod:`sys` and its exit status: a Ctrl-C
during start-up (typer, SQLAlchemy, SimPy importing) has to land inside :func:`run`.
"""

from __future__ import annotations

import sys

from pocdrill.exit_status import interrupted_status, stop_on_sigterm


def run() -> None:
    """The ``pocdrill`` command (see the module docstring)."""
    restore = stop_on_sigterm()
    try:
        _run()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(interrupted_status())
    finally:
        restore()


def _run() -> None:
    from typer.exceptions import Abort, TyperException

    from pocdrill.app import app

    try:
        code = app(prog_name="pocdrill", standalone_mode=False)
    except TyperException as e:  # usage errors, bad option values
        ctx = getattr(e, "ctx", None)
        cmd = ctx.command_path if ctx is not None else "pocdrill"
        status = e.exit_code
        hint = f" (see {cmd} --help)" if status == 2 else ""
        print(f"error: {cmd}: {e.format_message()}{hint}", file=sys.stderr)
        sys.exit(status)
    except Abort:
        print("aborted", file=sys.stderr)
        sys.exit(interrupted_status())
    sys.exit(code if isinstance(code, int) else 0)

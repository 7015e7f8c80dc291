"""Entry point: ``pocdrill`` and its sub-commands.

Each group of commands lives in its own module (``cli_directory``, ``cli_run`` ...) and is
registered here; each command parses its options, calls one library function and prints.
Shared options and the one-line error exit are in :mod:`pocdrill.common`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pocdrill import (
    __version__,
    cli_db,
    cli_directory,
    cli_live,
    cli_report,
    cli_results,
    cli_run,
    cli_scenario,
    cli_sweep,
    cli_tui,
)
from pocdrill.common import EXIT_INTERRUPTED

app = typer.Typer(
    name="pocdrill",
    help="Simulate, run and score communication checks and tabletop exercises of POC networks.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# in the order ``pocdrill --help`` lists them
for _group in (cli_directory, cli_run, cli_live, cli_scenario, cli_results, cli_db, cli_sweep,
               cli_report, cli_tui):
    _group.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pocdrill {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    *,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """pocdrill: points-of-contact network checks and exercises."""
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            cli_tui.open_tui(db=None)
        else:
            typer.echo(ctx.get_help())


def run() -> None:
    """The ``pocdrill`` command: ``app``, with a usage error as one line and exit status 2."""
    from typer.exceptions import Abort, TyperException

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
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)

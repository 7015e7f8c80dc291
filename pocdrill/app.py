"""The ``pocdrill`` Typer app and its sub-commands (the entry point that runs it is
:mod:`pocdrill.cli`).

Each group of commands lives in its own module (``cli_directory``, ``cli_run`` ...) and is
registered here; each command parses its options, calls one library function and prints.
Shared options and the one-line error exit are in :mod:`pocdrill.common`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from pocdrill import (
    __version__,
    cli_calibrate,
    cli_db,
    cli_directory,
    cli_history,
    cli_live,
    cli_plan,
    cli_report,
    cli_results,
    cli_run,
    cli_scenario,
    cli_sweep,
    cli_tui,
)
from pocdrill.common import stopped

if TYPE_CHECKING:  # typer 0.29 vendors click as typer._click
    from typer._click.core import Context as ClickContext


class _Commands(TyperGroup):
    """The command group: a Ctrl-C no command handled itself is one line, ``interrupted``
    (Typer would end it with status 130 and not a word)."""

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise stopped("interrupted") from None


app = typer.Typer(
    name="pocdrill",
    cls=_Commands,
    help="Simulate, run and score communication checks and tabletop exercises of POC networks.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# in the order ``pocdrill --help`` lists them
for _group in (cli_directory, cli_run, cli_live, cli_history, cli_calibrate, cli_scenario,
               cli_results, cli_db, cli_sweep, cli_report, cli_plan, cli_tui):
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

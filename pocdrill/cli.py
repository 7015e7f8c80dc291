"""Entry point: ``pocdrill`` and its sub-commands.

Each group of commands lives in its own module (``cli_directory``, ``cli_run`` ...) and is
registered here; each command parses its options, calls one library function and prints.
"""

from __future__ import annotations

import importlib

import typer

from pocdrill import __version__

app = typer.Typer(
    name="pocdrill",
    help="Simulate, run and score communication checks and tabletop exercises of POC networks.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Modules that add commands to ``app``; each defines ``register(app)``.
_COMMAND_MODULES = [
    "pocdrill.cli_directory",
    "pocdrill.cli_run",
    "pocdrill.cli_scenario",
    "pocdrill.cli_results",
    "pocdrill.cli_sweep",
    "pocdrill.cli_report",
    "pocdrill.cli_tui",
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pocdrill {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """pocdrill: points-of-contact network checks and exercises."""
    if ctx.invoked_subcommand is None:
        import sys

        tui = _maybe_module("pocdrill.cli_tui")
        if tui is not None and sys.stdin.isatty() and sys.stdout.isatty():
            tui.open_tui(db=None)
        else:
            typer.echo(ctx.get_help())


def _maybe_module(name: str):  # type: ignore[no-untyped-def]
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name == name:
            return None
        raise


for _name in _COMMAND_MODULES:
    _mod = _maybe_module(_name)
    if _mod is not None:
        _mod.register(app)


def run() -> None:
    """The ``pocdrill`` command: ``app``, with a usage error as one line and exit status 2."""
    import sys

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
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)

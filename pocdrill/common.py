"""Shared pieces of the command line: option aliases, output, opening the store, the one
place where a domain error becomes one ``error:`` line and exit status 2, and the exit
of a command Ctrl-C or SIGTERM stopped (:func:`pocdrill.exit_status.interrupted_status`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pocdrill.exit_status import interrupted_status
from results.catalog import MAX_ID
from simulator.model.errors import InputError

if TYPE_CHECKING:
    from results.catalog import Target
    from results.store import Store

EXIT_INPUT = 2
"""Exit status for bad input (a file, a field, an argument, a store that cannot be used)."""

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Results store: any SQLAlchemy URL (default: POCDRILL_DATABASE_URL or the "
        "per-user SQLite file).",
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON object instead of tables.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
SweepFlag = Annotated[bool, typer.Option("--sweep", help="RUN is a sweep id.")]
RedactOption = Annotated[bool, typer.Option(
    "--redact", help="Leave out contact names, e-mails and phones, and scrub them (and any "
    "name of the run's people, in any case) from notes.")]
RunArg = Annotated[str, typer.Argument(
    metavar="RUN", help="Run id, or study:N for a study, sweep:N for a sweep.")]


MAX_SEED = 2**63 - 1
"""Seeds are stored as signed 64-bit integers (SQLite INTEGER, PostgreSQL BIGINT)."""


def id_argument(metavar: str, help: str) -> Any:
    """A stored id given as an argument: a whole number from 1 to :data:`MAX_ID` (a larger
    one is one line and exit 2, not an overflow in the database driver)."""
    return typer.Argument(metavar=metavar, help=help, min=1, max=MAX_ID, show_default=False)


def fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    """Print ``message`` (one line per problem) on stderr; return the Exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code=code)


def stopped(message: str) -> typer.Exit:
    """Print ``message`` on stderr; return the Exit to raise when Ctrl-C (status 130) or
    SIGTERM (143) stopped a command."""
    return fail(message, interrupted_status())


def print_problems(error: InputError) -> None:
    """One ``error: FILE: LOCATION: MESSAGE`` line on stderr per problem."""
    for p in error.problems:
        typer.echo(f"error: {p}", err=True)


@contextmanager
def input_errors() -> Iterator[None]:
    """Turn :class:`InputError` into its problem lines on stderr and exit status 2."""
    try:
        yield
    except InputError as e:
        print_problems(e)
        raise typer.Exit(code=EXIT_INPUT) from None


@contextmanager
def store_errors(option: str | None = None) -> Iterator[None]:
    """Turn a store error (no such run, unusable database) into ``error: [OPTION: ]...``
    on stderr and exit status 2."""
    from results.db import StoreError

    try:
        yield
    except StoreError as e:
        where = f"{option}: " if option else ""
        raise fail(f"error: {where}{e}") from None


def open_store(db: str | None) -> Store:
    """The store at ``db``; one ``error:`` line and exit 2 if it cannot be opened.

    Runs a dead process left ``running`` (now marked interrupted) are noted on stderr.
    """
    from results.store import Store

    with store_errors():
        store = Store(db)
    for rid in store.recovered:
        print(f"note: run {rid} was interrupted (its process died); marked interrupted",
              file=sys.stderr)
    return store


def parse_target(value: str, sweep: bool = False) -> Target:
    """The run or sweep RUN names (``N``, ``run:N``, ``sweep:N``); a bad RUN is one
    ``error:`` line and exit 2."""
    from results.catalog import parse_target as parse

    with input_errors():
        return parse(value, sweep=sweep)


@contextmanager
def writing(output: Path) -> Iterator[None]:
    """Turn an OSError while writing ``output`` into ``error: OUTPUT: cannot write (...)``
    and exit status 2."""
    try:
        yield
    except OSError as e:
        raise fail(f"error: {output}: cannot write ({e.strerror or e})") from None


def write_or_print(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output`` (saying so on stderr), or print it when no file is given."""
    if output is None:
        typer.echo(text, nl=False)
        return
    with writing(output):
        output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


def print_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout (dates and other objects as strings)."""
    sys.stdout.write(json.dumps(obj, indent=2, default=str) + "\n")

"""Shared pieces of the command line: options, output and the one-line error exit."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from simulator.model.errors import InputError

EXIT_INPUT = 2
"""Exit status for bad input (a file, a field, an argument)."""

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

F = TypeVar("F", bound=Callable[..., Any])


MAX_SEED = 2**63 - 1
"""Seeds are stored as signed 64-bit integers (SQLite INTEGER, PostgreSQL BIGINT)."""


def fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    """Print ``message`` (one line per problem) on stderr; return the Exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


@contextmanager
def input_errors() -> Iterator[None]:
    """Turn :class:`InputError` into its problem lines on stderr and exit status 2."""
    try:
        yield
    except InputError as e:
        for p in e.problems:
            typer.echo(f"error: {p}", err=True)
        raise typer.Exit(EXIT_INPUT) from None


def handles_input_errors(fn: F) -> F:
    """Decorator form of :func:`input_errors` for command functions."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with input_errors():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def write_or_print(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output`` (saying so on stderr), or print it when no file is given."""
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise fail(f"error: {output}: cannot write ({e.strerror or e})") from None
    typer.echo(f"wrote {output}", err=True)


def print_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout (dates and other objects as strings)."""
    sys.stdout.write(json.dumps(obj, indent=2, default=str) + "\n")

"""``pocdrill tui``: the facilitator's terminal (a Textual app)."""

from __future__ import annotations

from typing import Annotated

import typer

from pocdrill.common import DbOption


def register(app: typer.Typer) -> None:
    app.command("tui")(tui_command)


def tui_command(
    db: DbOption = None,
    resume: Annotated[
        int | None,
        typer.Option("--resume", metavar="RUN", help="Reopen an interrupted live run at once."),
    ] = None,
    light: Annotated[bool, typer.Option("--light", help="Start with the light theme.")] = False,
) -> None:
    """Open the facilitator's terminal: run exercises live or simulated, review results."""
    open_tui(db, resume=resume, dark=not light)


def open_tui(db: str | None, *, resume: int | None = None, dark: bool = True) -> None:
    """Run the app until the facilitator quits (exit status 0)."""
    from tui.app import create_app

    app = create_app(db, resume=resume, dark=dark)
    app.run()
    if app.return_code:
        raise typer.Exit(app.return_code)

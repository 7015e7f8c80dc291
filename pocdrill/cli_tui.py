"""``pocdrill tui``: the facilitator's terminal (a Textual app)."""

from __future__ import annotations

from typing import Annotated

import typer

from pocdrill.common import DbOption, RedactOption, fail, store_errors


def register(app: typer.Typer) -> None:
    app.command("tui")(tui_command)


def tui_command(
    *,
    db: DbOption = None,
    resume: Annotated[
        int | None,
        typer.Option("--resume", metavar="RUN", help="Reopen an interrupted live run at once."),
    ] = None,
    light: Annotated[bool, typer.Option("--light", help="Start with the light theme.")] = False,
    redact: RedactOption = False,
) -> None:
    """Open the facilitator's terminal: run exercises live or simulated, review results."""
    open_tui(db, resume=resume, dark=not light, redact=redact)


def open_tui(db: str | None, *, resume: int | None = None, dark: bool = True,
             redact: bool = False) -> None:
    """Run the app until the facilitator quits (exit status 0).

    The store is checked first, so a bad ``--db`` or ``--resume`` is one error line and
    exit status 2 rather than a message inside the app.
    """
    from tui.app import create_app

    _check_store(db, resume)
    app = create_app(db, resume=resume, dark=dark, redact=redact)
    app.run()
    if app.return_code:
        raise typer.Exit(code=app.return_code)


def _check_store(db: str | None, resume: int | None) -> None:
    from results.db import NotFound
    from results.live.stored import NotResumable, resumable_live_run
    from results.store import Store

    with store_errors("--db"), Store(db) as store:
        if resume is not None:
            try:
                resumable_live_run(store, resume)
            except (NotFound, NotResumable) as e:
                raise fail(f"error: --resume: {e}") from None

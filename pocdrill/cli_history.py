"""``pocdrill history``: past checks brought into the store as live runs marked imported."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pocdrill.common import DbOption, JsonOption, input_errors, open_store, print_json

history_app = typer.Typer(help="Past checks: bring a secretariat's records into the store.",
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(history_app, name="history")


@history_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="A .csv or .xlsx file: one row per participant and check with "
        "check, sent_at, participant, acknowledged_at, completed_at, channel.")],
    *,
    scenario: Annotated[Path, typer.Option(
        "--scenario", "-s", help="The check scenario the past checks ran (its directory "
        "names the participants; its deadline and horizon apply).")],
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import past checks: each check becomes a completed live run marked imported."""
    from results.history import import_history

    with open_store(db) as store, input_errors():
        done = import_history(store, file, scenario)
    if json_out:
        print_json([{"check": d.check, "run": d.run_id, "participants": d.participants,
                     "acknowledged": d.acknowledged} for d in done])
        return
    for d in done:
        typer.echo(f"run {d.run_id}: {d.check!r}, {d.acknowledged} of {d.participants} "
                   "acknowledged (imported)")

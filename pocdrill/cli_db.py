"""``pocdrill db``: the results database's schema revision, and upgrades."""

from __future__ import annotations

import typer

from pocdrill.common import DbOption, JsonOption, print_json, store_errors

db_app = typer.Typer(
    name="db",
    help="The results database: schema revision and upgrades. It is --db, else "
    "POCDRILL_DATABASE_URL, else the SQLite file $XDG_DATA_HOME/pocdrill/results.db "
    "(~/.local/share/pocdrill/results.db), created with mode 0600.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade_command(*, db: DbOption = None) -> None:
    """Create the results database or bring it to the newest schema."""
    from results.schema_status import upgrade_schema

    with store_errors():
        done = upgrade_schema(db)
    if not done.changed:
        typer.echo(f"{done.database}: already at schema revision {done.head}")
    else:
        typer.echo(f"{done.database}: upgraded from {done.before or 'empty'} to schema "
                   f"revision {done.head}")


@db_app.command("current")
def db_current_command(*, json_out: JsonOption = False, db: DbOption = None) -> None:
    """Show the database's schema revision (without changing anything)."""
    from results.schema_status import schema_status

    with store_errors():
        status = schema_status(db)
    if json_out:
        print_json(status.to_dict())
        return
    url, rev, head = status.database, status.revision, status.head
    if status.state == "empty":
        typer.echo(f"{url}: empty (no schema yet; pocdrill creates schema revision {head} "
                   "on first use)")
    elif status.state == "current":
        typer.echo(f"{url}: schema revision {rev} (newest)")
    else:
        typer.echo(f"{url}: schema revision {rev}; run `pocdrill db upgrade` to reach {head}")

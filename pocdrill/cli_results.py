"""``pocdrill results`` (list, show, export, delete stored runs) and ``pocdrill db``.

Every command takes ``--db URL`` (default: ``POCDRILL_DATABASE_URL`` or the per-user
SQLite file, see :mod:`results.db`). Opening the store upgrades its schema and reports
runs a dead process left ``running`` (now marked interrupted) on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pocdrill.common import DbOption, JsonOption, fail, print_json

if TYPE_CHECKING:
    from results.store import Store

results_app = typer.Typer(
    name="results",
    help="Stored runs and sweeps: list, show, export, delete.",
    no_args_is_help=True,
)
db_app = typer.Typer(
    name="db",
    help="The results database: schema revision and upgrades. It is --db, else "
    "POCDRILL_DATABASE_URL, else the SQLite file $XDG_DATA_HOME/pocdrill/results.db "
    "(~/.local/share/pocdrill/results.db), created with mode 0600.",
    no_args_is_help=True,
)

RunArg = Annotated[str, typer.Argument(metavar="RUN", help="Run id, or sweep:N for a sweep.")]


def register(app: typer.Typer) -> None:
    app.add_typer(results_app, name="results")
    app.add_typer(db_app, name="db")


def open_store(db: str | None) -> Store:
    """The store at ``db``; one ``error:`` line and exit 2 if it cannot be opened."""
    from results.db import StoreError
    from results.store import Store

    try:
        store = Store(db)
    except StoreError as e:
        raise fail(f"error: {e}") from None
    for rid in store.recovered:
        print(f"note: run {rid} was interrupted (its process died); marked interrupted",
              file=sys.stderr)
    return store


def parse_target(value: str, sweep: bool = False) -> tuple[str, int]:
    """``("run", N)`` or ``("sweep", N)`` from ``N`` / ``sweep:N`` (``--sweep``: N is a sweep)."""
    text = value.strip()
    kind = "sweep" if sweep else "run"
    if text.lower().startswith("sweep:"):
        kind, text = "sweep", text[len("sweep:") :]
    elif text.lower().startswith("run:"):
        text = text[len("run:") :]
    try:
        number = int(text)
    except ValueError:
        raise fail(f"error: RUN: {value!r} is not a run id; give a number (e.g. 12) "
                   "or sweep:N") from None
    return kind, number


def _not_found(e: Exception) -> typer.Exit:
    return fail(f"error: {e}")


@results_app.command("list")
def list_command(
    json_out: JsonOption = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many (newest first).")
    ] = None,
    scenario: Annotated[str | None, typer.Option(help="Only runs of this scenario name.")] = None,
    status: Annotated[
        str | None, typer.Option(help="Only runs with this status: running, completed, "
                                 "interrupted or failed.")
    ] = None,
    db: DbOption = None,
) -> None:
    """List stored runs, newest first (sweeps: pocdrill sweep list)."""
    with open_store(db) as store:
        runs = store.list_runs(limit=limit, scenario=scenario, status=status)
        if json_out:
            print_json([_run_row(r) for r in runs])
            return
        if not runs:
            typer.echo(f"no runs in {store.display_url}", err=True)
            sweeps = store.list_sweeps()
            if sweeps:
                n = len(sweeps)
                typer.echo(f"it has {n} sweep{'s' if n != 1 else ''}: "
                           "see pocdrill sweep list", err=True)
            return
        from rich import box
        from rich.console import Console
        from rich.table import Table

        # one line a run, even in 80 columns: long scenario names are cut (--json has them)
        console = Console()
        t = Table(title=f"Runs in {store.display_url}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        for col in ("Run", "Scenario", "Mode", "Kind", "Seed", "Rep", "Status",
                    "Started (UTC)", "Ack"):
            t.add_column(col, justify="right" if col in ("Run", "Seed", "Rep", "Ack")
                         else "left", no_wrap=True, overflow="ellipsis",
                         max_width=max(12, console.width - 66) if col == "Scenario" else None)
        for r in runs:
            ack = (r.summary or {}).get("ack_rate")
            t.add_row(str(r.id), r.scenario, "sim" if r.mode == "simulated" else r.mode,
                      r.kind, str(r.seed), str(r.replication), r.status,
                      f"{r.started_at:%Y-%m-%d %H:%M}",
                      "-" if not isinstance(ack, int | float) else f"{ack:.0%}")
        console.print(t)


def _run_row(r: Any) -> dict[str, Any]:
    d = r.to_dict()
    d.pop("summary", None)
    d["ack_rate"] = (r.summary or {}).get("ack_rate")
    d["completion_rate"] = (r.summary or {}).get("completion_rate")
    return d


@results_app.command("show")
def show_command(
    run: RunArg,
    json_out: JsonOption = False,
    sweep: Annotated[bool, typer.Option("--sweep", help="RUN is a sweep id.")] = False,
    db: DbOption = None,
) -> None:
    """Show one stored run (or sweep:N): what was run, its status and summary."""
    from results.db import NotFound

    kind, number = parse_target(run, sweep)
    with open_store(db) as store:
        try:
            if kind == "sweep":
                _show_sweep(store, number, json_out)
                return
            info = store.get_run(number)
            notes = store.notes(number)
        except NotFound as e:
            raise _not_found(e) from None
    if json_out:
        d = info.to_dict()
        d["notes"] = [{"t": n.t, "created_at": n.created_at.isoformat(), "text": n.text,
                       "participant": n.participant} for n in notes]
        print_json(d)
        return
    typer.echo(f"run {info.id}: {info.scenario}  [{info.status}]  {info.mode} {info.kind}, "
               f"seed {info.seed}, replication {info.replication}")
    typer.echo(f"  started {info.started_at:%Y-%m-%d %H:%M:%S} UTC"
               + (f", finished {info.finished_at:%Y-%m-%d %H:%M:%S} UTC"
                  if info.finished_at else "")
               + f", pocdrill {info.pocdrill_version}, scenario sha256 {info.scenario_hash[:12]}")
    if info.interrupted_reason:
        typer.echo(f"  interrupted: {info.interrupted_reason}")
    if not info.events_stored:
        typer.echo("  event log not stored")
    for n in notes:
        at = "" if n.t is None else f" at {n.t:.2f}h"
        who = f" ({n.participant})" if n.participant else ""
        typer.echo(f"  note{at}{who}: {n.text}")
    if info.summary:
        from pocdrill.render import print_summary

        print_summary(info.summary)


def _show_sweep(store: Store, sweep_id: int, json_out: bool) -> None:
    s = store.get_sweep(sweep_id)
    if json_out:
        print_json(s.to_dict())
        return
    typer.echo(f"sweep {s.id}: {s.name}  [{s.status}]  scenario {s.scenario or '-'}, "
               f"{s.points} points x {s.replications} replications, base seed {s.base_seed}")
    for p in s.point_rows:
        agg = p["aggregates"] or {}
        ack = agg.get("ack_rate")
        ack_s = f", ack rate {ack:.0%}" if isinstance(ack, int | float) else ""
        typer.echo(f"  point {p['point']}: {p['params']}  "
                   f"({p['replications_done']} replications done{ack_s})")


@results_app.command("export")
def export_command(
    run: RunArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, parquet or json.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory (csv, parquet), .zip (csv) or "
                           "file (json; - for stdout). A sweep is one file.")
    ],
    redact: Annotated[
        bool, typer.Option("--redact", help="Guarantee no names, e-mails or phones appear.")
    ] = False,
    sweep: Annotated[bool, typer.Option("--sweep", help="RUN is a sweep id.")] = False,
    db: DbOption = None,
) -> None:
    """Export a stored run (or sweep:N) as CSV, Parquet or JSON."""
    from results.db import NotFound
    from results.export import FORMATS, export_run, export_sweep

    if fmt not in FORMATS:
        raise fail(f"error: --format: {fmt!r} is not one of {', '.join(FORMATS)}")
    kind, number = parse_target(run, sweep)
    with open_store(db) as store:
        try:
            if kind == "sweep":
                files = export_sweep(store, number, fmt, output)  # type: ignore[arg-type]
            else:
                files = export_run(store, number, fmt, output, redact=redact)  # type: ignore[arg-type]
        except NotFound as e:
            raise _not_found(e) from None
        except OSError as e:
            raise fail(f"error: {output}: {e.strerror or e}") from None
    if files:
        where = files[0].parent if len(files) > 1 else files[0]
        typer.echo(f"exported {kind} {number} to {where}", err=True)


@results_app.command("delete")
def delete_command(
    run: RunArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    sweep: Annotated[bool, typer.Option("--sweep", help="RUN is a sweep id.")] = False,
    db: DbOption = None,
) -> None:
    """Delete a stored run (or sweep:N) and everything recorded for it."""
    from results.db import NotFound

    kind, number = parse_target(run, sweep)
    with open_store(db) as store:
        try:
            if kind == "sweep":
                store.get_sweep(number)
            else:
                store.get_run(number)
        except NotFound as e:
            raise _not_found(e) from None
        if not yes:
            if not sys.stdin.isatty():
                raise fail(f"error: not deleting {kind} {number} without confirmation; "
                           "add --yes")
            if not typer.confirm(f"Delete {kind} {number} from {store.display_url}?"):
                raise typer.Exit(1)
        try:
            if kind == "sweep":
                store.delete_sweep(number)
            else:
                store.delete_run(number)
        except NotFound as e:
            raise _not_found(e) from None
        typer.echo(f"deleted {kind} {number}", err=True)


@db_app.command("upgrade")
def db_upgrade_command(db: DbOption = None) -> None:
    """Create the results database or bring it to the newest schema."""
    from sqlalchemy.exc import DBAPIError

    from results.db import (
        StoreError,
        connect_error,
        display_url,
        head_revision,
        open_engine,
        upgrade,
    )

    try:
        engine = open_engine(db)
    except StoreError as e:
        raise fail(f"error: {e}") from None
    try:
        before = upgrade(engine)
    except StoreError as e:
        raise fail(f"error: {e}") from None
    except DBAPIError as e:
        raise fail(f"error: {connect_error(engine.url, e)}") from None
    finally:
        engine.dispose()
    head = head_revision()
    url = display_url(engine.url)
    if before == head:
        typer.echo(f"{url}: already at schema revision {head}")
    else:
        typer.echo(f"{url}: upgraded from {before or 'empty'} to schema revision {head}")


@db_app.command("current")
def db_current_command(json_out: JsonOption = False, db: DbOption = None) -> None:
    """Show the database's schema revision (without changing anything)."""
    from sqlalchemy.exc import DBAPIError

    from results.db import (
        StoreError,
        connect_error,
        current_revision,
        display_url,
        head_revision,
        open_engine,
        refuse_if_newer,
    )

    try:
        engine = open_engine(db)
    except StoreError as e:
        raise fail(f"error: {e}") from None
    try:
        rev = current_revision(engine)
        refuse_if_newer(engine, rev)
    except StoreError as e:
        raise fail(f"error: {e}") from None
    except DBAPIError as e:
        raise fail(f"error: {connect_error(engine.url, e)}") from None
    finally:
        engine.dispose()
    head = head_revision()
    url = display_url(engine.url)
    state = "empty" if rev is None else "current" if rev == head else "behind"
    if json_out:
        print_json({"database": url, "revision": rev, "head": head, "state": state})
        return
    if rev is None:
        typer.echo(f"{url}: empty (no schema yet; pocdrill creates schema revision {head} "
                   "on first use)")
    elif rev == head:
        typer.echo(f"{url}: schema revision {rev} (newest)")
    else:
        typer.echo(f"{url}: schema revision {rev}; run `pocdrill db upgrade` to reach {head}")

"""``pocdrill results``: list, show, export and delete stored runs, studies and sweeps.

Every command takes ``--db URL`` (default: ``POCDRILL_DATABASE_URL`` or the per-user
SQLite file, see :mod:`results.db`). Opening the store upgrades its schema and reports
runs a dead process left ``running`` (now marked interrupted) on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pocdrill.common import (
    DbOption,
    JsonOption,
    RedactOption,
    RunArg,
    SweepFlag,
    fail,
    input_errors,
    open_store,
    parse_target,
    print_json,
    store_errors,
)
from simulator.text import shown

if TYPE_CHECKING:
    from results.catalog import RunDetail, RunListing, StudyDetail
    from results.store import SweepInfo

results_app = typer.Typer(
    name="results",
    help="Stored runs, studies and sweeps: list, show, export, delete.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(results_app, name="results")


@results_app.command("list")
def list_command(
    *,
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
    """List stored runs, studies (run -r N) and sweeps, one line each, newest first."""
    from results.catalog import list_runs

    with open_store(db) as store:
        listing = list_runs(store, limit=limit, scenario=scenario, status=status)
    if json_out:
        print_json(listing.rows())
    elif listing.empty():
        typer.echo(f"no runs in {listing.url}", err=True)
    else:
        _print_runs(listing)


def _print_runs(listing: RunListing) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from pocdrill.render import plain

    # one line each, even in 80 columns: long scenario names are cut (--json has them)
    console = Console()
    t = Table(title=f"Runs in {listing.url}", title_justify="left",
              box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
              padding=0)  # the box divides columns by one space: 80 columns hold them all
    widths = {"Run": 8, "Mode": 4, "Kind": 8, "Seed": 4, "Status": 11, "Ack": 4,
              "Started (UTC)": 16}
    for col in ("Run", "Scenario", "Mode", "Kind", "Seed", "Rep", "Status",
                "Started (UTC)", "Ack"):
        t.add_column(col, justify="right" if col in ("Run", "Seed", "Rep", "Ack")
                     else "left", no_wrap=True, overflow="ellipsis", min_width=widths.get(col),
                     max_width=max(8, console.width - 66) if col == "Scenario" else None)
    for row in listing.rows():
        t.add_row(*(plain(c) for c in _list_cells(row)))
    console.print(t)


def _list_cells(row: dict[str, object]) -> tuple[str, ...]:
    """The cells of one line: a run, a study (``study:N``, N replications) or a sweep."""
    ack = row.get("ack_rate")
    ack_s = f"{ack:.0%}" if isinstance(ack, int | float) else "-"
    what = row["what"]
    if what == "run":
        mode = "sim" if row["mode"] == "simulated" else "imp" if row.get("imported") \
            else str(row["mode"])
        return (str(row["id"]), str(row["scenario"]), mode, str(row["kind"]), str(row["seed"]),
                str(row["replication"]), str(row["status"]), _when(row["started_at"]), ack_s)
    if what == "study":
        return (f"study:{row['id']}", str(row["scenario"]), "sim", str(row["kind"]),
                str(row["seed"]), f"{row['done']}/{row['replications']}", str(row["status"]),
                _when(row["started_at"]), ack_s)
    return (f"sweep:{row['id']}", str(row["scenario"] or row["name"]), "sim", "sweep",
            str(row["base_seed"]), f"{row['points']}x{row['replications']}",
            str(row["status"]), _when(row["created_at"]), "-")


def _when(iso: object) -> str:
    """``2026-03-06 15:00`` from an ISO instant."""
    text = str(iso)
    return f"{text[:10]} {text[11:16]}"


@results_app.command("show")
def show_command(
    run: RunArg,
    *,
    json_out: JsonOption = False,
    sweep: SweepFlag = False,
    redact: RedactOption = False,
    db: DbOption = None,
) -> None:
    """Show one stored run (or study:N, sweep:N): what was run, its status and figures."""
    from results.catalog import RunDetail, StudyDetail, show_target

    target = parse_target(run, sweep)
    with open_store(db) as store, store_errors():
        shown = show_target(store, target, redact=redact)
    if json_out:
        print_json(shown.to_dict())
    elif isinstance(shown, RunDetail):
        _print_run(shown)
    elif isinstance(shown, StudyDetail):
        _print_study(shown)
    else:
        _print_sweep(shown)


def _print_study(detail: StudyDetail) -> None:
    s = detail.study
    # short lines, each whole in 80 columns
    typer.echo(f"study {s.id}: {shown(s.scenario, lines=False)}  [{s.status}]")
    typer.echo(f"  simulated {s.kind}, seed {s.seed}, {s.done} of {s.replications} replications "
               "stored" + ("" if s.events_stored else ", no event logs"))
    typer.echo(f"  started {s.started_at:%Y-%m-%d %H:%M:%S} UTC"
               + (f", finished {s.finished_at:%Y-%m-%d %H:%M:%S} UTC" if s.finished_at else ""))
    typer.echo(f"  pocdrill {s.pocdrill_version}, scenario sha256 {s.scenario_hash[:12]}")
    if s.status != "completed":
        typer.echo(f"  figures of the {s.done} replications stored so far; complete it with: "
                   f"pocdrill run --resume {s.id}")
    if detail.summary:
        from pocdrill.render import print_summary

        print_summary(detail.summary)


def _print_run(detail: RunDetail) -> None:
    info = detail.run
    # short lines, each whole in 80 columns
    typer.echo(f"run {info.id}: {shown(info.scenario, lines=False)}  [{info.status}]")
    typer.echo(f"  {info.mode} {info.kind}, seed {info.seed}, replication {info.replication}")
    typer.echo(f"  started {info.started_at:%Y-%m-%d %H:%M:%S} UTC"
               + (f", finished {info.finished_at:%Y-%m-%d %H:%M:%S} UTC"
                  if info.finished_at else ""))
    typer.echo(f"  pocdrill {info.pocdrill_version}, scenario sha256 {info.scenario_hash[:12]}")
    if info.interrupted_reason:
        typer.echo(f"  interrupted: {shown(info.interrupted_reason)}")
    if not info.events_stored:
        typer.echo("  event log not stored")
    for n in detail.notes:
        at = "" if n.t is None else f" at {n.t:.2f}h"
        who = f" ({shown(n.participant, lines=False)})" if n.participant else ""
        typer.echo(f"  note{at}{who}: {shown(n.text)}")
    if detail.observed:  # what was observed (a run cut short: up to its last instant)
        from pocdrill.render import print_summary

        print_summary(detail.observed, figures=detail.figures)


def _print_sweep(s: SweepInfo) -> None:
    typer.echo(f"sweep {s.id}: {shown(s.name, lines=False)}  [{s.status}]  scenario "
               f"{shown(s.scenario or '-', lines=False)}, "
               f"{s.points} points x {s.replications} replications, base seed {s.base_seed}")
    for p in s.point_rows:
        agg = p["aggregates"] or {}
        ack = agg.get("ack_rate")
        ack_s = f", ack rate {ack:.0%}" if isinstance(ack, int | float) else ""
        typer.echo(f"  point {p['point']}: {shown(p['params'], lines=False)}  "
                   f"({p['replications_done']} replications done{ack_s})")


@results_app.command("export")
def export_command(
    run: RunArg,
    *,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, parquet or json.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory (csv, parquet), .zip (csv) or "
                           "file (json; - for stdout). A sweep is one file.")
    ],
    redact: RedactOption = False,
    sweep: SweepFlag = False,
    db: DbOption = None,
) -> None:
    """Export a stored run (or sweep:N) as CSV, Parquet or JSON."""
    from results.catalog import check_export_format, check_output_folder, export_target

    with input_errors():
        fmt_ok = check_export_format(fmt)
        check_output_folder(output)
    kind, number = target = parse_target(run, sweep)
    with open_store(db) as store, store_errors(), input_errors():
        try:
            where = export_target(store, target, fmt_ok, output, redact=redact)
        except OSError as e:
            raise fail(f"error: {output}: {e.strerror or e}") from None
    if where is not None:
        typer.echo(f"exported {kind} {number} to {where}", err=True)


@results_app.command("delete")
def delete_command(
    run: RunArg,
    *,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    sweep: SweepFlag = False,
    db: DbOption = None,
) -> None:
    """Delete a stored run (or sweep:N) and everything recorded for it."""
    from results.catalog import delete_target, require_target

    kind, number = target = parse_target(run, sweep)
    with open_store(db) as store, store_errors():
        require_target(store, target)
        if not yes:
            if not sys.stdin.isatty():
                raise fail(f"error: not deleting {kind} {number} without confirmation; "
                           "add --yes")
            if not typer.confirm(f"Delete {kind} {number} from {store.display_url}?"):
                raise typer.Exit(1)
        delete_target(store, target)
        typer.echo(f"deleted {kind} {number}", err=True)

"""``pocdrill run``: simulate a scenario, print its summary, store it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pocdrill.common import MAX_SEED, DbOption, JsonOption, fail, input_errors, print_json, stopped
from pocdrill.render import print_summary

if TYPE_CHECKING:
    from results.runs import RunOutcome
    from results.store import Store


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)


def run_command(
    scenario: Annotated[
        Path, typer.Argument(help="Scenario YAML (a communication check or a tabletop).")
    ],
    seed: Annotated[
        int, typer.Option(min=0, max=MAX_SEED,
                          help="Base seed: the run is fully determined by scenario + seed.")
    ] = 1,
    replications: Annotated[
        int, typer.Option("--replications", "-r", min=1, help="Independent replications.")
    ] = 1,
    json_out: JsonOption = False,
    db: DbOption = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not store the run.")] = False,
    events: Annotated[
        str | None,
        typer.Option(
            help="Store full event logs: all or none "
            "(default: all for one replication, none for more)."
        ),
    ] = None,
) -> None:
    """Simulate SCENARIO, print its summary and store the run.

    The summary: overall rates, by group, the slowest and unreachable participants, the
    contacts to fix.
    """
    from results.runs import checked_directory, run_and_store
    from simulator.io.scenario_files import load_scenario

    if events not in (None, "all", "none"):
        raise fail(f"error: --events: {events!r} is not one of all, none")
    with input_errors():
        loaded = load_scenario(scenario)
        directory = checked_directory(loaded, str(scenario))
    store = None if no_store else _open_store(db)
    outcome = run_and_store(
        loaded, seed=seed, replications=replications, store=store, directory=directory,
        events=None if events is None else events == "all",
    )
    if outcome.interrupted:
        raise stopped(_interrupted(outcome))
    assert outcome.summary is not None  # a run not interrupted has its summary
    if json_out:
        print_json(outcome.summary)
        return
    print_summary(outcome.summary)
    if outcome.run_ids:
        typer.echo(f"stored as run {_ids(outcome.run_ids)} in {outcome.database}", err=True)


def _ids(run_ids: list[int]) -> str:
    return str(run_ids[0]) if len(run_ids) == 1 else f"{run_ids[0]}-{run_ids[-1]}"


def _interrupted(outcome: RunOutcome) -> str:
    """``interrupted after K of R replications; runs A-B are stored complete; ...``."""
    where = ""
    if outcome.interrupted_run is not None:
        where = f"; run {outcome.interrupted_run} marked interrupted"
    kept = f"; runs {_ids(outcome.run_ids)} are stored complete" if outcome.run_ids else ""
    return (f"interrupted after {len(outcome.results)} of {outcome.replications} "
            f"replications{kept}{where}")


def _open_store(db: str | None) -> Store:
    """Open the results store, reporting runs a dead process left behind."""
    from results.db import StoreError
    from results.store import Store

    try:
        store = Store(db)
    except StoreError as e:
        raise fail(f"error: {e}") from None
    for rid in store.recovered:
        print(
            f"note: run {rid} was interrupted (its process died); marked interrupted",
            file=sys.stderr,
        )
    return store

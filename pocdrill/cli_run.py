"""``pocdrill run``: simulate a scenario, print its summary, store it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pocdrill.common import MAX_SEED, DbOption, JsonOption, fail, input_errors, print_json
from pocdrill.render import print_summary


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
    from simulator.analysis.metrics import summarize
    from simulator.engine.run import iter_replications
    from simulator.io.scenario_files import load_scenario

    if events not in (None, "all", "none"):
        raise fail(f"error: --events: {events!r} is not one of all, none")
    keep_events = (events or ("all" if replications == 1 else "none")) == "all"
    with input_errors():
        loaded = load_scenario(scenario)
        directory = loaded.directory()
        if hasattr(loaded.scenario, "validate_against"):  # tabletops: codes vs the directory
            loaded.scenario.validate_against(directory, str(scenario))
    store = None if no_store else _open_store(db)
    from results.store import deferred_ctrl_c
    results = []
    run_ids: list[int] = []
    current: int | None = None
    try:
        for k, result in enumerate(
            iter_replications(loaded.scenario, directory, seed=seed, replications=replications)
        ):
            results.append(result)
            if store is not None:
                # Ctrl-C waits for the run to be stored whole (it never lands between the
                # row that says running and the one that completes it)
                with deferred_ctrl_c():
                    current = store.start_run(
                        scenario=result.scenario,
                        scenario_text=loaded.text,
                        seed=seed,
                        replication=k,
                        mode="simulated",
                        kind=result.kind,
                        start=result.start,
                        deadline_hours=result.deadline_hours,
                        horizon_hours=result.horizon_hours,
                        level=result.level,
                    )
                    store.finish_run(current, result, events=keep_events)
                    run_ids.append(current)
                    current = None
    except KeyboardInterrupt:
        if current is not None and current in run_ids:  # stored, just not yet cleared
            current = None
        if store is not None and current is not None:
            if not store.mark_interrupted(current, "interrupted by Ctrl-C"):
                run_ids.append(current)  # Ctrl-C came as its completion was committed
                current = None
        where = f"; run {current} marked interrupted" if current is not None else ""
        kept = ""
        if run_ids:
            ids = str(run_ids[0]) if len(run_ids) == 1 else f"{run_ids[0]}-{run_ids[-1]}"
            kept = f"; runs {ids} are stored complete"
        typer.echo(
            f"interrupted after {len(results)} of {replications} replications{kept}{where}",
            err=True,
        )
        raise typer.Exit(130) from None
    summary = summarize(results)
    if results[0].kind == "tabletop":
        from simulator.analysis.tabletop import summarize_expectations

        summary["expectations"] = summarize_expectations(results)
    if store is not None:
        summary["run_id"] = run_ids[0]
        if len(run_ids) > 1:
            summary["run_ids"] = run_ids
        summary["database"] = store.display_url
    if json_out:
        print_json(summary)
    else:
        print_summary(summary)
        if store is not None:
            ids = f"{run_ids[0]}" if len(run_ids) == 1 else f"{run_ids[0]}-{run_ids[-1]}"
            typer.echo(f"stored as run {ids} in {store.display_url}", err=True)


def _open_store(db: str | None) -> Any:
    """Open the results store, reporting runs a dead process left behind."""
    try:
        from results.store import Store
    except ModuleNotFoundError:  # the store is optional until installed
        return None
    from results.db import StoreError

    try:
        store = Store(db)
    except StoreError as e:
        raise fail(f"error: {e}") from None
    for rid in getattr(store, "recovered", []):
        print(
            f"note: run {rid} was interrupted (its process died); marked interrupted",
            file=sys.stderr,
        )
    return store

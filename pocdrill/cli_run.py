"""``pocdrill run``: simulate a scenario, print its summary, store it.

One replication is stored as a run. ``-r N`` (N > 1) is one *study*: N replications on the
sweeps' worker pool, stored as compact rows (whole runs only with ``--events all``), shown
with a progress bar, interrupted with Ctrl-C and completed with ``--resume STUDY``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pocdrill.cli_sweep import EngineOption, WorkersOption, checked_engine
from pocdrill.common import (
    MAX_SEED,
    DbOption,
    JsonOption,
    fail,
    input_errors,
    print_json,
    stopped,
    store_errors,
)
from pocdrill.render import print_summary
from results.catalog import MAX_ID

if TYPE_CHECKING:
    from results.runs import RunOutcome, StudyOutcome, SweepExecution
    from results.store import Store
    from simulator.io.scenario_files import LoadedScenario
    from simulator.model.directory import Directory


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)


def run_command(
    scenario: Annotated[
        Path | None,
        typer.Argument(help="Scenario YAML (a communication check or a tabletop).",
                       show_default=False),
    ] = None,
    seed: Annotated[
        int, typer.Option(min=0, max=MAX_SEED,
                          help="Base seed: the run is fully determined by scenario + seed.")
    ] = 1,
    replications: Annotated[
        int, typer.Option("--replications", "-r", min=1,
                          help="Independent replications (more than one: one study).")
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
    workers: WorkersOption = None,
    resume: Annotated[
        int | None, typer.Option("--resume", metavar="STUDY", min=1, max=MAX_ID,
                                 help="Complete an interrupted study (no SCENARIO).")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Store a very large study whole without asking.")
    ] = False,
    engine: EngineOption = "auto",
) -> None:
    """Simulate SCENARIO, print its summary and store the run (with -r N: one study).

    The summary: overall rates, by group, the slowest and unreachable participants, the
    contacts to fix.
    """
    from results.runs import SweepExecution

    if events not in (None, "all", "none"):
        raise fail(f"error: --events: {events!r} is not one of all, none")
    execution = SweepExecution(workers=workers, engine=checked_engine(engine))
    if resume is not None:
        if scenario is not None:
            raise fail("error: --resume: give a STUDY id or a SCENARIO, not both")
        _resume(resume, db, execution, json_out)
        return
    if scenario is None:
        raise fail("error: pocdrill run: Missing argument 'SCENARIO'. (see pocdrill run --help)")
    loaded, directory = _load(scenario, replications)
    if replications > 1:
        whole = events == "all"
        if whole and not no_store and not yes:
            _refuse_huge(loaded, seed, replications)
        store = None if no_store else _open_store(db)
        _study(loaded, seed, replications, store, whole, execution, json_out)
        return
    from results.runs import run_and_store
    from simulator.vector.coverage import choose_engine

    with input_errors():  # one run stores its event log: the SimPy engine's
        choose_engine(loaded.scenario, engine, events=True, source=str(scenario))
    store = None if no_store else _open_store(db)
    with store_errors():  # the database lost mid-run: one line naming it
        outcome = run_and_store(
            loaded, seed=seed, replications=1, store=store, directory=directory,
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
        typer.echo(f"stored as run {outcome.run_ids[0]} in {outcome.database}", err=True)


def _load(scenario: Path, replications: int) -> tuple[LoadedScenario, Directory]:
    """The scenario and its checked directory, once ``replications`` is within the limit;
    bad input is one line per problem and exit 2."""
    from results.runs import checked_directory
    from simulator.io.scenario_files import load_scenario
    from simulator.sweep.spec import check_replications

    with input_errors():
        check_replications(replications, 1)
        loaded = load_scenario(scenario)
        return loaded, checked_directory(loaded, str(scenario))


def _refuse_huge(loaded: LoadedScenario, seed: int, replications: int) -> None:
    from results.runs.study import WHOLE_ROWS_LIMIT, whole_rows_estimate

    per = whole_rows_estimate(loaded, seed)
    rows = per * replications
    if rows > WHOLE_ROWS_LIMIT:
        raise fail(f"error: --events all: {replications} replications stored whole would write "
                   f"about {rows:,} rows ({per:,} each); add --yes to store them, or leave "
                   "out --events all (the study keeps a compact row per replication)")


def _study(loaded: LoadedScenario, seed: int, replications: int, store: Store | None,
           whole: bool, execution: SweepExecution, json_out: bool) -> None:
    from pocdrill.sweep_render import ProgressBar
    from results.runs import study_and_store

    with store_errors(), input_errors():
        outcome = study_and_store(
            loaded, seed=seed, replications=replications, store=store, events=whole,
            execution=execution, progress=ProgressBar("study"),
        )
    _finish(outcome, json_out)


def _resume(study_id: int, db: str | None, execution: SweepExecution, json_out: bool) -> None:
    from pocdrill.sweep_render import ProgressBar
    from results.runs import load_study, resume_study

    store = _open_store(db)
    with store_errors("--resume"), input_errors():
        resume = load_study(store, study_id)
    with store_errors():
        outcome = resume_study(resume, store=store, execution=execution,
                               progress=ProgressBar("study"))
    _finish(outcome, json_out)


def _finish(outcome: StudyOutcome, json_out: bool) -> None:
    if outcome.status != "completed":
        if outcome.status == "interrupted":
            raise stopped(_study_interrupted(outcome))
        raise fail(_study_interrupted(outcome), 1)
    assert outcome.summary is not None
    if outcome.summary.get("engine_note"):
        typer.echo(outcome.summary["engine_note"], err=True)
    if json_out:
        print_json(outcome.summary)
    else:
        print_summary(outcome.summary)
    if outcome.study_id is not None:
        typer.echo(f"stored as study {outcome.study_id} in {outcome.database}", err=True)


def _study_interrupted(outcome: StudyOutcome) -> str:
    """``interrupted after K of N replications; ... stored complete in study S; ...``."""
    how = "interrupted" if outcome.status == "interrupted" else f"failed ({outcome.reason})"
    text = f"{how} after {outcome.done} of {outcome.replications} replications"
    if outcome.study_id is None:
        return text
    return (f"{text}; {outcome.done} replications are stored complete in study "
            f"{outcome.study_id}; complete it with: pocdrill run --resume {outcome.study_id}")


def _interrupted(outcome: RunOutcome) -> str:
    """``interrupted after 0 of 1 replications; run R marked interrupted``, or ``...; run R
    is stored complete`` when the interrupt came as it was stored (too late to stop it)."""
    where = ""
    if outcome.run_ids:
        where = f"; run {', '.join(map(str, outcome.run_ids))} is stored complete"
    if outcome.interrupted_run is not None:
        where += f"; run {outcome.interrupted_run} marked interrupted"
    return f"interrupted after {len(outcome.results)} of {outcome.replications} replications{where}"


def _open_store(db: str | None) -> Store:
    """Open the results store, reporting runs and studies a dead process left behind."""
    from results.db import StoreError
    from results.store import Store

    try:
        store = Store(db)
    except StoreError as e:
        raise fail(f"error: {e}") from None
    for rid in store.recovered:
        print(f"note: run {rid} was interrupted (its process died); marked interrupted",
              file=sys.stderr)
    for sid in store.recovered_studies:
        print(f"note: study {sid} was interrupted (its process died); marked interrupted; "
              f"complete it with: pocdrill run --resume {sid}", file=sys.stderr)
    return store

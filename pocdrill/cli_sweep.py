"""``pocdrill sweep``: many replications over a grid of scenario parameters.

Forms::

    pocdrill sweep SCENARIO.yaml --vary PATH=V1,V2 [--vary ...] -r 200 [--workers N]
    pocdrill sweep SWEEP.yaml                    # a sweep file (``axes:`` or ``sample:``)
    pocdrill sweep resume SWEEP_ID               # run what an interrupted sweep missed
    pocdrill sweep list                          # the stored sweeps

Rows are stored as each batch finishes, so Ctrl-C (or SIGTERM) keeps what was done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from pocdrill.common import (
    MAX_SEED,
    DbOption,
    JsonOption,
    fail,
    id_argument,
    input_errors,
    print_json,
    stopped,
    store_errors,
)

if TYPE_CHECKING:  # typer 0.29 vendors click as typer._click
    from typer._click.core import Context as ClickContext

    from results.runs import SweepExecution, SweepRunOutcome
    from results.store import Store, SweepInfo
    from simulator.sweep.spec import SweepPlan


class _SweepGroup(TyperGroup):
    """A group whose default command is ``run``: ``pocdrill sweep FILE ...`` works."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


sweep_app = typer.Typer(
    cls=_SweepGroup,
    no_args_is_help=True,
    help="Sweep scenario parameters over a grid with many replications per point: "
    "pocdrill sweep SCENARIO.yaml --vary PATH=V1,V2 ... | pocdrill sweep resume SWEEP_ID | "
    "pocdrill sweep list",
)


def register(app: typer.Typer) -> None:
    app.add_typer(sweep_app, name="sweep")


VaryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--vary",
        help="PATH=V1,V2,...: a scenario field (dotted path, e.g. check.reminders) and its "
        "values, each read as YAML; commas inside [..], {..} or quotes do not split. Repeat "
        "for more axes: the grid is their product.",
        show_default=False,
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", "-w", min=1, help="Worker processes (default: all cores; 1 = in this process)."
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Dask: 'local' (a LocalCluster of --workers processes) or tcp://HOST:PORT.",
    ),
]
ConnectTimeoutOption = Annotated[
    float,
    typer.Option(
        "--connect-timeout",
        min=0.1,
        metavar="SECONDS",
        help="How long to try to reach a --scheduler tcp://... before giving up.",
    ),
]
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="auto, simpy or vector. vector: the array engine for communication checks "
        "(about 15x faster, the same figures in distribution); auto uses it when it covers "
        "the scenario (a study or sweep, no event log) and says which engine ran.",
    ),
]
NoStoreOption = Annotated[bool, typer.Option("--no-store", help="Do not store the sweep.")]
SampleOption = Annotated[
    tuple[str, int] | None,
    typer.Option(
        "--sample", metavar="METHOD N", show_default=False,
        help="Sample the --range box instead of a grid: lhs N (Latin hypercube, N points), "
        "sobol N (N a power of two; N x (params + 2) points, Sobol' indices) or morris N "
        "(N trajectories of params + 1 points, Morris mu*, sigma).",
    ),
]
RangeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--range", metavar="PATH=LOW:HIGH", show_default=False,
        help="A numeric scenario field and the range --sample draws it from, e.g. "
        "behaviour.turnover_per_year=0.1:0.4. Repeat for more parameters.",
    ),
]
ThresholdOption = Annotated[
    float | None,
    typer.Option(
        "--threshold", show_default=False,
        help="With --sample: the ack share below which a point counts for scenario "
        "discovery (default 0.7).",
    ),
]
BatchOption = Annotated[
    int | None, typer.Option("--batch-size", min=1, hidden=True, help="Replications per task.")
]


@sweep_app.command("run")
def run_command(
    scenario: Annotated[
        Path,
        typer.Argument(help="Scenario YAML, or a sweep YAML (top-level axes: or sample:)."),
    ],
    vary: VaryOption = None,
    replications: Annotated[
        int | None,
        typer.Option(
            "--replications",
            "-r",
            min=1,
            help="Replications per point (default: 100 or the sweep file's).",
        ),
    ] = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    connect_timeout: ConnectTimeoutOption = 10.0,
    seed: Annotated[
        int | None,
        typer.Option(min=0, max=MAX_SEED, help="Base seed (default: 1 or the sweep file's)."),
    ] = None,
    baseline: Annotated[
        int | None,
        typer.Option(help="Index of the point differences are measured against (default 0)."),
    ] = None,
    db: DbOption = None,
    no_store: NoStoreOption = False,
    json_out: JsonOption = False,
    events: Annotated[
        str, typer.Option(help="Event logs to store: none (sweeps keep per-replication summaries).")
    ] = "none",
    batch_size: BatchOption = None,
    sample: SampleOption = None,
    ranges: RangeOption = None,
    threshold: ThresholdOption = None,
    engine: EngineOption = "auto",
) -> None:
    """Run SCENARIO over the grid of --vary values (or a sweep file), print one row per point."""
    from pocdrill.sweep_render import ProgressBar
    from results.runs import sweep_and_store

    if events != "none":
        raise fail(
            f"error: --events: {events!r}: sweeps store per-replication summaries only; "
            "use --events none (or pocdrill run for event logs)"
        )
    execution = _execution(workers, scheduler, connect_timeout, batch_size, engine)
    if sample is not None or ranges or threshold is not None:
        from pocdrill.sweep_sample import sampled_plan

        plan = sampled_plan(scenario, vary, sample, ranges or [], threshold,
                            replications=replications, seed=seed, baseline=baseline)
    else:
        plan = _plan(scenario, vary, replications=replications, seed=seed, baseline=baseline)
    store = None if no_store else _open_store(db)
    with _scheduler_errors(scheduler), store_errors(), input_errors():
        outcome = sweep_and_store(plan, store=store, execution=execution, progress=ProgressBar())
    _report(outcome, json_out)


@sweep_app.command("resume")
def resume_command(
    sweep_id: Annotated[int, id_argument("SWEEP_ID", "The stored sweep to complete.")],
    db: DbOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    connect_timeout: ConnectTimeoutOption = 10.0,
    baseline: Annotated[
        int | None, typer.Option(help="Index of the baseline point (default: as stored, else 0).")
    ] = None,
    scenario_dir: Annotated[
        Path | None,
        typer.Option(help="Where the scenario's directory file is (default: as stored)."),
    ] = None,
    json_out: JsonOption = False,
    batch_size: BatchOption = None,
) -> None:
    """Run only the (point, replication) pairs SWEEP_ID is missing, then print its table."""
    from pocdrill.sweep_render import ProgressBar
    from results.db import StoreError
    from results.runs import load_resume, resume_and_store

    execution = _execution(workers, scheduler, connect_timeout, batch_size)
    store = _open_store(db)
    with input_errors():
        try:
            resume = load_resume(store, sweep_id, baseline=baseline, scenario_dir=scenario_dir)
        except StoreError as e:
            raise fail(f"error: {e}") from None
    with _scheduler_errors(scheduler), store_errors():
        outcome = resume_and_store(
            resume, store=store, execution=execution, progress=ProgressBar()
        )
    _report(outcome, json_out)


@sweep_app.command("list")
def list_command(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List stored sweeps, newest first, with how many replications each has done."""
    from pocdrill.common import open_store
    from pocdrill.sweep_render import print_sweeps

    with open_store(db) as store:
        rows = [sweep_row(store, s) for s in store.list_sweeps()]
        url = store.display_url
    if json_out:
        print_json(rows)
        return
    if not rows:
        typer.echo(f"no sweeps in {url}", err=True)
        return
    print_sweeps(rows, url)
    if any(r["status"] != "completed" for r in rows):
        typer.echo("complete an unfinished sweep with: pocdrill sweep resume SWEEP", err=True)


def sweep_row(store: Store, info: SweepInfo) -> dict[str, Any]:
    """One sweep of ``store.list_sweeps()`` as a ``sweep list --json`` entry."""
    points = store.get_sweep(info.id).point_rows
    d = info.to_dict()
    d.pop("point_rows", None)
    d["replications_done"] = sum(p["replications_done"] for p in points)
    d["replications_planned"] = info.points * info.replications
    return d


def _plan(
    scenario: Path,
    vary: list[str] | None,
    *,
    replications: int | None,
    seed: int | None,
    baseline: int | None,
) -> SweepPlan:
    """The sweep a scenario file and ``--vary`` axes (or a sweep file) describe."""
    from simulator.io.scenario_files import load_yaml
    from simulator.sweep import axes_from_vary, is_sweep_data, plan_from_sweep_data, plan_sweep

    with input_errors():
        data, text = load_yaml(scenario)
        if is_sweep_data(data):
            if vary:
                has = "axes: a sweep file has its axes" if "axes" in data else (
                    "sample: a sweep file with a sample has its design")
                raise fail(
                    f"error: {scenario}: {has}; drop --vary or vary a scenario file instead"
                )
            return plan_from_sweep_data(
                data,
                str(scenario),
                scenario.resolve().parent,
                replications=replications,
                seed=seed,
                baseline=baseline,
            )
        axes = axes_from_vary(vary or [])
        if not axes:
            raise fail(
                "error: --vary: give at least one axis, e.g. "
                "--vary behaviour.turnover_per_year=0.1,0.2,0.3"
            )
        return plan_sweep(
            text,
            axes,
            replications=replications or 100,
            seed=1 if seed is None else seed,
            baseline=baseline,
            scenario_source=str(scenario),
            base_dir=scenario.resolve().parent,
        )


def _execution(
    workers: int | None, scheduler: str | None, connect_timeout: float, batch_size: int | None,
    engine: str = "auto",
) -> SweepExecution:
    from results.runs import SweepExecution

    if scheduler is not None and scheduler != "local" and "://" not in scheduler:
        raise fail(
            f"error: --scheduler: {scheduler!r} is not 'local' or a Dask address like "
            "tcp://HOST:8786"
        )
    return SweepExecution(workers, scheduler, connect_timeout, batch_size,
                          checked_engine(engine))


def checked_engine(engine: str) -> str:
    """``--engine`` as given, if it names an engine (else one line, exit 2)."""
    if engine not in ("auto", "simpy", "vector"):
        raise fail(f"error: --engine: {engine!r} is not one of auto, simpy, vector")
    return engine


@contextmanager
def _scheduler_errors(scheduler: str | None) -> Iterator[None]:
    """An unreachable scheduler is one ``error:`` line and exit 2 (nothing was stored)."""
    from simulator.sweep import SchedulerError

    try:
        yield
    except SchedulerError as e:
        hint = "" if scheduler == "local" else "; start one or use --scheduler local"
        raise fail(f"error: {e}{hint}") from None


def _open_store(db: str | None) -> Store:
    from results.db import StoreError
    from results.store import Store

    try:
        return Store(db)
    except StoreError as e:
        raise fail(f"error: {e}") from None


def _report(outcome: SweepRunOutcome, json_out: bool) -> None:
    """Print how the sweep ended: its table (or JSON) and a line on stderr; or why it
    stopped, with exit 130 (interrupted) or 1 (failed)."""
    from pocdrill.sweep_render import print_points, print_sensitivity

    sid, total = outcome.sweep_id, outcome.plan.total
    stored = (f"{outcome.stored} of {total} replications stored; resume with: "
              f"pocdrill sweep resume {sid}")
    if outcome.status == "interrupted":
        if not outcome.connected:
            line = "interrupted while connecting to the Dask scheduler"
        elif outcome.stored is not None:
            line = f"sweep {sid} interrupted: {stored}"
        elif outcome.database is not None:
            line = f"sweep interrupted before it was stored in {outcome.database}: nothing kept"
        else:
            line = f"sweep interrupted after {outcome.done} of {total} replications (not stored)"
        raise stopped(line)
    if outcome.status == "failed":
        where = f"sweep {sid}" if sid is not None else "the sweep"
        kept = f"; {stored}" if outcome.stored is not None else " (not stored)"
        raise fail(f"error: {where} stopped: {outcome.reason}{kept}", code=1)
    out, result = outcome.summary, outcome.result
    assert out is not None and result is not None  # completed
    if outcome.engine is not None:
        typer.echo(outcome.engine.describe(), err=True)
    if json_out:
        print_json(out)
        return
    if "sensitivity" in out:
        print_sensitivity(out, outcome.plan)
    else:
        print_points(out, outcome.plan)
    rate = result.computed / result.seconds if result.seconds > 0 else 0.0
    where = f"; stored as sweep {sid} in {outcome.database}" if sid is not None else ""
    typer.echo(
        f"{result.computed} replications in {result.seconds:.1f} s ({rate:.1f}/s, "
        f"{result.executor}, {result.workers} workers){where}",
        err=True,
    )

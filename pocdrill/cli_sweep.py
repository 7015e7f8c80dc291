"""``pocdrill sweep``: many replications over a grid of scenario parameters.

Forms::

    pocdrill sweep SCENARIO.yaml --vary PATH=V1,V2 [--vary ...] -r 200 [--workers N]
    pocdrill sweep SWEEP.yaml                    # a sweep file (top-level ``axes:``)
    pocdrill sweep resume SWEEP_ID               # run what an interrupted sweep missed
    pocdrill sweep list                          # the stored sweeps

Rows are stored as each batch finishes, so Ctrl-C (or SIGTERM) keeps what was done.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from pocdrill.common import MAX_SEED, DbOption, JsonOption, fail, input_errors, print_json

if TYPE_CHECKING:  # typer 0.29 vendors click as typer._click
    from typer._click.core import Context as ClickContext

EXIT_INTERRUPTED = 130


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
NoStoreOption = Annotated[bool, typer.Option("--no-store", help="Do not store the sweep.")]
BatchOption = Annotated[
    int | None, typer.Option("--batch-size", min=1, hidden=True, help="Replications per task.")
]


@sweep_app.command("run")
def run_command(
    scenario: Annotated[
        Path, typer.Argument(help="Scenario YAML, or a sweep YAML (with top-level axes:).")
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
) -> None:
    """Run SCENARIO over the grid of --vary values (or a sweep file), print one row per point."""
    from simulator.io.scenario_files import load_yaml
    from simulator.sweep import axes_from_vary, is_sweep_data, plan_from_sweep_data, plan_sweep

    if events != "none":
        raise fail(
            f"error: --events: {events!r}: sweeps store per-replication summaries only; "
            "use --events none (or pocdrill run for event logs)"
        )
    _check_scheduler(scheduler)
    with input_errors():
        data, text = load_yaml(scenario)
        if is_sweep_data(data):
            if vary:
                raise fail(
                    f"error: {scenario}: axes: a sweep file has its axes; drop --vary "
                    "or vary a scenario file instead"
                )
            plan = plan_from_sweep_data(
                data,
                str(scenario),
                scenario.resolve().parent,
                replications=replications,
                seed=seed,
                baseline=baseline,
            )
        else:
            axes = axes_from_vary(vary or [])
            if not axes:
                raise fail(
                    "error: --vary: give at least one axis, e.g. "
                    "--vary behaviour.turnover_per_year=0.1,0.2,0.3"
                )
            plan = plan_sweep(
                text,
                axes,
                replications=replications or 100,
                seed=1 if seed is None else seed,
                baseline=baseline,
                scenario_source=str(scenario),
                base_dir=scenario.resolve().parent,
            )
    recorder = None if no_store else _recorder(db)
    # reach the scheduler before the sweep is stored: no sweep left "running" with nothing
    with _dask_session(scheduler, workers, connect_timeout) as dask:
        sweep_id = recorder.start(plan) if recorder is not None else None
        _execute(
            plan,
            sweep_id,
            recorder,
            skip=set(),
            previous=[],
            workers=workers,
            scheduler=scheduler,
            dask=dask,
            batch_size=batch_size,
            json_out=json_out,
        )


@sweep_app.command("resume")
def resume_command(
    sweep_id: Annotated[int, typer.Argument(help="The stored sweep to complete.")],
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
    _check_scheduler(scheduler)
    recorder = _recorder(db)
    if recorder is None:
        raise fail("error: the results store is not installed; nothing to resume")
    from results.db import StoreError

    with input_errors():
        try:
            plan, done, previous = recorder.load(
                sweep_id, baseline=baseline, scenario_dir=scenario_dir
            )
        except StoreError as e:
            raise fail(f"error: {e}") from None
    with _dask_session(scheduler, workers, connect_timeout) as dask:
        recorder.resuming(sweep_id)
        _execute(
            plan,
            sweep_id,
            recorder,
            skip=done,
            previous=previous,
            workers=workers,
            scheduler=scheduler,
            dask=dask,
            batch_size=batch_size,
            json_out=json_out,
        )


@sweep_app.command("list")
def list_command(db: DbOption = None, json_out: JsonOption = False) -> None:
    """List stored sweeps, newest first, with how many replications each has done."""
    from pocdrill.common import open_store

    with open_store(db) as store:
        rows = [sweep_row(store, s) for s in store.list_sweeps()]
        url = store.display_url
    if json_out:
        print_json(rows)
        return
    if not rows:
        typer.echo(f"no sweeps in {url}", err=True)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # piped: no wrapping at 80 columns
        console = Console(width=200)
    t = Table(title=f"Sweeps in {url}", title_justify="left")
    for col in ("Sweep", "Name", "Scenario", "Status", "Points", "Replications", "Created (UTC)"):
        t.add_column(
            col,
            justify="right" if col in ("Sweep", "Points", "Replications") else "left",
            no_wrap=col not in ("Name", "Scenario"),
        )
    for r in rows:
        t.add_row(
            str(r["id"]),
            r["name"],
            r["scenario"] or "-",
            r["status"],
            str(r["points"]),
            f"{r['replications_done']}/{r['replications_planned']}",
            r["created_at"][:16].replace("T", " "),
        )
    console.print(t)
    if any(r["status"] != "completed" for r in rows):
        typer.echo("complete an unfinished sweep with: pocdrill sweep resume SWEEP", err=True)


def sweep_row(store: Any, info: Any) -> dict[str, Any]:
    """One sweep of ``store.list_sweeps()`` as a ``sweep list --json`` entry."""
    points = store.get_sweep(info.id).point_rows
    d = info.to_dict()
    d.pop("point_rows", None)
    d["replications_done"] = sum(p["replications_done"] for p in points)
    d["replications_planned"] = info.points * info.replications
    return d


def _check_scheduler(scheduler: str | None) -> None:
    if scheduler is not None and scheduler != "local" and "://" not in scheduler:
        raise fail(
            f"error: --scheduler: {scheduler!r} is not 'local' or a Dask address like "
            "tcp://HOST:8786"
        )


@contextmanager
def _dask_session(scheduler: str | None, workers: int | None, timeout: float) -> Iterator[Any]:
    """A connected Dask session for ``--scheduler`` (``None`` without one); an
    unreachable scheduler is one ``error:`` line and exit 2."""
    if scheduler is None:
        yield None
        return
    from simulator.sweep import SchedulerError, connect_dask

    try:
        session = connect_dask(scheduler, workers, timeout=timeout)
    except SchedulerError as e:
        hint = "" if scheduler == "local" else "; start one or use --scheduler local"
        raise fail(f"error: {e}{hint}") from None
    except KeyboardInterrupt:
        typer.echo("interrupted while connecting to the Dask scheduler", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    with session:
        yield session


def _recorder(db: str | None) -> Any:
    try:
        from results.sweeps import SweepRecorder
    except ModuleNotFoundError:  # the store is optional until installed
        return None
    from results.db import StoreError

    try:
        return SweepRecorder.open(db)
    except StoreError as e:
        raise fail(f"error: {e}") from None


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a sweep like Ctrl-C: stored rows stay, the sweep can be resumed."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (e.g. under a test runner thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _execute(
    plan: Any,
    sweep_id: int | None,
    recorder: Any,
    *,
    skip: set[tuple[int, int]],
    previous: list[dict[str, Any]],
    workers: int | None,
    scheduler: str | None,
    dask: Any = None,
    batch_size: int | None,
    json_out: bool,
) -> None:
    from simulator.sweep import run_sweep, sweep_json

    stored = len(skip)
    progress = _Progress(plan.total, already=len(skip))

    def on_rows(rows: list[dict[str, Any]]) -> None:
        nonlocal stored
        if recorder is not None and sweep_id is not None:
            recorder.add(sweep_id, rows)
            stored += len(rows)
        progress.advance(len(rows))

    try:
        with _sigterm_as_interrupt(), progress:
            outcome = run_sweep(
                plan,
                workers=workers,
                scheduler=scheduler,
                batch_size=batch_size,
                on_rows=on_rows,
                skip=skip,
                previous_rows=previous,
                dask=dask,
            )
    except KeyboardInterrupt:
        if recorder is not None and sweep_id is not None:
            recorder.interrupted(sweep_id)
            stored = _stored(recorder, sweep_id, stored)
            typer.echo(
                f"sweep {sweep_id} interrupted: {stored} of {plan.total} replications "
                f"stored; resume with: pocdrill sweep resume {sweep_id}",
                err=True,
            )
        else:
            typer.echo(
                f"sweep interrupted after {progress.done} of {plan.total} replications "
                "(not stored)",
                err=True,
            )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except (OSError, BrokenExecutor) as e:  # a lost scheduler, a worker killed
        where = f"sweep {sweep_id}" if sweep_id is not None else "the sweep"
        kept = " (not stored)"
        if recorder is not None and sweep_id is not None:
            recorder.interrupted(sweep_id)
            stored = _stored(recorder, sweep_id, stored)
            kept = (f"; {stored} of {plan.total} replications stored; resume with: "
                    f"pocdrill sweep resume {sweep_id}")
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise fail(f"error: {where} stopped: {reason}{kept}", code=1) from None
    except BaseException:  # any other crash: keep the sweep resumable, show the bug
        if recorder is not None and sweep_id is not None:
            recorder.interrupted(sweep_id)
        raise
    out = sweep_json(plan, outcome.rows, sweep_id)
    if recorder is not None and sweep_id is not None:
        recorder.finish(sweep_id, out["points"])
        out["database"] = recorder.display_url
    if json_out:
        print_json(out)
        return
    _print_table(out, plan)
    rate = outcome.computed / outcome.seconds if outcome.seconds > 0 else 0.0
    where = (
        f"; stored as sweep {sweep_id} in {recorder.display_url}" if sweep_id is not None else ""
    )
    typer.echo(
        f"{outcome.computed} replications in {outcome.seconds:.1f} s ({rate:.1f}/s, "
        f"{outcome.executor}, {outcome.workers} workers){where}",
        err=True,
    )


def _stored(recorder: Any, sweep_id: int, counted: int) -> int:
    """Replications the store holds for the sweep (an interrupt may fall between a batch's
    commit and its counting); ``counted`` if the store cannot say."""
    try:
        return len(recorder.store.done_replications(sweep_id))
    except Exception:  # noqa: BLE001 - the message must still go out
        return counted


class _Progress:
    """A rich progress bar on stderr (rate and time left), only when stderr is a terminal.

    It refreshes when rows arrive, without a background thread: the process pool forks
    its workers after the bar exists.
    """

    def __init__(self, total: int, already: int = 0) -> None:
        from rich.console import Console

        self.total = total
        self.done = already
        self.console = Console(stderr=True)
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Progress:
        if not self.console.is_terminal:
            return self
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("sweep"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=self.console,
            auto_refresh=False,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("sweep", total=self.total, completed=self.done, rate="")
        self.bar.refresh()
        return self

    def advance(self, n: int) -> None:
        self.done += n
        if self.bar is None:
            return
        self.bar.update(self.task, advance=n)
        speed = self.bar.tasks[0].speed
        self.bar.update(self.task, rate=f"{speed:.1f} rep/s" if speed else "")
        self.bar.refresh()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_table(out: dict[str, Any], plan: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from results.sweeps import format_diff, format_rate, format_value, short_labels

    console = Console(file=sys.stdout)
    if not console.is_terminal:
        console = Console(file=sys.stdout, width=200)
    title = f"{out['name']}: {out['replications']} replications per point, seed {out['seed']}"
    if out["sweep_id"] is not None:
        title = f"sweep {out['sweep_id']}: " + title
    points = out["points"]
    show_done = any((p.get("completion_rate") or 0) > 0 for p in points)
    labels = short_labels(list(plan.axes))
    table = Table(
        title=title,
        caption="± : half-width of the 95% interval over replications (a range where it "
        "meets 0 or 100%); differences are paired by replication (common random numbers)",
    )
    table.add_column("#", justify="right")
    for axis in plan.axes:
        table.add_column(labels[axis], no_wrap=True)
    table.add_column("ack %", justify="right", no_wrap=True)
    if show_done:
        table.add_column("done %", justify="right", no_wrap=True)
    table.add_column("median h to ack", justify="right")
    table.add_column("ack vs baseline, pp", justify="right", no_wrap=True)
    for i, p in enumerate(points):
        median = p.get("median_hours_to_ack")
        cells = [
            str(i),
            *(format_value(p["params"].get(a)) for a in plan.axes),
            format_rate(p.get("ack_rate"), p.get("ack_rate_ci95")),
        ]
        if show_done:
            cells.append(format_rate(p.get("completion_rate"), p.get("completion_rate_ci95")))
        cells.append("-" if median is None else f"{median:.1f}")
        cells.append(
            "baseline" if i == out["baseline"] else format_diff(p.get("ack_rate_diff_vs_baseline"))
        )
        table.add_row(*cells)
    console.print(table)

"""How ``pocdrill sweep`` shows things: the progress bar on stderr, the table of points,
and the table of stored sweeps."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from simulator.sweep.spec import SweepPlan

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ProgressBar:
    """A rich progress bar on stderr (rate and time left), only when stderr is a terminal
    (a :class:`results.runs.SweepProgress`).

    It refreshes when rows arrive, without a background thread: the process pool forks
    its workers after the bar exists.
    """

    def __init__(self, label: str = "sweep") -> None:
        from rich.console import Console

        self.label = label
        self.console = Console(stderr=True)
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def start(self, total: int, done: int) -> None:
        if not self.console.is_terminal:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn(self.label),
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
        self.task = self.bar.add_task(self.label, total=total, completed=done, rate="")
        self.bar.refresh()

    def advance(self, n: int) -> None:
        if self.bar is None or self.task is None:
            return
        self.bar.update(self.task, advance=n)
        speed = self.bar.tasks[0].speed
        self.bar.update(self.task, rate=f"{speed:.1f} rep/s" if speed else "")
        self.bar.refresh()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def print_points(out: dict[str, Any], plan: SweepPlan) -> None:
    """The ``pocdrill sweep`` table: one row per point of ``out`` (``sweep_json``)."""
    from rich.console import Console
    from rich.table import Table

    from simulator.sweep.axes import short_labels
    from simulator.text import axis_value, diff_interval, rate_interval

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
            *(axis_value(p["params"].get(a)) for a in plan.axes),
            rate_interval(p.get("ack_rate"), p.get("ack_rate_ci95")),
        ]
        if show_done:
            cells.append(rate_interval(p.get("completion_rate"), p.get("completion_rate_ci95")))
        cells.append("-" if median is None else f"{median:.1f}")
        cells.append("baseline" if i == out["baseline"]
                     else diff_interval(p.get("ack_rate_diff_vs_baseline")))
        table.add_row(*cells)
    console.print(table)


def print_sweeps(rows: list[dict[str, Any]], url: str) -> None:
    """The ``pocdrill sweep list`` table (``rows`` as ``sweep list --json`` gives them)."""
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


def print_sensitivity(out: dict[str, Any], plan: SweepPlan) -> None:
    """A sampled sweep's result (``sweep_json``'s ``sensitivity``): the indices with their
    95% intervals, largest first, and the scenario-discovery rule."""
    from rich.console import Console
    from rich.table import Table

    from simulator.sweep.axes import short_labels
    from simulator.sweep.sensitivity import MEASURES

    s = out["sensitivity"]
    console = Console(file=sys.stdout)
    if not console.is_terminal:
        console = Console(file=sys.stdout, width=200)
    labels = short_labels(list(plan.axes))
    title = (f"{out['name']}: {s['method']} sample of {s['points']} points, "
             f"{out['replications']} replications each, seed {out['seed']}")
    if out["sweep_id"] is not None:
        title = f"sweep {out['sweep_id']}: " + title
    table = Table(title=title, caption="sensitivity of the mean ack share; ± : half-width "
                  "of the 95% bootstrap interval")
    table.add_column("parameter", no_wrap=True)
    measures = MEASURES[s["method"]]
    for m in measures:
        table.add_column(m, justify="right", no_wrap=True)
    for row in s["indices"]:
        cells = [labels.get(row["parameter"], row["parameter"])]
        for m in measures:
            v, ci = row[m]["value"], row[m]["ci95"]
            cells.append(f"{v:.3f}" if ci is None else f"{v:.3f} ± {(ci[1] - ci[0]) / 2:.3f}")
        table.add_row(*cells)
    if s["indices"]:
        console.print(table)
    if s.get("note"):
        console.print(s["note"])
    console.print(s["rule"])

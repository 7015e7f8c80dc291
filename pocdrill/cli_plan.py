"""``pocdrill plan-start``: the start, within a window, that gives most participants a fair
share of working hours before the deadline."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pocdrill.common import JsonOption, fail, input_errors, print_json

if TYPE_CHECKING:
    from simulator.directories.plan_start import StartScore


def register(app: typer.Typer) -> None:
    app.command("plan-start")(plan_start_command)


def _instant(value: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise fail(f"error: {option}: {value!r} is not an ISO 8601 date and time; write e.g. "
                   "2026-03-02T08:00:00Z") from None
    if moment.tzinfo is None:
        raise fail(f"error: {option}: {value!r} has no time zone; add one, e.g. "
                   f"{value}Z or {value}+01:00")
    return moment


def plan_start_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML: its directory and deadline.")],
    *,
    between: Annotated[
        str, typer.Option("--between", help="First candidate start, ISO 8601 with a zone, "
                          "e.g. 2026-03-02T06:00:00Z.")
    ],
    until: Annotated[
        str, typer.Option("--and", help="Last candidate start, ISO 8601 with a zone.")
    ],
    step: Annotated[
        str, typer.Option("--step", help="Time between candidate starts, e.g. 30m, 1h, 6h.")
    ] = "1h",
    top: Annotated[int, typer.Option("--top", min=1, help="How many best starts to list.")] = 5,
    json_out: JsonOption = False,
) -> None:
    """Score each start in a window by the share of participants with a fair share of
    working hours (half of a 40-hour week's share of the deadline) before the deadline,
    in their own calendars; print the best starts and the figure for each."""
    from simulator.directories.plan_start import (
        best_starts,
        candidate_starts,
        fair_hours,
        start_scores,
    )
    from simulator.io.scenario_files import load_scenario
    from simulator.model.durations import parse_duration

    first, last = _instant(between, "--between"), _instant(until, "--and")
    try:
        step_hours = parse_duration(step)
        starts = candidate_starts(first, last, step_hours)
    except ValueError as e:
        option = "--step" if "step" in str(e) or "duration" in str(e) else "--and"
        raise fail(f"error: {option}: {e}") from None
    with input_errors():
        loaded = load_scenario(scenario)
        directory = loaded.directory()
    deadline = loaded.scenario.deadline_hours
    scores = start_scores(directory, deadline, starts)
    best = best_starts(scores, top)
    if json_out:
        print_json({"scenario": loaded.scenario.name, "deadline_hours": deadline,
                    "fair_hours": round(fair_hours(deadline), 2),
                    "best": [s.to_json() for s in best],
                    "candidates": [s.to_json() for s in scores]})
        return
    _print(best, deadline, fair_hours(deadline), len(scores))


def _print(best: list[StartScore], deadline: float, need: float, n: int) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    if not con.is_terminal:
        con = Console(width=200)
    table = Table(title=f"Best of {n} starts for a {deadline:g}h deadline", title_justify="left")
    for col in ("start (UTC)", "fair share", "participants", "least hours", "median hours"):
        table.add_column(col, justify="left" if col.startswith("start") else "right")
    for s in best:
        table.add_row(s.start.strftime("%a %Y-%m-%d %H:%M"), f"{s.fair_share:.0%}",
                      f"{s.fair}/{s.participants}", f"{s.least_hours:g} ({s.least_code})",
                      f"{s.median_hours:g}")
    con.print(table)
    con.print(f"[dim]fair share: at least {need:.1f} working hours before the deadline "
              "in the participant's own calendar (half of what a 40-hour week gives over "
              "the deadline); 24/7 desks not counted[/dim]")

"""``pocdrill calibrate``: response-time distributions fitted to stored live runs, written
as a scenario's ``behaviour`` block."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pocdrill.common import (
    DbOption,
    JsonOption,
    fail,
    input_errors,
    open_store,
    print_json,
    store_errors,
    write_or_print,
)
from results.catalog import MAX_ID

By = Annotated[str, typer.Option("--by", help="Fit separately per capacity tier, per group, "
                                 "or per participant (shrunk toward its group).")]


def register(app: typer.Typer) -> None:
    app.command("calibrate")(calibrate_command)


def calibrate_command(
    runs: Annotated[list[int], typer.Argument(
        metavar="RUN...", help="Live runs (recorded or imported) to learn from.",
        min=1, max=MAX_ID)],
    *,
    by: By = "tier",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the behaviour block (YAML) to this file "
        "(default: print it).")] = None,
    chart: Annotated[Path | None, typer.Option(
        "--chart", help="Write an SVG of the Kaplan–Meier curve against each fitted "
        "curve.")] = None,
    places: Annotated[list[Path] | None, typer.Option(
        "--scenario-dir", help="Folder where the runs' scenario and directory files "
        "are (default: the working directory).")] = None,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Fit time-to-acknowledge distributions to live runs, choose by AIC, write behaviour."""
    from results.calibrate import calibrate_runs, fit_chart
    from results.calibrate_text import calibration_dict, calibration_lines

    if by not in ("tier", "group", "participant"):
        raise fail(f"error: --by: {by!r} is not one of tier, group, participant")
    with open_store(db) as store, input_errors(), store_errors():
        done = calibrate_runs(store, runs, by=by, places=places or ())
    if chart is not None:
        write_or_print(fit_chart(done), chart)
    if json_out:
        print_json(calibration_dict(done))
    else:
        for line in calibration_lines(done):
            typer.echo(line, err=output is None)
    if output is not None or not json_out:
        write_or_print(done.yaml(), output)

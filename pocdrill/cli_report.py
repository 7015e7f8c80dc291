"""``pocdrill report``: after-action reports, comparisons, trends and sweep reports.

    pocdrill report RUN -o report.html [--redact]      one run (AAR/IP)
    pocdrill report RUN --anonymise [--redact] -o f.html  states as letters A, B, ...
    pocdrill report sweep:N -o sweep.html              a sweep (or --sweep N)
    pocdrill report study:N -o study.html              a study (run -r N)
    pocdrill report --compare RUN_A RUN_B ... -o f.md  runs side by side (a warning on
                                                       stderr and in the report when
                                                       they are of different scenarios)
    pocdrill report --trend "SCENARIO NAME" -o f.html  one scenario over time

The format follows the extension of ``-o`` (.html/.htm or .md/.markdown); without ``-o``
the report is printed as Markdown (without charts) on stdout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pocdrill.common import DbOption, RedactOption, fail, input_errors

HTML_EXT = (".html", ".htm")
MD_EXT = (".md", ".markdown")


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


def report_command(
    runs: Annotated[
        list[str] | None,
        typer.Argument(metavar="RUN...",
                       help="Run id (or study:N, sweep:N); several with --compare."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write here; .html (self-contained) or .md."),
    ] = None,
    redact: RedactOption = False,
    anonymise: Annotated[
        bool, typer.Option("--anonymise", help="States as letters (A, B, ...) and groups as "
                           "neutral labels, every figure kept (one run's report).")
    ] = False,
    compare: Annotated[
        bool, typer.Option("--compare", help="Compare the runs given (oldest first).")
    ] = False,
    trend_name: Annotated[
        str | None,
        typer.Option("--trend", metavar="SCENARIO", help="Trend of a scenario's runs over time."),
    ] = None,
    sweep: Annotated[bool, typer.Option("--sweep", help="RUN is a sweep id.")] = False,
    threshold: Annotated[
        float,
        typer.Option(min=0.0,
                     help="Hours faster/slower that count as improved/fell back (compare, trend)."),
    ] = 12.0,
    db: DbOption = None,
) -> None:
    """Write an after-action report (or a study, comparison, trend or sweep report)."""
    from pocdrill.common import open_store
    from results.db import NotFound
    from results.personal_files import write_personal
    from results.reports.render import render_html, render_markdown
    from results.reports.requested import requested_report
    from simulator.model.errors import InputError

    runs = runs or []
    fmt = _format(output)
    targets = _targets(runs, compare=compare, trend=trend_name, sweep=sweep)
    one = targets[0] if not compare and trend_name is None else None
    if anonymise and (one is None or one[0] != "run"):
        raise fail("error: --anonymise works on one run's report; name one RUN")
    with open_store(db) as store:
        try:
            asked = requested_report(
                store,
                run=one[1] if one and one[0] == "run" else None,
                sweep=one[1] if one and one[0] == "sweep" else None,
                study=one[1] if one and one[0] == "study" else None,
                compare=[n for _, n in targets] if compare else (),
                trend=trend_name,
                redact=redact,
                anonymise=anonymise,
                threshold_hours=threshold,
            )
        except NotFound as e:
            raise fail(f"error: {e}") from None
        except InputError as e:
            raise fail(f"error: {e}") from None
    for warning in asked.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if output is None:
        typer.echo(render_markdown(asked.report, charts=False), nl=False)
        return
    text = render_html(asked.report) if fmt == "html" else render_markdown(asked.report)
    try:
        write_personal(output, text, personal=not redact)
    except OSError as e:
        raise fail(f"error: {output}: cannot write: {e.strerror or e}") from None
    typer.echo(f"wrote {output}", err=True)


def _targets(runs: list[str], *, compare: bool, trend: str | None,
             sweep: bool) -> list[tuple[str, int]]:
    """What RUN... names, once the options fit together (else one line, exit 2)."""
    from pocdrill.common import parse_target

    if compare and trend is not None:
        raise fail("error: give either --compare or --trend, not both")
    if trend is not None and runs:
        raise fail("error: --trend takes a scenario name and no RUN")
    if compare and len(runs) < 2:
        raise fail("error: --compare needs at least two run ids, e.g. --compare 3 7")
    if not compare and trend is None and len(runs) != 1:
        raise fail("error: give one RUN (or --compare RUN_A RUN_B ..., or --trend SCENARIO)")
    targets = [parse_target(r, sweep) for r in runs]
    if compare and any(kind != "run" for kind, _ in targets):
        raise fail("error: --compare takes run ids, not sweeps or studies")
    if compare and len(set(targets)) != len(targets):
        raise fail("error: --compare: a run is given twice; give different runs, "
                   "e.g. --compare 3 7")
    return [(kind, n) for kind, n in targets]


def _format(output: Path | None) -> str:
    """The format ``-o`` asks for (by its suffix); one line and exit 2 if it names none, or
    if its folder does not exist."""
    from results.catalog import check_output_folder

    if output is None:
        return "md"
    with input_errors():
        check_output_folder(output)
    ext = output.suffix.lower()
    if ext in HTML_EXT:
        return "html"
    if ext in MD_EXT:
        return "md"
    raise fail(f"error: -o: {str(output)!r} must end in .html or .md (the format follows it)")


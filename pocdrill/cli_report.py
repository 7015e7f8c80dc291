"""``pocdrill report``: after-action reports, comparisons, trends and sweep reports.

    pocdrill report RUN -o report.html [--redact]      one run (AAR/IP)
    pocdrill report sweep:N -o sweep.html              a sweep (or --sweep N)
    pocdrill report --compare RUN_A RUN_B ... -o f.md  runs side by side (a warning on
                                                       stderr and in the report when
                                                       they are of different scenarios)
    pocdrill report --trend "SCENARIO NAME" -o f.html  one scenario over time

The format follows the extension of ``-o`` (.html/.htm or .md/.markdown); without ``-o``
the report is printed as Markdown (without charts) on stdout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from pocdrill.common import DbOption, fail

HTML_EXT = (".html", ".htm")
MD_EXT = (".md", ".markdown")


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


def report_command(
    runs: Annotated[
        list[str] | None,
        typer.Argument(metavar="RUN...", help="Run id (or sweep:N); several with --compare."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write here; .html (self-contained) or .md."),
    ] = None,
    redact: Annotated[
        bool, typer.Option("--redact", help="Leave out contact names, e-mails and phones.")
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
    """Write an after-action report (or a comparison, trend or sweep report)."""
    from pocdrill.common import open_store, parse_target
    from results.db import NotFound

    runs = runs or []
    fmt = _format(output)
    modes = sum([compare, trend_name is not None])
    if modes > 1:
        raise fail("error: give either --compare or --trend, not both")
    if trend_name is not None and runs:
        raise fail("error: --trend takes a scenario name and no RUN")
    if compare and len(runs) < 2:
        raise fail("error: --compare needs at least two run ids, e.g. --compare 3 7")
    if not compare and trend_name is None and len(runs) != 1:
        raise fail("error: give one RUN (or --compare RUN_A RUN_B ..., or --trend SCENARIO)")
    targets = [parse_target(r, sweep) for r in runs]
    if compare and any(kind != "run" for kind, _ in targets):
        raise fail("error: --compare takes run ids, not sweeps")
    if compare and len(set(targets)) != len(targets):
        raise fail("error: --compare: a run is given twice; give different runs, "
                   "e.g. --compare 3 7")
    with open_store(db) as store:
        try:
            report: Any = _build(store, targets, compare, trend_name, redact, threshold)
        except NotFound as e:
            raise fail(f"error: {e}") from None
        if trend_name is not None and not report.points:
            raise fail(f"error: no completed run of scenario {trend_name!r} in {store.display_url}")
    for warning in getattr(report, "warnings", None) or []:
        typer.echo(f"warning: {warning}", err=True)
    from results.reports.render import render_html, render_markdown

    if output is None:
        typer.echo(render_markdown(report, charts=False), nl=False)
        return
    text = render_html(report) if fmt == "html" else render_markdown(report)
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise fail(f"error: {output}: cannot write: {e.strerror or e}") from None
    typer.echo(f"wrote {output}", err=True)


def _format(output: Path | None) -> str:
    if output is None:
        return "md"
    ext = output.suffix.lower()
    if ext in HTML_EXT:
        return "html"
    if ext in MD_EXT:
        return "md"
    raise fail(f"error: -o: {str(output)!r} must end in .html or .md (the format follows it)")


def _build(
    store: Any,
    targets: list[tuple[str, int]],
    compare: bool,
    trend_name: str | None,
    redact: bool,
    threshold: float,
) -> Any:
    if trend_name is not None:
        from results.reports.compare import trend

        return trend(store, trend_name, threshold_hours=threshold)
    if compare:
        from results.reports.compare import compare_runs

        return compare_runs(store, [n for _, n in targets], threshold_hours=threshold)
    kind, number = targets[0]
    if kind == "sweep":
        from results.reports.sweep import sweep_report

        return sweep_report(store, number)
    from results.reports.run_report import build_report

    return build_report(store, number, redact=redact)

"""``pocdrill scenario``: validate, show, list scenarios and print their JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pocdrill.common import (
    EXIT_INPUT,
    JsonOption,
    OutputOption,
    input_errors,
    print_json,
    print_problems,
    write_or_print,
    writing,
)
from simulator.model.check import CheckScenario
from simulator.model.errors import InputError
from simulator.model.tabletop import Inject, TabletopScenario

scenario_app = typer.Typer(
    name="scenario",
    help="Scenarios (communication checks and tabletop exercises): validate, show, list, schema.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(scenario_app, name="scenario")


@scenario_app.command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files.")],
) -> None:
    """Check each FILE (its directory, codes, triggers and times); exit 2 if any has problems."""
    from simulator.io.scenario_catalog import check_scenario_file

    bad = False
    for path in files:
        try:
            typer.echo(f"{path}: {check_scenario_file(path)}")
        except InputError as e:
            bad = True
            print_problems(e)
    if bad:
        raise typer.Exit(EXIT_INPUT)


def _expectations(inj: Inject) -> Text:
    from simulator.text import compact_hm

    text = Text()
    for k, e in enumerate(inj.expect):
        if k:
            text.append("\n")
        text.append(f"{e.id} ", style="bold")
        if e.who != "recipients":
            text.append(f"{', '.join(e.who)}: ")
        text.append(e.action)
        if e.to:
            text.append(f" -> {e.to}")
        text.append(f" within {compact_hm(e.within)}", style="cyan")
    return text


NARROW = 110
"""Below this many columns ``scenario show`` lists injects as blocks, not a table."""


def _inject_blocks(sc: TabletopScenario, injects: list[Inject], console: Console) -> None:
    """One block per inject: in a narrow terminal a table would squeeze the text away."""
    from simulator.io.scenario_outline import party_name, recipients_text, when_text

    for inj in injects:
        console.print()
        console.print(
            f"[bold]{when_text(inj)}  {inj.id}[/bold]  {inj.channel}  "
            f"{party_name(sc, inj.sender)} -> {recipients_text(inj)}"
        )
        console.print(f"  {inj.subject}")
        if inj.expect:
            console.print(Padding(_expectations(inj), (0, 0, 0, 2)))


def _inject_table(sc: TabletopScenario, injects: list[Inject], console: Console) -> None:
    from simulator.io.scenario_outline import party_name, recipients_text, when_text

    t = Table(show_lines=True, expand=True)
    for col, no_wrap, ratio in (
        ("when", True, None), ("inject", True, None), ("from", False, None),
        ("to", False, None), ("channel", True, None), ("subject", False, 3),
        ("expected", False, 3),
    ):
        t.add_column(col, no_wrap=no_wrap, ratio=ratio)
    for inj in injects:
        t.add_row(when_text(inj), inj.id, party_name(sc, inj.sender), recipients_text(inj),
                  inj.channel, inj.subject, _expectations(inj))
    console.print(t)


def show_tabletop(sc: TabletopScenario, console: Console) -> None:
    """Stages in order, each with its injects (by earliest firing), then its questions."""
    from simulator.io.scenario_outline import actors_text, stage_injects, tabletop_header

    console.print(f"[bold]{sc.name}[/bold]  (tabletop)")
    if sc.description:
        console.print(sc.description.strip())
    console.print(tabletop_header(sc))
    if sc.actors:
        console.print(actors_text(sc))
    for stage, injects in stage_injects(sc):
        console.print()
        console.rule(f"[bold]{stage.id}: {stage.title}[/bold]", align="left")
        if stage.narrative:
            console.print(stage.narrative.strip())
        if injects and console.width < NARROW:
            _inject_blocks(sc, injects, console)
        elif injects:
            _inject_table(sc, injects, console)
        if stage.questions:
            console.print("[bold]Discussion questions[/bold]")
            for q in stage.questions:
                console.print(f"  - {q}")


def show_check(sc: CheckScenario, console: Console) -> None:
    """The parameters of a communication check."""
    from simulator.io.scenario_outline import check_parameters

    console.print(f"[bold]{sc.name}[/bold]  (communication check)")
    if sc.description:
        console.print(sc.description.strip())
    t = Table(show_header=False)
    t.add_column("parameter", style="bold")
    t.add_column("value")
    for k, v in check_parameters(sc):
        t.add_row(k, v)
    console.print(t)


@scenario_app.command("show")
def show_command(
    file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    *,
    width: Annotated[
        int | None, typer.Option(help="Output width in columns (default: the terminal's).")
    ] = None,
) -> None:
    """Print a scenario: a tabletop's timeline by stage, or a check's parameters."""
    from simulator.io.scenario_files import load_scenario

    with input_errors():
        sc = load_scenario(file).scenario
    console = Console(width=width) if width else Console()
    if isinstance(sc, TabletopScenario):
        show_tabletop(sc, console)
    else:
        show_check(sc, console)


@scenario_app.command("schema")
def schema_command(*, output: OutputOption = None) -> None:
    """Print (or write) the JSON Schema of scenario files (checks and tabletops)."""
    from simulator.io.schemas import scenario_json_schema_text

    write_or_print(scenario_json_schema_text(), output)


@scenario_app.command("list")
def list_command(*, json_out: JsonOption = False) -> None:
    """List the bundled scenarios."""
    from simulator.io.scenario_catalog import bundled_summaries

    with input_errors():
        rows = bundled_summaries()
    if json_out:
        print_json(rows)
        return
    console = Console()
    wide = max((len(r["file"]) for r in rows), default=0)
    for r in rows:
        line = Text(r["file"].ljust(wide + 2), style="bold")
        line.append(f"{r['kind']:<10}")
        line.append(r["name"])
        console.print(line, overflow="fold")
        if r["description"]:
            console.print(Text("    " + r["description"]), overflow="fold")


@scenario_app.command("export-msel")
def export_msel_command(
    file: Annotated[Path, typer.Argument(help="Tabletop scenario YAML file.")],
    *,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="MSEL to write: .xlsx or .csv.")
    ],
) -> None:
    """Write a tabletop's injects and expectations as a master scenario events list."""
    from simulator.io.msel_files import export_msel_file

    with input_errors(), writing(output):
        rows = export_msel_file(file, output)
    typer.echo(f"wrote {output}: {rows} rows", err=True)


@scenario_app.command("import-msel")
def import_msel_command(
    file: Annotated[Path, typer.Argument(help="MSEL spreadsheet (.xlsx or .csv).")],
    *,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Tabletop scenario to write (.yaml).")
    ],
    base: Annotated[
        Path | None,
        typer.Option(help="Scenario whose directory, start, stages and actors to keep "
                     "(its injects are replaced)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="Exercise start with its zone, e.g. 2026-11-17T06:30Z.")
    ] = None,
    directory: Annotated[
        str | None,
        typer.Option(help="Without --base: a profile (osce, arf, oas, un) or a directory file."),
    ] = None,
    name: Annotated[str | None, typer.Option(help="Scenario name (default: the file's).")] = None,
) -> None:
    """Build a tabletop scenario from a master scenario events list."""
    from simulator.io.msel_files import import_msel_file

    with input_errors(), writing(output):
        sc = import_msel_file(file, output, base=base, start=start, directory=directory,
                              name=name)
    expectations = sum(len(i.expect) for i in sc.injects)
    typer.echo(f"wrote {output}: {len(sc.injects)} injects, {expectations} expectations, "
               f"{len(sc.stages)} stages", err=True)


@scenario_app.command("calendar")
def calendar_command(
    file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    *,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="iCalendar file to write (.ics).")
    ],
) -> None:
    """Write a scenario's start, reminders, injects, deadline and end as an .ics calendar."""
    from simulator.io.scenario_calendar import scenario_ics
    from simulator.io.scenario_files import load_scenario

    with input_errors():
        sc = load_scenario(file).scenario
        if output.suffix.lower() != ".ics":
            raise InputError.single(str(output), "", "write the calendar to a .ics file")
    with writing(output):
        output.write_bytes(scenario_ics(sc))
    typer.echo(f"wrote {output}", err=True)

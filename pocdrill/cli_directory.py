"""``pocdrill directory``: generate, validate, show and describe POC directories."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pocdrill.common import (
    EXIT_INPUT,
    JsonOption,
    OutputOption,
    fail,
    input_errors,
    print_json,
    print_problems,
    write_or_print,
    writing,
)
from simulator.model.directory import Directory
from simulator.model.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from simulator.model.check import CheckScenario

directory_app = typer.Typer(
    name="directory",
    help="Points-of-contact directories: generate fictitious ones, validate, show, analyse "
    "their health, schema.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    from pocdrill import cli_directory_files

    cli_directory_files.add_to(directory_app)
    app.add_typer(directory_app, name="directory")


@directory_app.command("generate")
def generate_command(
    *,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write: .yaml, .yml or .csv.")
    ],
    profile: Annotated[
        str, typer.Option(help="Organisation profile: osce, arf, oas or un.")
    ] = "osce",
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same directory.")] = 1,
    deputy_share: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Share of policy/technical roles with a deputy.")
    ] = 0.5,
    duty_share: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Share of technical contacts that are 24/7 duty "
                     "desks (default: by capacity)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date entries are aged from, YYYY-MM-DD "
                     "(default 2026-01-01)."),
    ] = None,
) -> None:
    """Write a directory of PROFILE's real participants with fictitious contacts."""
    from simulator.directories.describe import counts_text
    from simulator.directories.generated_file import write_generated_directory

    with input_errors(), writing(output):
        directory = write_generated_directory(
            output, profile, seed, as_of=as_of, deputy_share=deputy_share,
            duty_share=duty_share,
        )
    typer.echo(
        f"wrote {output}: {counts_text(directory)} (fictitious; profile {profile}, seed {seed})",
        err=True,
    )


@directory_app.command("validate")
def validate_command(
    files: Annotated[list[Path], typer.Argument(help="Directory files (.yaml, .yml, .csv).")],
) -> None:
    """Check directory files; print one line per file, or one line per problem (exit 2)."""
    from simulator.directories.describe import counts_text
    from simulator.io.directory_files import load_directory

    bad = False
    for f in files:
        try:
            typer.echo(f"{f}: ok ({counts_text(load_directory(f))})")
        except InputError as e:
            bad = True
            print_problems(e)
    if bad:
        raise typer.Exit(EXIT_INPUT)


@directory_app.command("show")
def show_command(
    file: Annotated[Path, typer.Argument(help="Directory file (.yaml, .yml, .csv).")],
    *,
    json_out: JsonOption = False,
    show_personal: Annotated[
        bool, typer.Option("--show-personal", help="Also show names, e-mails and telephones.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date the freshness is measured at, YYYY-MM-DD "
                     "(default today)."),
    ] = None,
) -> None:
    """Show a directory by group: zone, work week, hours, capacity, contacts, freshness."""
    from simulator.directories.describe import directory_summary
    from simulator.io.dates import parse_iso_date
    from simulator.io.directory_files import load_directory

    with input_errors():
        when = parse_iso_date(as_of, "--as-of") if as_of is not None else datetime.now().date()
        directory = load_directory(file)
    if json_out:
        print_json(directory_summary(directory, personal=show_personal, as_of=when))
        return
    _print_directory(directory, personal=show_personal, as_of=when)


def _print_directory(directory: Directory, *, personal: bool, as_of: date) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from pocdrill.render import fold_at
    from simulator.directories.describe import (
        counts_text,
        freshness_text,
        roles_text,
        work_week_text,
    )

    con = Console()
    con.print(f"[bold]{directory.name}[/bold] ({directory.organisation}): "
              f"{counts_text(directory)}")
    longest_part = max((len(x) for p in directory.participants
                        for x in p.timezone.split("/")), default=8)
    zone_width = max(longest_part + 1, min(30, con.width - 62))  # what the others leave
    for group in directory.groups():
        # light rules and folded names keep it readable in an 80-column terminal
        table = Table(title=group or "(no group)", title_justify="left",
                      box=box.SIMPLE_HEAD, pad_edge=False, padding=0)
        table.add_column("code", no_wrap=True)
        table.add_column("name", overflow="fold", min_width=10)
        table.add_column("zone", no_wrap=True, min_width=zone_width)
        table.add_column("week", no_wrap=True)
        table.add_column("hours", no_wrap=True)
        table.add_column("cap.", no_wrap=True)
        table.add_column("contacts", no_wrap=True)
        table.add_column("age (y)", justify="right", no_wrap=True)
        for p in directory.participants:
            if p.group == group:
                table.add_row(p.code, p.name, fold_at(p.timezone, "/", zone_width),
                              work_week_text(p.work_week),
                              p.office_hours, p.capacity.value, roles_text(p.contacts),
                              freshness_text(p.contacts, as_of))
        con.print(table)
    if directory.stakeholders:
        con.print("stakeholders: " + "; ".join(
            f"{p.code} = {p.name} ({p.kind}, {p.timezone}, {roles_text(p.contacts)})"
            for p in directory.stakeholders))
    con.print(f"[dim]contacts: P policy, T technical, p/t their deputies, * 24/7 duty desk; "
              f"age (y): of the oldest entry on {as_of.isoformat()}[/dim]")
    if not personal:
        con.print("[dim]names, e-mails and telephones hidden; add --show-personal[/dim]")
        return
    _print_people(directory, con)


def _print_people(directory: Directory, con: Console) -> None:
    from rich.table import Table

    people = Table(title="Contacts (personal data)", title_justify="left")
    for col in ("contact", "name", "e-mail", "phone", "verified"):
        people.add_column(col, no_wrap=col in ("contact", "verified"), overflow="fold")
    for p in directory.members:
        for key, c in zip(p.contact_keys(), p.contacts, strict=True):
            people.add_row(key, c.name or "-", c.email or "-", c.phone or "-",
                           c.last_verified.isoformat() if c.last_verified else "never")
    con.print(people)


@directory_app.command("compare")
def compare_command(
    first: Annotated[Path, typer.Argument(help="A directory file (.yaml, .yml, .csv).")],
    second: Annotated[Path, typer.Argument(help="Another organisation's directory file.")],
    *,
    json_out: JsonOption = False,
    show_personal: Annotated[
        bool, typer.Option("--show-personal", help="Name the differing e-mails and telephones.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date staleness is measured at, YYYY-MM-DD (default today)."),
    ] = None,
    stale_after: Annotated[
        int, typer.Option(min=1, help="Days after which an unverified entry is stale.")
    ] = 365,
) -> None:
    """Where two directories disagree for the same state: different addresses, one stale,
    one missing a role, a different calendar; and the states in only one."""
    from simulator.directories.compare import compare_directories
    from simulator.io.dates import parse_iso_date
    from simulator.io.directory_files import load_directory

    with input_errors():
        when = parse_iso_date(as_of, "--as-of") if as_of is not None else datetime.now().date()
        a, b = load_directory(first), load_directory(second)
    found = compare_directories(a, b, as_of=when, stale_after_days=stale_after,
                                personal=show_personal)
    if json_out:
        print_json(found.to_dict())
        return
    for line in found.lines():
        typer.echo(line)


@directory_app.command("schema")
def schema_command(*, output: OutputOption = None) -> None:
    """Print (or write) the JSON Schema of a directory YAML file."""
    from simulator.io.directory_schema import directory_json_schema_text

    write_or_print(directory_json_schema_text(), output)


@directory_app.command("analyse")
def analyse_command(
    file: Annotated[Path, typer.Argument(help="Directory file (.yaml, .yml, .csv).")],
    *,
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", "-s", help="A check scenario: its language, turnover and "
                     "behaviour (each participant's chance to acknowledge in time is "
                     "simulated on FILE)."),
    ] = None,
    replications: Annotated[
        int, typer.Option("--replications", "-r", min=1, max=100_000,
                          help="Replications behind each chance to acknowledge.")
    ] = 200,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date the freshness is measured at, YYYY-MM-DD "
                     "(default today)."),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Network health: single points of failure, freshness, languages not covered and,
    with --scenario, each participant's chance to acknowledge within the deadline."""
    from pocdrill.health_render import print_health
    from simulator.directories.health import directory_health
    from simulator.io.dates import parse_iso_date
    from simulator.io.directory_files import load_directory

    with input_errors():
        when = parse_iso_date(as_of, "--as-of") if as_of is not None else datetime.now().date()
        directory = load_directory(file)
        check = _check_scenario(scenario) if scenario is not None else None
        health = directory_health(directory, as_of=when, scenario=check,
                                  replications=replications)
    if json_out:
        print_json(health.to_json())
        return
    print_health(health, f"{directory.name} ({directory.organisation})")


def _check_scenario(path: Path) -> CheckScenario:
    """The check scenario at ``path`` (a tabletop is one line, exit 2)."""
    from simulator.io.scenario_files import load_scenario
    from simulator.model.check import CheckScenario

    loaded = load_scenario(path)
    if not isinstance(loaded.scenario, CheckScenario):
        raise fail(f"error: {path}: kind: a {loaded.scenario.kind} scenario; network health "
                   "needs a communication check (kind: check)")
    return loaded.scenario

"""``pocdrill directory``: generate, validate, show and describe POC directories."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pocdrill.common import (
    EXIT_INPUT,
    DbOption,
    JsonOption,
    OutputOption,
    fail,
    input_errors,
    print_json,
    print_problems,
    write_or_print,
)
from simulator.model.directory import Directory
from simulator.model.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

directory_app = typer.Typer(
    name="directory",
    help="Points-of-contact directories: generate fictitious ones, validate, show, schema.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
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

    with input_errors():
        try:
            directory = write_generated_directory(
                output, profile, seed, as_of=as_of, deputy_share=deputy_share,
                duty_share=duty_share,
            )
        except OSError as e:
            raise fail(f"error: {output}: cannot write ({e.strerror or e})") from None
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

    from simulator.directories.describe import (
        counts_text,
        freshness_text,
        roles_text,
        work_week_text,
    )

    con = Console()
    con.print(f"[bold]{directory.name}[/bold] ({directory.organisation}): "
              f"{counts_text(directory)}")
    for group in directory.groups():
        # light rules and folded names keep it readable in an 80-column terminal
        table = Table(title=group or "(no group)", title_justify="left",
                      box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        table.add_column("code", no_wrap=True)
        table.add_column("name", overflow="fold", min_width=10)
        table.add_column("zone", overflow="fold", min_width=10)
        table.add_column("week", no_wrap=True)
        table.add_column("hours", no_wrap=True)
        table.add_column("cap.", no_wrap=True)
        table.add_column("contacts", no_wrap=True)
        table.add_column("age (y)", justify="right", no_wrap=True)
        for p in directory.participants:
            if p.group == group:
                table.add_row(p.code, p.name, p.timezone, work_week_text(p.work_week),
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


@directory_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The secretariat's spreadsheet (.csv or .xlsx), "
                                         "one row per contact.")],
    *,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory file to write: .yaml, .yml or .csv.")
    ],
    map_options: Annotated[
        list[str] | None,
        typer.Option("--map", metavar="COLUMN=FIELD",
                     help="Read your column COLUMN as FIELD (or ignore); repeat for several."),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="A saved mapping file (see --save-mapping).")
    ] = None,
    save_mapping: Annotated[
        Path | None, typer.Option("--save-mapping", help="Save the column mapping used here.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Directory name (default: the file's).")] = None,
    organisation: Annotated[
        str | None, typer.Option(help="Organisation (default: from the file name).")
    ] = None,
    custom_role: Annotated[
        list[str] | None, typer.Option("--custom-role", help="A role beyond the standard four.")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(help="Network whose country list fills groups and hours first: osce, "
                     "arf, oas or un (default un)."),
    ] = None,
) -> None:
    """Import a directory from a spreadsheet; fill zones, work weeks and holidays from the
    country where the file leaves them out."""
    from results.directory_sheets import import_directory_file

    with input_errors():
        try:
            imported = import_directory_file(
                file, output, map_options=map_options or [], mapping_file=mapping,
                save_mapping=save_mapping, name=name, organisation=organisation,
                custom_roles=custom_role or [], profile=profile)
        except OSError as e:
            raise fail(f"error: {output}: cannot write ({e.strerror or e})") from None
    for line in imported.summary():
        typer.echo(line, err=True)
    typer.echo(f"wrote {output}" + (f" and {save_mapping}" if save_mapping else ""), err=True)


@directory_app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="Directory file (.yaml, .yml, .csv).")],
    *,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Spreadsheet to write: .xlsx or .csv.")
    ],
    redact: Annotated[
        bool, typer.Option("--redact", help="Leave out contact names, e-mails and phones.")
    ] = False,
) -> None:
    """Export a directory as a spreadsheet a secretariat keeps (one row per contact)."""
    from results.directory_sheets import export_directory_file

    with input_errors():
        try:
            rows = export_directory_file(file, output, redact=redact)
        except OSError as e:
            raise fail(f"error: {output}: cannot write ({e.strerror or e})") from None
    typer.echo(f"wrote {output}: {rows} contacts" + (" (redacted)" if redact else ""), err=True)


@directory_app.command("print")
def print_command(
    source: Annotated[
        Path | None,
        typer.Argument(help="Directory file, or scenario file (its directory and deadline)."),
    ] = None,
    *,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML page to write.")],
    run: Annotated[
        int | None,
        typer.Option("--run", min=1, help="List a stored run's participants instead."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="The 'now' of the local times, ISO 8601 with a zone "
                     "(default: now)."),
    ] = None,
    redact: Annotated[
        bool, typer.Option("--redact", help="Leave out contact names, e-mails and phones.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Write the participant and contact list as a printable HTML page, with local working
    hours now and at the deadline."""
    from results.catalog import check_output_folder
    from results.personal_files import write_personal
    from results.reports.contact_list import (
        contact_list_html,
        file_list_source,
        run_list_source,
    )

    if (source is None) == (run is None):
        raise fail("error: give a directory or scenario FILE, or --run RUN (not both)")
    with input_errors():
        now = _instant(at, "--at") if at is not None else datetime.now().astimezone()
        check_output_folder(output)
        if run is not None:
            from pocdrill.common import open_store, store_errors

            with open_store(db) as store, store_errors():
                listed = run_list_source(store, run)
        else:
            assert source is not None
            listed = file_list_source(source)
        page = contact_list_html(listed, now=now, redact=redact)
    try:
        write_personal(output, page, personal=not redact)
    except OSError as e:
        raise fail(f"error: {output}: cannot write ({e.strerror or e})") from None
    typer.echo(f"wrote {output}: {len(listed.directory.participants)} participants", err=True)


def _instant(text: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError.single(option, repr(text), "write an instant with its zone, e.g. "
                                "2026-03-06T15:00:00Z")
    return moment

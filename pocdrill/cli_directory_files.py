"""``pocdrill directory import``, ``export`` and ``print``: a directory in and out of the
spreadsheets and printed lists a secretariat keeps (added to the ``directory`` group by
:func:`add_to`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from pocdrill.common import DbOption, fail, input_errors, writing
from simulator.model.errors import InputError


def add_to(group: typer.Typer) -> None:
    """Register the spreadsheet and printed-list commands on the ``directory`` group."""
    group.command("import")(import_command)
    group.command("export")(export_command)
    group.command("print")(print_command)


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

    with input_errors(), writing(output):
        imported = import_directory_file(
            file, output, map_options=map_options or [], mapping_file=mapping,
            save_mapping=save_mapping, name=name, organisation=organisation,
            custom_roles=custom_role or [], profile=profile)
    for line in imported.summary():
        typer.echo(line, err=True)
    typer.echo(f"wrote {output}" + (f" and {save_mapping}" if save_mapping else ""), err=True)


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

    with input_errors(), writing(output):
        rows = export_directory_file(file, output, redact=redact)
    typer.echo(f"wrote {output}: {rows} contacts" + (" (redacted)" if redact else ""), err=True)


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
    with writing(output):
        write_personal(output, page, personal=not redact)
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

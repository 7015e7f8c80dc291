"""Directory spreadsheets to and from files: what ``pocdrill directory import`` and
``export`` do, with every check made before anything is written.

A directory holds names, e-mails and phones, so what these write is readable by its owner
alone (0600, :mod:`results.personal_files`), except an export with ``redact``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from results.catalog import check_output_folder
from results.personal_files import write_personal
from simulator.io.directory_columns import (
    export_rows,
    load_mapping,
    mapping_text,
    parse_map_options,
)
from simulator.io.directory_csv import directory_to_csv
from simulator.io.directory_files import CSV_SUFFIXES, YAML_SUFFIXES, load_directory
from simulator.io.directory_import import Imported, import_directory
from simulator.io.directory_yaml import directory_to_yaml
from simulator.io.spreadsheet import read_sheet, sheet_bytes, sheet_format
from simulator.model.errors import InputError


def import_directory_file(
    source: Path, output: Path, *, map_options: Sequence[str] = (),
    mapping_file: Path | None = None, save_mapping: Path | None = None,
    name: str | None = None, organisation: str | None = None,
    custom_roles: Sequence[str] = (), profile: str | None = None,
) -> Imported:
    """Read the secretariat's spreadsheet ``source`` and write the directory to ``output``
    (``.yaml``/``.yml``/``.csv``); ``save_mapping``: also save the column mapping used;
    ``profile``: the network whose country list (groups, hours) is matched first.
    An InputError, and nothing written, on any problem."""
    if output.suffix.lower() not in YAML_SUFFIXES + CSV_SUFFIXES:
        raise InputError.single(str(output), "", "a directory is written as .yaml, .yml or "
                                ".csv; name the output so")
    for path in (output, save_mapping):
        if path is not None:
            check_output_folder(path)
    mapping: dict[str, str] = {}
    if mapping_file is not None:
        try:
            text = mapping_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError.single(str(mapping_file), "", f"cannot read ({e})") from None
        mapping.update(load_mapping(text, str(mapping_file)))
    mapping.update(parse_map_options(map_options))
    imported = import_directory(read_sheet(source), mapping=mapping, name=name,
                                organisation=organisation, custom_roles=custom_roles,
                                profile=profile)
    d = imported.directory
    text = (directory_to_csv(d) if output.suffix.lower() in CSV_SUFFIXES
            else directory_to_yaml(d, header=f"Imported from {source.name} by pocdrill"))
    write_personal(output, text)
    if save_mapping is not None:
        write_personal(save_mapping, mapping_text(imported.mapping), personal=False)
    return imported


def export_directory_file(source: Path, output: Path, *, redact: bool = False) -> int:
    """Write the directory file ``source`` as a spreadsheet (``.csv`` or ``.xlsx``) in the
    shape :func:`import_directory_file` reads; the number of contact rows."""
    fmt = sheet_format(output)
    check_output_folder(output)
    directory = load_directory(source)
    header, rows = export_rows(directory, redact=redact)
    write_personal(output, sheet_bytes(header, rows, fmt, title="Directory"), personal=not redact)
    return len(rows)

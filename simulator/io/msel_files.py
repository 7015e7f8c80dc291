"""MSEL spreadsheets to and from files: what ``pocdrill scenario export-msel`` and
``import-msel`` do. Everything is checked before a byte is written."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from simulator.io.msel import MSEL_COLUMNS, msel_rows
from simulator.io.msel_import import import_msel
from simulator.io.scenario_files import LoadedScenario, load_scenario, load_yaml
from simulator.io.spreadsheet import read_sheet, sheet_bytes, sheet_format
from simulator.model.errors import InputError
from simulator.model.tabletop import TabletopScenario


def _tabletop(path: Path) -> TabletopScenario:
    sc = load_scenario(path).scenario
    if not isinstance(sc, TabletopScenario):
        raise InputError.single(str(path), "kind", "is a communication check; an MSEL lists "
                                "a tabletop's injects (kind: tabletop)")
    return sc


def export_msel_file(scenario: Path, output: Path) -> int:
    """Write the MSEL of tabletop ``scenario`` to ``output`` (.csv or .xlsx); its rows."""
    fmt = sheet_format(output)
    rows = msel_rows(_tabletop(scenario))
    data = sheet_bytes(MSEL_COLUMNS, rows, fmt, title="MSEL")
    output.write_bytes(data)
    return len(rows)


def import_msel_file(source: Path, output: Path, *, base: Path | None = None,
                     start: str | None = None, directory: str | None = None,
                     name: str | None = None) -> TabletopScenario:
    """Read the MSEL ``source`` into a tabletop scenario file ``output`` (YAML): the rest
    from the scenario ``base``, or from ``start`` (ISO 8601 with a zone) and ``directory``
    (a profile name such as osce, or a directory file)."""
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise InputError.single(str(output), "", "a scenario is written as .yaml or .yml")
    base_data: dict[str, Any] | None = None
    moment = _start(start) if start is not None else None
    if base is not None:
        base_start = _tabletop(base).start
        raw, _ = load_yaml(base)
        base_data = {k: v for k, v in raw.items() if k != "injects"}
        if moment is not None:
            base_data["start"] = moment.isoformat()
        moment = moment or base_start
    spec = _directory_spec(directory, output) if directory else None

    def against_directory(sc: TabletopScenario) -> None:
        # the directory as seen from where the scenario will be written
        loaded = LoadedScenario(sc, "", output)
        sc.validate_against(loaded.directory(), str(source))

    sc = import_msel(read_sheet(source), base=base_data, start=moment, name=name,
                     directory=spec, check=against_directory)
    data = {"kind": "tabletop",
            **sc.model_dump(mode="json", exclude_defaults=True, by_alias=True)}
    head = f"# Imported from {source.name} by pocdrill scenario import-msel\n"
    output.write_text(head + yaml.dump(data, Dumper=_Dumper, sort_keys=False,
                                       allow_unicode=True, width=100), encoding="utf-8")
    return sc


class _Dumper(yaml.SafeDumper):
    """Writes a text of several lines as a block (``|``), as a person would."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _start(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError.single("--start", repr(text), "write an instant with its zone, e.g. "
                                "2026-11-17T06:30:00Z")
    return moment


def _directory_spec(text: str, output: Path) -> dict[str, Any]:
    """A profile name, or a directory file named from here, as seen from ``output``."""
    from simulator.directories.profiles import PROFILES

    if text.lower() in PROFILES:
        return {"profile": text.lower(), "seed": 1}
    return {"file": os.path.relpath(Path(text).resolve(), output.resolve().parent)}

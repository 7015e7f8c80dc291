"""Directory files in YAML: the :class:`~simulator.model.directory.Directory` model as a
mapping, read with every problem located as ``participants[3] (DE).contacts[0].email``."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from simulator.io.directory_validation import validate_directory
from simulator.io.yaml_strict import StrictLoader, load, syntax_error
from simulator.model.base import normalise_code
from simulator.model.directory import Directory
from simulator.model.errors import InputError, format_loc


class _Loader(StrictLoader):
    """Safe YAML (libyaml's when available: same result, several times faster), no key
    twice in a mapping, and dates stay text so that a bad date is reported by field, not
    as a crash."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def directory_from_yaml(text: str, source: str = "<directory>") -> Directory:
    """Validate a directory given as YAML text (``source`` names it in problems)."""
    try:
        data = load(text, _Loader)
    except yaml.YAMLError as e:
        raise syntax_error(source, e) from None
    if not isinstance(data, dict):
        raise InputError.single(
            source, "(top)",
            "a directory must be a mapping with name, organisation and participants",
        )
    labels: dict[tuple[int | str, ...], str] = {}
    for field in ("participants", "stakeholders"):
        parts = data.get(field)
        if isinstance(parts, list):
            for i, p in enumerate(parts):
                if isinstance(p, dict) and isinstance(p.get("code"), str):
                    labels[(field, i)] = normalise_code(p["code"])

    def locate(loc: tuple[int | str, ...]) -> str:
        return format_loc(loc, labels) or "(top)"

    return validate_directory(data, source, locate)


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, one-line flow style for lists of plain scalars."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(x, str | int | float | bool) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data and not any(ln != ln.rstrip() for ln in data.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(str, _represent_str)


def directory_to_yaml(directory: Directory, *, header: str | None = None) -> str:
    """The YAML text of ``directory`` (fields in model order, dates as ISO dates)."""
    data = directory.model_dump(mode="json")
    if not data["stakeholders"]:
        del data["stakeholders"]  # a directory of states reads as it always has
    for p in data["participants"] + data.get("stakeholders", []):
        if p.get("behaviour", 0) is None:
            del p["behaviour"]
        for c in p["contacts"]:
            if c["last_verified"] is not None:
                c["last_verified"] = date.fromisoformat(c["last_verified"])
            if c["listed_in"] is None:
                del c["listed_in"]
    body = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
        width=100, indent=2,
    )
    if header:
        body = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) + body
    return body

"""What a sweep varies: axes of scenario parameters, ``--vary`` options, their grid, and the
scenario at each grid point.

An axis is a dotted path into the scenario data (``check.reminders``,
``behaviour.tiers.low.mandate``, ``directory.deputy_share``) and the values it takes.
The grid is the product of the axes; each point is the scenario with those values set.
A table of points labels each axis by the shortest suffix of its path that is unique.
Every point is validated by re-parsing the scenario, so a misspelt path or a bad value is
an :class:`~simulator.model.errors.InputError` naming the axis and the fix.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from simulator.io.scenario_files import parse_scenario
from simulator.io.yaml_strict import LimitError
from simulator.io.yaml_strict import load as strict_yaml
from simulator.model.errors import InputError, Problem
from simulator.model.scenario import Scenario

AXIS_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$")
"""A dotted path into scenario data: names, and list indices as numbers."""


@dataclass(frozen=True)
class Axis:
    """One swept parameter: a dotted path into the scenario and the values it takes."""

    path: str
    values: list[Any]


# -- --vary parsing ----------------------------------------------------------------------
_OPEN = {"[": "]", "{": "}", "(": ")"}


def split_top_level(text: str) -> list[str]:
    """Split ``text`` at commas outside brackets, braces and quotes."""
    parts: list[str] = []
    depth: list[str] = []
    quote: str | None = None
    cur = ""
    for ch in text:
        if quote:
            cur += ch
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in _OPEN:
            depth.append(_OPEN[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch == "," and not depth:
            parts.append(cur)
            cur = ""
            continue
        cur += ch
    parts.append(cur)
    return parts


def parse_vary(text: str, source: str = "--vary") -> Axis:
    """``PATH=V1,V2,...`` -> an :class:`Axis`; each value is YAML, commas inside
    brackets, braces or quotes do not split (``check.reminders=[12h,36h],[24h]`` is two
    values)."""
    path, sep, rest = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise InputError.single(
            source, text, "write PATH=V1,V2,... e.g. check.reminders=[24h],[24h,48h]"
        )
    if not AXIS_PATH.match(path):
        raise InputError.single(source, path, "not a dotted path like behaviour.turnover_per_year")
    values = []
    for raw in split_top_level(rest):
        if not raw.strip():
            raise InputError.single(
                source, path, f"empty value in {rest!r}; separate values with single commas"
            )
        try:
            values.append(strict_yaml(raw))
        except LimitError as e:
            raise InputError.single(source, path, str(e.problem)) from None
        except yaml.YAMLError:
            raise InputError.single(
                source, path, f"cannot read value {raw.strip()!r} (YAML)"
            ) from None
    return Axis(path, values)


def axes_from_vary(items: list[str], source: str = "--vary") -> dict[str, list[Any]]:
    """Several ``--vary`` options as an axes mapping; a path given twice is an error."""
    axes: dict[str, list[Any]] = {}
    for item in items:
        axis = parse_vary(item, source)
        if axis.path in axes:
            raise InputError.single(
                source, axis.path, "varied twice; give all its values in one --vary"
            )
        axes[axis.path] = axis.values
    return axes


# -- grid and parameter application ------------------------------------------------------
def grid(axes: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Every combination of axis values; the last axis varies fastest (stable order)."""
    paths = list(axes)
    return [dict(zip(paths, combo, strict=True)) for combo in itertools.product(*axes.values())]


def short_labels(paths: Sequence[str]) -> dict[str, str]:
    """Each axis path's label in a table: the shortest dotted suffix no other path ends
    with (``check.reminders`` -> ``reminders``)."""
    out = {}
    for path in paths:
        parts = path.split(".")
        label = path
        for n in range(1, len(parts) + 1):
            label = ".".join(parts[-n:])
            if not any(o != path and (o == label or o.endswith("." + label)) for o in paths):
                break
        out[path] = label
    return out


def apply(scenario_data: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``scenario_data`` with each dotted path set to its value.

    Missing sections are created (``behaviour.tiers.low.mandate`` on a scenario without
    ``behaviour``); whether the path exists is checked by parsing the result
    (:func:`validate_point`). Raises ``KeyError(path)`` when a path runs through a value
    that is not a section.
    """
    data = copy.deepcopy(scenario_data)
    for path, value in params.items():
        node: Any = data
        parts = path.split(".")
        for part in parts[:-1]:
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
                continue
            if not isinstance(node, dict):
                raise KeyError(path)
            if node.get(part) is None:
                node[part] = {}
            node = node[part]
        last = parts[-1]
        if isinstance(node, list) and last.isdigit() and int(last) < len(node):
            node[int(last)] = copy.deepcopy(value)
        elif isinstance(node, dict):
            node[last] = copy.deepcopy(value)
        else:
            raise KeyError(path)
    return data


def validate_point(
    scenario_data: dict[str, Any],
    params: dict[str, Any],
    *,
    source: str,
    scenario_source: str,
    where: str = "axes",
) -> Scenario:
    """Parse the scenario with ``params`` applied; problems name the axis and the fix."""
    try:
        data = apply(scenario_data, params)
    except KeyError as e:
        path = e.args[0]
        raise InputError.single(
            source,
            _loc(where, path),
            f"{path} runs through a value that is not a section of {scenario_source}; "
            "fix the path (see `pocdrill scenario schema`)",
        ) from None
    try:
        return parse_scenario(data, scenario_source)
    except InputError as e:
        raise InputError(_blame_axes(e.problems, params, source, where)) from None


def _loc(where: str, path: str) -> str:
    """The location of an axis: bare on the command line (``--vary``), else under
    ``where`` in a file (``axes.PATH``, ``sample.ranges.PATH``)."""
    return path if where.startswith("--") else f"{where}.{path}"


def _blame_axes(
    problems: list[Problem], params: dict[str, Any], source: str, where: str
) -> list[Problem]:
    out = []
    for p in problems:
        axis = _axis_for(p.location, params)
        if axis is None:
            out.append(p)
            continue
        value = json.dumps(params[axis], default=str)
        if p.location.endswith("[key]"):  # a mapping key the path makes up
            msg = (
                f"{p.location.removesuffix('.[key]')} is not a key the scenario allows: "
                f"{p.message}; fix the axis path"
            )
        elif "unknown field" in p.message:
            msg = (
                f"no such field in the scenario ({p.location}); fix the axis path "
                "(see `pocdrill scenario schema` for the fields)"
            )
        else:
            msg = f"value {value} is not valid: {p.message} ({p.location}); fix the axis values"
        out.append(Problem(source, _loc(where, axis), msg))
    return out


def _axis_for(location: str, params: dict[str, Any]) -> str | None:
    """The axis a problem at ``location`` (``check.reminders[0]``) comes from, if any."""
    loc = re.sub(r"\[(\d+)\]", r".\1", location)
    loc = re.sub(r" \([^)]*\)", "", loc).replace(".[key]", "")  # a bad mapping key
    best = None
    for path in params:
        if loc == path or loc.startswith(path + ".") or path.startswith(loc + "."):
            if best is None or len(path) > len(best):
                best = path
    if best is None and loc in ("check", "directory", "behaviour", "(top)"):
        # model-level validators (e.g. reminders outside the window) locate the section
        cands = [p for p in params if p.startswith(loc + ".")] if loc != "(top)" else list(params)
        best = cands[0] if len(cands) == 1 else None
    return best

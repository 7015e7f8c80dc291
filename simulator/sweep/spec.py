"""What a sweep varies: axes of scenario parameters, their grid, and the sweep file.

An axis is a dotted path into the scenario data (``check.reminders``,
``behaviour.tiers.low.mandate``, ``directory.deputy_share``) and the values it takes.
The grid is the product of the axes; each point is the scenario with those values set.
Every point is validated by re-parsing the scenario, so a misspelt path or a bad value is
an :class:`~simulator.model.errors.InputError` naming the axis and the fix.

A sweep file is YAML with a top-level ``axes`` key::

    name: reminders vs turnover
    scenario: osce-unannounced-72h.yaml     # relative to this file
    replications: 200
    seed: 1
    axes:
      behaviour.turnover_per_year: [0.1, 0.2, 0.3]
      check.reminders: [[24h], [24h, 48h]]
    baseline: {behaviour.turnover_per_year: 0.2, check.reminders: [24h]}   # or a point index
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator

from simulator.io.scenario_files import load_yaml, parse_scenario
from simulator.model.base import Strict
from simulator.model.errors import InputError, Problem, problems_from_validation

_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$")


@dataclass(frozen=True)
class Axis:
    """One swept parameter: a dotted path into the scenario and the values it takes."""

    path: str
    values: list[Any]


class SweepSpec(Strict):
    """A sweep file: the scenario, the axes, replications, seed and baseline."""

    name: str | None = Field(None, description="A name for the sweep (default: the scenario's)")
    scenario: str = Field(description="Scenario YAML, relative to the sweep file")
    axes: dict[str, list[Any]] = Field(
        description="Dotted scenario path -> the values it takes, e.g. "
        "'check.reminders: [[24h], [24h, 48h]]'"
    )
    replications: int = Field(100, ge=1, description="Replications per grid point")
    seed: int = Field(1, ge=0, le=2**63 - 1,
                      description="Base seed; replication k of every point shares streams")
    baseline: dict[str, Any] | int | None = Field(
        None, description="The point differences are measured against: an index or axis values"
    )

    @field_validator("axes")
    @classmethod
    def _axes(cls, v: dict[str, list[Any]]) -> dict[str, list[Any]]:
        for path, values in v.items():
            if not _PATH.match(path):
                raise ValueError(f"axis {path!r} is not a dotted path like check.reminders")
            if not values:
                raise ValueError(f"axis {path!r} has no values; give at least one")
        return v


def is_sweep_data(data: Any) -> bool:
    """True for parsed YAML that is a sweep file (a mapping with a top-level ``axes``)."""
    return isinstance(data, dict) and "axes" in data


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
    if not _PATH.match(path):
        raise InputError.single(source, path, "not a dotted path like behaviour.turnover_per_year")
    values = []
    for raw in split_top_level(rest):
        if not raw.strip():
            raise InputError.single(
                source, path, f"empty value in {rest!r}; separate values with single commas"
            )
        try:
            values.append(yaml.safe_load(raw))
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
) -> Any:
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
    return f"axes.{path}" if where == "axes" else path


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


# -- the plan every executor runs ---------------------------------------------------------
@dataclass(frozen=True)
class SweepPlan:
    """Everything a sweep needs, as plain data: workers get the scenario *text*."""

    name: str
    scenario_name: str
    scenario_text: str
    scenario_source: str  # the scenario file (for messages)
    base_dir: str  # where relative directory files are found
    axes: dict[str, list[Any]]
    points: list[dict[str, Any]]
    replications: int
    seed: int
    baseline: int = 0
    source: str = "--vary"  # where the axes came from (a sweep file or --vary)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.points) * self.replications

    def units(self) -> list[tuple[int, int]]:
        return [(i, k) for i in range(len(self.points)) for k in range(self.replications)]


def directory_fingerprint(plan: SweepPlan) -> str:
    """A hash of the base scenario's directory as it is now (a file's contents, or the
    generated profile): a resumed sweep must simulate the same directory it started on."""
    import hashlib

    from simulator.io.scenario_files import resolve_directory

    scenario = parse_scenario(yaml.safe_load(plan.scenario_text), plan.scenario_source)
    directory = resolve_directory(scenario.directory, Path(plan.base_dir),
                                  source=plan.scenario_source)
    return hashlib.blake2b(directory.model_dump_json().encode(), digest_size=16).hexdigest()


def plan_sweep(
    scenario_text: str,
    axes: dict[str, list[Any]],
    *,
    replications: int,
    seed: int = 1,
    baseline: dict[str, Any] | int | None = None,
    name: str | None = None,
    scenario_source: str = "<scenario>",
    base_dir: str | Path | None = None,
    source: str = "--vary",
    points: list[dict[str, Any]] | None = None,
) -> SweepPlan:
    """Validate every grid point and return the plan (errors name the axis).

    ``points`` replaces the grid of ``axes`` (a stored sweep's points, in stored order).
    """
    try:
        data = yaml.safe_load(scenario_text)
    except yaml.YAMLError as e:
        raise InputError.single(scenario_source, "", f"YAML syntax error: {e}") from None
    if not isinstance(data, dict):
        raise InputError.single(scenario_source, "(top)", "a scenario must be a mapping")
    if replications < 1:
        raise InputError.single(source, "replications", "must be at least 1")
    base = parse_scenario(data, scenario_source)
    where = "axes" if source != "--vary" else "--vary"
    points = grid(axes) if points is None else [dict(p) for p in points]
    problems: list[Problem] = []
    for params in points:
        try:
            validate_point(
                data, params, source=source, scenario_source=scenario_source, where=where
            )
        except InputError as e:
            problems += [p for p in e.problems if p not in problems]
            if len(problems) >= 10:
                break
    if problems:
        raise InputError(problems)
    index = resolve_baseline(baseline, points, source)
    return SweepPlan(
        name=name or f"{base.name} sweep",
        scenario_name=base.name,
        scenario_text=scenario_text,
        scenario_source=scenario_source,
        base_dir=str(Path(base_dir).resolve() if base_dir is not None else Path.cwd()),
        axes=axes,
        points=points,
        replications=replications,
        seed=seed,
        baseline=index,
        source=source,
    )


def resolve_baseline(
    baseline: dict[str, Any] | int | None, points: list[dict[str, Any]], source: str
) -> int:
    """The index of the baseline point: an index, axis values matching one point, or 0."""
    if baseline is None:
        return 0
    if isinstance(baseline, bool) or not isinstance(baseline, int | dict):
        raise InputError.single(
            source, "baseline", "give a point index or a mapping of axis values"
        )
    if isinstance(baseline, int):
        if not 0 <= baseline < len(points):
            raise InputError.single(
                source, "baseline", f"point {baseline} does not exist; use 0..{len(points) - 1}"
            )
        return baseline
    unknown = [k for k in baseline if points and k not in points[0]]
    if unknown:
        raise InputError.single(
            source, "baseline", f"{unknown[0]} is not an axis; use the axes' paths"
        )
    matches = [i for i, p in enumerate(points) if all(p[k] == v for k, v in baseline.items())]
    if len(matches) != 1:
        what = "no point" if not matches else f"{len(matches)} points"
        raise InputError.single(
            source, "baseline", f"{what} match {baseline}; give one value per axis as in axes"
        )
    return matches[0]


def load_sweep_file(
    path: str | Path,
    *,
    replications: int | None = None,
    seed: int | None = None,
    baseline: dict[str, Any] | int | None = None,
) -> SweepPlan:
    """Load a sweep file and its scenario into a validated plan (options override)."""
    data, _ = load_yaml(path)
    return plan_from_sweep_data(
        data,
        str(path),
        Path(path).resolve().parent,
        replications=replications,
        seed=seed,
        baseline=baseline,
    )


def plan_from_sweep_data(
    data: Any,
    source: str,
    base_dir: Path,
    *,
    replications: int | None = None,
    seed: int | None = None,
    baseline: dict[str, Any] | int | None = None,
) -> SweepPlan:
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as e:
        raise InputError(problems_from_validation(source, e)) from None
    scenario_path = Path(spec.scenario)
    if not scenario_path.is_absolute():
        scenario_path = base_dir / scenario_path
    if not scenario_path.exists():
        raise InputError.single(
            source,
            "scenario",
            f"no such scenario file {str(scenario_path)!r}; the path is relative to the sweep file",
        )
    text = scenario_path.read_text(encoding="utf-8")
    return plan_sweep(
        text,
        spec.axes,
        replications=replications if replications is not None else spec.replications,
        seed=seed if seed is not None else spec.seed,
        baseline=baseline if baseline is not None else spec.baseline,
        name=spec.name,
        scenario_source=str(scenario_path),
        base_dir=scenario_path.resolve().parent,
        source=source,
    )

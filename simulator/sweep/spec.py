"""The plan of a sweep: what every executor runs.

A plan (:class:`SweepPlan`) is plain data: the scenario text, the validated points (a
grid, see :mod:`simulator.sweep.axes`, or a sampled design, see
:mod:`simulator.sweep.sampling`), replications, seed and baseline. Sweep files, which
describe a plan in YAML, are read by :mod:`simulator.sweep.sweep_file`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.io.scenario_files import parse_scenario, scenario_directory
from simulator.io.yaml_strict import load as strict_yaml
from simulator.io.yaml_strict import syntax_error
from simulator.model.errors import InputError, Problem
from simulator.sweep.axes import grid, validate_point

MAX_REPLICATIONS = 1_000_000
"""The most replications one study or sweep may run (points times replications per point):
far more than any figure needs, and about what a machine does in a working day."""


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
    design: dict[str, Any] | None = None
    """A sampled sweep's design (:class:`~simulator.sweep.sampling.SampleDesign` as JSON);
    its points are the design's, in the design's order. None for a grid."""

    @property
    def total(self) -> int:
        return len(self.points) * self.replications

    def units(self) -> list[tuple[int, int]]:
        return [(i, k) for i in range(len(self.points)) for k in range(self.replications)]


def directory_fingerprint(plan: SweepPlan) -> str:
    """A hash of the base scenario's directory as it is now (a file's contents, or the
    generated profile): a resumed sweep must simulate the same directory it started on."""
    scenario = parse_scenario(strict_yaml(plan.scenario_text), plan.scenario_source)
    directory = scenario_directory(scenario, Path(plan.base_dir), source=plan.scenario_source)
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
    design: dict[str, Any] | None = None,
    where: str | None = None,
) -> SweepPlan:
    """Validate every grid point and return the plan (errors name the axis).

    ``points`` replaces the grid of ``axes`` (a stored sweep's points, in stored order, or
    a sampled sweep's, whose ``design`` is kept with the plan: see
    :func:`simulator.sweep.sampling.plan_sampled`). A problem with a point names its axis
    under ``where`` (default ``axes``; bare for a ``--`` option).
    """
    try:
        data = strict_yaml(scenario_text)
    except yaml.YAMLError as e:
        raise syntax_error(scenario_source, e) from None
    if not isinstance(data, dict):
        raise InputError.single(scenario_source, "(top)", "a scenario must be a mapping")
    if replications < 1:
        raise InputError.single(source, "replications", "must be at least 1")
    points = grid(axes) if points is None else [dict(p) for p in points]
    check_replications(replications, len(points), source)
    base = parse_scenario(data, scenario_source)
    where = where or (source if source.startswith("--") else "axes")
    problems: list[Problem] = []
    for params in points:
        try:
            validate_point(
                data, params, source=source, scenario_source=scenario_source, where=where
            )
        except InputError as e:
            problems += [p for p in e.problems if p not in problems]
            if len(problems) >= 10 or design is not None:  # a design: one point tells
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
        design=design,
    )


def check_replications(replications: int, points: int, source: str = "--vary") -> None:
    """An :class:`InputError` if ``points`` times ``replications`` is more than
    :data:`MAX_REPLICATIONS` (``source`` is a sweep file, or ``--vary`` for the command
    line, where the option is ``--replications``)."""
    total = replications * points
    if total <= MAX_REPLICATIONS:
        return
    each = f" ({points:,} points of {replications:,})" if points > 1 else ""
    where, loc = ("--replications", "") if source == "--vary" else (source, "replications")
    raise InputError.single(
        where, loc, f"{total:,} replications{each} is more than the {MAX_REPLICATIONS:,} "
        "a study or sweep may run; ask for fewer (a few thousand give rates to within a "
        "percent)")


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

"""Sweep files: a sweep described in YAML, with grid ``axes`` or a sampled ``sample``.

A grid::

    name: reminders vs turnover
    scenario: osce-unannounced-72h.yaml     # relative to this file
    replications: 200
    seed: 1
    axes:
      behaviour.turnover_per_year: [0.1, 0.2, 0.3]
      check.reminders: [[24h], [24h, 48h]]
    baseline: {behaviour.turnover_per_year: 0.2, check.reminders: [24h]}   # or a point index

A sampled design (what ``--sample``, ``--range`` and ``--threshold`` say on the command
line; the rules are :mod:`simulator.sweep.sampling`'s, so both give the same points and
seeds)::

    scenario: osce-unannounced-72h.yaml
    replications: 50
    seed: 1
    sample:
      method: sobol            # lhs | sobol | morris
      n: 64                    # sobol: a power of two
      ranges:
        behaviour.turnover_per_year: [0.05, 0.4]
        behaviour.spam_loss: [0, 0.2]
      threshold: 0.7           # optional: the ack share scenario discovery looks below

A file has ``axes`` or ``sample``, not both; a sampled sweep has no baseline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from simulator.io.scenario_files import load_yaml
from simulator.model.base import Name, Strict
from simulator.model.errors import InputError, problems_from_validation
from simulator.sweep.axes import AXIS_PATH
from simulator.sweep.sampling import SAMPLE_METHODS, design_from_mapping, plan_sampled
from simulator.sweep.spec import SweepPlan, plan_sweep

NO_BASELINE = "a sampled sweep has no baseline point (its points are analysed together)"


class SampleBlock(Strict):
    """A sweep file's ``sample:`` block: the design ``--sample``, ``--range`` and
    ``--threshold`` give on the command line."""

    method: str = Field(description=f"The design: {', '.join(SAMPLE_METHODS)}")
    n: int = Field(description="N: points (lhs), base samples (sobol, a power of two) or "
                   "trajectories (morris)")
    ranges: dict[str, tuple[float, float]] = Field(
        description="Dotted scenario path -> [low, high], e.g. "
        "'behaviour.turnover_per_year: [0.05, 0.4]'"
    )
    threshold: float | None = Field(
        None, description="The ack share below which a point counts for scenario discovery "
        "(default 0.7)"
    )


class SweepSpec(Strict):
    """A sweep file: the scenario, its grid ``axes`` or its ``sample`` design (one of
    the two), replications, seed and baseline."""

    name: Name | None = Field(None, description="A name for the sweep (default: the scenario's)")
    scenario: str = Field(description="Scenario YAML, relative to the sweep file")
    axes: dict[str, list[Any]] | None = Field(
        None,
        description="Dotted scenario path -> the values it takes, e.g. "
        "'check.reminders: [[24h], [24h, 48h]]' (a grid; or give sample)",
    )
    sample: SampleBlock | None = Field(
        None, description="A sampled design over parameter ranges instead of a grid of axes"
    )
    replications: int = Field(100, ge=1, description="Replications per point")
    seed: int = Field(1, ge=0, le=2**63 - 1,
                      description="Base seed; replication k of every point shares streams")
    baseline: dict[str, Any] | int | None = Field(
        None, description="The point differences are measured against: an index or axis values"
    )

    @field_validator("axes")
    @classmethod
    def _axes(cls, v: dict[str, list[Any]] | None) -> dict[str, list[Any]] | None:
        if v is None:
            return v
        if not v:
            raise ValueError("no axes; give at least one, e.g. check.deadline: [48h, 72h] "
                             "(to run one scenario many times: pocdrill run -r N)")
        for path, values in v.items():
            if not AXIS_PATH.match(path):
                raise ValueError(f"axis {path!r} is not a dotted path like check.reminders")
            if not values:
                raise ValueError(f"axis {path!r} has no values; give at least one")
        return v


def is_sweep_data(data: Any) -> bool:
    """True for parsed YAML that is a sweep file (a mapping with top-level ``axes`` or
    ``sample``)."""
    return isinstance(data, dict) and ("axes" in data or "sample" in data)


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
    """A validated plan from a parsed sweep file (``source`` names it; its scenario path is
    relative to ``base_dir``); options override the file's."""
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as e:
        raise InputError(problems_from_validation(source, e)) from None
    if spec.axes is not None and spec.sample is not None:
        raise InputError.single(source, "sample", "a sweep file has grid axes or a sample, "
                                "not both; drop axes to sample, or sample for a grid")
    if spec.axes is None and spec.sample is None:
        raise InputError.single(source, "axes", "give grid axes (e.g. check.deadline: "
                                "[48h, 72h]) or a sample block (method, n, ranges)")
    scenario_path, text = _scenario(spec, source, base_dir)
    replications = replications if replications is not None else spec.replications
    seed = seed if seed is not None else spec.seed
    if spec.sample is not None:
        if baseline is not None:
            raise InputError.single("--baseline", "", f"{NO_BASELINE}; drop --baseline")
        if spec.baseline is not None:
            raise InputError.single(source, "baseline", f"{NO_BASELINE}; drop baseline")
        block = spec.sample
        design = design_from_mapping(block.method, block.n, block.ranges, seed=seed,
                                     threshold=block.threshold, source=source,
                                     prefix="sample.")
        return plan_sampled(text, design, replications=replications, name=spec.name,
                            scenario_source=str(scenario_path),
                            base_dir=scenario_path.resolve().parent, source=source,
                            where="sample.ranges")
    return plan_sweep(
        text,
        spec.axes or {},
        replications=replications,
        seed=seed,
        baseline=baseline if baseline is not None else spec.baseline,
        name=spec.name,
        scenario_source=str(scenario_path),
        base_dir=scenario_path.resolve().parent,
        source=source,
    )


def _scenario(spec: SweepSpec, source: str, base_dir: Path) -> tuple[Path, str]:
    """The sweep file's scenario: its path and text (a problem names ``scenario``)."""
    scenario_path = Path(spec.scenario)
    if not scenario_path.is_absolute():
        scenario_path = base_dir / scenario_path
    if not scenario_path.exists():
        raise InputError.single(
            source,
            "scenario",
            f"no such scenario file {str(scenario_path)!r}; the path is relative to the sweep file",
        )
    try:
        return scenario_path, scenario_path.read_text(encoding="utf-8")
    except IsADirectoryError:
        raise InputError.single(source, "scenario", f"{str(scenario_path)!r} is a folder; "
                                "name a scenario YAML file") from None
    except UnicodeDecodeError:
        raise InputError.single(source, "scenario", f"{str(scenario_path)!r} is not UTF-8 "
                                "text; save the scenario as UTF-8") from None
    except OSError as e:
        raise InputError.single(source, "scenario", f"cannot read {str(scenario_path)!r} "
                                f"({e.strerror or e}); check the path and its permissions"
                                ) from None

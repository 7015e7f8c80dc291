"""Scenario sweeps: many replications over a grid of scenario parameters.

The pieces live in :mod:`simulator.sweep.axes` (axes, ``--vary``, grid, applying
parameters), :mod:`simulator.sweep.spec` (the plan), :mod:`simulator.sweep.sweep_file` (sweep
files, grid or sampled), :mod:`simulator.sweep.sampling` (sampled designs),
:mod:`simulator.sweep.stats` (per-replication rows, point aggregates, paired
differences) and :mod:`simulator.sweep.execution` (batches on a process pool or Dask;
the pool itself in :mod:`simulator.sweep.pool`). This
module gathers them and adds the notebook entry point::

    from simulator import sweep
    rows = sweep("scenarios/osce-unannounced-72h.yaml",
                 {"behaviour.turnover_per_year": [0.1, 0.2, 0.3]}, replications=50)
    df = to_dataframe(rows)          # if pandas is installed
    result = sample_sweep("scenarios/osce-unannounced-72h.yaml", "morris", 10,
                          {"behaviour.turnover_per_year": (0.05, 0.4)}, replications=50)
    result.sensitivity.indices, result.sensitivity.rule   # mu*, sigma; the discovery rule

Pure: no database. The command line (``pocdrill sweep``) stores the rows as they come.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from simulator.sweep.axes import (
    Axis,
    apply,
    axes_from_vary,
    grid,
    parse_vary,
    split_top_level,
    validate_point,
)
from simulator.sweep.execution import (
    Batch,
    DaskSession,
    SchedulerError,
    SweepOutcome,
    connect_dask,
    engine_batch_size,
    make_batches,
    run_batch,
    run_sweep,
    sweep_engine,
)
from simulator.sweep.spec import SweepPlan, plan_sweep, resolve_baseline
from simulator.sweep.stats import (
    aggregate,
    paired_difference,
    point_table,
    replication_metrics,
    rows_by_point,
)
from simulator.sweep.sweep_file import (
    SweepSpec,
    is_sweep_data,
    load_sweep_file,
    plan_from_sweep_data,
)

if TYPE_CHECKING:
    from simulator.sweep.sampled import SampledSweep

__all__ = [
    "Axis",
    "Batch",
    "DaskSession",
    "SchedulerError",
    "SweepOutcome",
    "SweepPlan",
    "SweepSpec",
    "aggregate",
    "apply",
    "axes_from_vary",
    "connect_dask",
    "grid",
    "is_sweep_data",
    "load_sweep_file",
    "make_batches",
    "paired_difference",
    "parse_vary",
    "plan_from_sweep_data",
    "plan_sweep",
    "point_table",
    "replication_metrics",
    "resolve_baseline",
    "rows_by_point",
    "run_batch",
    "run_sweep",
    "sample_sweep",
    "split_top_level",
    "sweep",
    "sweep_json",
    "to_dataframe",
    "validate_point",
]


def sweep(
    scenario: str | Path,
    vary: dict[str, list[Any]],
    *,
    replications: int = 100,
    seed: int = 1,
    workers: int | None = None,
    scheduler: str | None = None,
    baseline: dict[str, Any] | int | None = None,
    per: Literal["point", "replication"] = "point",
    engine: str = "auto",
) -> list[dict[str, Any]]:
    """Run a sweep and return tidy rows, the axis values as columns.

    ``engine``: ``auto`` (the vector engine when it covers every point, else SimPy),
    ``simpy`` or ``vector`` (an :class:`~simulator.model.errors.InputError` naming what it
    does not cover).

    ``scenario`` is a scenario file or its YAML text. ``per="point"`` gives one row per
    grid point (aggregates with 95% intervals and ``*_diff_vs_baseline``);
    ``per="replication"`` one row per (point, replication) with that replication's
    numbers.
    """
    text, source, base_dir = _scenario_text(scenario)
    plan = plan_sweep(
        text,
        vary,
        replications=replications,
        seed=seed,
        baseline=baseline,
        scenario_source=source,
        base_dir=base_dir,
        source="vary",
    )
    chosen = sweep_engine(plan, engine).engine
    outcome = run_sweep(plan, workers=workers, scheduler=scheduler,
                        batch_size=engine_batch_size(None, chosen),
                        task=partial(run_batch, engine=chosen))
    if per == "replication":
        return [
            {
                "point": r["point"],
                **plan.points[r["point"]],
                "replication": r["replication"],
                "seed": r["seed"],
                **r["metrics"],
            }
            for r in outcome.rows
        ]
    if per != "point":
        raise ValueError("per is 'point' or 'replication'")
    out = []
    for entry in outcome.table():
        params = entry.pop("params")
        point = entry.pop("point")
        out.append({"point": point, **params, "baseline": point == plan.baseline, **entry})
    return out


def sample_sweep(
    scenario: str | Path,
    method: str,
    n: int,
    ranges: Mapping[str, Sequence[float]],
    *,
    threshold: float | None = None,
    replications: int = 100,
    seed: int = 1,
    workers: int | None = None,
    scheduler: str | None = None,
    engine: str = "auto",
) -> SampledSweep:
    """Run a sampled sweep (``pocdrill sweep --sample METHOD N --range ...``) and return
    its points' figures and its sensitivity analysis.

    ``method`` is ``lhs``, ``sobol`` (``n`` a power of two) or ``morris``; ``ranges`` maps
    each dotted scenario path to ``(low, high)``; ``threshold`` (default 0.7) is the ack
    share scenario discovery looks below. The design is seeded by ``seed`` and every point
    runs replications ``0..replications-1`` on the same seeds, so the same arguments give
    the command line's points, figures and indices; ``engine`` as for :func:`sweep`. ::

        import simulator
        result = simulator.sample_sweep(
            "scenarios/osce-unannounced-72h.yaml", "sobol", 64,
            {"behaviour.turnover_per_year": (0.05, 0.4), "behaviour.spam_loss": (0, 0.2)},
            replications=50)
        for index in result.sensitivity.indices:   # S1 and ST, each with its 95% interval
            print(index.to_json())
        print(result.sensitivity.rule)   # e.g. "ack share < 0.7 when turnover_per_year >= ..."
        df = to_dataframe(result.rows)   # one row per point: parameters, ack_rate, ...

    Bad arguments raise :class:`~simulator.model.errors.InputError` naming the argument,
    e.g. ``sample_sweep: ranges.behaviour.spam_loss: LOW (0.3) must be below HIGH (0.1)``.
    """
    from simulator.sweep.sampled import SampledSweep, plan_analysis
    from simulator.sweep.sampling import design_from_mapping, plan_sampled

    design = design_from_mapping(method, n, ranges, seed=seed, threshold=threshold)
    text, source, base_dir = _scenario_text(scenario)
    plan = plan_sampled(text, design, replications=replications, scenario_source=source,
                        base_dir=base_dir, source="sample_sweep", where="ranges")
    chosen = sweep_engine(plan, engine).engine
    outcome = run_sweep(plan, workers=workers, scheduler=scheduler,
                        batch_size=engine_batch_size(None, chosen),
                        task=partial(run_batch, engine=chosen))
    rows = []
    for entry in outcome.table():  # differences from point 0 mean nothing in a design
        figures = {k: v for k, v in entry.items() if not k.endswith("_diff_vs_baseline")}
        rows.append({"point": figures.pop("point"), **figures.pop("params"), **figures})
    analysis = plan_analysis(plan, outcome.rows)
    assert analysis is not None  # a sampled plan has a design
    return SampledSweep(rows, analysis)


def _scenario_text(scenario: str | Path) -> tuple[str, str, Path]:
    if isinstance(scenario, Path) or ("\n" not in scenario and Path(scenario).exists()):
        p = Path(scenario)
        return p.read_text(encoding="utf-8"), str(p), p.resolve().parent
    return str(scenario), "<scenario>", Path.cwd()


def to_dataframe(rows: list[dict[str, Any]]) -> Any:
    """A pandas ``DataFrame`` of ``rows`` if pandas is installed, else ``rows`` unchanged."""
    try:
        import pandas as pd  # type: ignore[import-untyped]
    except ModuleNotFoundError:
        return rows
    return pd.DataFrame(rows)


def sweep_json(
    plan: SweepPlan, rows: list[dict[str, Any]], sweep_id: int | None = None
) -> dict[str, Any]:
    """The ``pocdrill sweep --json`` object for ``plan`` and its replication rows."""
    points = []
    for entry in point_table(plan.points, rows, plan.baseline):
        entry.pop("point")
        points.append(entry)
    return {
        "sweep_id": sweep_id,
        "name": plan.name,
        "scenario": plan.scenario_name,
        "replications": plan.replications,
        "seed": plan.seed,
        "axes": plan.axes,
        "baseline": plan.baseline,
        "points": points,
        **({"design": plan.design} if plan.design is not None else {}),
        **_sensitivity(plan, rows),
    }


def _sensitivity(plan: SweepPlan, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A sampled sweep's ``sensitivity`` entry (indices and rule), nothing for a grid."""
    from simulator.sweep.sampled import plan_analysis

    analysis = plan_analysis(plan, rows)
    return {} if analysis is None else {"sensitivity": analysis.to_json()}


class _CallableModule(types.ModuleType):
    """``simulator.sweep`` is both this module and the :func:`sweep` function: importing
    the module binds the name ``sweep`` on the package, so the module itself is callable."""

    def __call__(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return sweep(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

"""Scenario sweeps: many replications over a grid of scenario parameters.

The pieces live in :mod:`simulator.sweep.axes` (axes, ``--vary``, grid, applying
parameters), :mod:`simulator.sweep.spec` (the plan and sweep files),
:mod:`simulator.sweep.stats` (per-replication rows, point aggregates, paired
differences) and :mod:`simulator.sweep.execution` (batches on a process pool or Dask;
the pool itself in :mod:`simulator.sweep.pool`). This
module gathers them and adds the notebook entry point::

    from simulator import sweep
    rows = sweep("scenarios/osce-unannounced-72h.yaml",
                 {"behaviour.turnover_per_year": [0.1, 0.2, 0.3]}, replications=50)
    df = to_dataframe(rows)          # if pandas is installed

Pure: no database. The command line (``pocdrill sweep``) stores the rows as they come.
"""

from __future__ import annotations

import sys
import types
from functools import partial
from pathlib import Path
from typing import Any, Literal

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
from simulator.sweep.spec import (
    SweepPlan,
    SweepSpec,
    is_sweep_data,
    load_sweep_file,
    plan_from_sweep_data,
    plan_sweep,
    resolve_baseline,
)
from simulator.sweep.stats import (
    aggregate,
    paired_difference,
    point_table,
    replication_metrics,
    rows_by_point,
)

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
    }


class _CallableModule(types.ModuleType):
    """``simulator.sweep`` is both this module and the :func:`sweep` function: importing
    the module binds the name ``sweep`` on the package, so the module itself is callable."""

    def __call__(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return sweep(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

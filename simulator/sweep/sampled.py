"""What a sampled sweep found: its sensitivity indices and its scenario-discovery rule,
computed once here from the points and their replication rows, for every face (the
``sweep`` command, ``--json``, the sweep report).

The output analysed is each point's mean acknowledgement share (``ack_rate``) over its
replications, which share their seeds across points (common random numbers), so the
differences between points are the parameters' doing, not the dice's. Indices need every
point of the design (Sobol' and Morris estimators use the design's structure); an
interrupted sweep gets its rule from the points it has and no indices until resumed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.sweep.axes import short_labels
from simulator.sweep.discovery import Box, find_box, rule_text
from simulator.sweep.sampling import SampleDesign
from simulator.sweep.sensitivity import ParameterIndex, sensitivity_indices

if TYPE_CHECKING:
    from simulator.sweep.spec import SweepPlan

OUTPUT = "ack_rate"


@dataclass(frozen=True)
class SampledAnalysis:
    """A sampled sweep's indices (empty until every point has a value), its rule (None
    when no point falls below the threshold) and how many points it rests on."""

    design: SampleDesign
    indices: list[ParameterIndex]
    box: Box | None
    rule: str
    points_with_values: int
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.design.method,
            "output": OUTPUT,
            "threshold": self.design.threshold,
            "indices": [i.to_json() for i in self.indices],
            "rule": self.rule,
            "box": None if self.box is None else self.box.to_json(),
            "points_with_values": self.points_with_values,
            "points": self.design.size,
            "note": self.note,
        }


def point_means(rows: Sequence[Mapping[str, Any]], key: str = OUTPUT) -> dict[int, float]:
    """Each point's mean of ``key`` over its replication rows (beside or in ``metrics``)."""
    sums: dict[int, list[float]] = {}
    for r in rows:
        v = r.get(key)
        if v is None:
            v = (r.get("metrics") or {}).get(key)
        if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v):
            sums.setdefault(int(r["point"]), []).append(float(v))
    return {p: sum(vs) / len(vs) for p, vs in sums.items()}


def analyse_sampled(
    design: SampleDesign | Mapping[str, Any],
    points: Sequence[Mapping[str, Any]],
    rows: Sequence[Mapping[str, Any]],
    labels: Mapping[str, str] | None = None,
) -> SampledAnalysis:
    """Indices and rule of a sampled sweep: ``points`` in design order, ``rows`` its
    replication rows (``point``, ``metrics`` or ``ack_rate``)."""
    if not isinstance(design, SampleDesign):
        design = SampleDesign.from_json(dict(design))
    means = point_means(rows)
    have = [i for i in range(len(points)) if i in means]
    xs = [{n: float(points[i][n]) for n in design.names} for i in have]
    ys = [means[i] for i in have]
    box = find_box(xs, [y < design.threshold for y in ys]) if xs else None
    rule = (rule_text(box, design.threshold, dict(labels or {})) if box is not None else
            f"no point has an ack share below {design.threshold:g}")
    indices: list[ParameterIndex] = []
    note = None
    if len(have) == design.size == len(points):
        matrix = [[x[n] for n in design.names] for x in xs]
        try:
            indices = sensitivity_indices(design, matrix, ys)
        except ValueError as e:
            note = f"no indices: {e}"
    else:
        note = (f"indices need every point of the design; {len(have)} of {design.size} "
                "have replications (resume the sweep)")
    return SampledAnalysis(design, indices, box, rule, len(have), note)


def plan_analysis(plan: SweepPlan, rows: Sequence[Mapping[str, Any]]) -> SampledAnalysis | None:
    """:func:`analyse_sampled` for a sampled plan and its replication rows, with the short
    parameter labels every face uses; None for a grid plan."""
    if plan.design is None:
        return None
    labels = short_labels(list(plan.axes))
    return analyse_sampled(plan.design, plan.points, rows, labels)


@dataclass(frozen=True)
class SampledSweep:
    """What :func:`simulator.sweep.sample_sweep` returns: one row per point of the design
    (its parameters and figures, in design order) and the sensitivity analysis (indices
    with 95% intervals and the scenario-discovery rule), the same as ``pocdrill sweep
    --sample ... --json`` gives for the same design and seed."""

    rows: list[dict[str, Any]]
    sensitivity: SampledAnalysis

    def to_json(self) -> dict[str, Any]:
        return {"points": self.rows, "sensitivity": self.sensitivity.to_json()}

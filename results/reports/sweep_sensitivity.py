"""The sensitivity section of a sampled sweep's report: the design, the indices with
their 95% intervals, a tornado chart, and the scenario-discovery rule.

Every figure comes from :func:`simulator.sweep.sampled.analyse_sampled` (the same numbers
``pocdrill sweep --json`` prints); this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from results.reports.charts.tornado import tornado_chart
from results.reports.document import Block, Chart, ChartRef, Para, Report, Section, Table
from simulator.sweep.axes import short_labels
from simulator.sweep.sampled import SampledAnalysis, analyse_sampled
from simulator.sweep.sensitivity import MEASURES, Estimate

_METHODS = {
    "sobol": "a Sobol' (Saltelli) design; S1 is the share of the output's variance a "
    "parameter explains alone, ST with its interactions (SALib, bootstrap 95% intervals)",
    "morris": "a Morris design of trajectories; mu* is the mean absolute change in the "
    "ack share over a parameter's range (elementary effects), sigma their spread "
    "(interactions or curvature)",
    "lhs": "a Latin hypercube; S1 is the first-order index, the share of the output's "
    "variance a parameter explains alone (RBD-FAST, SALib, bootstrap 95% intervals)",
}


def sensitivity_section(
    rep: Report,
    design: Mapping[str, Any],
    points: Sequence[Mapping[str, Any]],
    rows: Sequence[Mapping[str, Any]],
) -> SampledAnalysis:
    """Add the section (and its tornado chart) to ``rep``; return the analysis."""
    labels = short_labels(list(design.get("order") or design["ranges"]))  # JSONB sorts keys
    result = analyse_sampled(design, points, rows, labels)
    d = result.design
    ranges = ", ".join(f"{labels[k]} {lo:g} to {hi:g}" for k, (lo, hi) in d.ranges.items())
    blocks: list[Block] = [Para(
        f"Sampled sweep: {_METHODS[d.method]}. N = {d.n}, {d.size} points over {ranges}; "
        "every point runs the same replications with the same seeds (common random "
        "numbers). The output is each point's mean share acknowledged in time."
    )]
    if result.indices:
        measures = MEASURES[d.method]
        cols = ["Parameter"]
        for m in measures:
            cols += [m, "95% CI"]
        table_rows = []
        for idx in result.indices:
            cells = [labels.get(idx.parameter, idx.parameter)]
            for m in measures:
                cells += list(_cells(idx.measures[m]))
            table_rows.append(cells)
        blocks += [Table(cols, table_rows, [f"param:{i.parameter}" for i in result.indices]),
                   ChartRef("chart-sweep-tornado")]
        rep.charts["chart-sweep-tornado"] = Chart(
            "chart-sweep-tornado",
            "Tornado: each parameter's indices, largest first, with 95% intervals.",
            lambda: _tornado(result, labels),
        )
    if result.note:
        blocks.append(Para(result.note.capitalize() + "."))
    blocks.append(Para(
        f"Scenario discovery: {result.rule}. Found by peeling the box of all points "
        "(PRIM): each step removes the 5% of the box's points at one end of one parameter "
        "that most raises the share of points below the threshold, until no peel helps "
        "or the box holds under 5% of the points; bounds that do not matter are then "
        "dropped. Coverage: the share of all low points inside the box; density: the share "
        "of the box's points that are low."
    ))
    rep.sections.append(Section("sensitivity", "Sensitivity and scenario discovery", blocks))
    return result


def _cells(e: Estimate) -> tuple[str, str]:
    ci = "-" if e.low is None or e.high is None else f"{e.low:.3f} to {e.high:.3f}"
    return f"{e.value:.3f}", ci


def _tornado(result: SampledAnalysis, labels: dict[str, str]) -> str:
    measures = MEASURES[result.design.method]
    names = [labels.get(i.parameter, i.parameter) for i in result.indices]
    series = [(m, [(i.measures[m].value, i.measures[m].low, i.measures[m].high)
                   for i in result.indices]) for m in measures]
    return tornado_chart(names, series, title="Sensitivity of the share acknowledged")

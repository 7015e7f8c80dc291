"""The report of a stored parameter sweep: each point's rates with 95% intervals, and
charts with uncertainty bands.

Rate intervals are the cluster-aware Wilson 95% intervals studies use (as ``pocdrill
sweep`` reports them). Each point's difference from the baseline point (the one marked at
creation, else point 0) is paired by replication (common random numbers), with its own
95% interval, as in ``pocdrill sweep``'s table (the numbers: :mod:`.sweep_stats`).
Per-group rates are not kept per replication (only the compact summary is), so the sweep
report has none.

Charts: the acknowledgement rate per point with its 95% interval and the 2.5-97.5
percentile band of the replications (against the axis value when the sweep has one
numeric axis, else against the point number); and, when the sweep's runs were stored
as runs, the cumulative share over time per point with pointwise percentile bands.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from results.reports.charts.bars import sweep_chart
from results.reports.charts.cumulative import Curve, band_curve, cumulative_chart
from results.reports.document import Block, Chart, ChartRef, Para, Report, Section, Table
from results.reports.sweep_stats import (
    Difference,
    PointCurve,
    PointStats,
    baseline_differences,
    point_curves,
    point_stats,
)
from simulator.text import hours, pct

if TYPE_CHECKING:
    from results.store import Store, SweepInfo

MAX_RUNS_PER_POINT = 50
MAX_CURVE_POINTS = 6
"""At most this many points get a per-point curve chart (the baseline first)."""

Params = dict[int, dict[str, Any]]
"""Each point's parameters: point -> {axis path: value}."""

POINT_COLUMNS = [
    "Point",
    "Parameters",
    "Replications",
    "Acknowledged in time",
    "95% CI",
    "Completed in time",
    "95% CI",
    "Median hours to acknowledge",
    "Acknowledged vs baseline",
    "95% CI of the difference",
]


def _params(p: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in (p or {}).items()) or "-"


def _pp(d: Difference) -> tuple[str, str]:
    """A paired difference as percentage points and its interval."""
    if not d or d[0] is None:
        return "-", "-"
    lo, hi = d[1], d[2]
    iv = "-" if lo is None or hi is None else f"{lo * 100:+.1f} to {hi * 100:+.1f} pp"
    return f"{d[0] * 100:+.1f} pp", iv


def _ci(iv: tuple[float, float] | None) -> str:
    """A rate's interval, clipped to [0, 100%] for display."""
    return "-" if iv is None else f"{pct(max(0.0, iv[0]))} to {pct(min(1.0, iv[1]))}"


def _baseline(info: SweepInfo) -> int:
    """The point marked as the baseline at creation, else point 0."""
    marked = next(
        (int(r["point"]) for r in info.point_rows if (r.get("aggregates") or {}).get("baseline")),
        None,
    )
    return marked if marked is not None else 0


def _points_table(
    stats: dict[int, PointStats],
    params: Params,
    baseline: int,
    diffs: dict[int, dict[str, Difference]],
) -> Table:
    """One row per point: its rates, their intervals and the difference from the baseline."""
    table_rows, keys = [], []
    for point in sorted(set(params) | set(stats)):
        s = stats.get(point)
        mark = " (baseline)" if point == baseline else ""
        if point == baseline:
            diff_cells = ["baseline", "-"]
        else:
            diff_cells = list(_pp((diffs.get(point) or {}).get("ack_rate")))
        cells = (
            ["0", "-", "-", "-", "-", "-"]
            if s is None
            else [
                str(s["replications"]),
                pct(s["ack_rate"]),
                _ci(s["ack_rate_ci95"]),
                pct(s["completion_rate"]),
                _ci(s["completion_rate_ci95"]),
                hours(s["median_hours_to_ack"]),
            ]
        )
        table_rows.append([f"{point}{mark}", _params(params.get(point, {})), *cells, *diff_cells])
        keys.append(f"point:{point}")
    return Table(POINT_COLUMNS, table_rows, keys)


def _overview(info: SweepInfo, baseline: int) -> Section:
    axes = ", ".join(f"{k}: {v}" for k, v in (info.axes or {}).items())
    text = (
        f"Axes: {axes or '-'}. Rates are means over replications with 95% "
        "intervals (Wilson's, widened by the spread between replications); times are "
        "the median over "
        "replications of each replication's median. Differences from the "
        f"baseline (point {baseline}) are in percentage points, paired by "
        "replication (common random numbers), with their 95% intervals. "
        "Per-group rates are not kept for sweep replications."
    )
    return Section("overview", "Overview", [Para(text)])


def _numeric_axis(info: SweepInfo, stats: dict[int, PointStats], params: Params) -> str | None:
    """The sweep's one axis when every point's value on it is a number, else None."""
    if info.axes and len(info.axes) == 1:
        (name,) = info.axes
        if all(isinstance(params.get(p, {}).get(name), int | float) for p in stats):
            return str(name)
    return None


def _rate_chart(stats: dict[int, PointStats], params: Params, axis: str | None) -> str:
    """The acknowledgement rate per point (ordered along ``axis``, else by point number)."""
    pts = [p for p in sorted(stats) if stats[p]["ack_rate"] is not None]
    xs = [float(params[p][axis]) for p in pts] if axis else [float(p) for p in pts]
    order = sorted(range(len(pts)), key=lambda i: xs[i])
    pts, xs = [pts[i] for i in order], [xs[i] for i in order]
    ci = [stats[p]["ack_rate_ci95"] or (float("nan"), float("nan")) for p in pts]
    return sweep_chart(
        xs,
        [stats[p]["ack_rate"] for p in pts],
        [c[0] for c in ci],
        [c[1] for c in ci],
        [stats[p]["ack_rate_p025"] for p in pts],
        [stats[p]["ack_rate_p975"] for p in pts],
        axis=axis,
    )


def sweep_report(store: Store, sweep_id: int) -> Report:
    """The report of sweep ``sweep_id`` (raises the store's NotFound)."""
    from results.store.queries import sweep_runs

    info = store.get_sweep(sweep_id)
    rows = store.replication_summaries(sweep_id)
    stats = point_stats(rows)
    params: Params = {int(r["point"]): r.get("params") or {} for r in info.point_rows}
    baseline = _baseline(info)
    diffs = baseline_differences(rows, baseline)
    rep = Report(
        title=f"Sweep report: {info.name}",
        subtitle=f"Sweep {info.id} of {info.scenario or 'a scenario'}: {info.points} points x "
        f"{info.replications} replications, base seed {info.base_seed} ({info.status})",
        sections=[],
        generated=date.today(),
    )
    rep.sections.append(_overview(info, baseline))
    table = _points_table(stats, params, baseline, diffs)
    rep.sections.append(Section("points", "Rates per point", [table, ChartRef("chart-sweep")]))
    axis = _numeric_axis(info, stats, params)
    rep.charts["chart-sweep"] = Chart(
        "chart-sweep",
        "Acknowledged in time per point: mean with its 95% interval (dark band) "
        "and the 2.5-97.5 percentile range of replications (light band).",
        lambda: _rate_chart(stats, params, axis),
    )
    if info.design:
        from results.reports.sweep_sensitivity import sensitivity_section

        ordered = [params.get(i, {}) for i in range(info.points)]
        found = sensitivity_section(rep, info.design, ordered, rows)
        rep.data["sensitivity"] = found.to_json()
    _add_point_curves(rep, point_curves(rows), params, baseline)
    runs = sweep_runs(store, sweep_id)
    if runs:
        rep.sections[-1].blocks.append(ChartRef("chart-sweep-curves"))
        rep.charts["chart-sweep-curves"] = Chart(
            "chart-sweep-curves",
            "Cumulative share acknowledged per point (median of "
            "replications, 2.5-97.5 percentile band).",
            lambda: _curves(store, runs, params),
        )
    rep.data |= {"points": stats, "baseline": baseline, "differences": diffs}
    return rep


def _point_chart(c: PointCurve, label: str, cid: str) -> str:
    ok = [i for i, v in enumerate(c["median"]) if v is not None]
    curve = Curve(
        "median of replications",
        [(c["t"][i], c["median"][i] or 0.0) for i in ok],
        [(c["t"][i], c["lo"][i] or 0.0, c["hi"][i] or 0.0) for i in ok],
    )
    return cumulative_chart(
        [curve],
        deadline=c["deadline"],
        horizon=c["t"][-1] if c["t"][-1] > 0 else 1.0,
        title=f"Acknowledged over time, point {label}",
        chart_id=cid,
    )


def _add_point_curves(
    rep: Report, curves: dict[int, PointCurve], params: Params, baseline: int | None
) -> None:
    """A section with one cumulative-acknowledged chart per point (at most
    ``MAX_CURVE_POINTS``, the baseline first), charts ``chart-sweep-ack-<point>``."""
    if not curves:
        return
    order = sorted(curves, key=lambda p: (p != baseline, p))
    shown = order[:MAX_CURVE_POINTS]
    blocks: list[Block] = [
        Para(
            "Cumulative share acknowledged (late answers included) per point: the median "
            "over replications with the 2.5-97.5 percentile band across replications, on a "
            f"{_grid_step(curves):g}-hour grid; the deadline is marked."
            + (
                f" Showing {len(shown)} of {len(curves)} points "
                f"({', '.join(str(p) for p in sorted(shown))})."
                if len(curves) > len(shown)
                else ""
            )
        )
    ]
    for point in sorted(shown):
        cid = f"chart-sweep-ack-{point}"
        blocks.append(ChartRef(cid))
        c = curves[point]
        label = f"{point}: {_params(params.get(point, {}))}"
        rep.charts[cid] = Chart(
            cid,
            f"Point {label}: cumulative share acknowledged, median of {c['replications']} "
            "replications with the 2.5-97.5 percentile band.",
            partial(_point_chart, c, label, cid),
        )
    rep.sections.append(Section("curves", "Acknowledged over time per point", blocks))


def _grid_step(curves: dict[int, PointCurve]) -> float:
    """The step of the points' curve grid (2 hours, coarser on a long horizon)."""
    t = max((c["t"] for c in curves.values()), key=len)
    return t[1] - t[0] if len(t) > 1 else 2.0


def _curves(store: Store, runs: dict[int, list[int]], params: Params) -> str:
    curves = []
    deadline = horizon = 0.0
    for point, ids in sorted(runs.items()):
        results = [store.load_result(i) for i in ids[:MAX_RUNS_PER_POINT]]
        horizon = max(horizon, max(r.horizon_hours for r in results))
        deadline = results[0].deadline_hours
        grid = [horizon * i / 150 for i in range(151)]
        curves.append(band_curve(f"{point}: {_params(params.get(point, {}))}", results, grid))
    return cumulative_chart(
        curves,
        deadline=deadline,
        horizon=horizon,
        title="Cumulative share acknowledged per point",
        chart_id="chart-sweep-curves",
    )

"""The report of a stored parameter sweep: each point's rates with 95% intervals, and
charts with uncertainty bands.

Intervals are t-based 95% intervals of the mean over replications (as ``pocdrill sweep``
reports them). Each point's difference from the baseline point (the one marked at
creation, else point 0) is paired by replication (common random numbers), with its own
95% interval, as in ``pocdrill sweep``'s table. Per-group rates are not kept per
replication (only the compact summary is), so the sweep report has none.

Charts: the acknowledgement rate per point with its 95% interval and the 2.5-97.5
percentile band of the replications (against the axis value when the sweep has one
numeric axis, else against the point number); and, when the sweep's runs were stored
as runs, the cumulative share over time per point with pointwise percentile bands.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from results.reports.document import Chart, ChartRef, Para, Report, Section, Table, hours, pct
from simulator.analysis.metrics import mean_ci95, quantile
from simulator.sweep.stats import paired_difference

MAX_RUNS_PER_POINT = 50
MAX_CURVE_POINTS = 6
"""At most this many points get a per-point curve chart (the baseline first)."""


def point_curves(rows: list[dict[str, Any]], key: str = "ack_curve") -> dict[int, dict[str, Any]]:
    """Per point with stored curves (``replication_metrics``' ``ack_curve`` /
    ``completion_curve``): the grid ``t``, pointwise ``median``, ``lo`` (2.5%) and ``hi``
    (97.5%) across replications, the ``deadline`` (or None) and ``replications``."""
    by: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        m = r.get("metrics") or {}
        if isinstance(m.get(key), list) and m[key]:
            by.setdefault(int(r["point"]), []).append(m)
    out: dict[int, dict[str, Any]] = {}
    for point, ms in sorted(by.items()):
        step = float(ms[0].get("curve_step_hours") or 2)
        width = max(len(m[key]) for m in ms)
        t = [i * step for i in range(width)]
        med, lo, hi = [], [], []
        for j in range(width):
            col = [
                float(m[key][j])
                for m in ms
                if j < len(m[key])
                and m[key][j] is not None
                and not (isinstance(m[key][j], float) and math.isnan(m[key][j]))
            ]
            med.append(quantile(col, 0.5))
            lo.append(quantile(col, 0.025))
            hi.append(quantile(col, 0.975))
        d = ms[0].get("deadline_hours")
        out[point] = {
            "t": t,
            "median": med,
            "lo": lo,
            "hi": hi,
            "deadline": float(d) if isinstance(d, int | float) else None,
            "replications": len(ms),
        }
    return out


def _params(p: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in (p or {}).items()) or "-"


def point_stats(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Per point: replications, mean and 95% interval of ack/completion rates, the 2.5 and
    97.5 percentiles of the ack rate, and the median of the replications' median hours."""
    by: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by.setdefault(int(r["point"]), []).append(r)
    out: dict[int, dict[str, Any]] = {}
    for point, rs in sorted(by.items()):

        def vals(key: str, rs: list[dict[str, Any]] = rs) -> list[float]:
            xs = []
            for r in rs:
                v = r.get(key)
                if v is None:
                    v = (r.get("metrics") or {}).get(key)
                if v is not None and not (isinstance(v, float) and math.isnan(v)):
                    xs.append(float(v))
            return xs

        ack, comp, med = vals("ack_rate"), vals("completion_rate"), vals("median_hours_to_ack")
        out[point] = {
            "replications": len(rs),
            "ack_rate": sum(ack) / len(ack) if ack else None,
            "ack_rate_ci95": mean_ci95(ack) if ack else None,
            "ack_rate_p025": quantile(ack, 0.025),
            "ack_rate_p975": quantile(ack, 0.975),
            "completion_rate": sum(comp) / len(comp) if comp else None,
            "completion_rate_ci95": mean_ci95(comp) if comp else None,
            "median_hours_to_ack": quantile(med, 0.5),
        }
    return out


def _metric_rows(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Replication rows per point in :func:`paired_difference`'s shape (rates copied into
    ``metrics`` when stored only beside it)."""
    by: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        m = dict(r.get("metrics") or {})
        for key in ("ack_rate", "completion_rate"):
            if m.get(key) is None and r.get(key) is not None:
                m[key] = r[key]
        by.setdefault(int(r["point"]), []).append(
            {"replication": int(r.get("replication") or 0), "metrics": m}
        )
    return by


def baseline_differences(
    rows: list[dict[str, Any]], baseline: int
) -> dict[int, dict[str, list[float | None] | None]]:
    """Per point (not the baseline): ``ack_rate`` and ``completion_rate`` minus the
    baseline's, paired by replication, as ``[mean, lo, hi]`` (None when not computable)."""
    by = _metric_rows(rows)
    base = by.get(baseline, [])
    out: dict[int, dict[str, list[float | None] | None]] = {}
    for point, rs in sorted(by.items()):
        if point == baseline or not base:
            continue
        out[point] = {}
        for key in ("ack_rate", "completion_rate"):
            d, (lo, hi) = paired_difference(rs, base, key)
            out[point][key] = None if d is None else [d, lo, hi]
    return out


def _pp(d: list[float | None] | None) -> tuple[str, str]:
    """A paired difference as percentage points and its interval."""
    if not d or d[0] is None:
        return "-", "-"
    lo, hi = d[1], d[2]
    iv = "-" if lo is None or hi is None else f"{lo * 100:+.1f} to {hi * 100:+.1f} pp"
    return f"{d[0] * 100:+.1f} pp", iv


def _ci(iv: tuple[float, float] | None) -> str:
    """A rate's interval, clipped to [0, 100%] for display."""
    return "-" if iv is None else f"{pct(max(0.0, iv[0]))} to {pct(min(1.0, iv[1]))}"


def sweep_report(store: Any, sweep_id: int) -> Report:
    """The report of sweep ``sweep_id`` (raises the store's NotFound)."""
    from results.store.queries import sweep_runs

    info = store.get_sweep(sweep_id)
    rows = store.replication_summaries(sweep_id)
    stats = point_stats(rows)
    params = {int(r["point"]): r.get("params") or {} for r in info.point_rows}
    marked = next(
        (int(r["point"]) for r in info.point_rows if (r.get("aggregates") or {}).get("baseline")),
        None,
    )
    baseline = marked if marked is not None else 0
    diffs = baseline_differences(rows, baseline)
    table_rows, keys = [], []
    for point in sorted(set(params) | set(stats)):
        s = stats.get(point)
        mark = " (baseline)" if point == baseline else ""
        if point == baseline:
            diff_cells = ["baseline", "-"]
        else:
            diff_cells = list(_pp((diffs.get(point) or {}).get("ack_rate")))
        if s is None:
            table_rows.append(
                [f"{point}{mark}", _params(params.get(point, {})), "0", "-", "-", "-", "-", "-"]
                + diff_cells
            )
        else:
            table_rows.append(
                [
                    f"{point}{mark}",
                    _params(params.get(point, {})),
                    str(s["replications"]),
                    pct(s["ack_rate"]),
                    _ci(s["ack_rate_ci95"]),
                    pct(s["completion_rate"]),
                    _ci(s["completion_rate_ci95"]),
                    hours(s["median_hours_to_ack"]),
                    *diff_cells,
                ]
            )
        keys.append(f"point:{point}")
    rep = Report(
        title=f"Sweep report: {info.name}",
        subtitle=f"Sweep {info.id} of {info.scenario or 'a scenario'}: {info.points} points x "
        f"{info.replications} replications, base seed {info.base_seed} ({info.status})",
        sections=[],
        generated=date.today(),
    )
    axes = ", ".join(f"{k}: {v}" for k, v in (info.axes or {}).items())
    rep.sections.append(
        Section(
            "overview",
            "Overview",
            [
                Para(
                    f"Axes: {axes or '-'}. Rates are means over replications with t-based "
                    "95% intervals (shown clipped to 0-100%); times are the median over "
                    "replications of each replication's median. Differences from the "
                    f"baseline (point {baseline}) are in percentage points, paired by "
                    "replication (common random numbers), with their 95% intervals. "
                    "Per-group rates are not kept for sweep replications."
                ),
            ],
        )
    )
    rep.sections.append(
        Section(
            "points",
            "Rates per point",
            [
                Table(
                    [
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
                    ],
                    table_rows,
                    keys,
                ),
                ChartRef("chart-sweep"),
            ],
        )
    )
    numeric_axis = None
    if info.axes and len(info.axes) == 1:
        (name,) = info.axes
        if all(isinstance(params.get(p, {}).get(name), int | float) for p in stats):
            numeric_axis = name

    def render() -> str:
        return _sweep_chart(stats, params, numeric_axis)

    rep.charts["chart-sweep"] = Chart(
        "chart-sweep",
        "Acknowledged in time per point: mean with its 95% interval (dark band) "
        "and the 2.5-97.5 percentile range of replications (light band).",
        render,
    )
    _add_point_curves(rep, point_curves(rows), params, baseline)
    runs = sweep_runs(store, sweep_id)
    if runs:
        rep.sections[-1].blocks.append(ChartRef("chart-sweep-curves"))

        def curves() -> str:
            return _curves(store, runs, params)

        rep.charts["chart-sweep-curves"] = Chart(
            "chart-sweep-curves",
            "Cumulative share acknowledged per point (median of "
            "replications, 2.5-97.5 percentile band).",
            curves,
        )
    rep.data = {"points": stats, "baseline": baseline, "differences": diffs}
    return rep


def _add_point_curves(
    rep: Report,
    curves: dict[int, dict[str, Any]],
    params: dict[int, dict[str, Any]],
    baseline: int | None,
) -> None:
    """A section with one cumulative-acknowledged chart per point (at most
    ``MAX_CURVE_POINTS``, the baseline first), charts ``chart-sweep-ack-<point>``."""
    if not curves:
        return
    order = sorted(curves, key=lambda p: (p != baseline, p))
    shown = order[:MAX_CURVE_POINTS]
    blocks: list[Any] = [
        Para(
            "Cumulative share acknowledged (late answers included) per point: the median "
            "over replications with the 2.5-97.5 percentile band across replications, on a "
            "2-hour grid; the deadline is marked."
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

        def render(c: dict[str, Any] = c, label: str = label, cid: str = cid) -> str:
            from results.reports import charts

            ok = [i for i, v in enumerate(c["median"]) if v is not None]
            curve = charts.Curve(
                "median of replications",
                [(c["t"][i], c["median"][i]) for i in ok],
                [(c["t"][i], c["lo"][i], c["hi"][i]) for i in ok],
            )
            return charts.cumulative_chart(
                [curve],
                deadline=c["deadline"],
                horizon=c["t"][-1] if c["t"][-1] > 0 else 1.0,
                title=f"Acknowledged over time, point {label}",
                chart_id=cid,
            )

        rep.charts[cid] = Chart(
            cid,
            f"Point {label}: cumulative share acknowledged, median of {c['replications']} "
            "replications with the 2.5-97.5 percentile band.",
            render,
        )
    rep.sections.append(Section("curves", "Acknowledged over time per point", blocks))


def _sweep_chart(
    stats: dict[int, dict[str, Any]], params: dict[int, dict[str, Any]], axis: str | None
) -> str:
    from results.reports.charts import _percent, _plt, _rc, svg_of

    plt = _plt()
    pts = [p for p in sorted(stats) if stats[p]["ack_rate"] is not None]
    xs = [float(params[p][axis]) for p in pts] if axis else [float(p) for p in pts]
    order = sorted(range(len(pts)), key=lambda i: xs[i])
    pts, xs = [pts[i] for i in order], [xs[i] for i in order]
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=(7.5, 3.2))
        mean = [stats[p]["ack_rate"] for p in pts]
        lo = [stats[p]["ack_rate_ci95"][0] for p in pts]
        hi = [stats[p]["ack_rate_ci95"][1] for p in pts]
        plo = [stats[p]["ack_rate_p025"] for p in pts]
        phi = [stats[p]["ack_rate_p975"] for p in pts]
        ax.fill_between(
            xs,
            plo,
            phi,
            color="#1f5fa8",
            alpha=0.12,
            linewidth=0,
            label="2.5-97.5% of replications",
        )
        ax.fill_between(xs, lo, hi, color="#1f5fa8", alpha=0.3, linewidth=0, label="95% CI")
        ax.plot(xs, mean, marker="o", color="#1f5fa8", label="acknowledged in time (mean)")
        ax.set_xlabel(axis or "point")
        if not axis:
            ax.set_xticks(xs)
        ax.set_ylim(0, 1.02)
        ax.yaxis.set_major_formatter(_percent())
        ax.set_title("Acknowledged in time per point", loc="left", fontsize=10)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        return svg_of(fig, "Acknowledged in time per point", "chart-sweep")


def _curves(store: Any, runs: dict[int, list[int]], params: dict[int, dict[str, Any]]) -> str:
    from results.reports import charts

    curves = []
    deadline = horizon = 0.0
    for point, ids in sorted(runs.items()):
        results = [store.load_result(i) for i in ids[:MAX_RUNS_PER_POINT]]
        horizon = max(horizon, max(r.horizon_hours for r in results))
        deadline = results[0].deadline_hours
        grid = [horizon * i / 150 for i in range(151)]
        curves.append(charts.band_curve(f"{point}: {_params(params.get(point, {}))}", results,
                                        grid))
    return charts.cumulative_chart(
        curves,
        deadline=deadline,
        horizon=horizon,
        title="Cumulative share acknowledged per point",
        chart_id="chart-sweep-curves",
    )

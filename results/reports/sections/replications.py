"""The Replications section of a run's after-action report, for a run that has sibling
replications (``pocdrill run -r R``): the mean rates with their 95% intervals, the table
by group, and band charts (median cumulative share with the 2.5-97.5 percentile band)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from results.reports.charts.cumulative import band_curve, cumulative_chart
from results.reports.document import Block, Chart, ChartRef, Para, Report, Section, Sub, Table
from simulator.analysis.metrics import RATE_BOUNDS, mean_ci95, summarize
from simulator.model.outcome import RunResult
from simulator.text import hours, pct


def replications(
    report: Report, results: Sequence[RunResult], ids: Sequence[int | None]
) -> None:
    """Add the section and its band charts to ``report``."""
    groups = _group_names(results[0])
    run_list = ", ".join(str(i) for i in ids if i is not None)
    blocks: list[Block] = [
        Para(
            f"This run is one of {len(results)} replications of the same scenario and seed"
            + (f" (runs {run_list})." if run_list else ".")
        ),
        _measures(results),
        ChartRef("chart-replications"),
    ]
    if len(groups) > 1:
        blocks += [
            Sub("By group"),
            _group_table(results, groups),
            ChartRef("chart-replications-groups"),
        ]
    report.sections.append(Section("replications", "Replications", blocks))
    report.charts["chart-replications"] = Chart(
        "chart-replications",
        "Median cumulative share across replications with the pointwise 2.5-97.5 percentile band.",
        lambda: _chart(results),
    )
    if len(groups) <= 1:
        return
    report.charts["chart-replications-groups"] = Chart(
        "chart-replications-groups",
        "Per group: median cumulative share acknowledged across replications with the "
        "pointwise 2.5-97.5 percentile band.",
        lambda: _groups_chart(results, groups),
    )


def _measures(results: Sequence[RunResult]) -> Table:
    """The mean rates over the replications with their 95% intervals, the pooled median."""
    s = summarize(results)
    rates = []
    for r in results:
        n = len(r.participants)
        rates.append(
            sum(1 for p in r.participants if p.ack_at is not None and p.ack_at <= r.deadline_hours)
            / n
            if n
            else float("nan")
        )
    lo, hi = mean_ci95(rates, RATE_BOUNDS)
    rows = [
        ["Replications", str(len(results))],
        ["Acknowledged in time (mean)", f"{pct(s['ack_rate'])} (95% CI {pct(lo)} to {pct(hi)})"],
    ]
    keys = ["replications", "ack_rate_mean"]
    if "completion_rate_ci95" in s and results[0].level == "task":
        c0, c1 = s["completion_rate_ci95"]
        rows.append(
            [
                "Completed in time (mean)",
                f"{pct(s['completion_rate'])} (95% CI {pct(c0)} to {pct(c1)})",
            ]
        )
        keys.append("completion_rate_mean")
    rows.append(["Median hours to acknowledge (pooled)", hours(s["median_hours_to_ack"])])
    keys.append("median_hours_pooled")
    return Table(["Measure", "Value"], rows, keys)


def _grid(r0: RunResult) -> list[float]:
    h = r0.horizon_hours
    return [h * i / 200 for i in range(201)]


def _chart(results: Sequence[RunResult]) -> str:
    r0 = results[0]
    curves = [
        band_curve(f"{label} (median, 2.5-97.5%)", results, _grid(r0), what,
                   dashed=what == "completed")
        for what, label in (("ack", "acknowledged"), ("completed", "completed"))
        if what == "ack" or r0.level == "task"
    ]
    return cumulative_chart(
        curves,
        deadline=r0.deadline_hours,
        horizon=r0.horizon_hours,
        chart_id="chart-replications",
        title=f"Cumulative share over {len(results)} replications",
    )


def _groups_chart(results: Sequence[RunResult], groups: list[str]) -> str:
    r0 = results[0]
    curves = [
        band_curve(f"{g} ({sum(1 for p in r0.participants if p.group == g)})",
                   [_in_group(r, g) for r in results], _grid(r0))
        for g in groups
    ]
    return cumulative_chart(
        curves,
        deadline=r0.deadline_hours,
        horizon=r0.horizon_hours,
        chart_id="chart-replications-groups",
        title=f"Cumulative share acknowledged by group over {len(results)} replications",
    )


def _group_names(result: RunResult) -> list[str]:
    return list(dict.fromkeys(p.group for p in result.participants))


def _in_group(result: RunResult, group: str) -> RunResult:
    return replace(result, participants=[p for p in result.participants if p.group == group])


def _in_time_rate(result: RunResult, what: str = "ack") -> float | None:
    n, d = len(result.participants), result.deadline_hours
    if not n:
        return None
    k = sum(
        1
        for p in result.participants
        if (t := (p.ack_at if what == "ack" else p.completed_at)) is not None and t <= d
    )
    return k / n


def _group_table(results: Sequence[RunResult], groups: list[str]) -> Table:
    """Per group: the mean share acknowledged (completed) in time over replications with
    its t-based 95% interval."""
    task = results[0].level == "task"
    rows, keys = [], []
    for g in groups:
        sub = [_in_group(r, g) for r in results]
        row = [g, str(len(sub[0].participants))]
        for what in ("ack", "completed") if task else ("ack",):
            xs = [x for r in sub if (x := _in_time_rate(r, what)) is not None]
            if xs:
                lo, hi = mean_ci95(xs)
                row.append(
                    f"{pct(sum(xs) / len(xs))} (95% CI {pct(max(0.0, lo))} to {pct(min(1.0, hi))})"
                )
            else:
                row.append("-")
        rows.append(row)
        keys.append(f"rep-group:{g}")
    cols = ["Group", "Participants", "Acknowledged in time (mean)"]
    if task:
        cols.append("Completed in time (mean)")
    return Table(cols, rows, keys)

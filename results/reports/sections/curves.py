"""The cumulative-share charts of a run's after-action report (the Overview refers to
them): acknowledged (and completed) over time with the 95% Greenwood band, and
acknowledged per group. A live check's chart draws, under the observed curve, the share
its network was expected to acknowledge: the median and 90% band of replications of its
scenario started at the same moment (:mod:`results.live.expected`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from results.reports.charts.cumulative import Curve, cumulative_chart
from results.reports.document import Chart, Report
from results.reports.observed import Observation
from simulator.analysis.survival import km_cumulative_band, time_to
from simulator.model.outcome import RunResult

if TYPE_CHECKING:
    from simulator.analysis.expected import ExpectedBand


def curve_charts(report: Report, result: RunResult, obs: Observation,
                 expected: ExpectedBand | None = None) -> None:
    """Add ``chart-cumulative`` (with ``expected`` under it) and ``chart-groups``."""
    under = "" if expected is None else (
        f" Under it, dashed: the share expected from {expected.replications} replications "
        "of the scenario started at the same moment (median, 90% band).")
    report.charts["chart-cumulative"] = Chart(
        "chart-cumulative",
        "Cumulative share of participants that acknowledged (and completed) "
        "over time; the shaded band is the 95% Greenwood (log-log) interval." + under,
        lambda: _cumulative(result, obs, expected),
    )
    report.charts["chart-groups"] = Chart(
        "chart-groups",
        "Cumulative share acknowledged per group (Kaplan-Meier).",
        lambda: _groups(result, obs),
    )


def _cut(obs: Observation) -> str:
    return f" - {obs.phrase()}" if obs.cut else ""


def _horizon(result: RunResult) -> float:
    return max(result.horizon_hours, 0.1)  # a run stopped at once still gets an axis


def _expected_curve(band: ExpectedBand) -> Curve:
    grid = band.grid.tolist()
    return Curve(f"expected (90% band, {band.replications} replications)",
                 list(zip(grid, band.p50.tolist(), strict=True)),
                 list(zip(grid, band.p05.tolist(), band.p95.tolist(), strict=True)),
                 color="#888888", dashed=True)


def _cumulative(result: RunResult, obs: Observation, expected: ExpectedBand | None) -> str:
    curves = [] if expected is None else [_expected_curve(expected)]
    t, o = time_to(result, "ack")
    band = km_cumulative_band(t, o)
    curves.append(
        Curve("acknowledged", [(x[0], x[1]) for x in band], [(x[0], x[2], x[3]) for x in band])
    )
    if result.level == "task" or result.kind == "tabletop":
        t, o = time_to(result, "completed")
        comp = km_cumulative_band(t, o)
        curves.append(Curve("completed", [(x[0], x[1]) for x in comp], dashed=True))
    return cumulative_chart(
        curves,
        deadline=result.deadline_hours,
        horizon=_horizon(result),
        chart_id="chart-cumulative",
        title="Cumulative share acknowledged (Kaplan-Meier, 95% Greenwood band)" + _cut(obs),
    )


def _groups(result: RunResult, obs: Observation) -> str:
    names: list[str] = []
    for p in result.participants:
        if p.group not in names:
            names.append(p.group)
    curves = []
    for g in names:
        t, o = time_to(result, "ack", [p.code for p in result.participants if p.group == g])
        band = km_cumulative_band(t, o)
        curves.append(Curve(f"{g} ({len(t)})", [(x[0], x[1]) for x in band]))
    return cumulative_chart(
        curves,
        deadline=result.deadline_hours,
        horizon=_horizon(result),
        chart_id="chart-groups",
        title="Cumulative share acknowledged by group" + _cut(obs),
    )

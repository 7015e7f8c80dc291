"""A study's report (``pocdrill report study:N``): N replications of one scenario as one
result.

Sections: Overview (what was run; the key numbers, worded as every face words them),
Spread between replications (quantiles of the per-replication rate), Time to
acknowledge (the pooled Kaplan–Meier cumulative share with its 95% band, as a chart and
a table), By group, the participants least likely to acknowledge (and complete) in time
(contacts to fix are not kept per replication: the report says so) and, for a tabletop,
the scorecard. The
figures it shows are embedded in it (:attr:`~results.reports.document.Report.figures`);
``data`` holds the whole study summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from results.reports.charts.cumulative import Curve, cumulative_chart
from results.reports.charts.figure import tick_step
from results.reports.document import Block, Chart, ChartRef, Para, Report, Section, Sub, Table
from results.reports.figure_lines import figure_lines, least_likely, selection_note
from simulator.text import hours, pct, utc

if TYPE_CHECKING:
    from results.store import Store, StudyInfo

PARTICIPANTS_SHOWN = 20
CONTACTS_NOT_KEPT = (
    "Contacts to fix are not listed for a study: a replication keeps its counts of bounced "
    "and stale contacts, not which contacts they were (that would store a row per contact "
    "and replication). Run one replication (pocdrill run SCENARIO) to list them.")
CURVE_EVERY_HOURS = 12
CURVE_ROWS = 60
"""At most this many rows in the time-to-acknowledge table: a long horizon gets a row every
day, week, month or year (the ticks of its chart) instead of one every 12 hours."""


def build_study_report(store: Store, study_id: int) -> Report:
    """The report of stored study ``study_id`` (NotFound if none; an
    :class:`~simulator.model.errors.InputError` before its first replication)."""
    from results.runs.study import study_summary

    info = store.get_study(study_id)
    return study_report(info, study_summary(store, study_id))


def study_report(info: StudyInfo, summary: dict[str, Any]) -> Report:
    """The report of a study from its record and summary (with ``figures``)."""
    figures = summary["figures"]
    check = figures.get("kind") == "check"
    report = Report(
        title=f"Study report: {info.scenario}",
        subtitle=(f"{info.replications} replications of a simulated "
                  f"{'communication check' if check else 'tabletop exercise'}, seed "
                  f"{info.seed} - study {info.id} ({info.status})"),
        sections=[_overview(info, summary, figures)],
        generated=info.finished_at.date() if info.finished_at else None,
    )
    if check:
        report.sections += [_spread(summary), _curve(report, summary), _groups(summary),
                            _participants(summary)]
    else:
        report.sections.append(_scorecard(summary))
    report.figures = figures
    report.data = {"summary": summary}
    return report


def _overview(info: StudyInfo, summary: dict[str, Any], figures: dict[str, Any]) -> Section:
    rows = [
        ["Scenario", info.scenario],
        ["Replications", f"{info.done} of {info.replications} ({info.status})"],
        ["Seed", str(info.seed)],
        ["Deadline", f"{summary['deadline_hours']:g} h ({summary.get('level')})"],
        ["Observed until", f"{summary['horizon_hours']:g} h"],
        ["Recorded", f"{utc(info.started_at)} to {utc(info.finished_at)}"],
    ]
    lines = [("participants", "Participants", str(figures["participants"]))]
    lines += figure_lines(figures)
    blocks: list[Block] = [
        Table(["", ""], rows),
        Sub("Key numbers"),
        Table(["Measure", "Value"], [[a, b] for _, a, b in lines], keys=[k for k, _, _ in lines],
              caption=selection_note(figures) or ""),
    ]
    if figures.get("kind") == "check":
        blocks.append(Para("Rates are pooled over participants and replications, with a 95% "
                           "interval (Wilson's, widened by the spread between replications); "
                           "counts are per replication."))
    return Section("overview", "Overview", blocks)


def _spread(summary: dict[str, Any]) -> Section:
    d = summary.get("ack_rate_distribution") or {}
    names = ("min", "p05", "p25", "median", "p75", "p95", "max")
    return Section("spread", "Spread between replications", [
        Para("The share acknowledged within the deadline, replication by replication."),
        Table(["", *names], [["Acknowledged in time", *(pct(d.get(n)) for n in names)]]),
    ])


def _curve(report: Report, summary: dict[str, Any]) -> Section:
    curve = summary.get("km_ack_curve") or []
    report.charts["chart-study-cumulative"] = Chart(
        "chart-study-cumulative",
        "Cumulative share of participants that acknowledged, pooled over the replications "
        "(Kaplan-Meier); the shaded band is its 95% Greenwood (log-log) interval.",
        lambda: cumulative_chart(
            [Curve("acknowledged", [(t, v) for t, v, _, _ in curve],
                   [(t, lo, hi) for t, _, lo, hi in curve])],
            deadline=float(summary["deadline_hours"]),
            horizon=max(float(summary["horizon_hours"]), 0.1),
            chart_id="chart-study-cumulative",
            title="Cumulative share acknowledged, pooled (Kaplan-Meier, 95% band)"),
    )
    horizon = float(summary["horizon_hours"])
    every = CURVE_EVERY_HOURS if horizon // CURVE_EVERY_HOURS <= CURVE_ROWS else tick_step(horizon)
    rows = [[f"{t:g} h", pct(share), f"{pct(lo)} - {pct(hi)}"]
            for t, share, lo, hi in curve if t % every == 0]
    return Section("curve", "Time to acknowledge", [
        Para("The share of participants that had acknowledged, pooled over the replications "
             "(Kaplan-Meier, censored at the end of observation), with its 95% band."),
        ChartRef("chart-study-cumulative"),
        Table(["Hours since the start", "Acknowledged", "95% band"], rows,
              caption="" if every == CURVE_EVERY_HOURS else f"One row every {every:g} hours."),
    ])


def _groups(summary: dict[str, Any]) -> Section:
    task = summary.get("level") == "task"
    rows, keys = [], []
    for g, b in (summary.get("by_group") or {}).items():
        ci = b.get("ack_rate_ci95")
        row = [g or "-", str(b["participants"]), pct(b["ack_rate"])
               + (f" [{pct(ci[0])}, {pct(ci[1])}]" if ci else "")]
        if task:
            row.append(pct(b["completion_rate"]))
        row.append(hours(b.get("km_median_hours_to_ack")))
        rows.append(row)
        keys.append(g)
    cols = ["Group", "Participants", "Acknowledged in time",
            *(["Completed in time"] if task else []), "Median to acknowledge (Kaplan-Meier)"]
    return Section("groups", "By group", [Table(cols, rows, keys)])


def _participants(summary: dict[str, Any]) -> Section:
    task = summary.get("level") == "task"
    rows = least_likely(summary, PARTICIPANTS_SHOWN)
    what = "acknowledge (and complete)" if task else "acknowledge"
    return Section("participants", f"Least likely to {what} in time", [
        Para(f"The {len(rows)} participants least likely to {what} within the deadline "
             "(share of replications); every participant is in the embedded figures' "
             "summary (--json)."),
        Table(["Participant", "Group", "Acknowledged in time",
               *(["Completed in time"] if task else [])], rows, [r[0] for r in rows]),
        Para(CONTACTS_NOT_KEPT),
    ])


def _scorecard(summary: dict[str, Any]) -> Section:
    e = summary["expectations"]
    rows = [[c["expectation"], c["participant"], *(f"{c[s]:g}" for s in
                                                    ("met", "late", "missed", "open"))]
            for c in e.get("scorecard", [])]
    return Section("scorecard", "Expectation scorecard", [
        Para("Replications in which each expectation was met in time, met late, missed, or "
             "left open (its inject never fired)."),
        Table(["Expectation", "Participant", "Met", "Late", "Missed", "Open"], rows),
    ])

"""Comparing runs, and the trend of one scenario's network over time.

A participant *improved* from run A to run B when its status rose (never acknowledged <
acknowledged late < acknowledged within the deadline), or, with the same status and an
acknowledgement in both, when it answered faster by more than ``threshold_hours``
(default :data:`THRESHOLD_HOURS`); it *fell back* in the mirror cases. Participants found
in only one of the two runs are listed apart.

Runs are labelled alike in comparisons and trends (:func:`run_label`): the run id, the
date it was recorded and, for a simulated run, its seed (and replication), e.g.
``run 3 (recorded 2026-06-09, seed 7)``. A comparison of runs of different scenarios is
made, with a warning in the report (and in ``warnings``, which the CLI prints).

:func:`compare_runs` and :func:`trend` read the store; :func:`compare_results` and
:func:`trend_of` do the work on plain objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from results.reports.document import (
    Bullets,
    Chart,
    ChartRef,
    Para,
    Report,
    Section,
    Table,
    hours,
    pct,
    plural,
    utc,
)
from results.reports.run_report import RunMeta, meta_of
from simulator.analysis.metrics import summarize
from simulator.analysis.survival import km_median, time_to
from simulator.model.outcome import ParticipantOutcome, RunResult

THRESHOLD_HOURS = 12.0
STATUS_NAMES = {0: "never", 1: "late", 2: "in time"}


def status_rank(p: ParticipantOutcome | None, deadline: float) -> int:
    """0 never acknowledged, 1 acknowledged after the deadline, 2 within it."""
    if p is None or p.ack_at is None:
        return 0
    return 2 if p.ack_at <= deadline else 1


@dataclass
class Change:
    """How one participant moved between two runs."""

    code: str
    name: str
    before: float | None  # hours to acknowledge in the earlier run (None: never)
    after: float | None
    reason: str


@dataclass
class PairChanges:
    a: str  # run labels
    b: str
    improved: list[Change] = field(default_factory=list)
    fell_back: list[Change] = field(default_factory=list)
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)


def changes_between(
    a: RunResult,
    b: RunResult,
    *,
    label_a: str = "A",
    label_b: str = "B",
    threshold_hours: float = THRESHOLD_HOURS,
) -> PairChanges:
    """Who improved and who fell back from run ``a`` to run ``b``."""
    pa = {p.code: p for p in a.participants}
    pb = {p.code: p for p in b.participants}
    out = PairChanges(label_a, label_b)
    out.only_in_a = [c for c in pa if c not in pb]
    out.only_in_b = [c for c in pb if c not in pa]
    for code, q in pb.items():
        p = pa.get(code)
        if p is None:
            continue
        ra, rb = status_rank(p, a.deadline_hours), status_rank(q, b.deadline_hours)
        ch = Change(code, q.name, p.ack_at, q.ack_at, "")
        if rb > ra:
            ch.reason = f"{STATUS_NAMES[ra]} -> {STATUS_NAMES[rb]}"
            out.improved.append(ch)
        elif rb < ra:
            ch.reason = f"{STATUS_NAMES[ra]} -> {STATUS_NAMES[rb]}"
            out.fell_back.append(ch)
        elif p.ack_at is not None and q.ack_at is not None:
            delta = q.ack_at - p.ack_at
            if delta < -threshold_hours:
                ch.reason = f"faster by {-delta:.1f} h"
                out.improved.append(ch)
            elif delta > threshold_hours:
                ch.reason = f"slower by {delta:.1f} h"
                out.fell_back.append(ch)
    return out


def _rates(r: RunResult) -> dict[str, Any]:
    s = summarize([r])
    t, o = time_to(r)
    return {
        "participants": s["participants"],
        "ack_rate": s["ack_rate"],
        "completion_rate": s["completion_rate"],
        "median_hours_to_ack": s["median_hours_to_ack"],
        "km_median_hours_to_ack": km_median(t, o),
        "late_acks": s["late_acks"],
        "never_acknowledged": s["never_acknowledged"],
        "bounced_contacts": s["bounced_contacts"],
        "stale_contacts": s["stale_contacts"],
    }


def run_label(meta: RunMeta, r: RunResult) -> str:
    """``run 3 (recorded 2026-06-09, seed 7)``: the run id, the date the run was recorded
    (else ``started`` and the exercise's start date), and for a simulated run its seed, plus the
    replication when it is not the first; ``live`` for a live run."""
    rid = f"run {meta.id}" if meta.id is not None else r.scenario
    if meta.started_at is not None:
        when = f"recorded {meta.started_at.date().isoformat()}"
    else:
        when = f"started {r.start.date().isoformat()}"
    if meta.mode == "live":
        what = "live"
    else:
        what = f"seed {r.seed}" + (f", replication {r.replication}" if r.replication else "")
    return f"{rid} ({when}, {what})"


def scenario_warning(items: Sequence[tuple[RunMeta, RunResult]]) -> str | None:
    """``runs of different scenarios: A (runs 1, 2); B (run 3)``, or None when all the runs
    are of one scenario."""
    by: dict[str, list[str]] = {}
    for m, r in items:
        by.setdefault(r.scenario, []).append("?" if m.id is None else str(m.id))
    if len(by) < 2:
        return None
    parts = [
        f"{name} ({'run' if len(ids) == 1 else 'runs'} {', '.join(ids)})"
        for name, ids in by.items()
    ]
    return "runs of different scenarios: " + "; ".join(parts)


def _changes_blocks(ch: PairChanges) -> list[Any]:
    def rows(xs: list[Change]) -> list[list[str]]:
        return [
            [
                c.code,
                c.name,
                hours(c.before) if c.before is not None else "never",
                hours(c.after) if c.after is not None else "never",
                c.reason,
            ]
            for c in xs
        ]

    cols = ["Participant", "Name", f"Hours in {ch.a}", f"Hours in {ch.b}", "Change"]
    blocks: list[Any] = [
        Para(
            f"From {ch.a} to {ch.b}: {plural(len(ch.improved), 'participant')} "
            f"improved, {len(ch.fell_back)} fell back."
        )
    ]
    blocks.append(
        Table(
            cols, rows(ch.improved), [f"improved:{c.code}" for c in ch.improved], caption="Improved"
        )
        if ch.improved
        else Para("Improved: none.")
    )
    blocks.append(
        Table(
            cols,
            rows(ch.fell_back),
            [f"fell_back:{c.code}" for c in ch.fell_back],
            caption="Fell back",
        )
        if ch.fell_back
        else Para("Fell back: none.")
    )
    if ch.only_in_a or ch.only_in_b:
        blocks.append(
            Bullets(
                [
                    f"Only in {ch.a}: {', '.join(ch.only_in_a) or 'none'}.",
                    f"Only in {ch.b}: {', '.join(ch.only_in_b) or 'none'}.",
                ]
            )
        )
    return blocks


def _rates_table(labels: list[str], rates: list[dict[str, Any]], keys: list[str]) -> Table:
    rows = [
        [
            lab,
            str(r["participants"]),
            pct(r["ack_rate"]),
            pct(r["completion_rate"]),
            hours(r["median_hours_to_ack"]),
            hours(r["km_median_hours_to_ack"]),
            str(r["late_acks"]),
            str(r["never_acknowledged"]),
            str(r["bounced_contacts"]),
            str(r["stale_contacts"]),
        ]
        for lab, r in zip(labels, rates, strict=True)
    ]
    return Table(
        [
            "Run",
            "Participants",
            "Acknowledged in time",
            "Completed in time",
            "Median hours (in time)",
            "KM median hours",
            "Late",
            "Never",
            "Bounced",
            "Stale",
        ],
        rows,
        keys,
    )


def _rate_chart(
    report: Report,
    chart_id: str,
    labels: list[str],
    rates: list[dict[str, Any]],
    title: str,
    intervals: list[tuple[float, float] | None] | None = None,
) -> None:
    def render() -> str:
        from results.reports import charts

        return charts.rate_chart(
            labels,
            [
                ("acknowledged in time", [r["ack_rate"] for r in rates]),
                ("completed in time", [r["completion_rate"] for r in rates]),
            ],
            title=title,
            chart_id=chart_id,
            intervals=[("acknowledged in time", intervals)] if intervals else (),
        )

    report.charts[chart_id] = Chart(chart_id, title, render)


def _curves_chart(
    report: Report, chart_id: str, labels: list[str], results: list[RunResult], title: str
) -> None:
    def render() -> str:
        from results.reports import charts
        from simulator.analysis.survival import km_cumulative_share

        curves = [
            charts.Curve(lab, km_cumulative_share(*time_to(r)))
            for lab, r in zip(labels, results, strict=True)
        ]
        r0 = results[-1]
        return charts.cumulative_chart(
            curves,
            deadline=r0.deadline_hours,
            horizon=max(r.horizon_hours for r in results),
            title=title,
            chart_id=chart_id,
        )

    report.charts[chart_id] = Chart(chart_id, title, render)


@dataclass
class Comparison:
    """Several runs side by side: rates, medians and per-participant changes."""

    labels: list[str]
    metas: list[RunMeta]
    results: list[RunResult]
    rates: list[dict[str, Any]]
    overall: PairChanges  # first -> last
    steps: list[PairChanges]  # each consecutive pair (when more than two runs)
    threshold_hours: float = THRESHOLD_HOURS
    warnings: list[str] = field(default_factory=list)

    @property
    def improved(self) -> list[str]:
        return [c.code for c in self.overall.improved]

    @property
    def fell_back(self) -> list[str]:
        return [c.code for c in self.overall.fell_back]

    def to_report(self) -> Report:
        names = sorted({r.scenario for r in self.results})
        rep = Report(
            title=f"Comparison of {len(self.results)} runs",
            subtitle=f"{'; '.join(names)} - {', '.join(self.labels)}",
            sections=[],
            generated=date.today(),
        )
        rep.sections.append(
            Section(
                "rates",
                "Rates and medians",
                [
                    *(Para(f"Warning: {w}.") for w in self.warnings),
                    _rates_table(self.labels, self.rates, [f"run:{m.id}" for m in self.metas]),
                    ChartRef("chart-compare-curves"),
                ],
            )
        )
        _curves_chart(
            rep,
            "chart-compare-curves",
            self.labels,
            self.results,
            "Cumulative share acknowledged (Kaplan-Meier) per run",
        )
        blocks: list[Any] = [
            Para(
                f"Improved: acknowledged where it had not (or only late), or faster by "
                f"more than {self.threshold_hours:g} h; fell back: the reverse."
            )
        ]
        blocks += _changes_blocks(self.overall)
        rep.sections.append(Section("changes", "Participants that improved or fell back", blocks))
        if len(self.steps) > 1:
            step_blocks: list[Any] = []
            for st in self.steps:
                step_blocks += _changes_blocks(st)
            rep.sections.append(Section("steps", "Run by run", step_blocks))
        rep.data = {
            "rates": self.rates,
            "improved": self.improved,
            "fell_back": self.fell_back,
            "warnings": self.warnings,
        }
        return rep


def compare_results(
    items: Sequence[tuple[RunMeta, RunResult]], *, threshold_hours: float = THRESHOLD_HOURS
) -> Comparison:
    """Compare runs given as (meta, result) pairs, in the order given."""
    if len(items) < 2:
        raise ValueError("compare needs at least two runs")
    metas = [m for m, _ in items]
    results = [r for _, r in items]
    labels = [run_label(m, r) for m, r in items]
    overall = changes_between(
        results[0],
        results[-1],
        label_a=labels[0],
        label_b=labels[-1],
        threshold_hours=threshold_hours,
    )
    steps = [
        changes_between(
            results[i],
            results[i + 1],
            label_a=labels[i],
            label_b=labels[i + 1],
            threshold_hours=threshold_hours,
        )
        for i in range(len(results) - 1)
    ]
    warning = scenario_warning(items)
    return Comparison(
        labels,
        metas,
        results,
        [_rates(r) for r in results],
        overall,
        steps,
        threshold_hours,
        [warning] if warning else [],
    )


def compare_runs(
    store: Any, run_ids: Sequence[int], *, threshold_hours: float = THRESHOLD_HOURS
) -> Comparison:
    """Compare stored runs (in the order given); raises the store's NotFound."""
    items = [(meta_of(store.get_run(i), store.display_url), store.load_result(i)) for i in run_ids]
    return compare_results(items, threshold_hours=threshold_hours)


# -- trend ------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    """One exercise in the history: a run, or a batch of replications (rates averaged)."""

    label: str
    run_ids: list[int | None]
    result: RunResult  # replication 0 (used for per-participant history)
    rates: dict[str, Any]
    ack_rate_ci95: tuple[float, float] | None = None


@dataclass
class Trend:
    scenario: str
    points: list[TrendPoint]
    last_step: PairChanges | None
    overall: PairChanges | None
    persistent: list[str]  # never in time in any of the last (up to 3) points
    history: dict[str, list[int]]  # code -> status rank per point
    threshold_hours: float = THRESHOLD_HOURS

    @property
    def improved(self) -> list[str]:
        return [] if self.last_step is None else [c.code for c in self.last_step.improved]

    @property
    def fell_back(self) -> list[str]:
        return [] if self.last_step is None else [c.code for c in self.last_step.fell_back]

    def to_report(self) -> Report:
        labels = [p.label for p in self.points]
        rep = Report(
            title=f"Trend: {self.scenario}",
            subtitle=f"{plural(len(self.points), 'exercise')} of this scenario, oldest first",
            sections=[],
            generated=date.today(),
        )
        if not self.points:
            rep.sections.append(
                Section("rates", "Rates over time", [Para("No completed run of this scenario.")])
            )
            return rep
        rep.sections.append(
            Section(
                "rates",
                "Rates over time",
                [
                    _rates_table(
                        labels,
                        [p.rates for p in self.points],
                        [f"point:{i}" for i in range(len(self.points))],
                    ),
                    ChartRef("chart-trend"),
                    ChartRef("chart-trend-curves"),
                ],
            )
        )
        _rate_chart(
            rep,
            "chart-trend",
            labels,
            [p.rates for p in self.points],
            "Acknowledged and completed in time, per exercise",
            [p.ack_rate_ci95 for p in self.points],
        )
        _curves_chart(
            rep,
            "chart-trend-curves",
            labels,
            [p.result for p in self.points],
            "Cumulative share acknowledged (Kaplan-Meier) per exercise",
        )
        blocks: list[Any] = []
        if self.last_step is not None:
            blocks.append(Para("Since the previous exercise:"))
            blocks += _changes_blocks(self.last_step)
        if self.overall is not None and len(self.points) > 2:
            blocks.append(Para("Since the first exercise:"))
            blocks += _changes_blocks(self.overall)
        if not blocks:
            blocks.append(Para("Only one exercise so far: nothing to compare."))
        rep.sections.append(Section("changes", "Participants that improved or fell back", blocks))
        sym = {0: "-", 1: "late", 2: "ok"}
        rows = [
            [code, *(sym[s] for s in ranks)]
            for code, ranks in self.history.items()
            if any(s < 2 for s in ranks)
        ]
        per: list[Any] = [
            Para(
                f"Participants not acknowledging in time in at least one exercise "
                f"({len(rows)}); ok = in time, late = after the deadline, - = never."
            )
        ]
        if rows:
            per.append(Table(["Participant", *labels], rows, [r[0] for r in rows]))
        if self.persistent:
            per.append(
                Para(
                    f"Never in time in the last {min(3, len(self.points))} exercises: "
                    f"{', '.join(self.persistent)}."
                )
            )
        rep.sections.append(Section("history", "Per-participant history", per))
        rep.data = {
            "improved": self.improved,
            "fell_back": self.fell_back,
            "persistent": self.persistent,
            "rates": [p.rates for p in self.points],
        }
        return rep


def trend_of(
    scenario: str,
    batches: Sequence[Sequence[tuple[RunMeta, RunResult]]],
    *,
    threshold_hours: float = THRESHOLD_HOURS,
) -> Trend:
    """The trend over ``batches`` (oldest first); each batch is one run or the replications
    of one exercise."""
    from simulator.analysis.metrics import mean_ci95

    points: list[TrendPoint] = []
    for batch in batches:
        meta, r0 = batch[0]
        results = [r for _, r in batch]
        rates = (
            _rates(r0)
            if len(results) == 1
            else {
                **_rates(r0),
                **{
                    k: summarize(results)[k]
                    for k in ("ack_rate", "completion_rate", "median_hours_to_ack")
                },
            }
        )
        ci = None
        if len(results) > 1:
            per = [status_rank_share(r) for r in results]
            ci = mean_ci95(per)
        label = run_label(meta, r0)
        if len(results) > 1:
            label += f" x{len(results)}"
        points.append(TrendPoint(label, [m.id for m, _ in batch], r0, rates, ci))
    last = overall = None
    if len(points) >= 2:
        a, b = points[-2], points[-1]
        last = changes_between(
            a.result, b.result, label_a=a.label, label_b=b.label, threshold_hours=threshold_hours
        )
        overall = changes_between(
            points[0].result,
            b.result,
            label_a=points[0].label,
            label_b=b.label,
            threshold_hours=threshold_hours,
        )
    codes: list[str] = []
    for p in points:
        for x in p.result.participants:
            if x.code not in codes:
                codes.append(x.code)
    history: dict[str, list[int]] = {}
    for code in codes:
        ranks = []
        for p in points:
            q = next((x for x in p.result.participants if x.code == code), None)
            ranks.append(status_rank(q, p.result.deadline_hours))
        history[code] = ranks
    tail = min(3, len(points))
    persistent = [c for c, ranks in history.items() if tail and all(s < 2 for s in ranks[-tail:])]
    return Trend(scenario, points, last, overall, persistent, history, threshold_hours)


def status_rank_share(r: RunResult) -> float:
    """The share of ``r``'s participants that acknowledged within the deadline."""
    n = len(r.participants)
    return sum(status_rank(p, r.deadline_hours) == 2 for p in r.participants) / n if n else 0.0


def trend(store: Any, scenario_name: str, *, threshold_hours: float = THRESHOLD_HOURS) -> Trend:
    """The trend of a scenario's completed runs in the store, oldest first; replication
    batches (``pocdrill run -r R``) count as one exercise each; sweep runs are left out."""
    infos = [i for i in store.scenario_history(scenario_name) if i.sweep_id is None]
    batches: list[list[tuple[RunMeta, RunResult]]] = []
    prev: Any = None
    for info in infos:
        same_batch = (
            prev is not None
            and info.replication == prev.replication + 1
            and info.scenario_hash == prev.scenario_hash
            and info.seed == prev.seed
        )
        item = (meta_of(info, store.display_url), store.load_result(info.id))
        if same_batch and batches:
            batches[-1].append(item)
        else:
            batches.append([item])
        prev = info
    return trend_of(scenario_name, batches, threshold_hours=threshold_hours)


__all__ = [
    "Change",
    "Comparison",
    "PairChanges",
    "THRESHOLD_HOURS",
    "Trend",
    "TrendPoint",
    "changes_between",
    "compare_results",
    "compare_runs",
    "run_label",
    "scenario_warning",
    "trend",
    "trend_of",
    "utc",
]

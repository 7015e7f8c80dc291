"""The trend of one scenario's network over time: each exercise's rates (a batch of
replications counts as one exercise, its rates averaged with a 95% interval), who
improved or fell back since the previous and since the first exercise, and each
participant's history (who never acknowledged in time in the last exercises).

:func:`trend` reads the store; :func:`trend_of` does the work on plain objects. Labels,
the rates table and the curves chart are those of :mod:`results.reports.compare`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from results.reports.changes import (
    THRESHOLD_HOURS,
    PairChanges,
    changes_between,
    changes_blocks,
    status_rank,
)
from results.reports.charts.bars import rate_chart
from results.reports.compare import Rates, curves_chart, rates_of, rates_table, run_label
from results.reports.document import Block, Chart, ChartRef, Para, Report, Section, Table
from results.reports.meta import RunMeta, meta_of
from simulator.analysis.metrics import mean_ci95, summarize
from simulator.model.outcome import RunResult
from simulator.text import plural

if TYPE_CHECKING:
    from results.store import RunInfo, Store

PERSISTENT_TAIL = 3
"""Participants never in time in each of this many last exercises are *persistent*."""


@dataclass
class TrendPoint:
    """One exercise in the history: a run, or a batch of replications (rates averaged)."""

    label: str
    run_ids: list[int | None]
    result: RunResult  # replication 0 (used for per-participant history)
    rates: Rates
    ack_rate_ci95: tuple[float, float] | None = None


@dataclass
class Trend:
    """A scenario's exercises oldest first, the changes since the previous and the first,
    and each participant's history."""

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
        rep.sections.append(self._rates_section(rep))
        rep.sections.append(self._changes_section())
        rep.sections.append(self._history_section())
        rep.data = {
            "improved": self.improved,
            "fell_back": self.fell_back,
            "persistent": self.persistent,
            "rates": [p.rates for p in self.points],
        }
        return rep

    def _rates_section(self, rep: Report) -> Section:
        """The rates table; adds the rate and curves charts to ``rep``."""
        labels = [p.label for p in self.points]
        rates = [p.rates for p in self.points]
        title = "Acknowledged and completed in time, per exercise"
        intervals = [p.ack_rate_ci95 for p in self.points]
        rep.charts["chart-trend"] = Chart(
            "chart-trend",
            title,
            lambda: rate_chart(
                labels,
                [
                    ("acknowledged in time", [r["ack_rate"] for r in rates]),
                    ("completed in time", [r["completion_rate"] for r in rates]),
                ],
                title=title,
                chart_id="chart-trend",
                intervals=[("acknowledged in time", intervals)] if intervals else (),
            ),
        )
        curves_chart(
            rep,
            "chart-trend-curves",
            labels,
            [p.result for p in self.points],
            "Cumulative share acknowledged (Kaplan-Meier) per exercise",
        )
        table = rates_table(labels, rates, [f"point:{i}" for i in range(len(self.points))])
        blocks: list[Block] = [table, ChartRef("chart-trend"), ChartRef("chart-trend-curves")]
        return Section("rates", "Rates over time", blocks)

    def _changes_section(self) -> Section:
        blocks: list[Block] = []
        if self.last_step is not None:
            blocks.append(Para("Since the previous exercise:"))
            blocks += changes_blocks(self.last_step)
        if self.overall is not None and len(self.points) > 2:
            blocks.append(Para("Since the first exercise:"))
            blocks += changes_blocks(self.overall)
        if not blocks:
            blocks.append(Para("Only one exercise so far: nothing to compare."))
        return Section("changes", "Participants that improved or fell back", blocks)

    def _history_section(self) -> Section:
        labels = [p.label for p in self.points]
        sym = {0: "-", 1: "late", 2: "ok"}
        rows = [
            [code, *(sym[s] for s in ranks)]
            for code, ranks in self.history.items()
            if any(s < 2 for s in ranks)
        ]
        per: list[Block] = [
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
                    f"Never in time in the last {min(PERSISTENT_TAIL, len(self.points))} "
                    f"exercises: {', '.join(self.persistent)}."
                )
            )
        return Section("history", "Per-participant history", per)


def _point(batch: Sequence[tuple[RunMeta, RunResult]]) -> TrendPoint:
    """One exercise: a run, or replications whose rates are averaged."""
    meta, r0 = batch[0]
    results = [r for _, r in batch]
    rates = rates_of(r0)
    ci = None
    label = run_label(meta, r0)
    if len(results) > 1:
        s = summarize(results)
        rates["ack_rate"] = s["ack_rate"]
        rates["completion_rate"] = s["completion_rate"]
        rates["median_hours_to_ack"] = s["median_hours_to_ack"]
        ci = mean_ci95([status_rank_share(r) for r in results])
        label += f" x{len(results)}"
    return TrendPoint(label, [m.id for m, _ in batch], r0, rates, ci)


def _history(points: list[TrendPoint]) -> dict[str, list[int]]:
    """Each participant's status rank per exercise (0 never, 1 late, 2 in time)."""
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
    return history


def trend_of(
    scenario: str,
    batches: Sequence[Sequence[tuple[RunMeta, RunResult]]],
    *,
    threshold_hours: float = THRESHOLD_HOURS,
) -> Trend:
    """The trend over ``batches`` (oldest first); each batch is one run or the replications
    of one exercise."""
    points = [_point(batch) for batch in batches]
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
    history = _history(points)
    tail = min(PERSISTENT_TAIL, len(points))
    persistent = [c for c, ranks in history.items() if tail and all(s < 2 for s in ranks[-tail:])]
    return Trend(scenario, points, last, overall, persistent, history, threshold_hours)


def status_rank_share(r: RunResult) -> float:
    """The share of ``r``'s participants that acknowledged within the deadline."""
    n = len(r.participants)
    return sum(status_rank(p, r.deadline_hours) == 2 for p in r.participants) / n if n else 0.0


def trend(store: Store, scenario_name: str, *, threshold_hours: float = THRESHOLD_HOURS) -> Trend:
    """The trend of a scenario's completed runs in the store, oldest first; replication
    batches (``pocdrill run -r R``) count as one exercise each; sweep runs are left out."""
    infos = [i for i in store.scenario_history(scenario_name) if i.sweep_id is None]
    batches: list[list[tuple[RunMeta, RunResult]]] = []
    prev: RunInfo | None = None
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

"""Comparing runs side by side: rates, medians and who improved or fell back.

Runs are labelled alike in comparisons and trends (:func:`run_label`): the run id, the
date it was recorded and, for a simulated run, its seed (and replication), e.g.
``run 3 (recorded 2026-06-09, seed 7)``. A comparison of runs of different scenarios is
made, with a warning in the report (and in ``warnings``, which the CLI prints). What
counts as improving or falling back: :mod:`results.reports.changes`.

:func:`compare_runs` reads the store; :func:`compare_results` does the work on plain
objects. The rates table and the curves chart are shared with :mod:`results.reports.trend`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from results.reports.changes import THRESHOLD_HOURS, PairChanges, changes_between, changes_blocks
from results.reports.charts.cumulative import Curve, cumulative_chart
from results.reports.document import Block, Chart, ChartRef, Para, Report, Section, Table
from results.reports.meta import RunMeta, meta_of
from simulator.analysis.metrics import summarize
from simulator.analysis.survival import km_cumulative_share, km_median, time_to
from simulator.model.outcome import RunResult
from simulator.text import hours, pct

if TYPE_CHECKING:
    from results.store import Store


class Rates(TypedDict):
    """One run's (or exercise's) rates and medians, as the rates table shows them."""

    participants: int
    ack_rate: float | None
    completion_rate: float | None
    median_hours_to_ack: float | None
    km_median_hours_to_ack: float | None
    late_acks: float
    never_acknowledged: float
    bounced_contacts: float
    stale_contacts: float


def rates_of(r: RunResult) -> Rates:
    """``r``'s rates and medians (the Kaplan-Meier median counts the silent too)."""
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


def rates_table(labels: list[str], rates: list[Rates], keys: list[str]) -> Table:
    """One row per run (or exercise): its rates, medians and counts."""
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


def curves_chart(
    report: Report, chart_id: str, labels: list[str], results: list[RunResult], title: str
) -> None:
    """Add a chart of each run's cumulative share acknowledged (Kaplan-Meier) to ``report``."""

    def render() -> str:
        curves = [
            Curve(lab, km_cumulative_share(*time_to(r)))
            for lab, r in zip(labels, results, strict=True)
        ]
        r0 = results[-1]
        return cumulative_chart(
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
    rates: list[Rates]
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
                    rates_table(self.labels, self.rates, [f"run:{m.id}" for m in self.metas]),
                    ChartRef("chart-compare-curves"),
                ],
            )
        )
        curves_chart(
            rep,
            "chart-compare-curves",
            self.labels,
            self.results,
            "Cumulative share acknowledged (Kaplan-Meier) per run",
        )
        rep.sections += self._changes_sections()
        rep.data = {
            "rates": self.rates,
            "improved": self.improved,
            "fell_back": self.fell_back,
            "warnings": self.warnings,
        }
        return rep

    def _changes_sections(self) -> list[Section]:
        """First to last run; and run by run when there are more than two."""
        blocks: list[Block] = [
            Para(
                f"Improved: acknowledged where it had not (or only late), or faster by "
                f"more than {self.threshold_hours:g} h; fell back: the reverse."
            )
        ]
        blocks += changes_blocks(self.overall)
        out = [Section("changes", "Participants that improved or fell back", blocks)]
        if len(self.steps) > 1:
            step_blocks: list[Block] = []
            for st in self.steps:
                step_blocks += changes_blocks(st)
            out.append(Section("steps", "Run by run", step_blocks))
        return out


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
        [rates_of(r) for r in results],
        overall,
        steps,
        threshold_hours,
        [warning] if warning else [],
    )


def compare_runs(
    store: Store, run_ids: Sequence[int], *, threshold_hours: float = THRESHOLD_HOURS
) -> Comparison:
    """Compare stored runs (in the order given); raises the store's NotFound."""
    items = [(meta_of(store.get_run(i), store.display_url), store.load_result(i)) for i in run_ids]
    return compare_results(items, threshold_hours=threshold_hours)

"""The Expectation scorecard of a tabletop's after-action report: expectations met, late,
missed and not fired (and still open, when a live exercise ended first) per stage, each
stage's discussion questions and expectations, and the per-stage chart."""

from __future__ import annotations

from results.live.expectations import OPEN
from results.reports.charts.bars import scorecard_chart
from results.reports.document import (
    Block,
    Bullets,
    Chart,
    ChartRef,
    Para,
    Report,
    Section,
    Sub,
    Table,
)
from results.reports.scenario_text import ScenarioInfo
from simulator.analysis.tabletop import summarize_expectations
from simulator.model.outcome import ExpectationOutcome, RunResult
from simulator.text import pct

EXPECTATION_COLUMNS = ["Expectation", "Inject", "Participant", "Action", "Due (h)", "Done (h)",
                       "Status"]


def _open_by_stage(result: RunResult) -> dict[str, int]:
    """Per stage, expectations still open when a live exercise was finished."""
    still: dict[str, int] = {}
    for x in result.expectations:
        if x.status == OPEN:
            still[x.stage or ""] = still.get(x.stage or "", 0) + 1
    return still


def scorecard(report: Report, result: RunResult, info: ScenarioInfo) -> Section:
    """The scorecard section; adds the per-stage chart to ``report``."""
    s = summarize_expectations(result)
    stage_ids = list(info.stages) + [st for st in s["by_stage"] if st not in info.stages]
    still = _open_by_stage(result)
    rows, keys = [], []
    for st in stage_ids:
        c = s["by_stage"].get(st)
        if c is None:
            continue
        title = info.stages.get(st, (st, []))[0]
        rows.append(
            [
                st,
                title,
                str(c["met"]),
                str(c["late"]),
                str(c["missed"]),
                str(c["not_fired"]),
                *([str(still.get(st, 0))] if still else []),
                pct(c["met_rate"]),
            ]
        )
        keys.append(f"stage:{st}")
    n_open = sum(still.values())
    open_text = f", {n_open} still open when the exercise ended" if n_open else ""
    of_decided = " of those decided" if n_open else ""
    blocks: list[Block] = [
        Para(
            f"{s['met']} met, {s['late']} late, {s['missed']} missed, {s['not_fired']} not "
            f"fired{open_text} of {s['total']} expectations (met in time{of_decided}: "
            f"{pct(s['met_rate'])})."
        ),
        Table(
            ["Stage", "Title", "Met", "Late", "Missed", "Not fired",
             *(["Open"] if still else []), "Met rate"],
            rows,
            keys,
        ),
        ChartRef("chart-scorecard"),
    ]
    blocks += _stages(result, info, stage_ids)
    report.charts["chart-scorecard"] = Chart(
        "chart-scorecard",
        "Expectations met, late, missed and not fired (and open, if the exercise ended "
        "first), per stage.",
        lambda: _chart(result, info),
    )
    return Section("scorecard", "Expectation scorecard", blocks)


def _stages(result: RunResult, info: ScenarioInfo, stage_ids: list[str]) -> list[Block]:
    """Per stage: its title, discussion questions and expectations."""
    blocks: list[Block] = []
    for st in stage_ids:
        xs = [x for x in result.expectations if (x.stage or "") == st]
        title, questions = info.stages.get(st, (st, []))
        if not xs and not questions:
            continue
        blocks.append(Sub(f"Stage {st}: {title}"))
        if questions:
            blocks.append(Para("Discussion questions:"))
            blocks.append(Bullets(questions))
        if xs:
            blocks.append(Table(EXPECTATION_COLUMNS, [_expectation_row(x) for x in xs]))
    return blocks


def _expectation_row(x: ExpectationOutcome) -> list[str]:
    return [
        x.id,
        x.inject,
        x.participant,
        x.action,
        "-" if x.due_at is None else f"{x.due_at:.1f}",
        "-" if x.done_at is None else f"{x.done_at:.1f}",
        "open (exercise ended)" if x.status == OPEN else x.status,
    ]


def _chart(result: RunResult, info: ScenarioInfo) -> str:
    s = summarize_expectations(result)
    ids = list(info.stages) + [st for st in s["by_stage"] if st not in info.stages]
    still = _open_by_stage(result)
    stages = []
    for st in ids:
        c = s["by_stage"].get(st)
        if c is not None:
            title = info.stages.get(st, (st, []))[0]
            label = st if title == st else f"{st} {title}"
            stages.append((label, c["met"], c["late"], c["missed"], c["not_fired"],
                           still.get(st, 0)))
    return scorecard_chart(stages, title="Expectations per stage", chart_id="chart-scorecard")

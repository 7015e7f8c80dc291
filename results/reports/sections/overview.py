"""The Overview section (what was run, key numbers, the table by group) and the
Objectives section of a run's after-action report."""

from __future__ import annotations

from typing import Any

from results.reports.document import Block, Bullets, ChartRef, Para, Section, Sub, Table
from results.reports.figure_lines import figure_lines, selection_note
from results.reports.meta import RunMeta
from results.reports.observed import Observation
from results.reports.scenario_text import ScenarioInfo
from simulator.model.outcome import RunResult
from simulator.text import hm, hours, pct, utc


def overview(
    result: RunResult, meta: RunMeta, info: ScenarioInfo, summary: dict[str, Any],
    obs: Observation, figures: dict[str, Any],
) -> Section:
    """What was run, when and on which directory; the key numbers and the table by group."""
    groups: dict[str, int] = {}
    for p in result.participants:
        groups[p.group] = groups.get(p.group, 0) + 1
    group_text = ", ".join(f"{g} {k}" for g, k in groups.items())
    rows = [
        ["Scenario", result.scenario],
        [
            "Kind",
            f"{'tabletop exercise' if result.kind == 'tabletop' else 'communication check'}"
            f" ({result.level})",
        ],
        ["Mode", meta.mode],
        ["Run", "-" if meta.id is None else f"{meta.id} ({meta.status})"],
        ["Seed / replication", f"{result.seed} / {result.replication}"],
        ["Exercise start", utc(result.start)],
        ["Deadline", f"{result.deadline_hours:g} h ({utc(result.at(result.deadline_hours))})"],
        [
            "Observed until",
            f"{result.horizon_hours:g} h ({utc(result.at(result.horizon_hours))})"
            if not obs.cut
            else f"{obs.phrase()}, to {utc(result.at(obs.until))}; planned {obs.horizon:g} h",
        ],
        ["Recorded", f"{utc(meta.started_at)} to {utc(meta.finished_at)}"],
        ["Directory", info.directory or "-"],
        ["Participants", f"{len(result.participants)} ({group_text})" if groups else "0"],
        ["Contacts", str(len(result.contacts))],
    ]
    blocks: list[Block] = []
    if info.description:
        blocks.append(Para(info.description))
    blocks += [Table(["", ""], rows), Sub("Key numbers"), _key_numbers(figures),
               ChartRef("chart-cumulative")]
    if result.kind != "check":  # a tabletop has no check rates: its scorecard says how it went
        return Section("overview", "Overview", blocks)
    blocks += [Sub("By group"), _group_table(summary, obs)]
    if len(groups) > 1:
        blocks.append(ChartRef("chart-groups"))
    return Section("overview", "Overview", blocks)


def _key_numbers(figures: dict[str, Any]) -> Table:
    """The headline figures, worded and formatted as every face shows them."""
    rows = [("participants", "Participants", str(figures["participants"]))]
    rows += figure_lines(figures)
    return Table(["Measure", "Value"], [[a, b] for _, a, b in rows],
                 keys=[k for k, _, _ in rows], caption=selection_note(figures) or "")


def _group_table(summary: dict[str, Any], obs: Observation) -> Table:
    by = "in time" if obs.deadline_seen else f"by {hm(obs.until)} (deadline not reached)"
    rows, keys = [], []
    for g, b in (summary.get("by_group") or {}).items():
        rows.append(
            [
                g,
                str(b["participants"]),
                pct(b["ack_rate"]),
                pct(b["completion_rate"]),
                hours(b["median_hours_to_ack"]),
            ]
        )
        keys.append(f"group:{g}")
    return Table(
        [
            "Group",
            "Participants",
            f"Acknowledged {by}",
            f"Completed {by}",
            "Median hours to acknowledge",
        ],
        rows,
        keys=keys,
    )


def objectives(info: ScenarioInfo) -> Section:
    """The scenario's objectives and confidence-building measures, from its guide."""
    blocks: list[Block] = []
    if info.objectives:
        blocks.append(Bullets(info.objectives))
    else:
        blocks.append(
            Para(
                "The scenario states no objectives; state them in its guide "
                "(tabletops) or its 'Facilitator's guide' comment (checks)."
            )
        )
    if info.cbms:
        blocks.append(Para(f"Confidence-building measures exercised: {info.cbms}"))
    return Section("objectives", "Objectives", blocks)

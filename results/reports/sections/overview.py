"""The Overview section (what was run, key numbers, the table by group) and the
Objectives section of a run's after-action report."""

from __future__ import annotations

from typing import Any

from results.live.expectations import OPEN
from results.reports.document import Block, Bullets, ChartRef, Para, Section, Sub, Table
from results.reports.meta import RunMeta
from results.reports.observed import Observation
from results.reports.scenario_text import ScenarioInfo
from simulator.analysis.survival import km_median, time_to
from simulator.model.outcome import RunResult
from simulator.text import hm, hours, pct, utc


def overview(
    result: RunResult, meta: RunMeta, info: ScenarioInfo, summary: dict[str, Any], obs: Observation
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
    blocks += [
        Table(["", ""], rows),
        Sub("Key numbers"),
        _key_numbers(result, summary, obs),
        ChartRef("chart-cumulative"),
        Sub("By group"),
        _group_table(summary, obs),
    ]
    if len(groups) > 1:
        blocks.append(ChartRef("chart-groups"))
    return Section("overview", "Overview", blocks)


def _key_numbers(result: RunResult, summary: dict[str, Any], obs: Observation) -> Table:
    n = summary["participants"]
    d = result.deadline_hours
    acked = sum(1 for p in result.participants if p.ack_at is not None and p.ack_at <= d)
    done = sum(1 for p in result.participants if p.completed_at is not None and p.completed_at <= d)
    times, observed = time_to(result)
    km_med = km_median(times, observed)
    unseen = f"not observed (stopped at {hm(obs.until)}, before the {d:g} h deadline)"

    def rate(key: str, k: int) -> str:
        if obs.deadline_seen:
            return f"{pct(summary[key])} ({k} of {n})"
        return f"{unseen}; {k} of {n} by then"

    rows: list[tuple[str, str, str]] = [
        ("participants", "Participants", str(n)),
        ("ack_rate", "Acknowledged within the deadline", rate("ack_rate", acked)),
    ]
    if result.level == "task":
        rows.append(
            ("completion_rate", "Completed within the deadline", rate("completion_rate", done))
        )
    rows += [
        (
            "late_acks",
            "Acknowledged after the deadline",
            str(summary["late_acks"]) if obs.deadline_seen else "-",
        ),
        (
            "never_acknowledged",
            "Never acknowledged (observed window)"
            if not obs.cut
            else f"No acknowledgement recorded ({hm(obs.until)} observed)",
            str(summary["never_acknowledged"]),
        ),
        (
            "median_hours_to_ack",
            "Median hours to acknowledge (in time)",
            hours(summary["median_hours_to_ack"]),
        ),
        (
            "p90_hours_to_ack",
            "90th percentile hours to acknowledge (in time)",
            hours(summary["p90_hours_to_ack"]),
        ),
        ("km_median_hours_to_ack", "Kaplan-Meier median hours to acknowledge (all)", hours(km_med)),
        ("bounced_contacts", "Bounced contacts", str(summary["bounced_contacts"])),
        (
            "stale_contacts",
            "Contacts likely out of date (not verified recently)" if obs.live else "Stale contacts",
            str(summary["stale_contacts"]),
        ),
        ("reminders_sent", "Reminder messages sent", str(summary["reminders_sent"])),
    ]
    exps = [x for x in result.expectations]
    if exps:
        fired = [x for x in exps if x.status not in ("not_fired", OPEN)]
        still = sum(1 for x in exps if x.status == OPEN)
        met = sum(1 for x in fired if x.status == "met")
        rows.append(
            (
                "expectations_met",
                "Expectations met in time",
                f"{pct(met / len(fired)) if fired else '-'} ({met} of {len(fired)} fired"
                + (f"; {still} more still open when the exercise ended)" if still else ")"),
            )
        )
    return Table(["Measure", "Value"], [[a, b] for _, a, b in rows], keys=[k for k, _, _ in rows])


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

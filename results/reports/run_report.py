"""After-action reports (AAR/IP, HSEEP practice) for stored runs and sweeps.

:func:`build_report` gathers a run from the store; :func:`run_report` builds the report
from plain objects (a :class:`~simulator.model.outcome.RunResult`, a :class:`RunMeta`, notes,
contact details), so it can be used and tested without a database. Render with
:func:`render_html` (one self-contained file) or :func:`render_markdown`.

Sections: Overview (with key numbers and the cumulative-share chart), Objectives,
Timeline, Strengths, Areas for improvement, Expectation scorecard (tabletops), Improvement
plan, Contacts to fix, Facilitator notes, and Replications when the run has sibling
replications. A run not observed to its horizon (interrupted, still running, or a live run
closed early) is censored at its last recorded instant (:func:`observation`): the curves,
the timeline and the findings then say how long it was observed and claim no deadline
result that was not observed. Contact names, e-mails and phones appear only when the
store holds them (the run was recorded with them) and ``redact`` is False; with
``redact`` facilitator notes are also scrubbed of the names of the run's directory and of
anything that looks like an e-mail address or a phone number, or withheld when the
directory cannot be found again (see :mod:`results.redact`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from results.live.contacts import contacts_answered
from results.live.expectations import OPEN
from results.reports.document import (
    Bullets,
    Chart,
    ChartRef,
    Para,
    Report,
    Section,
    Sub,
    Table,
    hm,
    hours,
    pct,
    plural,
    utc,
)
from results.reports.findings import Observation, derive, prompted_by
from results.reports.render import render_html, render_markdown
from results.reports.scenario_text import ScenarioInfo, scenario_info
from simulator.analysis.metrics import summarize
from simulator.analysis.survival import km_cumulative_band, km_median, time_to
from simulator.model.outcome import RunResult

__all__ = [
    "ContactDetails",
    "NoteRow",
    "Observation",
    "RunMeta",
    "censored",
    "build_report",
    "render_html",
    "render_markdown",
    "run_report",
    "observation",
]

TIMELINE_ROWS = 40
"""Participants shown in the per-participant timeline chart: up to half of them silent,
the rest the slowest that answered (see :func:`results.reports.charts.timeline_rows`)."""


def timeline_note(result: RunResult) -> str:
    """Which participants the per-participant timeline shows."""
    from results.reports.charts import timeline_rows

    rows, n = timeline_rows(result, limit=TIMELINE_ROWS)
    if n <= len(rows):
        return f"all {n} participants"
    silent = sum(1 for r in rows if not r.answered)
    parts = []
    if len(rows) > silent:
        parts.append(f"the {len(rows) - silent} slowest that acknowledged")
    if silent:
        parts.append(f"{silent} that never did")
    return f"{' and '.join(parts)}, of {n} participants"



@dataclass
class RunMeta:
    """What a report needs to know about a stored run besides its outcome."""

    id: int | None = None
    scenario: str = ""
    mode: str = "simulated"
    kind: str = "check"
    status: str = "completed"
    seed: int = 0
    replication: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    scenario_text: str | None = None
    database: str = ""


@dataclass
class NoteRow:
    t: float | None
    text: str
    participant: str | None = None
    created_at: datetime | None = None


@dataclass
class ContactDetails:
    """Personal data of a contact, as stored with the run (any field may be None)."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


def _aware(d: datetime) -> datetime:
    return d if d.tzinfo is not None else d.replace(tzinfo=UTC)


def observation(result: RunResult, meta: RunMeta, notes: Sequence[NoteRow] = ()) -> Observation:
    """How much of ``result``'s window was observed.

    A completed simulated run was observed to its horizon. Any other run (interrupted,
    still running, or live) is censored at its last recorded instant: the latest of its
    events' and timed notes' ``t`` and, for a live run, its finish (or interruption) time
    minus its start; never beyond the horizon.
    """
    h, d = result.horizon_hours, result.deadline_hours
    live = meta.mode == "live"
    if meta.status == "completed" and not live:
        return Observation(h, h, d)
    last = max([e.t for e in result.events] + [n.t for n in notes if n.t is not None], default=0.0)
    if live and meta.finished_at is not None:
        wall = (_aware(meta.finished_at) - _aware(result.start)).total_seconds() / 3600.0
        last = max(last, wall)
    until = min(max(last, 0.0), h)
    why = "" if until >= h else {
        "completed": "live run closed",
        "running": "run still in progress",
        "interrupted": "run interrupted",
    }.get(meta.status, f"run {meta.status}")
    return Observation(until, h, d, why, live)


def censored(result: RunResult, obs: Observation) -> RunResult:
    """``result`` seen only up to ``obs.until`` (nothing after it; horizon moved there)."""
    if not obs.cut:
        return result
    u = obs.until

    def seen(t: float | None) -> float | None:
        return t if t is not None and t <= u else None

    ps = [
        replace(p, ack_at=seen(p.ack_at), completed_at=seen(p.completed_at))
        for p in result.participants
    ]
    return replace(
        result,
        horizon_hours=u,
        participants=ps,
        events=[e for e in result.events if e.t <= u],
    )


# -- the run report ---------------------------------------------------------------------


def _overview(
    result: RunResult, meta: RunMeta, info: ScenarioInfo, summary: dict[str, Any], obs: Observation
) -> Section:
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
    blocks: list[Any] = []
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


def _objectives(info: ScenarioInfo) -> Section:
    blocks: list[Any] = []
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


def timeline_entries(
    result: RunResult, info: ScenarioInfo, obs: Observation | None = None
) -> list[tuple[float, str]]:
    """Key moments of a run: start, sends, reminders, escalations, phone follow-ups,
    injects, first/half/last acknowledgements, the deadline and the end.

    With ``obs`` cut short (``result`` censored at ``obs.until``) the end is where
    observation stopped, and the deadline is listed only if it was reached."""
    obs = obs or Observation(result.horizon_hours, result.horizon_hours, result.deadline_hours)
    out: list[tuple[float, str]] = []
    ev = result.events
    n = len(result.participants)
    sent = [e for e in ev if e.kind == "check_sent"]
    if sent and result.kind != "tabletop":
        parts = {e.participant for e in sent}
        out.append(
            (
                sent[0].t,
                f"Check sent: {plural(len(sent), 'message')} to "
                f"{plural(len(parts), 'participant')}.",
            )
        )
    elif result.kind == "tabletop":
        out.append((0.0, f"Exercise starts with {n} participants."))
    bounced = [e for e in ev if e.kind == "bounced"]
    if bounced:
        out.append(
            (
                bounced[0].t,
                f"Bounces: {plural(len(bounced), 'message')} bounced in all (first: "
                f"{bounced[0].contact or bounced[0].participant}).",
            )
        )
    for kind, label in (("reminder", "Reminder"), ("escalation", "Escalation to deputies")):
        by_t: dict[float, set[str | None]] = {}
        for e in ev:
            if e.kind == kind:
                by_t.setdefault(round(e.t, 2), set()).add(e.participant)
        for t, ps in sorted(by_t.items()):
            out.append((t, f"{label}: sent to {plural(len(ps), 'participant')} still silent."))
    calls = sorted((e for e in ev if e.kind == "phone_call"), key=lambda e: e.t)
    window: list[Any] = []
    pending: list[Any] = [*calls, None]
    for e in pending:
        if e is not None and (not window or e.t - window[0].t <= 12.0):
            window.append(e)
            continue
        if window:
            answered = sum(1 for c in window if c.detail.startswith("answered"))
            who = {c.participant for c in window}
            out.append(
                (
                    window[0].t,
                    f"Phone follow-up: {plural(len(window), 'call')} to "
                    f"{plural(len(who), 'participant')}, {answered} answered.",
                )
            )
        window = [e] if e is not None else []
    for e in ev:
        if e.kind == "inject":
            stage, subject = info.injects.get(e.detail, ("", ""))
            title = info.stages.get(stage, (stage, []))[0] if stage else ""
            where = f" (stage {stage}: {title})" if stage else ""
            out.append(
                (e.t, f"Inject {e.detail}{where}" + (f": {subject}" if subject else "") + ".")
            )
    acks = sorted(
        (p for p in result.participants if p.ack_at is not None), key=lambda p: p.ack_at or 0
    )
    if acks:
        out.append((acks[0].ack_at or 0.0, f"First acknowledgement: {acks[0].code}."))
    times, seen = time_to(result)
    med = km_median(times, seen)
    if med is not None:
        out.append((med, "Half of the participants have acknowledged (Kaplan-Meier median)."))
    d = result.deadline_hours
    in_time = sum(1 for p in acks if (p.ack_at or 0) <= d)
    if obs.deadline_seen:
        out.append((d, f"Deadline: {in_time} of {plural(n, 'participant')} had acknowledged."))
    if acks:
        last = acks[-1]
        late = " (after the deadline)" if (last.ack_at or 0) > d else ""
        out.append((last.ack_at or 0.0, f"Last acknowledgement: {last.code}{late}."))
    silent = n - len(acks)
    if obs.cut:
        before = "" if obs.deadline_seen else f", before the {d:g}-hour deadline"
        state = (
            f"{len(acks)} of {plural(n, 'participant')} had acknowledged, "
            f"{silent} had no answer recorded"
            if silent
            else "every participant had acknowledged"
        )
        out.append((obs.until, f"Observation stops: {obs.phrase()}{before}; {state}."))
    else:
        end = (
            f"{plural(silent, 'participant')} never acknowledged"
            if silent
            else "every participant had acknowledged"
        )
        out.append((result.horizon_hours, f"Observation ends: {end}."))
    out.sort(key=lambda x: x[0])
    return out


def _timeline(result: RunResult, info: ScenarioInfo, obs: Observation) -> Section:
    rows = [
        [utc(result.at(t)), f"{t:.1f}", what] for t, what in timeline_entries(result, info, obs)
    ]
    n = len(result.participants)
    blocks: list[Any] = [Table(["When (UTC)", "Hours", "What"], rows), ChartRef("chart-timeline")]
    if n > TIMELINE_ROWS:
        blocks.append(Para(f"The per-participant chart shows {timeline_note(result)}."))
    return Section("timeline", "Timeline", blocks)


def _scorecard(result: RunResult, info: ScenarioInfo) -> Section:
    from simulator.analysis.tabletop import summarize_expectations

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
    blocks: list[Any] = [
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
    fired = {}
    for e in result.events:
        if e.kind == "inject" and e.detail not in fired:
            fired[e.detail] = e.t
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
            blocks.append(
                Table(
                    [
                        "Expectation",
                        "Inject",
                        "Participant",
                        "Action",
                        "Due (h)",
                        "Done (h)",
                        "Status",
                    ],
                    [
                        [
                            x.id,
                            x.inject,
                            x.participant,
                            x.action,
                            "-" if x.due_at is None else f"{x.due_at:.1f}",
                            "-" if x.done_at is None else f"{x.done_at:.1f}",
                            "open (exercise ended)" if x.status == OPEN else x.status,
                        ]
                        for x in xs
                    ],
                )
            )
    return Section("scorecard", "Expectation scorecard", blocks)


def _contacts(
    result: RunResult, details: dict[str, ContactDetails], redact: bool, live: bool = False
) -> Section:
    silent = {p.code for p in result.participants if p.ack_at is None}
    show = bool(details) and not redact
    rows, keys = [], []
    for c in result.contacts:
        problems = []
        if c.bounced:
            problems.append("bounced")
        elif c.stale and c.lost:
            problems.append("stale: messages lost silently")
        elif c.stale:
            problems.append("not verified recently (likely out of date)" if live else "stale")
        elif c.lost:
            problems.append("message lost (spam filter?)")
        if c.participant in silent and c.acknowledged_at is None and not problems:
            problems.append("unanswered")
        if not problems:
            continue
        row = [c.participant, c.key, c.role, "; ".join(problems)]
        if show:
            d = details.get(c.key, ContactDetails())
            row += [d.name or "-", d.email or "-", d.phone or "-"]
        rows.append(row)
        keys.append(c.key)
    cols = ["Participant", "Contact", "Role", "Problem"]
    if show:
        cols += ["Name", "E-mail", "Phone"]
    blocks: list[Any] = []
    if rows:
        blocks.append(Table(cols, rows, keys))
    else:
        blocks.append(Para("No contact needs fixing."))
    if redact:
        blocks.append(Para("Redacted: contacts are shown by role key only."))
    elif not details:
        blocks.append(
            Para(
                "Contacts are shown by role key: the run was stored without names, "
                "e-mail addresses or telephone numbers."
            )
        )
    return Section("contacts", "Contacts to fix", blocks)


def _notes(
    notes: Sequence[NoteRow], result: RunResult, redact: bool, details: dict[str, ContactDetails],
    scenario_text: str | None = None,
) -> Section:
    if not notes:
        return Section("notes", "Facilitator notes", [Para("No facilitator notes were recorded.")])
    red = None
    if redact:  # the people of the run's directory, else the note is withheld whole
        from results.redact import Redactor, run_people

        stored = [v for d in details.values() for v in (d.name, d.email, d.phone) if v]
        red = Redactor(*run_people(scenario_text, stored))
    rows = []
    for n in notes:
        text = (red.note(n.text) or "") if red is not None else n.text
        when = "-" if n.t is None else f"{utc(result.at(n.t))} ({n.t:.1f} h)"
        rows.append([when, n.participant or "-", text])
    return Section("notes", "Facilitator notes", [Table(["When", "Participant", "Note"], rows)])


def _curve_charts(report: Report, result: RunResult, obs: Observation) -> None:
    from results.reports import charts

    d = result.deadline_hours
    h = max(result.horizon_hours, 0.1)  # a run stopped at once still gets an axis
    cut = f" - {obs.phrase()}" if obs.cut else ""

    def cumulative() -> str:
        curves = []
        t, o = time_to(result, "ack")
        band = km_cumulative_band(t, o)
        curves.append(
            charts.Curve(
                "acknowledged", [(x[0], x[1]) for x in band], [(x[0], x[2], x[3]) for x in band]
            )
        )
        if result.level == "task" or result.kind == "tabletop":
            t, o = time_to(result, "completed")
            comp = km_cumulative_band(t, o)
            curves.append(charts.Curve("completed", [(x[0], x[1]) for x in comp], dashed=True))
        return charts.cumulative_chart(
            curves,
            deadline=d,
            horizon=h,
            chart_id="chart-cumulative",
            title="Cumulative share acknowledged (Kaplan-Meier, 95% Greenwood band)" + cut,
        )

    def groups() -> str:
        names: list[str] = []
        for p in result.participants:
            if p.group not in names:
                names.append(p.group)
        curves = []
        for g in names:
            t, o = time_to(result, "ack", [p.code for p in result.participants if p.group == g])
            band = km_cumulative_band(t, o)
            curves.append(charts.Curve(f"{g} ({len(t)})", [(x[0], x[1]) for x in band]))
        return charts.cumulative_chart(
            curves,
            deadline=d,
            horizon=h,
            chart_id="chart-groups",
            title="Cumulative share acknowledged by group" + cut,
        )

    def timeline() -> str:
        rows, _ = charts.timeline_rows(result, limit=TIMELINE_ROWS)
        note = timeline_note(result)
        injects = [(e.t, e.detail) for e in result.events if e.kind == "inject"]
        return charts.timeline_chart(
            rows,
            deadline=d,
            horizon=h,
            note=note,
            injects=injects,
            chart_id="chart-timeline",
            title="Per-participant timeline" + cut,
        )

    report.charts["chart-cumulative"] = Chart(
        "chart-cumulative",
        "Cumulative share of participants that acknowledged (and completed) "
        "over time; the shaded band is the 95% Greenwood (log-log) interval.",
        cumulative,
    )
    report.charts["chart-groups"] = Chart(
        "chart-groups", "Cumulative share acknowledged per group (Kaplan-Meier).", groups
    )
    report.charts["chart-timeline"] = Chart(
        "chart-timeline",
        "Messages, reminders, bounces, calls and answers per participant.",
        timeline,
    )


def _open_by_stage(result: RunResult) -> dict[str, int]:
    """Per stage, expectations still open when a live exercise was finished."""
    still: dict[str, int] = {}
    for x in result.expectations:
        if x.status == OPEN:
            still[x.stage or ""] = still.get(x.stage or "", 0) + 1
    return still


def _scorecard_chart(report: Report, result: RunResult, info: ScenarioInfo) -> None:
    from simulator.analysis.tabletop import summarize_expectations

    def render() -> str:
        from results.reports import charts

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
        return charts.scorecard_chart(
            stages, title="Expectations per stage", chart_id="chart-scorecard"
        )

    report.charts["chart-scorecard"] = Chart(
        "chart-scorecard",
        "Expectations met, late, missed and not fired (and open, if the exercise ended "
        "first), per stage.",
        render,
    )


def _replications(report: Report, results: Sequence[RunResult], ids: Sequence[int | None]) -> None:
    """A section and a band chart for a run that has sibling replications."""
    from simulator.analysis.metrics import RATE_BOUNDS, mean_ci95

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
    run_list = ", ".join(str(i) for i in ids if i is not None)
    groups = _group_names(results[0])
    blocks: list[Any] = [
        Para(
            f"This run is one of {len(results)} replications of the same scenario and seed"
            + (f" (runs {run_list})." if run_list else ".")
        ),
        Table(["Measure", "Value"], rows, keys),
        ChartRef("chart-replications"),
    ]
    if len(groups) > 1:
        blocks += [
            Sub("By group"),
            _replication_group_table(results, groups),
            ChartRef("chart-replications-groups"),
        ]
    report.sections.append(Section("replications", "Replications", blocks))
    r0 = results[0]

    h = r0.horizon_hours
    grid = [h * i / 200 for i in range(201)]

    def render() -> str:
        from results.reports import charts

        curves = [
            charts.band_curve(f"{label} (median, 2.5-97.5%)", results, grid, what,
                              dashed=what == "completed")
            for what, label in (("ack", "acknowledged"), ("completed", "completed"))
            if what == "ack" or r0.level == "task"
        ]
        return charts.cumulative_chart(
            curves,
            deadline=r0.deadline_hours,
            horizon=h,
            chart_id="chart-replications",
            title=f"Cumulative share over {len(results)} replications",
        )

    report.charts["chart-replications"] = Chart(
        "chart-replications",
        "Median cumulative share across replications with the pointwise 2.5-97.5 percentile band.",
        render,
    )
    if len(groups) <= 1:
        return

    def render_groups() -> str:
        from results.reports import charts

        curves = [
            charts.band_curve(f"{g} ({sum(1 for p in r0.participants if p.group == g)})",
                              [_in_group(r, g) for r in results], grid)
            for g in groups
        ]
        return charts.cumulative_chart(
            curves,
            deadline=r0.deadline_hours,
            horizon=h,
            chart_id="chart-replications-groups",
            title=f"Cumulative share acknowledged by group over {len(results)} replications",
        )

    report.charts["chart-replications-groups"] = Chart(
        "chart-replications-groups",
        "Per group: median cumulative share acknowledged across replications with the "
        "pointwise 2.5-97.5 percentile band.",
        render_groups,
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


def _replication_group_table(results: Sequence[RunResult], groups: list[str]) -> Table:
    """Per group: the mean share acknowledged (completed) in time over replications with
    its t-based 95% interval."""
    from simulator.analysis.metrics import mean_ci95

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


def run_report(
    result: RunResult,
    meta: RunMeta | None = None,
    *,
    notes: Sequence[NoteRow] = (),
    contact_details: dict[str, ContactDetails] | None = None,
    replications: Sequence[RunResult] = (),
    replication_ids: Sequence[int | None] = (),
    redact: bool = False,
    report_date: date | None = None,
) -> Report:
    """The after-action report of one run, from plain objects.

    ``replications``: all replications of the batch (including ``result``) when there
    are several; ``report_date`` (default: the run's finish date, else the exercise's end)
    anchors the improvement plan's due dates.
    """
    meta = meta or RunMeta(
        scenario=result.scenario, kind=result.kind, seed=result.seed, replication=result.replication
    )
    details = {} if redact else dict(contact_details or {})
    info = scenario_info(meta.scenario_text)
    obs = observation(result, meta, notes)
    full = result
    result = censored(result, obs)
    if obs.live:  # who answered is recorded per participant, not per address
        result = replace(result, contacts=contacts_answered(result.contacts, result.participants))
    summary = summarize([result])
    when = report_date or (
        meta.finished_at.date() if meta.finished_at else full.at(full.horizon_hours).date()
    )
    strengths, areas, plan = derive(result, summary, when, obs)
    kind = "Tabletop exercise" if result.kind == "tabletop" else "Communication check"
    report = Report(
        title=f"After-action report: {result.scenario}",
        subtitle=f"{kind}, {meta.mode}, started {utc(result.start)}"
        + (f" - run {meta.id}" if meta.id is not None else ""),
        sections=[],
        redact=redact,
        generated=when,
    )
    report.sections += [
        _overview(result, meta, info, summary, obs),
        _objectives(info),
        _timeline(result, info, obs),
        Section(
            "strengths",
            "Strengths",
            [Bullets([f.text for f in strengths])]
            if strengths
            else [Para("No strength stood out in the numbers.")],
        ),
        Section(
            "areas",
            "Areas for improvement",
            [Bullets([f"[{f.severity}] {f.text}" for f in areas])]
            if areas
            else [Para("No area for improvement stood out in the numbers.")],
        ),
    ]
    if result.kind == "tabletop" or result.expectations:
        report.sections.append(_scorecard(result, info))
        _scorecard_chart(report, result, info)
    report.sections.append(
        Section(
            "plan",
            "Improvement plan",
            [
                Table(
                    ["Issue", "Recommended action", "Owner", "Severity", "Due"],
                    [[i.issue, i.action, i.owner, i.severity, i.due.isoformat()] for i in plan],
                )
                if plan
                else Para("Nothing to plan."),
                Para(
                    "Due dates: high severity +30 days, medium +60, low +90 from the report date "
                    f"({when.isoformat()})."
                ),
            ],
        )
    )
    report.sections.append(_contacts(result, details, redact, obs.live))
    report.sections.append(_notes(notes, result, redact, dict(contact_details or {}),
                                  meta.scenario_text))
    _curve_charts(report, result, obs)
    if len(replications) > 1:
        _replications(report, replications, replication_ids)
    report.data = {
        "summary": summary,
        "observed_hours": obs.until,
        "observation": obs.phrase() if obs.cut else "",
        "prompted": prompted_by(result),
        "strengths": [f.text for f in strengths],
        "areas": [f.text for f in areas],
        "plan": [i.__dict__ for i in plan],
    }
    return report


# -- from the store ---------------------------------------------------------------------


def meta_of(info: Any, database: str = "") -> RunMeta:
    """A :class:`RunMeta` from the store's run record (any object with those attributes)."""
    g = lambda name, default=None: getattr(info, name, default)  # noqa: E731
    return RunMeta(
        id=g("id"),
        scenario=g("scenario", "") or "",
        mode=g("mode", "simulated") or "simulated",
        kind=g("kind", "check") or "check",
        status=g("status", "completed") or "completed",
        seed=g("seed", 0) or 0,
        replication=g("replication", 0) or 0,
        started_at=g("started_at"),
        finished_at=g("finished_at"),
        scenario_text=g("scenario_text"),
        database=database,
    )


def build_report(store: Any, run_id: int, *, redact: bool = False) -> Report:
    """The after-action report of stored run ``run_id`` (raises the store's NotFound)."""
    from results.store import queries as store_extra

    info = store.get_run(run_id)
    result = store.load_result(run_id)
    meta = meta_of(info, getattr(store, "display_url", ""))
    if meta.scenario_text is None:
        meta.scenario_text = store_extra.scenario_text(store, run_id)
    notes = [
        NoteRow(
            getattr(n, "t", None),
            getattr(n, "text", ""),
            getattr(n, "participant", None),
            getattr(n, "created_at", None),
        )
        for n in store.notes(run_id)
    ]
    raw = store.contact_details(run_id)  # with redact: only to scrub names from notes
    details = {
        k: ContactDetails(v.get("name"), v.get("email"), v.get("phone")) for k, v in raw.items()
    }
    siblings = store_extra.replication_runs(store, run_id)
    reps: list[RunResult] = []
    if len(siblings) > 1:
        reps = [result if rid == run_id else store.load_result(rid) for rid in siblings]
    return run_report(
        result,
        meta,
        notes=notes,
        contact_details=details,
        replications=reps,
        replication_ids=siblings,
        redact=redact,
    )

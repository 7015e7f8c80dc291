"""The Timeline section of a run's after-action report: the key moments of the run
(:func:`timeline_entries`) and the per-participant timeline chart."""

from __future__ import annotations

from results.reports.charts.timeline import timeline_chart, timeline_rows
from results.reports.document import Block, Chart, ChartRef, Para, Report, Section, Table
from results.reports.observed import Observation
from results.reports.scenario_text import ScenarioInfo
from simulator.analysis.survival import km_median, time_to
from simulator.model.outcome import Event, ParticipantOutcome, RunResult
from simulator.text import plural, utc

TIMELINE_ROWS = 40
"""Participants shown in the per-participant timeline chart: up to half of them silent,
the rest the slowest that answered (see :func:`results.reports.charts.timeline.timeline_rows`)."""

PHONE_WINDOW_HOURS = 12.0
"""Phone calls within this many hours of the first of a series are one follow-up."""

Entry = tuple[float, str]


def timeline_note(result: RunResult) -> str:
    """Which participants the per-participant timeline shows."""
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


def _sends(result: RunResult) -> list[Entry]:
    """The start (sends of a check, or a tabletop's start) and the bounces."""
    out: list[Entry] = []
    ev = result.events
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
        out.append((0.0, f"Exercise starts with {len(result.participants)} participants."))
    bounced = [e for e in ev if e.kind == "bounced"]
    if bounced:
        out.append(
            (
                bounced[0].t,
                f"Bounces: {plural(len(bounced), 'message')} bounced in all (first: "
                f"{bounced[0].contact or bounced[0].participant}).",
            )
        )
    return out


def _prompts(result: RunResult) -> list[Entry]:
    """Reminders and escalations (one entry per instant) and phone follow-ups (calls
    within :data:`PHONE_WINDOW_HOURS` of the first of a series)."""
    out: list[Entry] = []
    for kind, label in (("reminder", "Reminder"), ("escalation", "Escalation to deputies")):
        by_t: dict[float, set[str | None]] = {}
        for e in result.events:
            if e.kind == kind:
                by_t.setdefault(round(e.t, 2), set()).add(e.participant)
        for t, ps in sorted(by_t.items()):
            out.append((t, f"{label}: sent to {plural(len(ps), 'participant')} still silent."))
    calls = sorted((e for e in result.events if e.kind == "phone_call"), key=lambda e: e.t)
    window: list[Event] = []
    pending: list[Event | None] = [*calls, None]
    for call in pending:
        if call is not None and (not window or call.t - window[0].t <= PHONE_WINDOW_HOURS):
            window.append(call)
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
        window = [call] if call is not None else []
    return out


def _injects(result: RunResult, info: ScenarioInfo) -> list[Entry]:
    out: list[Entry] = []
    for e in result.events:
        if e.kind == "inject":
            stage, subject = info.injects.get(e.detail, ("", ""))
            title = info.stages.get(stage, (stage, []))[0] if stage else ""
            where = f" (stage {stage}: {title})" if stage else ""
            out.append(
                (e.t, f"Inject {e.detail}{where}" + (f": {subject}" if subject else "") + ".")
            )
    return out


def _answers(result: RunResult, acks: list[ParticipantOutcome], obs: Observation) -> list[Entry]:
    """First, half (Kaplan-Meier median) and last acknowledgements, and the deadline."""
    out: list[Entry] = []
    n = len(result.participants)
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
    return out


def _end(result: RunResult, acks: list[ParticipantOutcome], obs: Observation) -> Entry:
    """Where observation ended (the horizon) or stopped (a run cut short)."""
    n, d = len(result.participants), result.deadline_hours
    silent = n - len(acks)
    if obs.cut:
        before = "" if obs.deadline_seen else f", before the {d:g}-hour deadline"
        state = (
            f"{len(acks)} of {plural(n, 'participant')} had acknowledged, "
            f"{silent} had no answer recorded"
            if silent
            else "every participant had acknowledged"
        )
        return (obs.until, f"Observation stops: {obs.phrase()}{before}; {state}.")
    end = (
        f"{plural(silent, 'participant')} never acknowledged"
        if silent
        else "every participant had acknowledged"
    )
    return (result.horizon_hours, f"Observation ends: {end}.")


def timeline_entries(
    result: RunResult, info: ScenarioInfo, obs: Observation | None = None
) -> list[Entry]:
    """Key moments of a run: start, sends, reminders, escalations, phone follow-ups,
    injects, first/half/last acknowledgements, the deadline and the end.

    With ``obs`` cut short (``result`` censored at ``obs.until``) the end is where
    observation stopped, and the deadline is listed only if it was reached."""
    obs = obs or Observation(result.horizon_hours, result.horizon_hours, result.deadline_hours)
    acks = sorted(
        (p for p in result.participants if p.ack_at is not None), key=lambda p: p.ack_at or 0
    )
    out = [
        *_sends(result),
        *_prompts(result),
        *_injects(result, info),
        *_answers(result, acks, obs),
        _end(result, acks, obs),
    ]
    out.sort(key=lambda x: x[0])
    return out


def timeline(report: Report, result: RunResult, info: ScenarioInfo, obs: Observation) -> Section:
    """The Timeline section; adds the per-participant timeline chart to ``report``."""
    rows = [
        [utc(result.at(t)), f"{t:.1f}", what] for t, what in timeline_entries(result, info, obs)
    ]
    n = len(result.participants)
    blocks: list[Block] = [Table(["When (UTC)", "Hours", "What"], rows), ChartRef("chart-timeline")]
    if n > TIMELINE_ROWS:
        blocks.append(Para(f"The per-participant chart shows {timeline_note(result)}."))
    report.charts["chart-timeline"] = Chart(
        "chart-timeline",
        "Messages, reminders, bounces, calls and answers per participant.",
        lambda: _timeline_chart(result, obs),
    )
    return Section("timeline", "Timeline", blocks)


def _timeline_chart(result: RunResult, obs: Observation) -> str:
    rows, _ = timeline_rows(result, limit=TIMELINE_ROWS)
    cut = f" - {obs.phrase()}" if obs.cut else ""
    return timeline_chart(
        rows,
        deadline=result.deadline_hours,
        horizon=max(result.horizon_hours, 0.1),  # a run stopped at once still gets an axis
        note=timeline_note(result),
        injects=[(e.t, e.detail) for e in result.events if e.kind == "inject"],
        chart_id="chart-timeline",
        title="Per-participant timeline" + cut,
    )

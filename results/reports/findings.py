"""Findings derived from the numbers of one run: strengths, areas for improvement and the
improvement plan (HSEEP after-action practice).

Every finding states its number. Thresholds (documented defaults):

* a group is noted when its acknowledgement rate differs from the overall rate by at least
  :data:`GROUP_GAP` (10 percentage points) and it has at least 2 participants;
* the overall rate is a strength from :data:`STRONG_RATE` (90%);
* the median time to acknowledge is a strength below a quarter of the deadline, an area
  for improvement above half of it.

A run that was not observed to its horizon (interrupted, still running, or a live run the
facilitator closed early: see :class:`Observation`) is judged only on what was observed:
no claim about the deadline when it was not reached, and live runs (which never record
delivery) never conclude that no message reached a contact; a live run's stale contacts
(an estimate from their verification dates) are a low-severity upkeep item, never lost
messages. Expectations still open when a live run finished are neither met nor missed.

Severity sets the due date of a plan item: high +30 days, medium +60, low +90 from the
report date. Owners: the participant's national POC for its own entries and answers,
the secretariat for the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from results.reports.document import hm, hours, pct, plural
from simulator.model.outcome import ParticipantOutcome, RunResult

GROUP_GAP = 0.10
STRONG_RATE = 0.90
DUE_DAYS = {"high": 30, "medium": 60, "low": 90}


@dataclass
class Finding:
    text: str
    severity: str = ""  # high / medium / low (areas for improvement)


@dataclass(frozen=True)
class Observation:
    """How much of a run's window was observed.

    ``until`` is the last observed instant (hours since the start): the horizon for a
    completed simulated run, else the last recorded instant. ``why`` says why observation
    stopped before the horizon (``"run interrupted"``), empty when it did not. ``live``:
    recorded by hand, so delivery is never known.
    """

    until: float
    horizon: float
    deadline: float
    why: str = ""
    live: bool = False

    @property
    def cut(self) -> bool:
        """Observation stopped before the horizon."""
        return self.until < self.horizon - 1e-9

    @property
    def deadline_seen(self) -> bool:
        """The deadline was reached while observing."""
        return self.until >= self.deadline - 1e-9

    def phrase(self) -> str:
        """``observed for 1h00 (run interrupted)``."""
        return f"observed for {hm(self.until)}" + (f" ({self.why})" if self.why else "")


@dataclass
class PlanItem:
    issue: str
    action: str
    owner: str
    severity: str
    due: date


def _codes(ps: list[Any], limit: int = 12) -> str:
    names = [p if isinstance(p, str) else p.code for p in ps]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def prompted_by(result: RunResult) -> dict[str, str]:
    """Participants that acknowledged only after a reminder or a phone call: code ->
    ``"reminder at 24h"`` / ``"phone call at 36h"`` (the last prompt before the answer)."""
    prompts: dict[str, list[tuple[float, str]]] = {}
    for e in result.events:
        if e.participant is None:
            continue
        if e.kind == "reminder":
            prompts.setdefault(e.participant, []).append((e.t, f"reminder at {e.t:g}h"))
        elif e.kind == "phone_call" and e.detail.startswith("answered"):
            prompts.setdefault(e.participant, []).append((e.t, f"phone call at {e.t:g}h"))
        elif e.kind == "escalation":
            prompts.setdefault(e.participant, []).append((e.t, f"escalation at {e.t:g}h"))
    out: dict[str, str] = {}
    for p in result.participants:
        if p.ack_at is None:
            continue
        before = [x for x in prompts.get(p.code, []) if x[0] < p.ack_at]
        if before:
            out[p.code] = max(before)[1]
    return out


def derive(
    result: RunResult,
    summary: dict[str, Any],
    report_date: date,
    obs: Observation | None = None,
) -> tuple[list[Finding], list[Finding], list[PlanItem]]:
    """Strengths, areas for improvement and plan items for one run.

    ``obs`` (default: the whole window, simulated) limits the claims to what was observed;
    ``result`` is then expected to be censored at ``obs.until`` already."""
    strengths: list[Finding] = []
    areas: list[Finding] = []
    plan: list[PlanItem] = []
    d, h = result.deadline_hours, result.horizon_hours
    obs = obs or Observation(h, h, d)
    ps = result.participants
    n = len(ps)

    def item(issue: str, action: str, owner: str, severity: str) -> None:
        plan.append(
            PlanItem(
                issue, action, owner, severity, report_date + timedelta(days=DUE_DAYS[severity])
            )
        )

    in_time = [p for p in ps if p.ack_at is not None and p.ack_at <= d]
    rate = summary.get("ack_rate")
    if n and rate is not None and rate >= STRONG_RATE:
        strengths.append(
            Finding(
                f"{len(in_time)} of {n} participants ({pct(rate)}) acknowledged within the "
                f"{d:g}-hour deadline."
            )
        )
    med = summary.get("median_hours_to_ack") if obs.deadline_seen else None
    if med is not None and med <= d / 4:
        strengths.append(
            Finding(
                f"Half of the participants that acknowledged in time did so within {hours(med)} "
                f"(deadline {d:g} h)."
            )
        )
    elif med is not None and med > d / 2:
        areas.append(
            Finding(
                f"The median time to acknowledge was {hours(med)}, more than half the {d:g}-hour "
                "deadline.",
                "low",
            )
        )
        item(
            f"Slow acknowledgement (median {hours(med)})",
            "Ask POCs to acknowledge receipt at once and answer the substance later; "
            "state this in the next check's message.",
            "Secretariat",
            "low",
        )
    reminders = sorted({e.t for e in result.events if e.kind == "reminder"})
    if reminders and n:
        first = reminders[0]
        early = [p for p in ps if p.ack_at is not None and p.ack_at < first]
        if len(early) / n >= 0.5:
            strengths.append(
                Finding(
                    f"{len(early)} of {n} participants ({pct(len(early) / n)}) acknowledged "
                    f"before the first reminder at {first:g} h."
                )
            )
    if result.level == "task" and summary.get("completion_rate") is not None:
        done = [p for p in ps if p.completed_at is not None and p.completed_at <= d]
        if n and len(done) / n >= 0.8:
            strengths.append(
                Finding(
                    f"{len(done)} of {n} participants ({pct(len(done) / n)}) completed the "
                    "tasks within the deadline."
                )
            )

    # -- participants that did not answer, answered late, or only when prompted ----------
    never = [p for p in ps if p.ack_at is None]
    if never and obs.cut and not obs.deadline_seen:
        areas.append(
            Finding(
                f"{len(never)} of {n} participants ({pct(len(never) / n)}) had no "
                f"acknowledgement recorded: {_codes(never)}. The run was {obs.phrase()}, "
                f"so the {d:g}-hour deadline was not reached: whether they answered in time "
                "is not known.",
                "medium",
            )
        )
        item(
            f"Run stopped after {hm(obs.until)}, before the {d:g}-hour deadline: "
            f"{plural(len(never), 'participant')} without a recorded answer",
            f"Ask {_codes(never)} whether they received the check and when they answered; "
            "record their answers (resume the live run) so the deadline result is known.",
            "Secretariat",
            "medium",
        )
    elif never:
        window = obs.phrase() if obs.cut else f"in the {h:g} hours observed"
        verb = "had no acknowledgement recorded" if obs.live else "never acknowledged"
        within = hm(obs.until) if obs.cut else f"{h:g} h"
        areas.append(
            Finding(
                f"{len(never)} of {n} participants ({pct(len(never) / n)}) {verb} "
                f"{window}: {_codes(never)}.",
                "high",
            )
        )
        for p in never:
            if obs.live:
                item(
                    f"{p.code}: no answer recorded ({window})",
                    f"Confirm by phone who receives checks for {p.code} and whether the "
                    "check arrived; name a deputy or a 24/7 duty desk.",
                    f"{p.code} national POC",
                    "high",
                )
            elif not p.delivered:
                item(
                    f"{p.code}: no message reached any contact",
                    f"Obtain current contact details for {p.code} (note verbale) and "
                    "re-verify every entry.",
                    f"{p.code} national POC",
                    "high",
                )
            else:
                item(
                    f"{p.code}: no acknowledgement within {within}",
                    f"Confirm by phone who receives checks for {p.code}; name a deputy "
                    "or a 24/7 duty desk.",
                    f"{p.code} national POC",
                    "high",
                )
    late = [p for p in ps if p.ack_at is not None and p.ack_at > d]
    if late:
        detail = ", ".join(f"{p.code} ({hours(p.ack_at)})" for p in late[:12])
        areas.append(
            Finding(
                f"{plural(len(late), 'participant')} acknowledged only after the "
                f"{d:g}-hour deadline: {detail}.",
                "medium",
            )
        )
        for p in late:
            item(
                f"{p.code}: acknowledged late ({hours(p.ack_at)})",
                f"Agree a deputy or duty desk at {p.code} able to acknowledge within {d:g} h.",
                f"{p.code} national POC",
                "medium",
            )
    prompted = prompted_by(result)
    if prompted:
        detail = ", ".join(f"{c} (after {w})" for c, w in list(prompted.items())[:12])
        areas.append(
            Finding(
                f"{len(prompted)} of {n} participants acknowledged only after a reminder or a "
                f"phone call: {detail}.",
                "low",
            )
        )
        item(
            f"{plural(len(prompted), 'participant')} answered only when prompted",
            "Review how checks are routed inside these administrations; confirm the "
            "listed addresses are read daily.",
            "Secretariat",
            "low",
        )

    # -- contacts ----------------------------------------------------------------------
    cs = result.contacts
    bounced = [c for c in cs if c.bounced]
    stale_silent = [c for c in cs if c.stale and not c.bounced]
    if cs and not bounced and not stale_silent:
        strengths.append(Finding(f"No contact bounced or was found stale ({len(cs)} contacts)."))
    if bounced:
        areas.append(
            Finding(
                f"{len(bounced)} of {len(cs)} contacts ({pct(len(bounced) / len(cs))}) bounced: "
                f"{', '.join(c.key for c in bounced[:12])}"
                f"{' ...' if len(bounced) > 12 else ''}.",
                "high",
            )
        )
        for c in bounced:
            item(
                f"{c.key}: bounced",
                f"Re-verify {c.key}: bounced; ask for a new address.",
                f"{c.participant} national POC",
                "high",
            )
    if stale_silent and obs.live:
        # a live run's staleness is an estimate from the entries' verification dates: no
        # message is known lost, so it is a lower-severity upkeep item
        areas.append(
            Finding(
                f"{len(stale_silent)} of {len(cs)} contacts ({pct(len(stale_silent) / len(cs))}) "
                "were not verified recently and are likely out of date (an estimate from "
                "their last verification; no message is known lost): "
                f"{', '.join(c.key for c in stale_silent[:12])}"
                f"{' ...' if len(stale_silent) > 12 else ''}.",
                "low",
            )
        )
        for c in stale_silent:
            item(
                f"{c.key}: not verified recently (likely out of date)",
                f"Re-verify {c.key}: confirm the person is still in post and the details "
                "are current.",
                f"{c.participant} national POC",
                "low",
            )
    elif stale_silent:
        areas.append(
            Finding(
                f"{len(stale_silent)} of {len(cs)} contacts ({pct(len(stale_silent) / len(cs))}) "
                "were stale and lost messages without a bounce: "
                f"{', '.join(c.key for c in stale_silent[:12])}"
                f"{' ...' if len(stale_silent) > 12 else ''}.",
                "high",
            )
        )
        for c in stale_silent:
            item(
                f"{c.key}: stale (messages lost silently)",
                f"Re-verify {c.key}: stale entry; confirm the person is still in post.",
                f"{c.participant} national POC",
                "high",
            )

    # -- groups ------------------------------------------------------------------------
    if rate is not None:
        for g, block in (summary.get("by_group") or {}).items():
            gn, gr = block.get("participants", 0), block.get("ack_rate")
            if gn < 2 or gr is None or gr != gr:
                continue
            members = [p for p in ps if p.group == g]
            ok = sum(1 for p in members if p.ack_at is not None and p.ack_at <= d)
            if gr >= rate + GROUP_GAP:
                strengths.append(
                    Finding(
                        f"Group {g}: {ok} of {gn} ({pct(gr)}) acknowledged in time, above the "
                        f"overall {pct(rate)}."
                    )
                )
            elif gr <= rate - GROUP_GAP:
                areas.append(
                    Finding(
                        f"Group {g}: {ok} of {gn} ({pct(gr)}) acknowledged in time, below the "
                        f"overall {pct(rate)}.",
                        "medium",
                    )
                )
                item(
                    f"Group {g} below the overall rate ({pct(gr)} vs {pct(rate)})",
                    f"Follow up with group {g}: check time zones, work weeks and languages "
                    "against the check's timing.",
                    "Secretariat",
                    "medium",
                )

    # -- tabletop expectations -------------------------------------------------------------
    exps = result.expectations
    fired = [x for x in exps if x.status in ("met", "late", "missed")]
    if fired:
        met = [x for x in fired if x.status == "met"]
        share = len(met) / len(fired)
        if share >= 0.8:
            strengths.append(
                Finding(f"{len(met)} of {len(fired)} expectations ({pct(share)}) were met in time.")
            )
        stages: dict[str, list[Any]] = {}
        for x in fired:
            stages.setdefault(x.stage or "-", []).append(x)
        for st, xs in stages.items():
            if all(x.status == "met" for x in xs) and len(xs) >= 1 and share < 1:
                strengths.append(
                    Finding(
                        f"Stage {st}: {'the' if len(xs) == 1 else 'all'} "
                        f"{plural(len(xs), 'expectation')} met."
                    )
                )
        missed = [x for x in fired if x.status == "missed"]
        late_x = [x for x in fired if x.status == "late"]
        if missed:
            areas.append(
                Finding(
                    f"{len(missed)} of {plural(len(fired), 'expectation')} missed: "
                    + ", ".join(
                        f"{x.id} ({x.participant}, {x.action}, stage {x.stage})"
                        for x in missed[:12]
                    )
                    + ".",
                    "high",
                )
            )
            for who, xs in _by_participant(missed).items():
                item(
                    f"{who}: {plural(len(xs), 'expectation')} missed ("
                    + ", ".join(f"{x.id} {x.action}, stage {x.stage}" for x in xs)
                    + ")",
                    f"Rehearse {_actions(xs)} with {who}: who holds the mandate, which "
                    "channel, how fast.",
                    f"{who} national POC",
                    "high",
                )
        if late_x:
            areas.append(
                Finding(
                    f"{len(late_x)} of {plural(len(fired), 'expectation')} met late: "
                    + ", ".join(f"{x.id} ({x.participant})" for x in late_x[:12])
                    + ".",
                    "medium",
                )
            )
            for who, xs in _by_participant(late_x).items():
                item(
                    f"{who}: {plural(len(xs), 'expectation')} met late ("
                    + ", ".join(x.id for x in xs)
                    + ")",
                    f"Shorten {who}'s internal clearance for {_actions(xs)}.",
                    f"{who} national POC",
                    "medium",
                )
    order = {"high": 0, "medium": 1, "low": 2}
    plan.sort(key=lambda i: order[i.severity])
    return strengths, areas, plan


def _by_participant(xs: list[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for x in xs:
        out.setdefault(x.participant, []).append(x)
    return out


def _actions(xs: list[Any]) -> str:
    names = list(dict.fromkeys(x.action for x in xs))
    return ", ".join(f"'{a}'" for a in names)


def acknowledged_in_time(p: ParticipantOutcome, deadline: float) -> bool:
    return p.ack_at is not None and p.ack_at <= deadline

"""What a tabletop's screens say about injects: the panel's labels and each inject in
full (subject, stage narrative, body, expectations, discussion questions, the guide), and
the line of injects due and next."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from rich.text import Text

from simulator.engine.schedule import ScheduledInject
from simulator.model.injects import ConditionTrigger, Inject
from simulator.model.tabletop import TabletopScenario
from simulator.text import t_plus, time_left
from tui.text import markup_safe, plain


def inject_options(
    scenario: TabletopScenario | None, fired_at: Mapping[str, float] | None = None,
    due: Collection[str] = (),
) -> list[tuple[str, str]]:
    """(id, label) of a tabletop's injects (none for a check): the ones ``due`` first and
    marked DUE, each one fired marked with its first firing (``fired_at``)."""
    fired_at = fired_at or {}
    out = []
    for inj in scenario.injects if scenario is not None else []:
        when = _when(inj)
        label = " ".join(x for x in (inj.id, inj.subject, f"({when})" if when else "") if x)
        if inj.id in fired_at:
            label = f"{label}  fired at {t_plus(fired_at[inj.id])}"
        out.append((inj.id, label))
    return ([(k, f"DUE {label}") for k, label in out if k in due]
            + [(k, label) for k, label in out if k not in due])


def _when(inj: Inject) -> str:
    """``at T+05:00``, ``when E1 missed``, or nothing (fired by hand)."""
    if inj.at is not None:
        return f"at {t_plus(inj.at)}"
    if isinstance(inj.trigger, ConditionTrigger):
        return f"when {inj.trigger.expectation} {inj.trigger.on}"
    return "by hand"


def injects_line(
    schedule: Sequence[ScheduledInject], now: float, subjects: Mapping[str, str]
) -> Text:
    """The line above the board: injects due (and since when), the next one, the key
    (subjects as plain text: :func:`tui.text.plain`)."""
    due = [s for s in schedule if s.due_at <= now + 1e-9]
    ahead = [s for s in schedule if s.due_at > now + 1e-9]
    parts = []
    for s in due:
        ago = t_plus(now - s.due_at)[2:]
        parts.append(Text.assemble((" DUE ", "b reverse dark_orange"), " ", (s.id, "b"), " ",
                                   plain(subjects[s.id]), f" ({s.reason}, due {ago} ago)"))
    if ahead:
        nxt = ahead[0]
        parts.append(Text.assemble(f"next: {nxt.id} ", plain(subjects[nxt.id]),
                                   f" ({nxt.reason}, in {t_plus(nxt.due_at - now)[2:]})"))
    if due:
        parts.append(Text("f fires what is due", style="dim"))
    if not parts:
        return Text("no inject due; i opens the injects to fire one")
    return Text("   ").join(parts)


def due_now(fresh: Sequence[ScheduledInject], subjects: Mapping[str, str]) -> str:
    """The notification of injects just due (markup: each subject escaped)."""
    names = ", ".join(f"{s.id} {markup_safe(subjects[s.id])}" for s in fresh)
    return f"due now: {names}; press f to fire"


GUIDE = "guide"
"""The inject panel's entry for the scenario's facilitator's guide."""


def inject_detail(scenario: TabletopScenario, key: str,
                  fired_at: Mapping[str, float] | None = None) -> Text:
    """What the inject panel shows for ``key`` (an inject id, or :data:`GUIDE`): the
    inject's subject, when, who gets it, its stage (title, narrative, discussion
    questions), its body and what it expects; or the facilitator's guide."""
    out = Text()
    if key == GUIDE:
        out.append("Facilitator's guide\n", style="bold")
        guide = (scenario.guide or "This scenario has no guide.").strip()
        out.append(plain(guide + "\n", lines=True))
        if scenario.description:
            out.append("\nAbout the scenario\n", style="bold")
            out.append(plain(scenario.description.strip() + "\n", lines=True))
        return out
    inj = next(i for i in scenario.injects if i.id == key)
    out.append(plain(f"{inj.id}  {inj.subject}\n", "bold", lines=True))
    fired = (fired_at or {}).get(inj.id)
    out.append(f"{_when(inj)}\n", style="dim")
    if fired is not None:
        out.append(f"fired at {t_plus(fired)}\n", style="bold magenta")
    out.append(f"to {', '.join(inj.recipients)} by {inj.channel}, from {inj.sender}\n",
               style="dim")
    stage = next((s for s in scenario.stages if s.id == inj.stage), None)
    if stage is not None:
        out.append(plain(f"\nStage {stage.id}: {stage.title}\n", "bold", lines=True))
        if stage.narrative:
            out.append(plain(stage.narrative.strip() + "\n", lines=True))
    out.append("\nMessage\n", style="bold")
    body = (inj.body or "(no body: the subject is the message)").strip()
    out.append(plain(body + "\n", lines=True))
    if inj.expect:
        out.append("\nExpected\n", style="bold")
        for x in inj.expect:
            who = x.who if isinstance(x.who, str) else ", ".join(x.who)
            to = f" with {x.to}" if x.to else ""
            out.append(f"  {x.id}  {who}: {x.action}{to} within {time_left(x.within)}"
                       + (f"  ({x.description})" if x.description else "") + "\n")
    if stage is not None and stage.questions:
        out.append("\nDiscussion questions\n", style="bold")
        for q in stage.questions:
            out.append(plain(f"  - {q.strip()}\n", lines=True))
    return out

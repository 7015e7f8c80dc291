"""What a live tabletop's screen says about injects: the picker's labels and the line of
injects due and next."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from rich.text import Text

from simulator.engine.schedule import ScheduledInject
from simulator.model.injects import ConditionTrigger
from simulator.model.tabletop import TabletopScenario
from simulator.text import t_plus
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
        if inj.at is not None:
            when = f"at {t_plus(inj.at)}"
        elif isinstance(inj.trigger, ConditionTrigger):
            when = f"when {inj.trigger.expectation} {inj.trigger.on}"
        else:
            when = ""
        label = " ".join(x for x in (inj.id, inj.subject, f"({when})" if when else "") if x)
        if inj.id in fired_at:
            label = f"{label}  fired at {t_plus(fired_at[inj.id])}"
        out.append((inj.id, label))
    return ([(k, f"DUE {label}") for k, label in out if k in due]
            + [(k, label) for k, label in out if k not in due])


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
    return Text("   ").join(parts) if parts else Text("no inject due; i fires one by hand")


def due_now(fresh: Sequence[ScheduledInject], subjects: Mapping[str, str]) -> str:
    """The notification of injects just due (markup: each subject escaped)."""
    names = ", ".join(f"{s.id} {markup_safe(subjects[s.id])}" for s in fresh)
    return f"due now: {names}; press f to fire"

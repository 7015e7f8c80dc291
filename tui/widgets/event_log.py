"""The event log: new events stream in as the clock passes them (no personal data)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import RichLog

from simulator.model.outcome import Event
from simulator.text import shown, t_plus

KIND_STYLE = {
    "acknowledged": "green3",
    "completed": "green4",
    "bounced": "red3",
    "lost": "red3",
    "reminder": "dodger_blue2",
    "escalation": "dodger_blue2",
    "deadline": "bold dark_orange",
    "inject": "bold magenta",
    "note": "italic",
    "expectation": "magenta",
    "undone": "bold italic",
}
MAX_LINES_PER_BATCH = 200
"""At high speed thousands of events can pass in one refresh (a jump); show at most this
many: the newest, after a line that counts the ones left out."""


def event_line(e: Event) -> Text:
    """``T+05:12  DE  acknowledged  DE/policy  email  detail`` (contact keys, never names)."""
    line = Text(t_plus(e.t) + "  ", style="dim")
    line.append(f"{shown(e.participant or '-', lines=False):<5}", style="bold")
    line.append(f"{e.kind:<13}", style=KIND_STYLE.get(e.kind, ""))
    detail = e.detail
    if e.kind == "undone":  # "acknowledged 1.500000 ...": what it takes back, and when
        kind, _, rest_ = detail.partition(" ")
        at, _, more = rest_.partition(" ")
        try:
            detail = f"takes back {kind} of {t_plus(float(at))}" + (f" ({more})" if more else "")
        except ValueError:
            pass
    rest = "  ".join(x for x in (e.contact, e.channel, detail) if x)
    line.append(" " + shown(rest, lines=False))
    return line


class EventLog(RichLog):
    """A bounded log of events."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_lines=2000, wrap=False, markup=False, auto_scroll=True, **kwargs)  # type: ignore[arg-type]
        self.shown = 0

    def write_events(self, events: Sequence[Event]) -> None:
        """Append ``events`` (already in time order); of a flood, the newest, after a line
        counting the earlier ones left out (the log always ends at the clock)."""
        if not events:
            return
        tail = events[-MAX_LINES_PER_BATCH:]
        if len(events) > len(tail):
            left_out = len(events) - len(tail)
            self.write(Text(f"  ... {left_out} earlier events up to {t_plus(tail[0].t)} "
                            "not shown (the report lists them all)", style="dim"))
        for e in tail:
            self.write(event_line(e))
        self.shown += len(events)

"""A stored run's figures as the results screens show them: the summary table (the
figures of :mod:`simulator.analysis.figures`, worded by
:mod:`results.reports.figure_lines`), the comparison rows of two runs, and their formats.

A run not observed to its horizon (interrupted, still running, live) is shown as the
after-action report shows it (:mod:`results.reports.observed`): cut at its last recorded
instant, its figures counted up to then, and no in-time figure claimed when the deadline
was not reached (``not observed (stopped at 10h00)``).
"""

from __future__ import annotations

import math
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from results.reports.figure_lines import figure_lines, selection_note
from results.reports.observed import Observation
from simulator.model.outcome import RunResult
from simulator.text import hm, hours, pct
from tui.text import plain


def unseen(obs: Observation | None) -> str | None:
    """``not observed (stopped at 10h00)`` when ``obs`` stopped before the deadline."""
    if obs is None or obs.deadline_seen:
        return None
    return f"not observed (stopped at {hm(obs.until)})"


def summary_table(
    s: dict[str, Any], figures: dict[str, Any], obs: Observation | None = None
) -> Group:
    """What was run (from the summary ``s``) and the headline figures of ``figures``
    (:mod:`simulator.analysis.figures`), worded as every face words them; a run cut short
    says how long it was observed, and claims no in-time figure it did not observe. The
    selection note goes under the table, across its whole width, so it wraps instead of
    being squeezed into the value column."""
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold", no_wrap=True)
    t.add_column()
    t.add_row("Scenario", plain(s.get("scenario", "-")))
    t.add_row("Participants", str(figures.get("participants", "-")))
    t.add_row("Deadline", f"{figures.get('deadline_hours', 0):g} h ({figures.get('level', '')})")
    if obs is not None and obs.cut:
        why = f" ({obs.why})" if obs.why else ""
        t.add_row("Observed for", Text(f"{hm(obs.until)}{why}", style="dark_orange"))
    for _, label, text in figure_lines(figures):
        t.add_row(label, Text(text, style="dark_orange") if text.startswith("not observed")
                  else text)
    note = selection_note(figures)
    return Group(t, Text(note, style="dim")) if note else Group(t)


def ack_hours(result: RunResult) -> list[float]:
    return sorted(p.ack_at for p in result.participants if p.ack_at is not None)


COMPARE_METRICS = (
    ("Acknowledged in time", "ack_rate", pct),
    ("Completed in time", "completion_rate", pct),
    ("Median h to acknowledge", "median_hours_to_ack", hours),
    ("p90 h to acknowledge", "p90_hours_to_ack", hours),
    ("Late acknowledgements", "late_acks", str),
    ("Never acknowledged", "never_acknowledged", str),
    ("Bounced contacts", "bounced_contacts", str),
    ("Reminders sent", "reminders_sent", str),
)


NOT_OBSERVED = "not observed"
DEADLINE_KEYS = frozenset({"ack_rate", "completion_rate", "median_hours_to_ack",
                           "p90_hours_to_ack", "late_acks"})
"""Figures that need the deadline to have been observed."""


def comparison_rows(
    a: dict[str, Any], b: dict[str, Any],
    obs_a: Observation | None = None, obs_b: Observation | None = None,
) -> list[tuple[str, str, str, str]]:
    """(metric, run A, run B, change B - A) rows for two summaries, then per group.

    A run observed only up to before its deadline (``obs_a`` / ``obs_b``) shows
    ``not observed`` for the in-time figures and no change against the other."""
    rows = []
    blind = (unseen(obs_a) is not None, unseen(obs_b) is not None)

    def shown(x: Any, fmt: Any, hidden: bool) -> str:
        if hidden:
            return NOT_OBSERVED
        return fmt(x) if x is not None else "-"

    def change(x: Any, y: Any, fmt: Any) -> str:
        if not isinstance(x, int | float) or not isinstance(y, int | float):
            return ""
        if any(isinstance(v, float) and math.isnan(v) for v in (x, y)):
            return ""
        d = y - x
        if fmt is pct:
            return f"{100 * d:+.1f} pts"
        if fmt is hours:
            return f"{d:+.1f} h"
        return f"{d:+g}"

    for label, key, fmt in COMPARE_METRICS:
        x, y = a.get(key), b.get(key)
        ha, hb = (h and key in DEADLINE_KEYS for h in blind)
        rows.append((label, shown(x, fmt, ha), shown(y, fmt, hb),
                     "" if ha or hb else change(x, y, fmt)))
    groups = list(dict.fromkeys([*a.get("by_group", {}), *b.get("by_group", {})]))
    if groups:  # a heading row, so a long group name is not cut to "South-Eastern Europe: ackn"
        rows.append(("Acknowledged in time, by group", "", "", ""))
    for g in groups:
        x = a.get("by_group", {}).get(g, {}).get("ack_rate")
        y = b.get("by_group", {}).get(g, {}).get("ack_rate")
        rows.append((f"  {g or '-'}", shown(x, pct, blind[0]),
                     shown(y, pct, blind[1]), "" if any(blind) else change(x, y, pct)))
    return rows

"""A stored run's figures as the results screens show them: the summary table, the
comparison rows of two runs, and their formats.

A run not observed to its horizon (interrupted, still running, live) is shown as the
after-action report shows it (:mod:`results.reports.observed`): cut at its last recorded
instant, its figures counted up to then, and no in-time figure claimed when the deadline
was not reached (``not observed (stopped at 10h00)``).
"""

from __future__ import annotations

import math
from typing import Any

from rich.table import Table
from rich.text import Text

from results.reports.observed import Observation
from simulator.model.outcome import RunResult
from simulator.text import hm, hours, pct


def unseen(obs: Observation | None) -> str | None:
    """``not observed (stopped at 10h00)`` when ``obs`` stopped before the deadline."""
    if obs is None or obs.deadline_seen:
        return None
    return f"not observed (stopped at {hm(obs.until)})"


def by_then(s: dict[str, Any], key: str) -> str:
    """How many participants acknowledged (``ack_rate``) or completed by the end of a
    censored summary ``s``: ``2 of 57 by then``."""
    n = s.get("participants") or 0
    rate = s.get(key)
    if not n or rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "-"
    return f"{round(rate * n)} of {n} by then"


def summary_table(s: dict[str, Any], obs: Observation | None = None) -> Table:
    """The headline figures of a run summary; with ``obs`` cut short, as the report
    gives them (``s`` is then the summary of the run cut at ``obs.until``)."""
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold", no_wrap=True)
    t.add_column()
    t.add_row("Scenario", str(s.get("scenario", "-")))
    t.add_row("Participants", str(s.get("participants", "-")))
    t.add_row("Deadline", f"{s.get('deadline_hours', 0):g} h ({s.get('level', '')})")
    if obs is not None and obs.cut:
        why = f" ({obs.why})" if obs.why else ""
        t.add_row("Observed for", Text(f"{hm(obs.until)}{why}", style="dark_orange"))
    missing = unseen(obs)
    if missing:
        t.add_row("Acknowledged in time", Text(missing, style="dark_orange"))
        t.add_row("  acknowledged", by_then(s, "ack_rate"))
    else:
        t.add_row("Acknowledged in time", pct(s.get("ack_rate")))
    if s.get("level") != "reachability":
        if missing:
            t.add_row("Completed in time", Text(missing, style="dark_orange"))
            t.add_row("  completed", by_then(s, "completion_rate"))
        else:
            t.add_row("Completed in time", pct(s.get("completion_rate")))
    t.add_row("Median to acknowledge", hours(s.get("median_hours_to_ack")))
    t.add_row("90th percentile", hours(s.get("p90_hours_to_ack")))
    t.add_row("Late acknowledgements", "-" if missing else str(s.get("late_acks", "-")))
    never = ("Never acknowledged" if obs is None or not obs.cut
             else f"No ack by {hm(obs.until)}")
    t.add_row(never, str(s.get("never_acknowledged", "-")))
    t.add_row("Bounced contacts", str(s.get("bounced_contacts", "-")))
    t.add_row("Stale contacts", str(s.get("stale_contacts", "-")))
    t.add_row("Reminders sent", str(s.get("reminders_sent", "-")))
    return t


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
    for g in groups:
        x = a.get("by_group", {}).get(g, {}).get("ack_rate")
        y = b.get("by_group", {}).get(g, {}).get("ack_rate")
        rows.append((f"  {g or '-'}: acknowledged", shown(x, pct, blind[0]),
                     shown(y, pct, blind[1]), "" if any(blind) else change(x, y, pct)))
    return rows

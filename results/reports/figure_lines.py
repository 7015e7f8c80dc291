"""Figures as lines of text: the one label and the one format of each figure, for every
face (the terminal summary, the TUI's run detail, the report's key numbers).

:func:`figure_lines` turns the dict of :mod:`simulator.analysis.figures` into
``(key, label, text)`` rows, in the order they are shown; a face prints them as it likes
but never words or rounds a figure itself. :func:`least_likely` words a study's
per-participant probabilities of acknowledging (and completing) in time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.analysis.figures import SELECTION_NOTE
from simulator.text import hm, hours, pct

Line = tuple[str, str, str]
"""``(figure key, label, text)``."""


def rate_text(f: Mapping[str, Any], key: str, count_key: str) -> str:
    """``81.2% [79.2%, 83.0%]`` (a study), ``77.2% (44 of 57)`` (a run), or, before the
    deadline was observed, ``not observed (stopped at 10h00, before the 72 h deadline);
    2 of 57 by then``."""
    n = f.get("participants") or 0
    if not f.get("deadline_observed", True):
        by_end = f.get("acknowledged_by_end") if key == "ack_rate" else None
        then = f"; {by_end} of {n} by then" if by_end is not None else ""
        return (f"not observed (stopped at {hm(float(f['observed_until_hours']))}, before the "
                f"{float(f['deadline_hours']):g} h deadline){then}")
    ci = f.get(f"{key}_ci95")
    if ci:
        return f"{pct(f.get(key))} [{pct(ci[0])}, {pct(ci[1])}]"
    k = f.get(count_key)
    return f"{pct(f.get(key))}" + (f" ({k} of {n})" if k is not None else "")


def _count(f: Mapping[str, Any], key: str) -> str:
    v = f.get(key)
    return "-" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def _median(v: float | None) -> str:
    return "not reached (under half)" if v is None else hours(v)


def check_lines(f: Mapping[str, Any]) -> list[Line]:
    """The lines of a check (run or study)."""
    per = " (per replication)" if f.get("what") == "study" else ""
    task = f.get("level") == "task"
    lines: list[Line] = [
        ("ack_rate", "Acknowledged within the deadline",
         rate_text(f, "ack_rate", "acknowledged_in_time")),
    ]
    spread = f.get("ack_rate_distribution")
    if spread:
        lines.append(("ack_rate_distribution", "Acknowledged in time, 90% of replications",
                      f"{pct(spread['p05'])} to {pct(spread['p95'])}"))
    if task:
        lines.append(("completion_rate", "Completed within the deadline",
                      rate_text(f, "completion_rate", "completed_in_time")))
        lines += [("task_rates", f"Task answered in time: {name}", pct(rate))
                  for name, rate in (f.get("task_rates") or {}).items()]
    lines += [
        ("km_median_hours_to_ack", "Median to acknowledge (Kaplan-Meier)",
         _median(f.get("km_median_hours_to_ack"))),
        ("median_hours_to_ack_in_time", "Median to acknowledge, in time only",
         hours(f.get("median_hours_to_ack_in_time"))),
        ("p90_hours_to_ack_in_time", "90th percentile, in time only",
         hours(f.get("p90_hours_to_ack_in_time"))),
    ]
    if task:
        lines += [
            ("km_median_hours_to_complete", "Median to complete (Kaplan-Meier)",
             _median(f.get("km_median_hours_to_complete"))),
        ]
    lines.append(("late_acks", f"Acknowledged after the deadline{per}", _count(f, "late_acks")))
    if f.get("observed_to_horizon", True):
        lines.append(("never_acknowledged", f"Never acknowledged{per}",
                      _count(f, "never_acknowledged")))
    else:
        until = hm(float(f["observed_until_hours"]))
        lines.append(("not_observed", f"No acknowledgement by {until} (not observed after)",
                      _count(f, "not_observed")))
    lines += [
        ("bounced_contacts", f"Bounced contacts{per}", _count(f, "bounced_contacts")),
        ("stale_contacts", "Contacts likely out of date (not verified recently)"
         if f.get("live") else f"Stale contacts{per}", _count(f, "stale_contacts")),
        ("reminders_sent", f"Reminder messages sent{per}", _count(f, "reminders_sent")),
    ]
    if "contacts_to_fix" in f:
        lines.append(("contacts_to_fix", "Contacts to fix", _count(f, "contacts_to_fix")))
    return lines


def tabletop_lines(f: Mapping[str, Any]) -> list[Line]:
    """The lines of a tabletop: its scorecard totals, no check rates."""
    e = f["expectations"]
    fired = sum(e.get(s, 0) for s in ("met", "late", "missed"))
    rate = e.get("met_rate")
    return [
        ("expectations_met", "Expectations met in time",
         f"{pct(rate) if rate is not None else '-'} ({_g(e.get('met'))} of {_g(fired)} fired)"),
        ("expectations_late", "Expectations met late", _g(e.get("late"))),
        ("expectations_missed", "Expectations missed", _g(e.get("missed"))),
        ("expectations_open", "Expectations open (inject not fired)", _g(e.get("not_fired"))),
        ("first_response", "Median time to the first response (from each inject)",
         hours(e.get("median_hours_to_first_response"))),
        ("injects_fired", "Injects fired", _injects(e.get("injects_fired") or {})),
    ]


def _injects(fired: Mapping[str, Any]) -> str:
    """``I1 at 2.0 h, I2 at 26.0 h (60% of replications)``."""
    parts = []
    for iid, x in fired.items():
        share = x.get("share", 1)
        often = "" if share >= 1 else f" ({pct(share, 0)} of replications)"
        parts.append(f"{iid} at {hours(x.get('median_at_hours'))}{often}")
    return ", ".join(parts) or "none"


def _g(v: Any) -> str:
    return "-" if v is None else f"{v:g}" if isinstance(v, float | int) else str(v)


def figure_lines(f: Mapping[str, Any]) -> list[Line]:
    """Every headline figure of ``f`` as ``(key, label, text)``."""
    return check_lines(f) if f.get("kind") == "check" else tabletop_lines(f)


def least_likely(summary: Mapping[str, Any], n: int = 20) -> list[list[str]]:
    """A study's ``n`` participants least likely to acknowledge in time (then to complete
    in time), as ``[code, group, acknowledged in time, completed in time]`` (the last only
    for a task-level check: a share of replications); every participant is in the
    summary's ``by_participant`` (``--json``)."""
    task = summary.get("level") == "task"
    people = sorted((summary.get("by_participant") or {}).items(),
                    key=lambda kv: (kv[1]["p_ack_in_time"], kv[1]["p_complete_in_time"], kv[0]))
    return [[code, p["group"] or "-", pct(p["p_ack_in_time"]),
             *([pct(p["p_complete_in_time"])] if task else [])] for code, p in people[:n]]


def selection_note(f: Mapping[str, Any]) -> str | None:
    """The one line explaining the in-time median's selection, where both are shown."""
    return SELECTION_NOTE if f.get("kind") == "check" else None

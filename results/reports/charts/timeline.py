"""The per-participant timeline chart: one row per participant with a marker per kind of
event (sent, delivered, reminder, escalation, phone call, bounce, acknowledgement,
completion, action), injects as vertical lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from results.reports.charts.figure import chart_style, hours_axis, mark_deadline, pyplot, svg_of
from simulator.model.outcome import RunResult


@dataclass
class TimelineRow:
    """One participant's row: times of each kind of event; ``answered``: it acknowledged."""

    label: str
    marks: dict[str, list[float]] = field(default_factory=dict)
    answered: bool = True


# kind -> (legend label, marker, colour, filled)
TIMELINE_MARKS: dict[str, tuple[str, str, str, bool]] = {
    "sent": ("sent", "|", "#777777", True),
    "delivered": ("delivered", ".", "#1f5fa8", True),
    "reminder": ("reminder", "v", "#c2671a", True),
    "escalation": ("escalation", "^", "#c2671a", False),
    "phone_call": ("phone call", "P", "#7a3fa0", True),
    "bounced": ("bounced", "x", "#b03a48", True),
    "acknowledged": ("acknowledged", "o", "#2e8b57", True),
    "completed": ("completed", "s", "#145a32", True),
    "action": ("action", "D", "#2e8b57", True),
}

SENT_KINDS = ("check_sent", "retry", "inject")


def timeline_rows(result: RunResult, *, limit: int = 40) -> tuple[list[TimelineRow], int]:
    """Rows for :func:`timeline_chart` and the total count of participants.

    With more participants than ``limit``, a mix: at most half the rows (rounded up) go to
    participants that never acknowledged, the rest to the slowest that did (more silent
    ones fill the rows the answered ones leave free, and the other way round). Rows are in
    order of acknowledgement, earliest first, then the silent ones by code, so the chart
    reads top to bottom. Acknowledgement and completion marks come from the participants'
    outcomes as well as from the events, so they are drawn even when the log lacks them.
    """
    marks: dict[str, dict[str, set[float]]] = {p.code: {} for p in result.participants}
    for e in result.events:
        if e.participant is None or e.participant not in marks:
            continue
        kind = "sent" if e.kind in SENT_KINDS else e.kind
        if kind not in TIMELINE_MARKS:
            continue
        marks[e.participant].setdefault(kind, set()).add(round(e.t, 3))
    for p in result.participants:
        for kind, t in (("acknowledged", p.ack_at), ("completed", p.completed_at)):
            if t is not None and t <= result.horizon_hours:
                marks[p.code].setdefault(kind, set()).add(round(t, 3))

    answered = sorted(
        (p for p in result.participants if p.ack_at is not None),
        key=lambda p: (p.ack_at or 0.0, p.code),
    )
    silent = sorted((p for p in result.participants if p.ack_at is None), key=lambda p: p.code)
    limit = max(limit, 0)
    n_silent = min(len(silent), max((limit + 1) // 2, limit - len(answered)))
    n_answered = min(len(answered), limit - n_silent)
    chosen = answered[len(answered) - n_answered :] + silent[:n_silent]
    rows = [
        TimelineRow(
            p.code, {k: sorted(v) for k, v in marks[p.code].items()}, p.ack_at is not None
        )
        for p in chosen
    ]
    return rows, len(result.participants)


def timeline_chart(
    rows: Sequence[TimelineRow],
    *,
    deadline: float | None,
    horizon: float,
    title: str,
    chart_id: str = "",
    note: str = "",
    injects: Sequence[tuple[float, str]] = (),
) -> str:
    """One row per participant with a marker per event kind; injects as vertical lines."""
    plt = pyplot()
    with plt.rc_context(chart_style()):
        height = 1.3 + 0.22 * max(len(rows), 1)
        fig, ax = plt.subplots(figsize=(7.5, height))
        ys = {r.label: i for i, r in enumerate(reversed(rows))}
        seen: set[str] = set()
        for r in rows:
            y = ys[r.label]
            ax.axhline(y, color="#dddddd", linewidth=0.6, zorder=0)
            for kind, ts in r.marks.items():
                label, marker, color, filled = TIMELINE_MARKS[kind]
                style: dict[str, Any] = (
                    {"c": color}
                    if marker in "|x+." or filled
                    else {"facecolors": "none", "edgecolors": color}
                )
                ax.scatter(
                    ts,
                    [y] * len(ts),
                    marker=marker,
                    s=28,
                    zorder=3,
                    linewidths=1,
                    label=None if kind in seen else label,
                    **style,
                )
                seen.add(kind)
        for t, name in injects:
            ax.axvline(t, color="#999999", linewidth=0.8, linestyle=":")
            ax.annotate(
                name,
                (t, 1.0),
                xycoords=("data", "axes fraction"),
                rotation=90,
                fontsize=7,
                color="#555555",
                xytext=(2, -2),
                textcoords="offset points",
                va="top",
            )
        mark_deadline(ax, deadline, horizon)
        hours_axis(ax, horizon)
        ax.set_xlim(-0.015 * horizon, horizon)
        ax.set_yticks(list(ys.values()))
        ax.set_yticklabels(list(ys.keys()), fontsize=7)
        ax.set_ylim(-0.7, max(len(rows), 1) - 0.3)
        ax.grid(axis="y", visible=False)
        ax.set_title(title + (f"\n{note}" if note else ""), loc="left", fontsize=10)
        if seen:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
        return svg_of(fig, title, chart_id)


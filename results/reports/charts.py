"""Charts for reports, drawn with matplotlib (Agg) and returned as inline SVG strings.

Every function returns ``<svg ...>...</svg>`` ready to sit inside an HTML page: no XML
prolog, no DOCTYPE, no metadata block and no namespace URLs (the HTML parser puts inline
``<svg>`` in the SVG namespace by itself), text kept as text, and ids salted so the same
data gives the same bytes. matplotlib is imported inside the functions: importing this
module costs nothing.

Charts:

* :func:`cumulative_chart` - cumulative share acknowledged / completed over time (step
  curves, optional uncertainty bands), the deadline marked;
* :func:`timeline_chart` - one row per participant: messages sent, delivered,
  acknowledgements, reminders, bounces, phone calls;
* :func:`scorecard_chart` - tabletop expectations met / late / missed per stage;
* :func:`rate_chart` - acknowledgement and completion rates across runs (trends).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.model.outcome import RunResult

PALETTE = [
    "#1f5fa8",
    "#2e8b57",
    "#c2671a",
    "#7a3fa0",
    "#b03a48",
    "#3a8fa0",
    "#8a7a1f",
    "#555555",
    "#d4a017",
    "#4b6b2f",
]


@dataclass
class Curve:
    """A step curve ``[(t, value), ...]`` with an optional band ``[(t, lo, hi), ...]``."""

    label: str
    points: list[tuple[float, float]]
    band: list[tuple[float, float, float]] | None = None
    color: str | None = None
    dashed: bool = False


def band_curve(
    label: str, results: Sequence[RunResult], grid: Sequence[float], what: str = "ack",
    *, dashed: bool = False,
) -> Curve:
    """The median cumulative share acknowledged (``what="completed"``: completed) over
    ``results`` on ``grid``, with the pointwise 2.5-97.5 percentile band."""
    from simulator.analysis.survival import replication_band

    med, lo, hi = replication_band(results, what, grid)  # type: ignore[arg-type]
    return Curve(label, list(zip(grid, med, strict=True)), list(zip(grid, lo, hi, strict=True)),
                 dashed=dashed)


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


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


_STRIP = [
    (re.compile(r"<\?xml[^>]*\?>\s*"), ""),
    (re.compile(r"<!DOCTYPE[^>]*>\s*", re.S), ""),
    (re.compile(r"<metadata>.*?</metadata>\s*", re.S), ""),
    (re.compile(r'\s+xmlns(:xlink)?="[^"]*"'), ""),
    (re.compile(r"xlink:href="), "href="),
]


def svg_of(fig: Any, title: str = "", prefix: str = "") -> str:
    """``fig`` as an inline SVG string (see the module docstring); closes the figure.

    ``prefix`` is put before every id (and every reference to one) so that several
    charts can share one HTML page without clashing ids."""
    plt = _plt()
    buf = io.StringIO()
    try:
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(fig)
    svg = buf.getvalue()
    for pattern, repl in _STRIP:
        svg = pattern.sub(repl, svg)
    svg = svg.strip()
    if prefix:
        svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
        svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
        svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    if title:
        svg = re.sub(
            r"<svg([^>]*)>",
            lambda m: f'<svg{m.group(1)} role="img"><title>{_esc(title)}</title>',
            svg,
            count=1,
        )
    return svg


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rc() -> dict[str, Any]:
    return {
        "svg.hashsalt": "pocdrill",
        "svg.fonttype": "none",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
    }


def _hours_axis(ax: Any, horizon: float) -> None:
    ax.set_xlim(0, horizon)
    step = 24.0 if horizon > 48 else (6.0 if horizon > 12 else 1.0)
    ticks = [i * step for i in range(int(horizon // step) + 1)]
    ax.set_xticks(ticks)
    ax.set_xlabel("hours since start")


def _deadline(ax: Any, deadline: float | None, horizon: float) -> None:
    if deadline is not None and 0 < deadline <= horizon:
        ax.axvline(deadline, color="#b03a48", linestyle="--", linewidth=1)
        ax.annotate(
            f"deadline {deadline:g}h",
            (deadline, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -10),
            textcoords="offset points",
            color="#b03a48",
            fontsize=8,
        )


def _extend(
    points: Sequence[tuple[float, float]], horizon: float
) -> tuple[list[float], list[float]]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    if xs and xs[-1] < horizon:
        xs.append(horizon)
        ys.append(ys[-1])
    return xs, ys


def cumulative_chart(
    curves: Sequence[Curve],
    *,
    deadline: float | None,
    horizon: float,
    title: str,
    chart_id: str = "",
    ylabel: str = "cumulative share",
) -> str:
    """Step curves of a cumulative share over hours, bands shaded, the deadline marked."""
    plt = _plt()
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=(7.5, 3.4))
        for i, c in enumerate(curves):
            color = c.color or PALETTE[i % len(PALETTE)]
            if c.band:
                bx = [b[0] for b in c.band] + ([horizon] if c.band[-1][0] < horizon else [])
                lo = [b[1] for b in c.band] + ([c.band[-1][1]] if c.band[-1][0] < horizon else [])
                hi = [b[2] for b in c.band] + ([c.band[-1][2]] if c.band[-1][0] < horizon else [])
                ax.fill_between(bx, lo, hi, step="post", color=color, alpha=0.18, linewidth=0)
            xs, ys = _extend(c.points, horizon)
            ax.step(
                xs,
                ys,
                where="post",
                color=color,
                label=c.label,
                linestyle="--" if c.dashed else "-",
                linewidth=1.6,
            )
        _deadline(ax, deadline, horizon)
        _hours_axis(ax, horizon)
        ax.set_ylim(0, 1.02)
        ax.yaxis.set_major_formatter(_percent())
        ax.set_ylabel(ylabel)
        ax.set_title(title, loc="left", fontsize=10)
        if len(curves) > 3:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
        elif curves:
            ax.legend(loc="lower right", fontsize=8, frameon=False)
        return svg_of(fig, title, chart_id)


def _percent() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{v:.0%}")


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
    plt = _plt()
    with plt.rc_context(_rc()):
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
        _deadline(ax, deadline, horizon)
        _hours_axis(ax, horizon)
        ax.set_xlim(-0.015 * horizon, horizon)
        ax.set_yticks(list(ys.values()))
        ax.set_yticklabels(list(ys.keys()), fontsize=7)
        ax.set_ylim(-0.7, max(len(rows), 1) - 0.3)
        ax.grid(axis="y", visible=False)
        ax.set_title(title + (f"\n{note}" if note else ""), loc="left", fontsize=10)
        if seen:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
        return svg_of(fig, title, chart_id)


def scorecard_chart(
    stages: Sequence[tuple[str, float, float, float, float] | tuple[str, float, float, float,
                                                                   float, float]],
    *, title: str, chart_id: str = "",
) -> str:
    """Horizontal stacked bars per stage: ``(label, met, late, missed, not_fired)``, and
    optionally ``open`` (a live exercise finished before those windows closed)."""
    plt = _plt()
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.45 * max(len(stages), 1)))
        labels = [s[0] for s in stages][::-1]
        colours = {"met": "#2e8b57", "late": "#d4a017", "missed": "#b03a48", "not fired": "#bbbbbb"}
        if any(len(s) > 5 and s[5] for s in stages):
            colours["open"] = "#9ec5e8"
            stages = [(*s[:5], s[5] if len(s) > 5 else 0.0) for s in stages]
        left = [0.0] * len(stages)
        for j, (name, colour) in enumerate(colours.items()):
            vals = [float(s[j + 1]) for s in stages][::-1]
            ax.barh(labels, vals, left=left, color=colour, label=name)
            for i, v in enumerate(vals):
                if v:
                    ax.text(
                        left[i] + v / 2,
                        i,
                        f"{v:g}",
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if name not in ("not fired", "open") else "black",
                    )
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_xlabel("expectations")
        ax.grid(axis="y", visible=False)
        ax.set_title(title, loc="left", fontsize=10)
        ax.legend(loc="lower right", fontsize=8, frameon=False, ncol=len(colours),
                  bbox_to_anchor=(1.0, 1.0))
        return svg_of(fig, title, chart_id)


def rate_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    chart_id: str = "",
    intervals: Sequence[tuple[str, Sequence[tuple[float, float] | None]]] = (),
) -> str:
    """Rates per run (x: run labels), one line per series; optional 95% error bars."""
    plt = _plt()
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=(7.5, 3.2))
        xs = list(range(len(labels)))
        ci = dict(intervals)
        for i, (name, ys) in enumerate(series):
            color = PALETTE[i % len(PALETTE)]
            vals = [math.nan if y is None else y for y in ys]
            ax.plot(xs, vals, marker="o", color=color, label=name)
            if name in ci:
                for x, iv in zip(xs, ci[name], strict=True):
                    if iv is not None:
                        ax.plot([x, x], [iv[0], iv[1]], color=color, linewidth=3, alpha=0.35)
        ax.set_xticks(xs)
        ax.set_xticklabels(
            labels,
            rotation=30 if len(labels) > 6 else 0,
            ha="right" if len(labels) > 6 else "center",
            fontsize=8,
        )
        ax.set_ylim(0, 1.02)
        ax.yaxis.set_major_formatter(_percent())
        ax.set_title(title, loc="left", fontsize=10)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        return svg_of(fig, title, chart_id)

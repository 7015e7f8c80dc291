"""Bar and line charts: tabletop expectations per stage (stacked bars), rates across runs
(comparisons and trends) and the acknowledgement rate across the points of a sweep."""

from __future__ import annotations

import math
from collections.abc import Sequence

from results.reports.charts.figure import PALETTE, chart_style, percent_format, pyplot, svg_of


def scorecard_chart(
    stages: Sequence[tuple[str, float, float, float, float] | tuple[str, float, float, float,
                                                                   float, float]],
    *, title: str, chart_id: str = "",
) -> str:
    """Horizontal stacked bars per stage: ``(label, met, late, missed, not_fired)``, and
    optionally ``open`` (a live exercise finished before those windows closed)."""
    plt = pyplot()
    with plt.rc_context(chart_style()):
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
    plt = pyplot()
    with plt.rc_context(chart_style()):
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
        ax.yaxis.set_major_formatter(percent_format())
        ax.set_title(title, loc="left", fontsize=10)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        return svg_of(fig, title, chart_id)


def sweep_chart(
    xs: Sequence[float],
    mean: Sequence[float | None],
    lo: Sequence[float],
    hi: Sequence[float],
    plo: Sequence[float | None],
    phi: Sequence[float | None],
    *,
    axis: str | None,
) -> str:
    """The acknowledgement rate across a sweep's points: the ``mean`` with its 95% interval
    (``lo``-``hi``, dark band) and the replications' 2.5-97.5 percentiles (``plo``-``phi``,
    light band), against ``xs`` (the values of ``axis``, else the point numbers)."""
    plt = pyplot()
    with plt.rc_context(chart_style()):
        fig, ax = plt.subplots(figsize=(7.5, 3.2))
        ax.fill_between(
            xs,
            plo,
            phi,
            color="#1f5fa8",
            alpha=0.12,
            linewidth=0,
            label="2.5-97.5% of replications",
        )
        ax.fill_between(xs, lo, hi, color="#1f5fa8", alpha=0.3, linewidth=0, label="95% CI")
        ax.plot(xs, mean, marker="o", color="#1f5fa8", label="acknowledged in time (mean)")
        ax.set_xlabel(axis or "point")
        if not axis:
            ax.set_xticks(xs)
        ax.set_ylim(0, 1.02)
        ax.yaxis.set_major_formatter(percent_format())
        ax.set_title("Acknowledged in time per point", loc="left", fontsize=10)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        return svg_of(fig, "Acknowledged in time per point", "chart-sweep")

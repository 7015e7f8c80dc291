"""Cumulative-share charts: step curves of the share acknowledged (or completed) over
hours, with optional uncertainty bands and the deadline marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from results.reports.charts.figure import (
    PALETTE,
    chart_style,
    extend_to,
    hours_axis,
    mark_deadline,
    percent_format,
    pyplot,
    steps_only,
    svg_of,
)
from simulator.model.outcome import RunResult


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
    plt = pyplot()
    with plt.rc_context(chart_style()):
        fig, ax = plt.subplots(figsize=(7.5, 3.4))
        for i, c in enumerate(curves):
            color = c.color or PALETTE[i % len(PALETTE)]
            band = steps_only(c.band or [])
            if band:
                held = band[-1][0] < horizon
                bx = [b[0] for b in band] + ([horizon] if held else [])
                lo = [b[1] for b in band] + ([band[-1][1]] if held else [])
                hi = [b[2] for b in band] + ([band[-1][2]] if held else [])
                ax.fill_between(bx, lo, hi, step="post", color=color, alpha=0.18, linewidth=0)
            xs, ys = extend_to(c.points, horizon)
            ax.step(
                xs,
                ys,
                where="post",
                color=color,
                label=c.label,
                linestyle="--" if c.dashed else "-",
                linewidth=1.6,
            )
        mark_deadline(ax, deadline, horizon)
        hours_axis(ax, horizon)
        ax.set_ylim(0, 1.02)
        ax.yaxis.set_major_formatter(percent_format())
        ax.set_ylabel(ylabel)
        ax.set_title(title, loc="left", fontsize=10)
        if len(curves) > 3:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
        elif curves:
            ax.legend(loc="lower right", fontsize=8, frameon=False)
        return svg_of(fig, title, chart_id)


"""The tornado chart of a sampled sweep: one horizontal bar per parameter, longest at the
top, with its 95% interval as an error bar (Sobol' S1 and ST side by side; Morris mu*;
for a Latin hypercube S1 and delta)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from results.reports.charts.figure import PALETTE, chart_style, pyplot, svg_of

Bar = tuple[float, float | None, float | None]
"""A measure's value and its 95% interval (None where the method gives none)."""


def tornado_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Bar]]],
    *,
    title: str,
    chart_id: str = "chart-sweep-tornado",
) -> str:
    """Bars per parameter (``labels``, ranked largest first) for each measure in
    ``series`` (name, one bar per label), with 95% intervals as error bars."""
    plt = pyplot()
    with plt.rc_context(chart_style()):
        fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.5 * max(len(labels), 1)))
        n = max(len(series), 1)
        height = 0.8 / n
        ys = list(range(len(labels)))[::-1]
        for j, (name, bars) in enumerate(series):
            offs = [y + 0.4 - height * (j + 0.5) for y in ys]
            vals = [b[0] if math.isfinite(b[0]) else 0.0 for b in bars]
            err = [[max(0.0, v - (b[1] if b[1] is not None else v)) for v, b in
                    zip(vals, bars, strict=True)],
                   [max(0.0, (b[2] if b[2] is not None else v) - v) for v, b in
                    zip(vals, bars, strict=True)]]
            ax.barh(offs, vals, height=height * 0.9, color=PALETTE[j % len(PALETTE)],
                    label=name, xerr=err, error_kw={"elinewidth": 1, "capsize": 2})
        ax.set_yticks(ys)
        ax.set_yticklabels(labels, fontsize=8)
        ax.axvline(0, color="#555555", linewidth=0.8)
        ax.grid(axis="y", visible=False)
        ax.set_title(title, loc="left", fontsize=10)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        return svg_of(fig, title, chart_id)

"""The time to acknowledge: a run's distribution, or a study's pooled Kaplan–Meier
cumulative share with its 95% band, the deadline marked."""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot


def histogram(
    values: Sequence[float], lo: float, hi: float, bins: int
) -> tuple[list[float], list[int]]:
    """Bin centres and counts of ``values`` over ``[lo, hi]`` (the last bin is closed)."""
    width = (hi - lo) / bins if hi > lo else 1.0
    counts = [0] * bins
    for v in values:
        if lo <= v <= hi:
            counts[min(int((v - lo) / width), bins - 1)] += 1
    return [lo + (i + 0.5) * width for i in range(bins)], counts


class AckChart(PlotextPlot):
    """Participants by hours to acknowledge (:meth:`show`), or a study's pooled cumulative
    share acknowledged with its band (:meth:`show_curve`); a vertical line at the
    deadline. ``caption`` is the title of what it shows."""

    caption = ""

    def show(self, ack_hours: Sequence[float], deadline: float, horizon: float,
             title: str = "Time to acknowledge") -> None:
        plt = self.plt
        plt.clear_figure()
        hi = max([horizon, deadline, *ack_hours]) if ack_hours else max(horizon, deadline)
        bins = max(6, min(36, int(hi // 4) or 6))
        centres, counts = histogram(ack_hours, 0.0, hi, bins)
        plt.bar(centres, counts, width=0.8, color="green")
        plt.vline(deadline, "red")
        self.caption = f"{title}: {len(ack_hours)} acknowledged; red line: deadline {deadline:g}h"
        plt.title(self.caption)
        plt.xlabel("hours since start")
        plt.ylabel("participants")
        plt.xlim(0, hi)
        self.refresh()

    def show_curve(self, curve: Sequence[Sequence[float]], deadline: float,
                   horizon: float) -> None:
        """A study's ``km_ack_curve`` rows ``[t, share, lower, upper]`` as percentages."""
        plt = self.plt
        plt.clear_figure()
        ts = [float(r[0]) for r in curve]
        for i, color, marker in ((2, "gray", "dot"), (3, "gray", "dot"), (1, "green", "hd")):
            plt.plot(ts, [100 * float(r[i]) for r in curve], color=color, marker=marker)
        plt.vline(deadline, "red")
        self.caption = (f"Acknowledged, pooled (Kaplan-Meier), grey: 95% band; red: deadline "
                        f"{deadline:g}h")
        plt.title(self.caption)
        plt.xlabel("hours since start")
        plt.ylabel("% acknowledged")
        plt.xlim(0, max(horizon, deadline))
        plt.ylim(0, 100)
        self.refresh()

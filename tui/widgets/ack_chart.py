"""The time-to-acknowledge distribution of a run, with its deadline marked."""

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
    """Participants by hours to acknowledge; a vertical line at the deadline."""

    def show(self, ack_hours: Sequence[float], deadline: float, horizon: float,
             title: str = "Time to acknowledge") -> None:
        plt = self.plt
        plt.clear_figure()
        hi = max([horizon, deadline, *ack_hours]) if ack_hours else max(horizon, deadline)
        bins = max(6, min(36, int(hi // 4) or 6))
        centres, counts = histogram(ack_hours, 0.0, hi, bins)
        plt.bar(centres, counts, width=0.8, color="green")
        plt.vline(deadline, "red")
        plt.title(f"{title}: {len(ack_hours)} acknowledged; red line: deadline {deadline:g}h")
        plt.xlabel("hours since start")
        plt.ylabel("participants")
        plt.xlim(0, hi)
        self.refresh()

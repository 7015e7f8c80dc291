"""What every chart shares: the palette and style, the hours axis, the deadline mark, and
the figure turned into a self-contained inline SVG string (see
:mod:`results.reports.charts`)."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from simulator.analysis.grid import MAX_TICKS as MAX_TICKS  # where charts take it from
from simulator.analysis.grid import tick_step
from simulator.text import shown

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

_Point = TypeVar("_Point", bound=tuple[float, ...])

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


def pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend (imported on first use)."""
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


def svg_of(fig: Figure, title: str = "", prefix: str = "") -> str:
    """``fig`` as an inline SVG string (see the module docstring); closes the figure.

    ``prefix`` is put before every id (and every reference to one) so that several
    charts can share one HTML page without clashing ids."""
    from matplotlib.text import Text

    plt = pyplot()
    buf = io.StringIO()
    try:
        for text in fig.findobj(Text):  # names, groups, subjects: shown, never written raw
            text.set_text(shown(text.get_text()))
        with warnings.catch_warnings():  # the SVG keeps text as text: the reader's fonts
            warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
            fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(fig)
    svg = buf.getvalue()
    for pattern, repl in _STRIP:
        svg = pattern.sub(repl, svg)
    svg = shown(svg.strip())  # and in the SVG's own title
    if prefix:
        svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
        svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
        svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    if title:
        svg = re.sub(
            r"<svg([^>]*)>",
            lambda m: f'<svg{m.group(1)} role="img"><title>{_esc(shown(title))}</title>',
            svg,
            count=1,
        )
    return svg


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_style() -> dict[str, Any]:
    """The rc settings of every chart (salted ids, text kept as text, light grid; a ``$``
    in a name is a dollar sign, never the start of a formula)."""
    return {
        "svg.hashsalt": "pocdrill",
        "svg.fonttype": "none",
        "text.parse_math": False,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
    }


def hours_axis(ax: Axes, horizon: float) -> None:
    """An x axis of hours since the start, ticks every 1, 6 or 24 hours (coarser on a
    long horizon, see :func:`tick_step`)."""
    ax.set_xlim(0, horizon)
    step = tick_step(horizon)
    ticks = [i * step for i in range(int(horizon // step) + 1)]
    ax.set_xticks(ticks)
    ax.set_xlabel("hours since start")


def mark_deadline(ax: Axes, deadline: float | None, horizon: float) -> None:
    """A dashed red line at the deadline (when it falls on the axis)."""
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


def steps_only(points: Sequence[_Point]) -> list[_Point]:
    """A step curve's points without those that repeat the previous value (drawn
    ``where="post"``, the curve is the same): a curve sampled on a fine grid over a long
    horizon costs what its changes cost, not what its grid does."""
    out: list[_Point] = []
    for p in points:
        if not out or p[1:] != out[-1][1:]:
            out.append(p)
    return out


def extend_to(
    points: Sequence[tuple[float, float]], horizon: float
) -> tuple[list[float], list[float]]:
    """A step curve's xs and ys, its last value held to ``horizon``."""
    points = steps_only(points)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    if xs and xs[-1] < horizon:
        xs.append(horizon)
        ys.append(ys[-1])
    return xs, ys


def percent_format() -> FuncFormatter:
    """A tick formatter for shares: ``0.5`` -> ``50%``."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{v:.0%}")


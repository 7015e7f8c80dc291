"""What a report is made of, independent of its output format.

A :class:`Report` is a title and a list of :class:`Section` s; each section holds blocks:
paragraphs (:class:`Para`), bullet lists (:class:`Bullets`), tables (:class:`Table`),
sub-headings (:class:`Sub`) and chart references (:class:`ChartRef`). Charts are drawn
only when a renderer asks for them (:meth:`Report.chart_svg`), so a Markdown report
printed without charts never imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class Para:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Sub:
    """A sub-heading inside a section."""

    title: str


@dataclass
class Table:
    """A table; ``keys`` (one per row, optional) tag rows for machines (``data-key``)."""

    columns: list[str]
    rows: list[list[str]]
    keys: list[str] | None = None
    caption: str = ""


@dataclass
class ChartRef:
    id: str


Block = Para | Bullets | Sub | Table | ChartRef


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Chart:
    """A chart drawn on demand: ``render()`` returns an inline SVG string."""

    id: str
    title: str
    render: Callable[[], str]


@dataclass
class Report:
    """A rendered-format-free report: an after-action report, a comparison, a trend or a
    sweep report. ``data`` holds the key numbers for machines (and tests)."""

    title: str
    subtitle: str
    sections: list[Section]
    charts: dict[str, Chart] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Any] | None = None
    """The figures the report shows (:mod:`simulator.analysis.figures`), embedded in it as
    JSON so anyone can check them."""
    redact: bool = False
    generated: date | None = None
    _svg: dict[str, str] = field(default_factory=dict, repr=False)

    def section(self, sid: str) -> Section:
        for s in self.sections:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def chart_svg(self, chart_id: str) -> str:
        """The chart's SVG, drawn once."""
        if chart_id not in self._svg:
            self._svg[chart_id] = self.charts[chart_id].render()
        return self._svg[chart_id]

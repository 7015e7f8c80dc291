"""Rendering: HTML self-contained with inline SVG charts; Markdown with data-URI charts."""

from __future__ import annotations

import re
from typing import Any

from results.reports.render import render_markdown


def test_run_report_embeds_each_chart_as_inline_svg(stored: dict[str, Any]) -> None:
    for cid in ("chart-cumulative", "chart-groups", "chart-timeline"):
        m = re.search(rf'<figure class="chart" id="{cid}"><svg[^>]*>(.*?)</svg>',
                      stored["check_html"], re.S)
        assert m and "<path" in m.group(1), cid
    # ids inside the charts are prefixed, so two charts never share one
    ids = re.findall(r'\bid="([^"]+)"', stored["check_html"])
    assert len(ids) == len(set(ids))

def test_html_is_self_contained(stored: dict[str, Any]) -> None:
    for h in (stored["check_html"], stored["tt_html"]):
        assert "http://" not in h and "https://" not in h
        low = h.lower()
        # the one script element is the embedded figures, a JSON data block never run
        assert low.count("<script") == low.count('<script type="application/json"') == 1
        assert "<link" not in low and "<img" not in low
        assert "@import" not in low and "url(http" not in low
        assert "@media print" in h and h.startswith("<!DOCTYPE html>")

def test_markdown_embeds_charts_as_data_uris_when_asked(stored: dict[str, Any]) -> None:
    md = render_markdown(stored["check_report"])  # charts already drawn for the HTML
    for cid in ("chart-cumulative", "chart-groups", "chart-timeline"):
        assert re.search(rf"<!-- chart: {cid} -->\n!\[[^\]]+\]\(data:image/svg\+xml;base64,", md)

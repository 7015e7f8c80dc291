"""Reports as one self-contained HTML file or as Markdown.

HTML: inline CSS (with print styles: A4 pages, no navigation, figures and table rows kept
whole), charts as inline SVG, no scripts, no external fonts, images or links - the file
reads the same offline and prints cleanly. Markdown: GitHub-flavoured tables; charts as
``data:`` SVG images when ``charts=True`` (each preceded by ``<!-- chart: ID -->``),
otherwise a one-line pointer to the HTML report.
"""

from __future__ import annotations

import base64
import html
from typing import Any

from results.reports.document import Bullets, ChartRef, Para, Report, Sub, Table

SVG_NS = "http://www.w3.org/2000/svg"
"""Needed by a stand-alone SVG image (Markdown's data: URIs); inline SVG in HTML does
without it."""

CSS = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d0d0d0; --accent: #1f5fa8;
        --good: #2e8b57; --bad: #b03a48; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       max-width: 60rem; margin: 2rem auto; padding: 0 1.2rem; line-height: 1.45;
       font-size: 15px; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
.subtitle { color: var(--muted); margin-top: 0; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--accent); padding-bottom: 0.2rem;
     margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
nav.toc { border: 1px solid var(--rule); padding: 0.6rem 1rem; margin: 1rem 0;
          font-size: 0.9rem; }
nav.toc ol { margin: 0; padding-left: 1.2rem; columns: 2; }
nav.toc a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
thead th { background: #eef3f9; }
tbody tr:nth-child(even) { background: #fafafa; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: 0.85rem; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.85rem; }
ul { padding-left: 1.3rem; }
.redacted { color: var(--muted); font-size: 0.85rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.8rem;
         border-top: 1px solid var(--rule); padding-top: 0.5rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  nav.toc { display: none; }
  h2 { break-after: avoid; }
  figure.chart, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(s: Any) -> str:
    return html.escape(str(s), quote=True)


def _html_table(t: Table) -> str:
    out = ["<table>"]
    if t.caption:
        out.append(f"<caption>{_e(t.caption)}</caption>")
    if any(t.columns):
        head = "".join(f"<th>{_e(c)}</th>" for c in t.columns)
        out.append(f"<thead><tr>{head}</tr></thead>")
    out.append("<tbody>")
    for i, row in enumerate(t.rows):
        key = f' data-key="{_e(t.keys[i])}"' if t.keys else ""
        cells = "".join(f"<td>{_e(c)}</td>" for c in row)
        out.append(f"<tr{key}>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def render_html(report: Any) -> str:
    """``report`` (a :class:`Report`, or anything with ``to_report()``) as one
    self-contained HTML page."""
    r: Report = report.to_report() if hasattr(report, "to_report") else report
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(r.title)}</title>",
        f"<style>{CSS}</style>",
        "</head><body>",
        f"<header><h1>{_e(r.title)}</h1>",
        f'<p class="subtitle">{_e(r.subtitle)}</p></header>',
        '<nav class="toc"><ol>'
        + "".join(f'<li><a href="#{_e(s.id)}">{_e(s.title)}</a></li>' for s in r.sections)
        + "</ol></nav>",
    ]
    for s in r.sections:
        parts.append(f'<section id="{_e(s.id)}"><h2>{_e(s.title)}</h2>')
        for b in s.blocks:
            if isinstance(b, Para):
                parts.append(f"<p>{_e(b.text)}</p>")
            elif isinstance(b, Bullets):
                parts.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in b.items) + "</ul>")
            elif isinstance(b, Sub):
                parts.append(f"<h3>{_e(b.title)}</h3>")
            elif isinstance(b, Table):
                parts.append(_html_table(b))
            elif isinstance(b, ChartRef):
                chart = r.charts[b.id]
                parts.append(
                    f'<figure class="chart" id="{_e(b.id)}">{r.chart_svg(b.id)}'
                    f"<figcaption>{_e(chart.title)}</figcaption></figure>"
                )
        parts.append("</section>")
    gen = (
        f"Generated {r.generated.isoformat()} by pocdrill."
        if r.generated
        else "Generated by pocdrill."
    )
    if r.redact:
        gen += " Contact names, e-mail addresses and telephone numbers were removed (redacted)."
    parts.append(f"<footer>{_e(gen)}</footer></body></html>")
    return "\n".join(parts) + "\n"


def _md_cell(s: Any) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _md_table(t: Table) -> list[str]:
    out = []
    if t.caption:
        out += [f"*{t.caption}*", ""]
    out.append("| " + " | ".join(_md_cell(c) for c in t.columns) + " |")
    out.append("|" + "|".join(" --- " for _ in t.columns) + "|")
    for row in t.rows:
        out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    return out


def render_markdown(report: Any, *, charts: bool = True) -> str:
    """``report`` as Markdown; ``charts=False`` leaves the charts out (no matplotlib)."""
    r: Report = report.to_report() if hasattr(report, "to_report") else report
    lines = [f"# {r.title}", "", f"_{r.subtitle}_", ""]
    for s in r.sections:
        lines += [f"## {s.title}", ""]
        for b in s.blocks:
            if isinstance(b, Para):
                lines += [b.text, ""]
            elif isinstance(b, Bullets):
                lines += [f"- {i}" for i in b.items] + [""]
            elif isinstance(b, Sub):
                lines += [f"### {b.title}", ""]
            elif isinstance(b, Table):
                lines += _md_table(b) + [""]
            elif isinstance(b, ChartRef):
                chart = r.charts[b.id]
                if charts:
                    svg = r.chart_svg(b.id).replace("<svg ", f'<svg xmlns="{SVG_NS}" ', 1)
                    data = base64.b64encode(svg.encode()).decode()
                    lines += [
                        f"<!-- chart: {b.id} -->",
                        f"![{chart.title}](data:image/svg+xml;base64,{data})",
                        "",
                    ]
                else:
                    lines += [f"_Chart: {chart.title} (in the HTML report)._", ""]
    gen = (
        f"Generated {r.generated.isoformat()} by pocdrill."
        if r.generated
        else "Generated by pocdrill."
    )
    if r.redact:
        gen += " Contact names, e-mail addresses and telephone numbers were removed (redacted)."
    lines += ["---", "", f"_{gen}_", ""]
    return "\n".join(lines)

"""Readable terminal output of run and study summaries (rich tables).

The headline figures are :mod:`simulator.analysis.figures`' (``s["figures"]``), worded and
formatted by :func:`results.reports.figure_lines.figure_lines` as every face shows them.
What a run stored as free text (scenario, group and participant names) is printed as plain
text (:func:`plain`), never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from results.reports.figure_lines import figure_lines, least_likely, selection_note
from simulator.text import hm, hours, pct, shown


def plain(value: object, style: str = "") -> Text:
    """``value`` as one line of plain text (:func:`simulator.text.shown`: no control
    character reaches the terminal; ``[bold]`` in a name is shown, not applied)."""
    return Text(shown(value, lines=False), style=style)


def print_summary(
    s: Mapping[str, Any], console: Console | None = None,
    figures: Mapping[str, Any] | None = None,
) -> None:
    """The headline figures, the table by group, the slowest and unreachable participants
    and the contacts to fix (for a single replication). ``figures`` default to
    ``s["figures"]``."""
    con = console or Console()
    f = figures if figures is not None else s.get("figures") or {}
    reps = s["replications"]
    what = (f"seed {s['seed']}, {reps} replication{'s' * (reps > 1)}, "
            f"{s['participants']} participants, deadline {s['deadline_hours']:g} h "
            f"({s['level']})")
    if len(s["scenario"]) + len(what) + 2 <= con.width:
        con.print(Text.assemble(plain(s["scenario"], "bold"), f"  {what}"), highlight=False)
    else:  # the name on its line, the rest whole on the next: never "deadline" / "72 h"
        con.print(plain(s["scenario"], "bold"), highlight=False)
        con.print(f"  {what}", highlight=False, markup=False)
    print_figures(f, con)
    if f.get("kind", "check") == "check":
        _groups(con, s, f)
    _participants(con, s)
    _contacts(con, f.get("contacts_to_fix_list") or [])


def print_figures(f: Mapping[str, Any], console: Console | None = None) -> None:
    """The headline figures ``f``, one ``label: text`` line each, and the selection note."""
    con = console or Console()
    for _, label, text in figure_lines(f) if f else ():
        if len(label) + len(text) + 4 <= con.width:
            con.print(Text.assemble(f"  {label}: ", plain(text, "bold")), highlight=False)
        else:  # folded at the colon, never inside the figure: "100.0% [88.6%," / "100.0%]"
            con.print(f"  {label}:", highlight=False, markup=False)
            con.print(Text.assemble("      ", plain(text, "bold")), highlight=False,
                      overflow="fold")
    note = selection_note(f) if f else None
    if note:
        con.print(plain(f"  ({note})", "dim"), highlight=False)


def _groups(con: Console, s: Mapping[str, Any], f: Mapping[str, Any]) -> None:
    task = s["level"] == "task"
    title = "By group"
    if f and not f.get("deadline_observed", True):
        title += f" (acknowledged by {hm(float(f['observed_until_hours']))}, deadline not reached)"
    t = Table(title=title, title_justify="left")
    cols = ("group", "participants", "acknowledged", *(("completed",) if task else ()),
            "median h to ack (in time)")
    for col in cols:
        t.add_column(col, justify="left" if col == "group" else "right")
    for g, b in s["by_group"].items():
        done = (pct(b["completion_rate"]),) if task else ()
        t.add_row(plain(g or "-"), str(b["participants"]), pct(b["ack_rate"]), *done,
                  hours(b["median_hours_to_ack"]))
    con.print(t)


def _participants(con: Console, s: Mapping[str, Any]) -> None:
    if s.get("by_participant") and s.get("kind", "check") == "check":  # a study
        task = s.get("level") == "task"
        t = Table(title=f"Least likely to acknowledge{' (and complete)' * task} in time "
                  "(share of replications; all in --json)", title_justify="left")
        for col in ("code", "group", "acknowledged in time", *(("completed in time",) * task)):
            t.add_column(col)
        for row in least_likely(s, 10):
            t.add_row(*(plain(c) for c in row))
        con.print(t)
    if s.get("slowest"):
        t = Table(title="Slowest to acknowledge", title_justify="left")
        for col in ("code", "participant", "hours", "late"):
            t.add_column(col)
        for p in s["slowest"][:5]:
            t.add_row(plain(p["code"]), plain(p["name"]), f"{p['hours_to_ack']:.1f}",
                      "late" if p["late"] else "")
        con.print(t)
    if s.get("unreachable"):
        names = ", ".join(f"{p['code']}" for p in s["unreachable"])
        con.print(Text.assemble(("Never acknowledged", "bold"),
                                f" ({len(s['unreachable'])}): ", plain(names)))


def _contacts(con: Console, fix: list[dict[str, Any]]) -> None:
    if not fix:
        return
    t = Table(title="Contacts to fix", title_justify="left")
    for col in ("contact", "why", "answered anyway"):
        t.add_column(col)
    for c in fix[:15]:
        t.add_row(plain(c["contact"]), plain(", ".join(c["reasons"])),
                  "yes" if c["acknowledged"] else "no")
    con.print(t)
    more = len(fix) - 15
    if more > 0:
        con.print(f"  ... and {more} more (pocdrill results show RUN --json)")


def fold_at(text: str, sep: str, width: int) -> str:
    """``text`` on as few lines of at most ``width`` cells as it takes, broken only after
    ``sep`` (a time zone ``America/Argentina/Buenos_Aires`` at its slashes), never inside
    a word; a part longer than ``width`` stays whole on its line."""
    if len(text) <= width:
        return text
    parts = [p + sep for p in text.split(sep)]
    parts[-1] = parts[-1][: -len(sep)]
    lines = [""]
    for part in parts:
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)

"""Readable terminal output of run summaries (rich tables)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from simulator.text import hours, pct


def _ci(s: dict[str, Any], key: str) -> str:
    ci = s.get(f"{key}_ci95")
    return f" [{pct(ci[0])}, {pct(ci[1])}]" if ci else ""


def print_summary(s: dict[str, Any], console: Console | None = None) -> None:
    """Overall figures, the table by group, the slowest and unreachable participants and the
    contacts to fix (for a single replication)."""
    con = console or Console()
    reps = s["replications"]
    con.print(
        f"[bold]{s['scenario']}[/bold]  seed {s['seed']}, {reps} replication{'s' * (reps > 1)}, "
        f"{s['participants']} participants, deadline {s['deadline_hours']:g} h ({s['level']})"
    )
    con.print(
        f"  acknowledged within deadline: [bold]{pct(s['ack_rate'])}[/bold]{_ci(s, 'ack_rate')}"
    )
    if s["level"] == "task":
        con.print(
            f"  completed within deadline:    [bold]{pct(s['completion_rate'])}[/bold]"
            f"{_ci(s, 'completion_rate')}"
        )
    task = s["level"] == "task"
    to_complete = f"; to complete: median {hours(s['median_hours_to_complete'])}" if task else ""
    con.print(
        f"  time to acknowledge: median {hours(s['median_hours_to_ack'])}, "
        f"p90 {hours(s['p90_hours_to_ack'])}{to_complete}"
    )
    per = " per replication" if reps > 1 else ""
    con.print(
        f"  late acknowledgements {s['late_acks']}, never acknowledged {s['never_acknowledged']}, "
        f"bounced contacts {s['bounced_contacts']}, stale contacts {s['stale_contacts']}, "
        f"reminders sent {s['reminders_sent']}{per}"
    )
    if "expectations" in s:
        e = s["expectations"]
        con.print(
            f"  expectations: met {e.get('met', 0)}, late {e.get('late', 0)}, "
            f"missed {e.get('missed', 0)}"
        )
    t = Table(title="By group", title_justify="left")
    cols = ("group", "participants", "acknowledged", *(("completed",) if task else ()),
            "median h to ack")
    for col in cols:
        t.add_column(col, justify="left" if col == "group" else "right")
    for g, b in s["by_group"].items():
        done = (pct(b["completion_rate"]),) if task else ()
        t.add_row(g or "-", str(b["participants"]), pct(b["ack_rate"]), *done,
                  hours(b["median_hours_to_ack"]))
    con.print(t)
    if s.get("slowest"):
        t = Table(title="Slowest to acknowledge", title_justify="left")
        for col in ("code", "participant", "hours", "late"):
            t.add_column(col)
        for p in s["slowest"][:5]:
            t.add_row(p["code"], p["name"], f"{p['hours_to_ack']:.1f}", "late" if p["late"] else "")
        con.print(t)
    if s.get("unreachable"):
        names = ", ".join(f"{p['code']}" for p in s["unreachable"])
        con.print(f"[bold]Never acknowledged[/bold] ({len(s['unreachable'])}): {names}")
    if s.get("contacts_to_fix"):
        t = Table(title="Contacts to fix", title_justify="left")
        for col in ("contact", "why", "answered anyway"):
            t.add_column(col)
        for c in s["contacts_to_fix"][:15]:
            t.add_row(c["contact"], ", ".join(c["reasons"]), "yes" if c["acknowledged"] else "no")
        con.print(t)
        more = len(s["contacts_to_fix"]) - 15
        if more > 0:
            con.print(f"  ... and {more} more (pocdrill results show RUN)")

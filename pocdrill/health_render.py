"""How ``pocdrill directory analyse`` shows a network's health: one row per participant
with findings (the healthiest last), then the counts. No names, e-mails or phones."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.directories.health import DirectoryHealth


def print_health(health: DirectoryHealth, title: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from simulator.directories.health import health_rows

    con = Console()
    if not con.is_terminal:
        con = Console(width=200)
    rows = health_rows(health)
    table = Table(title=f"Network health: {title}, {health.as_of.isoformat()}",
                  title_justify="left", box=box.SIMPLE_HEAD)
    for col in rows.columns:
        table.add_column(col, overflow="fold")
    for row in rows.rows:
        table.add_row(*row)
    con.print(table)
    for line in rows.notes:
        con.print(f"[dim]{line}[/dim]")

"""The network-health screen: each participant's single points of failure, freshness,
languages not covered and (for a check scenario's directory) its simulated chance to
acknowledge in time, most findings first.

The figures and their wording are :func:`simulator.directories.health.health_rows`', the
same ``pocdrill directory analyse`` prints; this screen computes them in a worker (the
simulation takes a second or two) and shows them. No names, e-mails or phones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui.services import services

if TYPE_CHECKING:
    from simulator.directories.health import HealthTable
    from simulator.model.check import CheckScenario
    from simulator.model.directory import Directory

REPLICATIONS = 100
"""Replications behind each chance on this screen (the command line's default is 200)."""


class HealthScreen(Screen[None]):
    """The health of one directory (under one check scenario, when it came from one)."""

    CSS_PATH = "health.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, directory: Directory, scenario: CheckScenario | None = None) -> None:
        super().__init__()
        self.directory = directory
        self.scenario = scenario
        self.table: HealthTable | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"[b]Network health[/b]: {self.directory.name}  computing...",
                     id="health-title")
        yield DataTable(id="health", cursor_type="row", zebra_stripes=True)
        yield Static("", id="health-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#health", DataTable).focus()
        self.compute()

    @work(thread=True, exclusive=True, group="health", exit_on_error=False)
    def compute(self) -> None:
        from simulator.directories.health import directory_health, health_rows

        health = directory_health(self.directory, as_of=services(self.app).clock().date(),
                                  scenario=self.scenario, replications=REPLICATIONS)
        self.app.call_from_thread(self.show, health_rows(health))

    def show(self, table: HealthTable) -> None:
        self.table = table
        grid = self.query_one("#health", DataTable)
        grid.clear(columns=True)
        for col in table.columns:
            grid.add_column(col, key=col)
        for code, row in zip(table.codes, table.rows, strict=True):
            grid.add_row(*row, key=code)
        with_findings = sum(1 for r in table.rows if r[1] != "-")
        under = f" under {self.scenario.name}" if self.scenario is not None else ""
        self.query_one("#health-title", Static).update(
            f"[b]Network health[/b]: {self.directory.name}{under}  "
            f"{with_findings} of {len(table.rows)} participants with a single point of failure")
        self.query_one("#health-notes", Static).update("\n".join(table.notes))

    def action_back(self) -> None:
        self.app.pop_screen()

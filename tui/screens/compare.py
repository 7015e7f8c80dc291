"""The compare screen: two stored runs side by side, their distributions and every
headline figure (see :func:`tui.summary.comparison_rows`)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from results.reports.observed import ObservedRun, load_observed
from tui.forms.find import find_in_tables
from tui.keys import binds
from tui.services import services
from tui.summary import ack_hours, comparison_rows
from tui.text import plain
from tui.widgets.ack_chart import AckChart
from tui.widgets.tables import fit


class CompareScreen(Screen[None]):
    """Two runs side by side: their distributions and every headline figure."""

    CSS_PATH = "results.tcss"
    BINDINGS = binds("back", "search")
    help_title = "compare"

    def __init__(self, a: int, b: int) -> None:
        super().__init__()
        self.a, self.b = a, b
        self.rows: list[tuple[str, str, str, str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Comparing run {self.a} with run {self.b} ...", id="compare-title")
        with Horizontal(id="compare-charts"):
            yield AckChart(id="chart-a")
            yield AckChart(id="chart-b")
        yield DataTable(id="compare", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        t = self.query_one("#compare", DataTable)
        t.add_column("Metric", key="metric", width=30)
        t.add_column(f"Run {self.a}", key="a", width=12)
        t.add_column(f"Run {self.b}", key="b", width=12)
        t.add_column("Change", key="change", width=12)
        a, b = self.a, self.b
        services(self.app).db(
            lambda store: (load_observed(store, a), load_observed(store, b)),
            self._loaded, what="compare")

    def _loaded(self, data: tuple[ObservedRun, ObservedRun]) -> None:
        oa, ob = data
        ra, sa, rb, sb = oa.result, oa.summary, ob.result, ob.summary
        self.query_one("#compare-title", Static).update(Text.assemble(
            (f"Run {self.a}", "bold"), " ", plain(ra.scenario), f" (seed {ra.seed})   vs   ",
            (f"Run {self.b}", "bold"), " ", plain(rb.scenario), f" (seed {rb.seed})"))
        self.query_one("#chart-a", AckChart).show(ack_hours(ra), ra.deadline_hours,
                                                  ra.horizon_hours, f"Run {self.a}")
        self.query_one("#chart-b", AckChart).show(ack_hours(rb), rb.deadline_hours,
                                                  rb.horizon_hours, f"Run {self.b}")
        self.rows = comparison_rows(sa, sb, oa.obs, ob.obs)
        t = self.query_one("#compare", DataTable)
        for label, *rest in self.rows:
            t.add_row(plain(fit(label, 30)), *(plain(c) for c in rest))

    def action_search(self) -> None:
        find_in_tables(self)

    def action_back(self) -> None:
        self.app.pop_screen()

"""The sweep screen: one stored sweep, a row per point with its rates, their 95%
intervals and the paired difference against the baseline point; while the sweep runs,
the screen reads the store again every two seconds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui.forms.find import find_in_tables
from tui.keys import binds
from tui.services import services
from tui.text import plain
from tui.widgets.tables import SortedTable

if TYPE_CHECKING:
    from results.store import SweepInfo


class SweepScreen(Screen[None]):
    """One stored sweep: its axes and one row per point with the rates, their 95%
    intervals and the paired difference against the baseline point."""

    CSS_PATH = "results.tcss"
    BINDINGS = binds("back", "search", "report")
    help_title = "sweep"
    REFRESH_SECONDS = 2.0
    """How often a running sweep's screen reads the store again."""

    def __init__(self, sweep_id: int) -> None:
        super().__init__()
        self.sweep_id = sweep_id
        self.table: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Sweep {self.sweep_id}: loading ...", id="sweep-title")
        yield SortedTable(id="sweep")
        yield Static("± : half-width of the 95% interval over replications (a range where "
                     "it meets 0 or 100%); differences are paired by replication (common "
                     "random numbers)", id="sweep-caption")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        from results.runs.sweep_record import stored_sweep_table

        sid = self.sweep_id
        services(self.app).db(lambda store: stored_sweep_table(store, sid), self._loaded,
                              what=f"sweep {sid}")

    def _loaded(self, loaded: tuple[SweepInfo, list[dict[str, Any]], int]) -> None:
        from simulator.sweep.axes import short_labels
        from simulator.text import axis_value, diff_interval, rate_interval

        info, self.table, baseline = loaded
        if info.status == "running" and self.is_attached:  # still going: look again soon
            self.set_timer(self.REFRESH_SECONDS, self.load)
        axes = list(info.axes)
        done = sum(p["replications_done"] for p in self.table)
        planned = info.replications * len(self.table)
        title = Text.assemble(
            (f"Sweep {info.id}", "bold"), "  ", plain(info.name), "  ", (info.status, "bold"),
            f"  {done}/{planned} replications  seed {info.base_seed}  "
            f"created {info.created_at:%Y-%m-%d %H:%M}\n")
        for a, v in info.axes.items():
            title.append_text(Text.assemble((a, "bold"), " ", plain(axis_value(v)), "  "))
        self.query_one("#sweep-title", Static).update(title)
        t = self.query_one("#sweep", DataTable)
        keep = t.cursor_row
        t.clear(columns=True)
        labels = short_labels(axes)
        show_done = any((p.get("completion_rate") or 0) > 0 for p in self.table)
        t.add_column("#", key="point")
        for a in axes:
            t.add_column(labels[a], key=f"axis:{a}")
        t.add_column("reps", key="reps")
        t.add_column("ack %", key="ack")
        if show_done:
            t.add_column("done %", key="done")
        t.add_column("median h to ack", key="median")
        t.add_column("ack vs baseline, pp", key="diff")
        for i, p in enumerate(self.table):
            median = p.get("median_hours_to_ack")
            cells: list[Any] = [str(i), *(plain(axis_value(p["params"].get(a))) for a in axes),
                                str(p["replications_done"]),
                                rate_interval(p.get("ack_rate"), p.get("ack_rate_ci95"))]
            if show_done:
                cells.append(rate_interval(p.get("completion_rate"), p.get("completion_rate_ci95")))
            cells.append("-" if median is None else f"{median:.1f}")
            cells.append(Text("baseline", style="dim") if i == baseline
                         else diff_interval(p.get("ack_rate_diff_vs_baseline")))
            t.add_row(*cells, key=str(i))
        t.resort()  # type: ignore[attr-defined]
        if t.row_count:
            t.move_cursor(row=min(keep, t.row_count - 1))

    def action_report(self) -> None:
        services(self.app).write_report("sweep", self.sweep_id)

    def action_search(self) -> None:
        find_in_tables(self)

    def action_back(self) -> None:
        self.app.pop_screen()

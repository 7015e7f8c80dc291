"""The run detail screen: one stored run's figures, distribution, groups and contacts to
fix, as far as it was observed (see :mod:`tui.summary`), or a study's aggregate (its
figures, the pooled acknowledgements, the groups); the figures are those of
:mod:`simulator.analysis.figures`, as the terminal and the report show them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from results.reports.observed import Observation, ObservedRun, load_observed
from simulator.model.outcome import RunResult
from simulator.text import hm, hours, pct, utc
from tui.services import services
from tui.summary import ack_hours, summary_table
from tui.widgets.ack_chart import AckChart

if TYPE_CHECKING:
    from results.catalog import StudyDetail


class RunDetailScreen(Screen[None]):
    """One stored run (summary, distribution, per group, contacts to fix), or with
    ``study`` one stored study (its aggregate)."""

    CSS_PATH = "results.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, run_id: int, *, study: bool = False) -> None:
        super().__init__()
        self.run_id = run_id
        self.study = study
        self.result: RunResult | None = None
        self.summary: dict[str, Any] | None = None
        self.obs: Observation | None = None
        self.figures: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        what = "Study" if self.study else "Run"
        yield Static(f"{what} {self.run_id}: loading ...", id="detail-title")
        with Horizontal(id="detail-top"):
            yield Static("", id="summary")
            yield AckChart(id="chart")
        with Horizontal(id="detail-bottom"):
            with Vertical():
                yield Static("By group", classes="section", id="groups-title")
                yield DataTable(id="groups", zebra_stripes=True, cursor_type="row")
            with Vertical():
                yield Static("Contacts to fix", classes="section")
                yield DataTable(id="fix", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        g = self.query_one("#groups", DataTable)
        for label, width in (("Group", 18), ("Participants", 12), ("Acknowledged", 12),
                             ("Completed", 10), ("Median h", 9)):
            g.add_column(label, key=label.lower(), width=width)
        f = self.query_one("#fix", DataTable)
        for label, width in (("Contact", 22), ("Reasons", 24), ("Acknowledged anyway", 19)):
            f.add_column(label, key=label.lower(), width=width)
        run_id = self.run_id
        if self.study:
            from results.catalog import study_detail

            services(self.app).db(lambda store: study_detail(store, run_id), self._study_loaded,
                                  what=f"study {run_id}")
            return
        services(self.app).db(lambda store: load_observed(store, run_id), self._loaded,
                              what=f"run {run_id}")

    def _loaded(self, data: ObservedRun) -> None:
        self.result, s, obs = data.result, data.summary, data.obs
        self.summary, self.obs, self.figures = s, obs, data.figures
        r = data.result
        self.query_one("#detail-title", Static).update(
            f"[b]Run {self.run_id}[/b]  {r.scenario}  seed {r.seed}  "
            f"start {utc(r.start)}"
            + (f"  [dark_orange]{obs.phrase()}[/]" if obs.cut else "")
        )
        self.query_one("#summary", Static).update(summary_table(s, data.figures, obs))
        if not obs.deadline_seen:
            self.query_one("#groups-title", Static).update(
                f"By group (acknowledged by {hm(obs.until)}, deadline not reached)")
        self.query_one(AckChart).show(ack_hours(r), r.deadline_hours, r.horizon_hours)
        if data.figures.get("kind") == "check":  # a tabletop has no check rates to show
            self._groups(s)
        else:
            self.query_one("#groups-title", Static).update(
                "A tabletop: its scorecard is in the report (pocdrill report RUN)")
        f = self.query_one("#fix", DataTable)
        for c in data.figures.get("contacts_to_fix_list", []):
            f.add_row(c["contact"], Text(", ".join(c["reasons"]), style="dark_orange"),
                      "yes" if c["acknowledged"] else "no")

    def _study_loaded(self, detail: StudyDetail) -> None:
        info, s = detail.study, detail.summary
        self.query_one("#detail-title", Static).update(
            f"[b]Study {self.run_id}[/b]  {info.scenario}  seed {info.seed}  "
            f"{info.done} of {info.replications} replications ({info.status})")
        if s is None:
            return
        self.summary, self.figures = s, s["figures"]
        self.query_one("#summary", Static).update(summary_table(s, s["figures"]))
        self._groups(s)
        self.query_one("#groups-title", Static).update("By group (pooled over replications)")

    def _groups(self, s: dict[str, Any]) -> None:
        g = self.query_one("#groups", DataTable)
        for name, b in s.get("by_group", {}).items():
            g.add_row(name or "-", str(b["participants"]), pct(b["ack_rate"]),
                      pct(b["completion_rate"]), hours(b["median_hours_to_ack"]))

    def action_back(self) -> None:
        self.app.pop_screen()

"""The results screen: stored runs, studies and sweeps; enter opens one, ``m`` and ``c``
compare two runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from tui.runs import RunRow, run_row
from tui.services import services
from tui.text import plain

if TYPE_CHECKING:
    from results.store import Store, StudyInfo, SweepInfo


class ResultsScreen(Screen[None]):
    """Stored runs, studies and sweeps."""

    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Open", show=False),
        Binding("m", "mark", "Mark", tooltip="Mark this run for comparison"),
        Binding("c", "compare", "Compare", tooltip="Compare the marked run with this one"),
        Binding("f5", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[RunRow] = []
        self.marked: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Select a run and press enter to open it; m marks one, c compares it "
                     "with the selected run.", id="results-help")
        with TabbedContent(id="results-tabs"):
            with TabPane("Runs", id="tab-runs"):
                yield DataTable(id="runs", cursor_type="row", zebra_stripes=True)
            with TabPane("Studies", id="tab-studies"):
                yield DataTable(id="studies", cursor_type="row", zebra_stripes=True)
            with TabPane("Sweeps", id="tab-sweeps"):
                yield DataTable(id="sweeps", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        runs = self.query_one("#runs", DataTable)
        for key, label, width in (("mark", " ", 1), ("id", "Run", 5), ("scenario", "Scenario", 36),
                                  ("mode", "Mode", 9), ("kind", "Kind", 8), ("seed", "Seed", 6),
                                  ("status", "Status", 11), ("started", "Started (UTC)", 16)):
            runs.add_column(label, key=key, width=width)
        studies = self.query_one("#studies", DataTable)
        for key, label, width in (("id", "Study", 6), ("scenario", "Scenario", 36),
                                  ("kind", "Kind", 8), ("seed", "Seed", 6),
                                  ("reps", "Replications", 12), ("status", "Status", 11)):
            studies.add_column(label, key=key, width=width)
        sweeps = self.query_one("#sweeps", DataTable)
        for key, label, width in (("id", "Sweep", 6), ("name", "Name", 28),
                                  ("scenario", "Scenario", 36), ("points", "Points", 7),
                                  ("status", "Status", 11)):
            sweeps.add_column(label, key=key, width=width)
        runs.focus()
        self.action_reload()

    def action_reload(self) -> None:
        def job(store: Store) -> tuple[list[RunRow], list[SweepInfo], list[StudyInfo]]:
            return ([run_row(r) for r in store.list_runs(limit=500)], store.list_sweeps(),
                    store.list_studies(limit=500))

        services(self.app).db(job, self._loaded, what="results")

    def _loaded(self, data: tuple[list[RunRow], list[SweepInfo], list[StudyInfo]]) -> None:
        self.runs, sweeps, studies = data
        self._fill_runs()
        table_s = self.query_one("#studies", DataTable)
        table_s.clear()
        for st in studies:
            table_s.add_row(str(st.id), plain(st.scenario), st.kind, str(st.seed),
                            f"{st.done}/{st.replications}", st.status, key=str(st.id))
        table = self.query_one("#sweeps", DataTable)
        table.clear()
        for s in sweeps:
            table.add_row(str(s.id), plain(s.name), plain(s.scenario or ""),
                          str(s.points or ""), s.status, key=str(s.id))

    def _fill_runs(self) -> None:
        table = self.query_one("#runs", DataTable)
        keep = table.cursor_row
        table.clear()
        for r in self.runs:
            table.add_row("*" if r.id == self.marked else "", str(r.id), plain(r.scenario), r.mode,
                          r.kind, "-" if r.seed is None else str(r.seed), r.status, r.started,
                          key=str(r.id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def selected_run(self) -> int | None:
        table = self.query_one("#runs", DataTable)
        if not table.row_count:
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    @on(DataTable.RowSelected, "#runs")
    def _run_chosen(self) -> None:
        self.action_open()

    @on(DataTable.RowSelected, "#studies")
    def _study_chosen(self, event: DataTable.RowSelected) -> None:
        services(self.app).open_study(int(str(event.row_key.value)))

    @on(DataTable.RowSelected, "#sweeps")
    def _sweep_chosen(self, event: DataTable.RowSelected) -> None:
        services(self.app).open_sweep(int(str(event.row_key.value)))

    def action_open(self) -> None:
        rid = self.selected_run()
        if rid is not None:
            services(self.app).open_run_detail(rid)

    def action_mark(self) -> None:
        rid = self.selected_run()
        if rid is None:
            return
        self.marked = None if self.marked == rid else rid
        self._fill_runs()
        if self.marked is not None:
            self.notify(f"run {rid} marked; select another run and press c", timeout=2)

    def action_compare(self) -> None:
        rid = self.selected_run()
        if rid is None or self.marked is None or rid == self.marked:
            self.notify("mark one run (m), select another, then press c", severity="warning",
                        timeout=3)
            return
        services(self.app).open_compare(self.marked, rid)

    def action_back(self) -> None:
        self.app.pop_screen()

"""The results screen: stored runs, studies and sweeps; enter opens one, ``m`` marks a run
and ``=`` compares it with the selected one; ``p`` writes the selected run's report and
``X`` exports it; ``/`` searches every tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, TabbedContent, TabPane

from tui.keys import binds
from tui.runs import RunRow, run_row
from tui.services import services
from tui.text import plain
from tui.widgets.inputs import SearchInput
from tui.widgets.tables import SortedTable, fit

if TYPE_CHECKING:
    from results.store import Store, StudyInfo, SweepInfo

RUNS = (("mark", " ", 1), ("id", "Run", 4), ("scenario", "Scenario", 0), ("mode", "Mode", 4),
        ("kind", "Kind", 8), ("seed", "Seed", 5), ("status", "Status", 11),
        ("started", "Run at (UTC)", 16))
STUDIES = (("id", "Study", 5), ("scenario", "Scenario", 0), ("kind", "Kind", 8),
           ("seed", "Seed", 5), ("reps", "Replications", 12), ("status", "Status", 11))
SWEEPS = (("id", "Sweep", 5), ("name", "Name", 0), ("scenario", "Scenario", 0),
          ("points", "Points", 6), ("status", "Status", 11))
"""Columns (key, label, width); width 0 shares what the others leave."""


class ResultsScreen(Screen[None]):
    """Stored runs, studies and sweeps."""

    CSS_PATH = "results.tcss"
    BINDINGS = binds("back", "search", "mark", "compare", "report", "export", "reload")
    help_title = "results"

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[RunRow] = []
        self.studies: list[StudyInfo] = []
        self.sweeps: list[SweepInfo] = []
        self.marked: int | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchInput(placeholder="Search runs, studies and sweeps ( / ); enter opens, "
                          "m marks, = compares", id="results-search", back_to="#runs")
        with TabbedContent(id="results-tabs"):
            with TabPane("Runs", id="tab-runs"):
                yield SortedTable(id="runs")
            with TabPane("Studies", id="tab-studies"):
                yield SortedTable(id="studies")
            with TabPane("Sweeps", id="tab-sweeps"):
                yield SortedTable(id="sweeps")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#runs", DataTable).focus()
        self.action_reload()

    def on_resize(self) -> None:
        width = self.app.size.width
        if width != self._width:
            self._width = width
            self._fill()

    def _columns(self, table: DataTable, columns: tuple[tuple[str, str, int], ...]) -> None:
        """(Re)lay ``columns`` out for the screen's width: the flexible ones share it."""
        fixed = sum(w + 2 for _, _, w in columns if w) + 4
        flexible = sum(1 for _, _, w in columns if not w)
        share = max(10, (self.app.size.width - fixed - 2 * flexible) // max(flexible, 1))
        table.clear(columns=True)
        for key, label, w in columns:
            table.add_column(label, key=key, width=w or share)

    def action_reload(self) -> None:
        def job(store: Store) -> tuple[list[RunRow], list[SweepInfo], list[StudyInfo]]:
            return ([run_row(r) for r in store.list_runs(limit=500)], store.list_sweeps(),
                    store.list_studies(limit=500))

        services(self.app).db(job, self._loaded, what="results")

    def _loaded(self, data: tuple[list[RunRow], list[SweepInfo], list[StudyInfo]]) -> None:
        self.runs, self.sweeps, self.studies = data
        self._fill()

    @property
    def search_text(self) -> str:
        return self.query_one("#results-search", Input).value.strip().lower()

    def _fill(self) -> None:
        self._fill_runs()
        text = self.search_text
        table = self.query_one("#studies", SortedTable)
        keep = self._key(table)
        self._columns(table, STUDIES)
        w = table.columns["scenario"].width  # type: ignore[index]
        for st in self.studies:
            if text and not any(text in x.lower() for x in (str(st.id), st.scenario, st.status)):
                continue
            table.add_row(str(st.id), plain(fit(st.scenario, w)), st.kind, str(st.seed),
                          f"{st.done}/{st.replications}", st.status, key=str(st.id))
        self._restore(table, keep)
        table = self.query_one("#sweeps", SortedTable)
        keep = self._key(table)
        self._columns(table, SWEEPS)
        w = table.columns["name"].width  # type: ignore[index]
        for s in self.sweeps:
            hay = (str(s.id), s.name, s.scenario or "", s.status)
            if text and not any(text in x.lower() for x in hay):
                continue
            table.add_row(str(s.id), plain(fit(s.name, w)), plain(fit(s.scenario or "", w)),
                          str(s.points or ""), s.status, key=str(s.id))
        self._restore(table, keep)

    def _fill_runs(self) -> None:
        table = self.query_one("#runs", SortedTable)
        keep = self._key(table)
        self._columns(table, RUNS)
        w = table.columns["scenario"].width  # type: ignore[index]
        text = self.search_text
        for r in self.runs:
            if text and not r.matches(text):
                continue
            table.add_row("*" if r.id == self.marked else "", str(r.id), plain(fit(r.scenario, w)),
                          "live" if r.mode == "live" else "sim", r.kind,
                          "-" if r.seed is None else str(r.seed), r.status, r.started,
                          key=str(r.id))
        self._restore(table, keep)

    @staticmethod
    def _key(table: DataTable) -> str | None:
        if not table.row_count or not table.columns:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @staticmethod
    def _restore(table: SortedTable, keep: str | None) -> None:
        table.resort()
        if keep is not None and keep in {str(k.value) for k in table.rows}:
            table.move_cursor(row=table.get_row_index(keep))

    @on(Input.Changed, "#results-search")
    def _search(self) -> None:
        self._fill()

    @on(Input.Submitted, "#results-search")
    def _search_done(self) -> None:
        self.query_one("#runs", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#results-search", Input).focus()

    def selected_run(self) -> int | None:
        key = self._key(self.query_one("#runs", DataTable))
        return None if key is None else int(key)

    @on(DataTable.RowSelected, "#runs")
    def _run_chosen(self) -> None:
        rid = self.selected_run()
        if rid is not None:
            services(self.app).open_run_detail(rid)

    @on(DataTable.RowSelected, "#studies")
    def _study_chosen(self, event: DataTable.RowSelected) -> None:
        services(self.app).open_study(int(str(event.row_key.value)))

    @on(DataTable.RowSelected, "#sweeps")
    def _sweep_chosen(self, event: DataTable.RowSelected) -> None:
        services(self.app).open_sweep(int(str(event.row_key.value)))

    def action_mark(self) -> None:
        rid = self.selected_run()
        if rid is None:
            return
        self.marked = None if self.marked == rid else rid
        self._fill_runs()
        if self.marked is not None:
            self.notify(f"run {rid} marked; select another run and press =", timeout=2)

    def action_compare(self) -> None:
        rid = self.selected_run()
        if rid is None or self.marked is None or rid == self.marked:
            self.notify("mark one run (m), select another, then press =", severity="warning",
                        timeout=3)
            return
        services(self.app).open_compare(self.marked, rid)

    def _target(self) -> tuple[str, int] | None:
        """What the open tab has selected: ("run" | "study" | "sweep", id)."""
        tab = self.query_one("#results-tabs", TabbedContent).active
        which = {"tab-runs": "run", "tab-studies": "study", "tab-sweeps": "sweep"}.get(tab)
        if which is None:
            return None
        key = self._key(self.query_one(f"#{which.replace('study', 'studie')}s", DataTable))
        return None if key is None else (which, int(key))

    def action_report(self) -> None:
        target = self._target()
        if target is not None:
            services(self.app).write_report(*target)

    def action_export(self) -> None:
        target = self._target()
        if target is None or target[0] != "run":
            self.notify("export works on a run (the Runs tab); p writes a study's or a "
                        "sweep's report", severity="warning", timeout=3)
            return
        services(self.app).export_run(target[1])

    def action_back(self) -> None:
        self.app.pop_screen()

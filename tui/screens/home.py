"""Home: scenarios, directories and recent runs, with a search box over all three."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.forms.seed import SeedForm
from tui.runs import RunRow, run_row
from tui.services import services
from tui.sources import Source, discover
from tui.text import plain
from tui.widgets.inputs import SteadyInput

if TYPE_CHECKING:
    from results.store import Store


class HomeScreen(Screen[None]):
    """Pick a scenario to simulate or run live, a directory to review, or a past run."""

    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("slash", "search", "Search"),
        Binding("s", "simulate", "Simulate", tooltip="Simulate the selected scenario"),
        Binding("l", "live", "Live run", tooltip="Run the selected scenario live"),
        Binding("d", "directory", "Directory",
                tooltip="Open the selected directory (or the selected scenario's)"),
        Binding("r", "results", "Results", tooltip="Stored runs and sweeps"),
        Binding("f5", "reload", "Reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scenarios: list[Source] = []
        self.directories: list[Source] = []
        self.runs: list[RunRow] = []
        self._last_list = "scenarios"

    def compose(self) -> ComposeResult:
        yield Header()
        yield SteadyInput(placeholder="Search scenarios, directories and runs  ( / )", id="search")
        with Horizontal(id="home-body"):
            with Vertical(id="home-left"):
                yield Label("Scenarios", classes="section")
                yield OptionList(id="scenarios")
                yield Label("Directories", classes="section")
                yield OptionList(id="directories")
            with Vertical(id="home-right"):
                yield Label("Recent runs", classes="section")
                yield DataTable(id="runs", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#runs", DataTable)
        for key, label, width in (("id", "Run", 5), ("scenario", "Scenario", 24),
                                  ("mode", "Mode", 9), ("status", "Status", 11),
                                  ("started", "Started (UTC)", 16)):
            table.add_column(label, key=key, width=width)
        self.query_one("#scenarios", OptionList).focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()  # a run may have been stored, a directory saved anew

    # -- loading ---------------------------------------------------------------------
    def action_reload(self) -> None:
        self.load_sources()
        self.load_runs()

    @work(thread=True, exclusive=True, group="home-sources", exit_on_error=False)
    def load_sources(self) -> None:
        app = services(self.app)
        scenarios, directories = discover(app.cwd, bundled=app.bundled)
        self.app.call_from_thread(self._sources_loaded, scenarios, directories)

    def _sources_loaded(self, scenarios: list[Source], directories: list[Source]) -> None:
        self.scenarios, self.directories = scenarios, directories
        self._fill()

    def load_runs(self) -> None:
        def job(store: Store) -> list[RunRow]:
            return [run_row(r) for r in store.list_runs(limit=30)]

        services(self.app).db(job, self._runs_loaded, what="recent runs")

    def _runs_loaded(self, runs: list[RunRow]) -> None:
        self.runs = runs
        self._fill_runs()

    # -- showing ---------------------------------------------------------------------
    @property
    def search_text(self) -> str:
        return self.query_one("#search", Input).value

    def _fill(self) -> None:
        text = self.search_text
        for wid, items in (("#scenarios", self.scenarios), ("#directories", self.directories)):
            ol = self.query_one(wid, OptionList)
            ol.clear_options()
            shown = [s for s in items if s.matches(text)]
            ol.add_options([Option(plain(s.label), id=str(s.path)) for s in shown])
            if shown:
                ol.highlighted = 0
        self._fill_runs()

    def _fill_runs(self) -> None:
        table = self.query_one("#runs", DataTable)
        table.clear()
        text = self.search_text.strip().lower()
        for r in self.runs:
            if text and not r.matches(text):
                continue
            table.add_row(str(r.id), plain(r.scenario), r.mode, r.status, r.started,
                          key=str(r.id))

    @on(Input.Changed, "#search")
    def _search(self) -> None:
        self._fill()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#scenarios", OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_descendant_focus(self, event: Any) -> None:
        wid = getattr(event.widget, "id", None)
        if wid in ("scenarios", "directories", "runs"):
            self._last_list = wid

    # -- selection -------------------------------------------------------------------
    def _selected(self, list_id: str, items: list[Source]) -> Source | None:
        ol = self.query_one(f"#{list_id}", OptionList)
        if ol.highlighted is None or ol.option_count == 0:
            return None
        key = ol.get_option_at_index(ol.highlighted).id
        return next((s for s in items if str(s.path) == key), None)

    def selected_scenario(self) -> Source | None:
        return self._selected("scenarios", self.scenarios)

    def selected_directory(self) -> Source | None:
        return self._selected("directories", self.directories)

    def selected_run(self) -> RunRow | None:
        table = self.query_one("#runs", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.runs if str(r.id) == key), None)

    @on(OptionList.OptionSelected, "#scenarios")
    def _scenario_chosen(self) -> None:
        self.action_simulate()

    @on(OptionList.OptionSelected, "#directories")
    def _directory_chosen(self) -> None:
        self.action_directory()

    @on(DataTable.RowSelected, "#runs")
    def _run_chosen(self) -> None:
        run = self.selected_run()
        if run is None:
            return
        if run.mode == "live" and run.status in ("running", "interrupted"):
            services(self.app).open_live_run(run.id)
        else:
            services(self.app).open_run_detail(run.id)

    # -- actions ---------------------------------------------------------------------
    def _need_scenario(self) -> Source | None:
        s = self.selected_scenario()
        if s is None:
            self.notify("select a scenario first", severity="warning")
        return s

    def action_simulate(self) -> None:
        s = self._need_scenario()
        if s is None:
            return
        def chosen(seed: object) -> None:
            if isinstance(seed, int):
                services(self.app).open_simulated_run(s.path, seed)

        self.app.push_screen(SeedForm(s.title), chosen)

    def action_live(self) -> None:
        s = self._need_scenario()
        if s is None:
            return
        services(self.app).start_live_run(s.path)

    def action_directory(self) -> None:
        if self._last_list == "directories" or self.selected_scenario() is None:
            d = self.selected_directory()
            if d is not None:
                services(self.app).open_directory(d.path, scenario=False)
                return
        s = self.selected_scenario()
        if s is None:
            self.notify("select a directory or a scenario first", severity="warning")
            return
        services(self.app).open_directory(s.path, scenario=True)

    def action_results(self) -> None:
        services(self.app).open_results()

    def extra_commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        """Palette entries to open each scenario and directory by name."""
        from functools import partial

        out: list[tuple[str, str, Callable[[], None]]] = []
        for s in self.scenarios:
            out.append((f"Simulate: {s.title}", str(s.path), partial(self._simulate_path, s.path)))
        for d in self.directories:
            out.append((f"Directory: {d.title}", str(d.path),
                        partial(services(self.app).open_directory, d.path, scenario=False)))
        return out

    def _simulate_path(self, path: Path) -> None:
        services(self.app).open_simulated_run(path, 1)

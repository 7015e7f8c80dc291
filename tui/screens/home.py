"""Home: scenarios, directories and recent runs, with a search box over all three."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.forms.confirm import ConfirmForm
from tui.forms.seed import SeedForm
from tui.keys import binds
from tui.runs import RunRow, run_row
from tui.services import services
from tui.sources import Source, discover
from tui.text import plain
from tui.widgets.inputs import SearchInput
from tui.widgets.tables import SortedTable, fit

RUN_COLUMNS = (("id", "Run", 4), ("scenario", "Scenario", 0), ("mode", "Mode", 4),
               ("status", "Status", 11), ("started", "Run at UTC", 11))
"""The recent runs' columns (key, label, width); the scenario takes what is left."""
FOLD_UNDER = 64
"""Narrower than this, each run folds onto two lines (see ``_runs_columns``)."""

if TYPE_CHECKING:
    from results.store import Store


class HomeScreen(Screen[None]):
    """Pick a scenario to simulate or run live, a directory to review, or a past run."""

    CSS_PATH = "home.tcss"
    BINDINGS = binds("app.quit", "search", "simulate", "live", "directory", "results",
                     "reload", hidden=("search",))  # the search box says "( / )"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    help_title = "home"

    def __init__(self) -> None:
        super().__init__()
        self.scenarios: list[Source] = []
        self.directories: list[Source] = []
        self.runs: list[RunRow] = []
        self._last_list = "scenarios"
        self._runs_width = 0
        self._announced = False  # interrupted live runs: announced once, at the start

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchInput(placeholder="Search scenarios, directories and runs  ( / )",
                          id="search", back_to="#scenarios")
        with Horizontal(id="home-body"):
            with Vertical(id="home-left"):
                yield Label("Scenarios", classes="section")
                yield OptionList(id="scenarios")
                yield Label("Directories", classes="section")
                yield OptionList(id="directories")
            with Vertical(id="home-right"):
                yield Label("Recent runs", classes="section")
                yield SortedTable(id="runs")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scenarios", OptionList).focus()
        self.action_reload()

    def on_resize(self) -> None:
        self._runs_columns()

    def _runs_columns(self) -> None:
        """Lay the runs' columns out for the table's width: the scenario column takes
        what the others leave; under :data:`FOLD_UNDER` cells each run folds onto two
        lines (its scenario in full, then mode, status and when it ran), so nothing is
        cut to a stub."""
        table = self.query_one("#runs", DataTable)
        width = table.size.width or (self.app.size.width // 2)
        if width == self._runs_width:
            return
        self._runs_width = width
        table.clear(columns=True)
        if width < FOLD_UNDER:
            table.add_column("Run", key="id", width=4)
            table.add_column("Scenario; mode, status, UTC", key="scenario",
                             width=max(8, width - 6 - 4))
        else:
            fixed = sum(w + 2 for _, _, w in RUN_COLUMNS if w) + 2 + 2  # padding, scrollbar
            for key, label, w in RUN_COLUMNS:
                table.add_column(label, key=key, width=w or max(8, width - fixed))
        self._fill_runs()

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
        if (scenarios, directories) == (self.scenarios, self.directories):
            return  # nothing changed: the highlight stays where the facilitator left it
        self.scenarios, self.directories = scenarios, directories
        self._fill()

    def load_runs(self) -> None:
        def job(store: Store) -> list[RunRow]:
            return [run_row(r) for r in store.list_runs(limit=30)]

        services(self.app).db(job, self._runs_loaded, what="recent runs")

    def _runs_loaded(self, runs: list[RunRow]) -> None:
        self.announce_interrupted(runs)
        if runs == self.runs:
            return
        self.runs = runs
        self._fill_runs()

    def announce_interrupted(self, runs: list[RunRow]) -> None:
        """Once, when the app opens: the live runs left unfinished, and how to go on."""
        if self._announced:
            return
        self._announced = True
        left = [r for r in runs if r.mode == "live" and r.status in ("running", "interrupted")]
        if left:
            ids = ", ".join(str(r.id) for r in left[:5]) + (" ..." if len(left) > 5 else "")
            self.notify(f"{len(left)} live run(s) not finished: {ids}. Select one under "
                        "Recent runs and press enter to go on with it.",
                        title="Interrupted live runs", severity="warning", timeout=12)

    # -- showing ---------------------------------------------------------------------
    @property
    def search_text(self) -> str:
        return self.query_one("#search", Input).value

    def _fill(self) -> None:
        """Fill the lists; each keeps its highlighted item when it is still listed."""
        text = self.search_text
        for wid, items in (("#scenarios", self.scenarios), ("#directories", self.directories)):
            ol = self.query_one(wid, OptionList)
            keep = (ol.get_option_at_index(ol.highlighted).id
                    if ol.highlighted is not None and ol.option_count else None)
            ol.clear_options()
            shown = [s for s in items if s.matches(text)]
            ol.add_options([Option(plain(s.label), id=str(s.path)) for s in shown])
            ids = [str(s.path) for s in shown]
            if shown:
                ol.highlighted = ids.index(keep) if keep in ids else 0
        self._fill_runs()

    def _fill_runs(self) -> None:
        """Fill the runs' table; the cursor stays on the run it was on."""
        table = self.query_one("#runs", SortedTable)
        if not table.columns:
            return
        keep = self.selected_run()
        table.clear()
        text = self.search_text.strip().lower()
        width = table.columns["scenario"].width  # type: ignore[index]
        folded = "mode" not in table.columns
        for r in self.runs:
            if text and not r.matches(text):
                continue
            started = r.started[5:] if len(r.started) > 5 else r.started  # no year
            mode = "live" if r.mode == "live" else "sim"
            if folded:
                cell = plain(fit(r.scenario, width) + "\n", "bold", lines=True)
                cell.append(f"{mode}  {r.status}  {started}", style="dim")
                table.add_row(str(r.id), cell, key=str(r.id), height=2)
                continue
            table.add_row(str(r.id), plain(fit(r.scenario, width)), mode, r.status, started,
                          key=str(r.id))
        table.resort()
        if keep is not None and str(keep.id) in {str(k.value) for k in table.rows}:
            table.move_cursor(row=table.get_row_index(str(keep.id)))

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
        if not table.row_count or not table.columns:
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
        """Ask, naming the scenario, then start a live run of it (stored at once, open
        until finished)."""
        s = self._need_scenario()
        if s is None:
            return

        def answered(yes: object) -> None:
            if yes is True:
                services(self.app).start_live_run(s.path)

        self.app.push_screen(ConfirmForm(
            f"Start a live run of {s.title}?",
            f"{s.path.name}: a live run is stored at once and stays open (resumable) until "
            "you finish it with x. y starts it, n goes back.",
        ), answered)

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

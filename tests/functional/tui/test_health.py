"""The network-health screen: `h` on a check scenario's directory shows each participant's
findings and simulated chance to acknowledge, the same rows the command line prints."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from simulator.directories.health import directory_health, health_rows
from simulator.io.scenario_files import load_scenario
from simulator.model.check import CheckScenario
from tests.functional.tui.support import NOW, make_workspace, settle, tiny_directory
from tui.screens.directory import DirectoryScreen
from tui.screens.health import REPLICATIONS, HealthScreen


async def test_h_on_the_directory_screen_opens_its_health_and_escape_goes_back(
    tmp_path: Path,
) -> None:
    ws = make_workspace(tmp_path)
    app = ws.app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("d")  # the selected scenario's directory
        await settle(pilot)
        directory_screen = app.screen
        assert isinstance(directory_screen, DirectoryScreen)
        await pilot.press("H")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HealthScreen) and screen.table is not None
        scenario = load_scenario(ws.scenario).scenario
        assert isinstance(scenario, CheckScenario)
        expected = health_rows(directory_health(tiny_directory(), as_of=NOW.date(),
                                                scenario=scenario, replications=REPLICATIONS))
        assert screen.table == expected  # the library's rows, as the command line shows
        grid = screen.query_one("#health", DataTable)
        assert grid.row_count == 6
        cells = {str(grid.get_row(code)[0]): [str(c) for c in grid.get_row(code)]
                 for code in expected.codes}
        assert cells["XD"][1] == "no deputy" and cells["XD"][2] == "never"
        assert cells["XC"][2].startswith("stale")
        assert all(row[5].endswith("%)") for row in cells.values())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is directory_screen

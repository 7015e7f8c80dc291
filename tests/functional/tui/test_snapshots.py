"""Screenshots of the main screens, compared with the committed SVGs.

Deterministic: frozen wall and simulation clocks, no bundled scenarios, steady cursors,
a fresh database per test. Regenerate after an intended change with
``pytest tests/functional/test_tui_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from simulator.engine.run import run
from simulator.io.scenario_files import load_scenario
from tests.functional.tui.support import Workspace, clock_at, make_workspace, settle

SIZE = (130, 36)


async def steady(pilot: Any) -> None:
    """Workers done, results shown, passing notifications gone: nothing left to change."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def _store_two_runs(ws: Workspace) -> None:
    loaded = load_scenario(ws.scenario)
    directory = loaded.directory()
    store = ws.store()
    for seed in (1, 2):
        result = run(loaded.scenario, directory, seed=seed)
        store.record_run(result, scenario_text=loaded.text, seed=seed, mode="simulated")


def test_home(ws: Workspace, snap_compare: Any) -> None:
    async def before(pilot: Any) -> None:
        await steady(pilot)

    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=before)


def test_directory(ws: Workspace, snap_compare: Any) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#directories").focus()
        await pilot.press("d")
        await steady(pilot)

    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=before)


def test_simulated_run_at_deadline(ws: Workspace, snap_compare: Any) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("s", "enter")
        await settle(pilot)
        await pilot.press("j", "j")
        await steady(pilot)

    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=before)


def test_live_run(ws: Workspace, snap_compare: Any) -> None:
    app = ws.app(clock=clock_at(0.0))

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("l", "y")
        await settle(pilot)
        app.clock = clock_at(1.5)
        await pilot.press("a", "down", "down", "b", "down", "c")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_run_detail(ws: Workspace, snap_compare: Any) -> None:
    _store_two_runs(ws)

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("enter")
        await steady(pilot)

    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=before)


def test_compare(ws: Workspace, snap_compare: Any) -> None:
    _store_two_runs(ws)

    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("m", "down", "equals_sign")
        await steady(pilot)

    assert snap_compare(ws.app(), terminal_size=SIZE, run_before=before)

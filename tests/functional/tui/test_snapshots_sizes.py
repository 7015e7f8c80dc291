"""Screenshots at the two sizes facilitators use (80x24 in a tmux pane, 120x40): the live
board, the directory, and the results detail of a check, a study and a tabletop.

Deterministic as ``test_snapshots.py``: frozen clocks, fixed seeds, a fresh database.
Regenerate after an intended change with ``--snapshot-update`` and look at the SVGs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.functional.tui.facilitator_support import store_runs, story_workspace
from tests.functional.tui.support import Workspace, clock_at, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def steady(pilot: Any) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()
    await settle(pilot)  # what the first results laid out (notes, scrollbars) settles too
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return story_workspace(tmp_path)


@pytest.mark.parametrize("size", SIZES)
def test_board(ws: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    app = ws.app(clock=clock_at(0.0))

    async def before(pilot: Any) -> None:
        await settle(pilot)
        app.start_live_run(ws.scenario)
        await settle(pilot)
        app.clock = clock_at(1.5)
        await pilot.press("a", "down", "down", "b", "down", "c", "down", "r")
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_directory(ws: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    app = ws.app()

    async def before(pilot: Any) -> None:
        await settle(pilot)
        app.open_directory(ws.directory, scenario=False)
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_check_detail(ws: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    (run_id,) = store_runs(ws, "tiny-check", seed=7)
    app = ws.app()

    async def before(pilot: Any) -> None:
        await settle(pilot)
        app.open_run_detail(run_id)
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_tabletop_detail(ws: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    (run_id,) = store_runs(ws, "tiny-story", seed=3)
    with ws.store() as store:
        store.add_note(run_id, "XB answered by phone", t=0.8, participant="XB")
    app = ws.app()

    async def before(pilot: Any) -> None:
        await settle(pilot)
        app.open_run_detail(run_id)
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_study_detail(ws: Workspace, snap_compare: Any, size: tuple[int, int]) -> None:
    from results.runs import SweepExecution, study_and_store
    from simulator.io.scenario_files import load_scenario

    with ws.store() as store:
        out = study_and_store(load_scenario(ws.scenario), seed=2, replications=5, store=store,
                              execution=SweepExecution(workers=1))
    app = ws.app()

    async def before(pilot: Any) -> None:
        await settle(pilot)
        app.open_study(out.study_id)
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)

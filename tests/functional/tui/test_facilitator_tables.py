"""Finding rows where a screen has no search box, and a running sweep that refreshes
itself (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from tests.functional.tui.facilitator_support import store_runs, story_workspace
from tests.functional.tui.support import Workspace, settle


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return story_workspace(tmp_path)


async def test_slash_finds_a_row_in_a_runs_detail(ws: Workspace) -> None:
    from tui.forms.find import FindForm

    (run_id,) = store_runs(ws, "tiny-story", seed=3)
    app = ws.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_run_detail(run_id)
        await settle(pilot)
        detail = app.screen
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, FindForm)
        app.screen.query_one("#find", Input).value = "missed"
        await pilot.press("enter")
        await settle(pilot)
        card = detail.query_one("#groups", DataTable)
        assert card.has_focus and card.get_row_at(card.cursor_row)[6].plain == "missed"


async def test_a_running_sweep_refreshes_itself(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, sweep_scenario: Path,
) -> None:
    from results.runs import SweepExecution, sweep_and_store
    from simulator.sweep import plan_sweep
    from tui.screens.sweep import SweepScreen

    monkeypatch.setattr(SweepScreen, "REFRESH_SECONDS", 0.05)
    plan = plan_sweep(sweep_scenario.read_text(), {"check.reminders": [[], ["12h"]]},
                      replications=2, seed=11, base_dir=sweep_scenario.parent)
    with ws.store() as store:
        out = sweep_and_store(plan, store=store, execution=SweepExecution(workers=1))
        assert out.sweep_id is not None
        store.claim_sweep(out.sweep_id)  # as if a process were still running it
    app = ws.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_sweep(out.sweep_id)
        await settle(pilot)
        title = app.screen.query_one("#sweep-title")
        assert "running" in str(title.render())
        with ws.store() as store:
            store.finish_sweep(out.sweep_id)
        for _ in range(40):  # the screen reads the store again by itself
            await pilot.pause(0.05)
            await settle(pilot, 1)
            if "completed" in str(title.render()):
                break
        assert "completed" in str(title.render())
        assert app.screen.query_one("#sweep", DataTable).row_count == 2

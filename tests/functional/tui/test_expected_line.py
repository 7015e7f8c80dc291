"""The live board's expected share: computed in the background, never blocking the board."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from tests.functional.tui.support import Workspace, clock_at, make_workspace, settle
from tui.screens.live_run import LiveRunScreen
from tui.widgets.status_board import StatusBoard


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def line(screen: LiveRunScreen) -> str:
    return str(screen.query_one("#expected", Static).render())


async def test_board_records_while_the_band_is_computed_then_shows_it(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import results.live.expected as expected

    real = expected.expected_band_for
    release = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(60), "the test never released the band"
        return real(*args, **kwargs)

    monkeypatch.setattr(expected, "expected_band_for", held)
    app = ws.app(clock=clock_at(0.0), expected_replications=60)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("y")  # a live run is persistent: the app asks first
        for _ in range(20):  # the run starts (its store write is a worker too)
            await pilot.pause()
            if isinstance(app.screen, LiveRunScreen) and app.screen.expected is not None:
                break
        screen = app.screen
        assert isinstance(screen, LiveRunScreen) and screen.expected is not None
        await pilot.pause()
        assert "computing from 60 replications" in line(screen)
        # the band is still being computed: the board takes the facilitator's keys
        app.clock = clock_at(3.0)
        await pilot.press("down", "a")
        for _ in range(20):
            await pilot.pause()
            board = screen.query_one(StatusBoard)
            if board.view("XB").status == "acknowledged":  # type: ignore[union-attr]
                break
        assert board.view("XB").status == "acknowledged"  # type: ignore[union-attr]
        for _ in range(50):  # and stored: the band's worker does not hold the store
            await pilot.pause(0.05)
            if screen.pending_writes == 0:
                break
        assert screen.pending_writes == 0
        assert screen.expected.band is None and "computing" in line(screen)
        release.set()
        await settle(pilot)
        app.clock = clock_at(3.5)
        await pilot.pause(0.3)  # a tick or two of the clock
        await settle(pilot)
        text = line(screen)
        assert screen.expected.band is not None and screen.expected.band.replications == 60
        assert "expected by now (60 replications from the same start)" in text
        assert "acknowledged 17%" in text  # 1 of 6
        assert "phone first (chance by the deadline): " in text

"""The facilitator's terminal, polished (issue 19): one test per problem a facilitator met
in a long sitting. Each failed before the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList

from tests.functional.tui.facilitator_support import log_text, store_runs, story_workspace
from tests.functional.tui.support import Workspace, clock_at, settle
from tui.forms.confirm import ConfirmForm
from tui.forms.details import DetailsPanel
from tui.screens.home import HomeScreen
from tui.screens.live_run import LiveRunScreen
from tui.widgets.status_board import StatusBoard


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return story_workspace(tmp_path)


async def test_1_home_keeps_its_selection_and_asks_before_a_live_run(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        scenarios = home.query_one("#scenarios", OptionList)
        await pilot.press("down")
        chosen = home.selected_scenario()
        assert chosen is not None and scenarios.highlighted == 1
        home.action_reload()  # the background reload on returning home
        await settle(pilot)
        assert scenarios.highlighted == 1 and home.selected_scenario() == chosen
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmForm) and chosen.title in app.screen.title_text
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is home and ws.store().list_runs() == []


async def test_2_a_tabletops_detail_shows_its_scorecard_injects_and_notes(
    ws: Workspace,
) -> None:
    from tui.screens.run_detail import RunDetailScreen

    (run_id,) = store_runs(ws, "tiny-story")
    with ws.store() as store:
        store.add_note(run_id, "XB's desk was closed for a holiday", participant="XB")
    app = ws.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_run_detail(run_id)
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, RunDetailScreen)
        card = detail.query_one("#groups", DataTable)
        rows = [card.get_row_at(i) for i in range(card.row_count)]
        assert sorted((r[0], r[1]) for r in rows) == [("E1", "XA"), ("E1", "XB")]
        assert {r[6].plain for r in rows} <= {"met", "late", "missed"}
        injects = detail.query_one("#fix", DataTable)
        assert injects.get_row_at(0)[:2] == ["I1", "T+00:00"]
        assert "holiday" in str(detail.query_one("#notes").render())
        await pilot.press("n")  # an exercise-level note
        await settle(pilot)
        app.screen.query_one("#note", Input).value = "Debrief on Friday"
        await pilot.press("enter")
        await settle(pilot)
        assert [n.text for n in ws.store().notes(run_id)][-1] == "Debrief on Friday"
        assert "Debrief on Friday" in str(detail.query_one("#notes").render())


async def _live(app: object, pilot: object, path: Path) -> LiveRunScreen:
    screen = app.start_live_run(path)  # type: ignore[attr-defined]
    await settle(pilot)
    assert isinstance(screen, LiveRunScreen)
    return screen


async def test_3_the_board_searches_and_a_row_opens_in_full(ws: Workspace) -> None:
    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _live(app, pilot, ws.scenario)
        board = screen.query_one(StatusBoard)
        assert len(board.visible_codes()) == 6
        await pilot.press("slash", "x", "d")
        await settle(pilot)
        assert board.visible_codes() == ["XD"]
        await pilot.press("enter")  # back to the board, the one row selected
        await pilot.press("enter")
        await settle(pilot)
        panel = app.screen
        assert isinstance(panel, DetailsPanel)
        text = panel.body.plain
        assert "XD  State XD" in text and "local time" in text
        assert "Whom to phone: technical, +00 555 0100" in text
        assert "check_sent" in text  # its history


async def test_4_undo_corrects_the_last_record_and_remind_all_asks(ws: Workspace) -> None:
    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _live(app, pilot, ws.scenario)
        board = screen.query_one(StatusBoard)
        app.clock = clock_at(1.0)
        await pilot.press("a")
        await settle(pilot)
        assert board.view("XA").status == "acknowledged"  # type: ignore[union-attr]
        await pilot.press("u")
        await settle(pilot)
        assert board.view("XA").status == "pending"  # type: ignore[union-attr]
        kinds = [e.kind for e in ws.store().events(screen.run_id)]  # type: ignore[arg-type]
        assert "acknowledged" in kinds and "undone" in kinds  # corrected, never deleted
        assert any("takes back acknowledged of T+01:00" in line for line in log_text(app))
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmForm) and "6 participants" in app.screen.title_text
        await pilot.press("n")
        await settle(pilot)
        assert "reminder" not in [e.kind for e in ws.store().events(screen.run_id)]  # type: ignore[arg-type]


async def test_5_the_inject_panel_shows_body_stage_questions_and_guide(
    ws: Workspace,
) -> None:
    from tui.forms.injects import InjectPanel

    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _live(app, pilot, ws.root / "scenarios" / "tiny-story.yaml")
        await pilot.press("i")
        await settle(pilot)
        panel = app.screen
        assert isinstance(panel, InjectPanel)
        shown = str(panel.query_one("#inject-text").render())
        for part in ("Outage reported", "Stage S1: Detection", "A cable cut",
                     "Traffic through the subsea cable", "Who do you call first?",
                     "acknowledge within 1h00m"):
            assert part in shown, part
        await pilot.press("up")  # the guide
        await settle(pilot)
        assert "reach every POC within the hour" in str(panel.query_one("#inject-text").render())


async def test_6_the_log_ends_at_the_newest_event_after_a_jump(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.widgets import event_log

    monkeypatch.setattr(event_log, "MAX_LINES_PER_BATCH", 3)
    app = ws.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_simulated_run(ws.scenario, 1)
        await settle(pilot)
        await pilot.press("G")  # to the end: every event at once
        await settle(pilot)
        screen = app.screen
        lines = log_text(app)
        newest = event_log.event_line(screen.events[-1]).plain  # type: ignore[attr-defined]
        assert lines[-1] == newest
        assert "earlier events" in lines[-4] and "more events" not in " ".join(lines)


async def test_7_the_directorys_local_time_and_status_fit_80_columns(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_directory(ws.directory, scenario=False)
        await settle(pilot)
        table = app.screen.query_one("#contacts", DataTable)
        keys = [str(k.value) for k in table.columns]
        assert keys[:5] == ["code", "state", "local", "work", "verified"]
        first_five = sum(c.get_render_width(table) for c in list(table.columns.values())[:5])
        assert first_five <= 80 - 2
        await pilot.press("right")
        await pilot.pause()
        assert table.scroll_x > 0  # the rest is to the right


async def test_8_escape_clears_a_search_and_asks_before_discarding_a_simulation(
    ws: Workspace,
) -> None:
    from tui.screens.directory import DirectoryScreen
    from tui.screens.simulated_run import SimulatedRunScreen

    app = ws.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_directory(ws.directory, scenario=False)
        await settle(pilot)
        directory = app.screen
        await pilot.press("slash", "x", "a", "escape")
        await settle(pilot)
        assert app.screen is directory and isinstance(directory, DirectoryScreen)
        assert directory.query_one("#dir-search", Input).value == ""
        assert directory.query_one("#contacts", DataTable).has_focus
        await pilot.press("escape")
        await settle(pilot)
        app.open_simulated_run(ws.scenario, 1)
        await settle(pilot)
        sim = app.screen
        assert isinstance(sim, SimulatedRunScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmForm) and "without storing" in app.screen.title_text
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is sim
        await pilot.press("ctrl+s", "escape")  # stored: leaving asks nothing
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and len(ws.store().list_runs()) == 1


async def test_9_nothing_is_cut_to_a_stub_at_80_columns(ws: Workspace) -> None:
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    long_name = "OSCE-style unannounced 72-hour check of every point of contact"
    text = ws.scenario.read_text(encoding="utf-8").replace("Tiny check", long_name)
    ws.scenario.write_text(text, encoding="utf-8")
    first, second = store_runs(ws, "tiny-check", "tiny-check")
    app = ws.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        runs = app.screen.query_one("#runs", DataTable)
        cells = [runs.get_row_at(i)[1] for i in range(runs.row_count)]
        assert all(c.plain.startswith("OSCE-style unannounced") and "…" in c.plain
                   for c in cells)  # an ellipsis, never "OSCE-style unannounced 7"
        stored = {r.id: r.started_at for r in ws.store().list_runs()}
        assert f"{stored[first]:%m-%d %H:%M}" in cells[0].plain  # when it ran, not 2026-03-10
        keys = list(app.screen.query_one(Footer).query(FooterKey))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        shown = [k.description for k in keys if k is not palette]
        assert all(k.region.right <= palette.region.x for k in keys if k is not palette)
        assert "Help" in shown and "Theme" not in shown  # no "^" stub


async def test_10_help_names_this_screens_keys_and_interrupted_runs_are_announced(
    ws: Workspace,
) -> None:
    from results.live.session import LiveSession
    from simulator.io.scenario_files import load_scenario
    from tests.functional.tui.support import NOW
    from tui.forms.help import HelpScreen

    loaded = load_scenario(ws.scenario)
    with ws.store() as store:
        left = LiveSession.start_run(store, loaded, loaded.directory(), start=NOW)
        left.pause()
    app = ws.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any(f"live run(s) not finished: {left.run_id}" in m for m in said)
        await pilot.press("question_mark")
        await settle(pilot)
        help_ = app.screen
        assert isinstance(help_, HelpScreen)
        labels = {label for _, label, _ in help_.rows}
        assert {"Simulate", "Live run", "Directory", "Results", "Quit"} <= labels
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_10_a_running_study_refreshes_itself(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from results.runs import SweepExecution, study_and_store
    from simulator.io.scenario_files import load_scenario
    from tui.screens import run_detail

    monkeypatch.setattr(run_detail, "REFRESH_SECONDS", 0.05)
    with ws.store() as store:
        out = study_and_store(load_scenario(ws.scenario), seed=2, replications=3, store=store,
                              execution=SweepExecution(workers=1))
        assert out.study_id is not None
        store.claim_study(out.study_id)  # as if a process were still running it
    app = ws.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_study(out.study_id)
        await settle(pilot)
        title = app.screen.query_one("#detail-title")
        assert "(running)" in str(title.render())
        with ws.store() as store:
            store.finish_study(out.study_id)
        for _ in range(40):  # the screen reads the store again by itself
            await pilot.pause(0.05)
            await settle(pilot, 1)
            if "(completed)" in str(title.render()):
                break
        assert "(completed)" in str(title.render())

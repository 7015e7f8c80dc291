"""The facilitator's terminal, driven like a facilitator would: keys, a real store, real runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.analysis.metrics import summarize
from simulator.engine.run import run
from simulator.io.directory_files import load_directory
from simulator.io.scenario_files import load_scenario
from simulator.text import pct
from tests.functional.tui.support import Workspace, clock_at, make_workspace, settle
from tests.live_support import SCORECARD, TABLETOP
from tui.forms.contact import ContactForm
from tui.forms.seed import SeedForm
from tui.screens.compare import CompareScreen
from tui.screens.directory import DirectoryScreen
from tui.screens.home import HomeScreen
from tui.screens.live_run import LiveRunScreen
from tui.screens.results import ResultsScreen
from tui.screens.simulated_run import SimulatedRunScreen
from tui.widgets.status_board import StatusBoard


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def statuses(screen: SimulatedRunScreen | LiveRunScreen) -> dict[str, str]:
    board = screen.query_one(StatusBoard)
    return {code: board.view(code).status for code in board.visible_codes()}  # type: ignore[union-attr]


def answered(screen: SimulatedRunScreen | LiveRunScreen) -> set[str]:
    """Codes shown as acknowledged (at reachability level, acknowledging completes)."""
    return {c for c, s in statuses(screen).items() if s in ("acknowledged", "completed")}


async def test_q_quits_from_home_with_status_0(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_home_search_palette_and_theme(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        scen, dirs = home.query_one("#scenarios"), home.query_one("#directories")
        assert (scen.option_count, dirs.option_count) == (1, 1)  # type: ignore[attr-defined]
        await pilot.press("slash", "z", "q")  # typed: nothing matches "zq"
        assert (scen.option_count, dirs.option_count) == (0, 0)  # type: ignore[attr-defined]
        home.query_one("#search").value = "tiny"  # type: ignore[attr-defined]
        await pilot.pause()
        assert (scen.option_count, dirs.option_count) == (1, 1)  # type: ignore[attr-defined]
        # every bound action is in the command palette, and each scenario by name
        listed = [c.title for c in app.get_system_commands(home)]
        titles = set(listed)
        assert len(listed) == len(titles), listed  # no entry twice (Quit, Theme)
        assert not {"palette", "Down", "Page Up"} & titles  # no key plumbing
        assert {"Simulate", "Live run", "Directory", "Results", "Search", "Theme"} <= titles
        assert "Simulate: Tiny check" in titles
        results = next(c for c in app.get_system_commands(home) if c.title == "Results")
        results.callback()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before


async def test_simulated_run_replays_statuses_as_the_clock_advances(ws: Workspace) -> None:
    loaded = load_scenario(ws.scenario)
    expected = run(loaded.scenario, loaded.directory(), seed=3)
    acked_by_deadline = {p.code for p in expected.participants
                         if p.ack_at is not None and p.ack_at <= expected.deadline_hours}
    assert acked_by_deadline, "the tiny scenario should see some acknowledgements"
    app = ws.app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, SeedForm)
        app.screen.query_one("#seed").value = "3"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SimulatedRunScreen)
        assert screen.clock is not None and screen.clock.now() == 0.0
        at_start = statuses(screen)
        assert len(at_start) == 6 and answered(screen) == set()
        # jump to the reminder (6h), then to the deadline (12h)
        await pilot.press("j")
        await pilot.pause()
        assert screen.clock.now() == 6.0
        at_6 = answered(screen)
        await pilot.press("j")
        await pilot.pause()
        assert screen.clock.now() == 12.0
        at_12 = answered(screen)
        assert at_6 <= at_12 == acked_by_deadline
        # reminders counted up to now: everyone silent at 6h got one
        board = screen.query_one(StatusBoard)
        reminded = {e.participant for e in expected.events if e.kind == "reminder"}
        assert {c for c in board.visible_codes() if board.view(c).reminders} == reminded  # type: ignore[union-attr]
        # the end: the run is stored by itself
        await pilot.press("G")
        await settle(pilot)
        assert screen.run_id is not None
    stored = ws.store().load_result(screen.run_id)
    assert {p.code: p.ack_at for p in stored.participants} == {
        p.code: p.ack_at for p in expected.participants}


async def test_clock_speed_and_board_filters_and_sorting(ws: Workspace) -> None:
    real = [0.0]
    app = ws.app(monotonic=lambda: real[0])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SimulatedRunScreen) and screen.clock is not None
        await pilot.press("minus")  # 3600x -> 900x
        await pilot.press("space")  # start
        real[0] += 8.0  # 8 real seconds at 900x = 2 simulated hours
        assert screen.clock.now() == pytest.approx(2.0)
        await pilot.press("space")  # pause
        real[0] += 100.0
        assert screen.clock.now() == pytest.approx(2.0)
        await pilot.press("j", "j")  # the reminder, then the deadline
        assert screen.clock.now() == 12.0
        await pilot.pause()
        board = screen.query_one(StatusBoard)
        everyone = statuses(screen)
        screen.query_one("#group-filter").value = "South"  # type: ignore[attr-defined]
        await pilot.pause()
        assert set(board.visible_codes()) == {"XD", "XE", "XF"}
        screen.query_one("#group-filter").clear()  # type: ignore[attr-defined]
        screen.query_one("#status-filter").value = "completed"  # type: ignore[attr-defined]
        await pilot.pause()
        assert set(board.visible_codes()) == {c for c, s in everyone.items() if s == "completed"}
        screen.query_one("#status-filter").clear()  # type: ignore[attr-defined]
        await pilot.pause()
        board.sort_by("status")
        order = [everyone[c] for c in board.visible_codes()]
        ranks = ["pending", "delivered", "acknowledged", "completed", "late", "overdue",
                 "unreachable"]
        assert [ranks.index(s) for s in order] == sorted(ranks.index(s) for s in order)
        board.sort_by("code", reverse=True)
        assert board.visible_codes() == sorted(everyone, reverse=True)


async def test_live_acknowledgement_is_committed_at_once(ws: Workspace) -> None:
    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l", "y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LiveRunScreen) and screen.run_id is not None
        run_id = screen.run_id
        app.clock = clock_at(2.5)  # two and a half hours later, XB answers
        await pilot.press("down", "a")
        await settle(pilot)
        assert statuses(screen)["XB"] == "acknowledged"
        # a second store on the same database sees it, while the app still runs
        from results.live.stored import load_live_state

        state = load_live_state(ws.store(), run_id)
        acks = [e for e in state.events if e.kind == "acknowledged"]
        assert [(e.participant, e.t) for e in acks] == [("XB", 2.5)]
        assert {p.code: p.ack_at for p in state.participants}["XB"] == 2.5
        # leave the run (it stays resumable), then reopen it from Home's recent runs
        await pilot.press("escape")
        await settle(pilot)
        assert ws.store().get_run(run_id).status == "interrupted"
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.query_one("#runs").focus()
        await pilot.press("enter")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, LiveRunScreen) and again.run_id == run_id
        assert statuses(again)["XB"] == "acknowledged"
        assert ws.store().get_run(run_id).status == "running"


async def test_reopened_live_run_shows_what_was_recorded(ws: Workspace) -> None:
    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l", "y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LiveRunScreen)
        run_id = screen.run_id
        app.clock = clock_at(1.0)
        await pilot.press("a")  # XA acknowledged at 1h
        app.clock = clock_at(3.0)
        await pilot.press("down", "down", "b")  # XC bounced
        await pilot.press("n")
        app.screen.query_one("#note").value = "called the embassy"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
    # the app closed without finishing the run (a crash would look the same)
    again = ws.app(clock=clock_at(5.0), resume=run_id)
    async with again.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, LiveRunScreen) and screen.run_id == run_id
        seen = statuses(screen)
        assert seen["XA"] == "acknowledged"
        assert seen["XB"] == "pending"
        assert screen.session.participants["XC"].bounces == 1
        assert any(e.kind == "note" and e.detail == "called the embassy" for e in screen.events)
        # it goes on: XD answers at 5h
        await pilot.press("down", "down", "down", "c")
        await settle(pilot)
        assert statuses(screen)["XD"] == "completed"
        await pilot.press("x", "y")  # finish, confirmed
        await settle(pilot)
    row = ws.store().get_run(run_id)
    status = row["status"] if isinstance(row, dict) else row.status
    assert status == "completed"


async def test_results_compare_two_runs(ws: Workspace) -> None:
    loaded = load_scenario(ws.scenario)
    directory = loaded.directory()
    store = ws.store()
    summaries = {}
    for seed in (1, 2):
        result = run(loaded.scenario, directory, seed=seed)
        rid = store.record_run(result, scenario_text=loaded.text, seed=seed, mode="simulated")
        summaries[rid] = summarize([result])
    first, second = sorted(summaries)
    app = ws.app()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        runs = app.screen.runs
        order = [r.id for r in runs]
        # mark the first stored run, select the second, compare
        for _ in range(order.index(first)):
            await pilot.press("down")
        await pilot.press("m")
        step = order.index(second) - order.index(first)
        await pilot.press(*(["down"] * step if step > 0 else ["up"] * -step))
        await pilot.press("equals_sign")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        rows = {r[0]: r for r in screen.rows}
        assert rows["Acknowledged in time"][1:3] == (
            pct(summaries[first]["ack_rate"]), pct(summaries[second]["ack_rate"]))
        await pilot.press("escape")
        await pilot.press("enter")  # open the selected run
        await settle(pilot)
        assert app.screen.summary == summaries[second]  # type: ignore[attr-defined]


async def test_directory_edit_is_saved_to_the_file(ws: Workspace) -> None:
    app = ws.app()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        app.screen.query_one("#directories").focus()
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        await pilot.press("e")  # the first row: North, XA, policy
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#email").value = "not an address"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused, with the reason
        assert "not a valid e-mail" in str(form.query_one("#error").render())
        form.query_one("#email").value = "duty@mfa-xa.example.org"  # type: ignore[attr-defined]
        form.query_one("#last_verified").value = "2026-03-01"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DirectoryScreen)
    saved = load_directory(ws.directory).participant("XA").contacts[0]
    assert saved.email == "duty@mfa-xa.example.org"
    assert str(saved.last_verified) == "2026-03-01"


async def test_directory_local_time_and_at_work_follow_the_wall_clock(ws: Workspace) -> None:
    from textual.widgets import DataTable

    app = ws.app()  # Tuesday 12:00 UTC: 21:00 in Tokyo, XB's technical desk is closed
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        app.screen.query_one("#directories").focus()
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        table = screen.query_one("#contacts", DataTable)
        await pilot.press("down", "down")
        cursor = table.cursor_row

        def cells() -> tuple[str, str]:
            return (str(table.get_cell("XB#1", "local")), str(table.get_cell("XB#1", "work")))

        assert cells() == ("Tue 21:00", "no")
        app.clock = clock_at(13.0)  # Wednesday 01:00 UTC: 10:00 in Tokyo
        screen.tick()
        await settle(pilot)
        assert cells() == ("Wed 10:00", "yes")
        assert table.cursor_row == cursor  # updated in place, the facilitator's row stays


async def test_sweep_screen_shows_each_point_with_intervals_and_paired_differences(
    ws: Workspace,
) -> None:
    import json

    from textual.widgets import DataTable
    from typer.testing import CliRunner

    from pocdrill.app import app as cli
    from simulator.text import diff_interval, rate_interval
    from tests.sweep_support import write_scenario
    from tui.screens.sweep import SweepScreen

    scenario = write_scenario(ws.root)
    out = CliRunner().invoke(cli, [
        "sweep", str(scenario), "--vary", "behaviour.turnover_per_year=0,0.6",
        "--replications", "6", "--workers", "1", "--seed", "5", "--db", ws.db_url, "--json"])
    assert out.exit_code == 0, out.output
    made = json.loads(out.stdout)
    app = ws.app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.push_screen(SweepScreen(made["sweep_id"]))
        await settle(pilot)
        table = app.screen.query_one("#sweep", DataTable)
        assert table.row_count == 2
        title = str(app.screen.query_one("#sweep-title").render())
        assert "12/12 replications" in title and "completed" in title
        for i, point in enumerate(made["points"]):
            row = [str(c) for c in table.get_row(str(i))]
            assert row[1] == str(point["params"]["behaviour.turnover_per_year"])
            assert row[2] == "6"
            assert row[3] == rate_interval(point["ack_rate"], point["ack_rate_ci95"])
        diff = made["points"][1]["ack_rate_diff_vs_baseline"]
        assert diff[0] < 0  # more turnover, fewer acknowledgements (paired, same seeds)
        assert str(table.get_row("1")[-1]) == diff_interval(diff)
        assert str(table.get_row("0")[-1]) == "baseline"


def test_tui_command_refuses_a_bad_store_or_run_with_one_line(ws: Workspace) -> None:
    from typer.testing import CliRunner

    from pocdrill.app import app as cli

    runner = CliRunner()
    missing = runner.invoke(cli, ["tui", "--db", ws.db_url, "--resume", "42"])
    assert missing.exit_code == 2
    assert "error: --resume: no run 42" in missing.output
    loaded = load_scenario(ws.scenario)
    rid = ws.store().record_run(run(loaded.scenario, loaded.directory(), seed=1),
                                scenario_text=loaded.text)
    simulated = runner.invoke(cli, ["tui", "--db", ws.db_url, "--resume", str(rid)])
    assert simulated.exit_code == 2 and "only live runs resume" in simulated.output
    bad = runner.invoke(cli, ["tui", "--db", "nosuch://x"])
    assert bad.exit_code == 2 and bad.output.startswith("error: --db:")




def inject_times(ws: Workspace, run_id: int) -> dict[str, float]:
    from results.live.stored import load_live_state

    state = load_live_state(ws.store(), run_id)
    return {e.detail: e.t for e in state.events if e.kind == "inject"}


async def test_live_tabletop_flags_injects_when_the_scenario_says(ws: Workspace) -> None:
    from textual.widgets import Static

    path = ws.root / "scenarios" / "tiny-tabletop.yaml"
    path.write_text(TABLETOP, encoding="utf-8")
    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.start_live_run(path)
        await settle(pilot)
        assert screen.run_id is not None
        run_id = screen.run_id

        def line() -> str:
            return str(screen.query_one("#injects", Static).render())

        assert "DUE" in line() and "I1" in line()  # timed at 0h: due at once
        assert screen.check_action("fire_due", ()) is True
        await pilot.press("f")
        await settle(pilot)
        assert inject_times(ws, run_id) == {"I1": 0.0}
        assert "DUE" not in line() and screen.check_action("fire_due", ()) is None
        # XA answers in time; XB does not, so E1 is missed when its window closes at 2h
        app.clock = clock_at(1.0)
        await pilot.press("c")
        await settle(pilot)
        assert "DUE" not in line() and "next: I3" in line()
        app.clock = clock_at(2.4)
        screen.refresh_now()
        assert "DUE" not in line() and "next: I2" in line()  # decided, due after the delay
        app.clock = clock_at(2.75)
        screen.refresh_now()
        assert "DUE" in line() and "I2" in line() and "E1 missed" in line()
        await pilot.press("f")
        await settle(pilot)
        assert inject_times(ws, run_id) == {"I1": 0.0, "I2": 2.75}
    # reopened later, the schedule picks up where it stood: I3 (at 5h) is due, nothing else
    again = ws.app(clock=clock_at(6.0), resume=run_id)
    async with again.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, LiveRunScreen)
        text = str(screen.query_one("#injects", Static).render())
        assert "DUE" in text and "I3" in text and "I1" not in text and "I2" not in text
        await pilot.press("f")
        await settle(pilot)
    assert inject_times(ws, run_id) == {"I1": 0.0, "I2": 2.75, "I3": 6.0}


async def test_live_check_has_no_inject_line_or_fire_key(ws: Workspace) -> None:
    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l", "y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LiveRunScreen)
        assert not screen.query_one("#injects").display
        assert screen.check_action("fire_due", ()) is False
        shown = {b.binding.action for b in app.active_bindings.values() if b.binding.show}
        assert "record('acknowledged')" in shown and "fire_due" not in shown




def _open(screen: LiveRunScreen, code: str) -> list[tuple[str, str]]:
    assert screen.model is not None
    return [(x.id, x.action) for x in screen.model.open_expectations(code, screen.now())]


def _verdicts(screen: LiveRunScreen) -> list[tuple[str | None, str]]:
    return [(e.participant, e.detail) for e in screen.events if e.kind == "expectation"]


async def _start_scorecard(ws: Workspace, app: object, pilot: object) -> LiveRunScreen:
    path = ws.root / "scenarios" / "tiny-scorecard.yaml"
    path.write_text(SCORECARD, encoding="utf-8")
    screen = app.start_live_run(path)  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press("f")  # type: ignore[attr-defined]  # I1 is due at 0h
    await settle(pilot)
    return screen


async def test_live_keys_close_only_the_expectations_they_record(ws: Workspace) -> None:
    from tui.forms.pick import PickForm

    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = await _start_scorecard(ws, app, pilot)
        run_id = screen.run_id
        assert _open(screen, "XA") == [("E1", "acknowledge"), ("E2", "escalate_internally")]
        app.clock = clock_at(1.0)
        await pilot.press("a")  # XA acknowledges: E1 only, E2 (escalation) stays open
        await settle(pilot)
        assert _verdicts(screen) == [("XA", "met: E1")]
        assert _open(screen, "XA") == [("E2", "escalate_internally")]
        app.clock = clock_at(1.5)
        await pilot.press("t")  # XA escalated internally: pick it among its open ones
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PickForm) and [k for k, _ in form.options] == ["E2"]
        assert "escalate_internally" in form.options[0][1]
        await pilot.press("enter")
        await settle(pilot)
        assert _verdicts(screen) == [("XA", "met: E1"), ("XA", "met: E2")]
        assert _open(screen, "XA") == []
        assert ("XA", "escalate_internally") in [
            (e.participant, e.detail) for e in screen.events if e.kind == "action"]
        app.clock = clock_at(2.5)
        await pilot.press("down", "c")  # XB answers late: E1 late (an answer acknowledges)
        await settle(pilot)
        assert _verdicts(screen)[2:] == [("XB", "late: E1")]
        assert _open(screen, "XB") == [("E2", "escalate_internally")]  # overdue, still open
    # reopened, the board shows the same expectations open and closed
    again = ws.app(clock=clock_at(3.0), resume=run_id)
    async with again.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, LiveRunScreen) and screen.model is not None
        assert _open(screen, "XA") == [] and _open(screen, "XB") == [("E2", "escalate_internally")]
        done = {(c, x.id): x.done_at for c, xs in screen.model.expectations.items() for x in xs}
        assert done == {("XA", "E1"): 1.0, ("XA", "E2"): 1.5, ("XB", "E1"): 2.5,
                        ("XB", "E2"): None}


async def test_status_board_fits_80_columns_and_agrees_with_the_stored_summary(
    ws: Workspace,
) -> None:
    app = ws.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        app.screen.query_one("#seed").value = "3"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SimulatedRunScreen) and screen.clock is not None
        board = screen.query_one(StatusBoard)
        keys = [str(k.value) for k in board.columns]
        assert keys[-3:] == ["status", "left", "reminders"]  # none hidden at 80x24
        assert sum(c.get_render_width(board) for c in board.columns.values()) \
            <= board.size.width - 2  # the vertical scrollbar
        await pilot.press("G")  # to the end
        await settle(pilot)
        screen.tick()
        shown = statuses(screen)
        summary = ws.store().get_run(screen.run_id).summary  # type: ignore[arg-type]
        assert summary is not None
        assert sum(s == "late" for s in shown.values()) == summary["late_acks"]
        assert sum(s in ("overdue", "unreachable") for s in shown.values()) \
            == summary["never_acknowledged"]
        result = screen.result
        assert result is not None
        assert {c: board.view(c).reminders for c in shown} == {  # type: ignore[union-attr]
            p.code: p.reminders for p in result.participants}


async def test_finishing_a_live_run_asks_first_and_then_records_nothing(ws: Workspace) -> None:
    from textual.widgets import Static

    from tui.forms.confirm import ConfirmForm

    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = await _start_scorecard(ws, app, pilot)
        run_id = screen.run_id
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmForm)
        assert f"Finish live run {run_id}?" in app.screen.title_text
        await pilot.press("n")  # not yet
        await settle(pilot)
        assert app.screen is screen and not screen.completed
        assert ws.store().get_run(run_id).status == "running"
        await pilot.press("x", "y")
        await settle(pilot)
        assert screen.completed and ws.store().get_run(run_id).status == "completed"
        assert "COMPLETED" in str(screen.query_one("#clock", Static).render())
        assert not screen.query_one("#injects").display  # no "DUE ... f fires" any more
        shown = {b.binding.action for b in screen.active_bindings.values()}
        for action in ("record('acknowledged')", "record('bounced')", "note", "fire_due",
                       "undo", "expectation", "finish"):
            assert action not in shown
            assert screen.check_action(action.split("(")[0], ()) is False
        stored = len(ws.store().load_result(run_id).events)
        app.clear_notifications()
        await pilot.press("a")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert said == [f"run {run_id} is completed; nothing more is recorded"]
        assert len(ws.store().load_result(run_id).events) == stored


async def test_the_inject_panel_marks_fired_injects_and_asks_before_firing_again(
    ws: Workspace,
) -> None:
    from tui.forms.confirm import ConfirmForm
    from tui.forms.injects import InjectPanel
    from tui.inject_text import inject_options

    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = await _start_scorecard(ws, app, pilot)  # I1 fired at 0h
        run_id = screen.run_id
        assert run_id is not None
        app.clock = clock_at(0.75)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InjectPanel)
        options = inject_options(form.scenario, form.fired_at, form.due)
        labels = dict(options)
        assert labels["I1"].endswith("fired at T+00:00") and "fired" not in labels["I2"]
        ids = ["guide", *(k for k, _ in options)]  # the guide comes first
        form.query_one("#inject-list").highlighted = ids.index("I1")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmForm) and "I1 again?" in app.screen.title_text
        await pilot.press("n")
        await settle(pilot)
        assert inject_times(ws, run_id) == {"I1": 0.0}
        assert [e.t for e in screen.events if e.kind == "inject"] == [0.0]
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InjectPanel)
        form.query_one("#inject-list").highlighted = ids.index("I1")  # type: ignore[attr-defined]
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [e.t for e in screen.events if e.kind == "inject"] == [0.0, 0.75]


async def test_repeated_bounces_go_to_the_next_address_then_are_refused(ws: Workspace) -> None:
    path = ws.root / "scenarios" / "two-recipients.yaml"
    path.write_text(ws.scenario.read_text(encoding="utf-8").replace(
        "recipients: [policy]", "recipients: [policy, technical]"), encoding="utf-8")
    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.start_live_run(path)
        await settle(pilot)
        run_id = screen.run_id
        app.clock = clock_at(1.0)
        await pilot.press("down", "b", "b")
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("b")  # both of XB's addresses have bounced
        await settle(pilot)
        assert [n.message for n in app._notifications] == [
            "XB: every address it is sent to has bounced already (XB/policy, XB/technical); "
            "nothing recorded"]
        app.clock = clock_at(2.0)
        await pilot.press("a", "x", "y")  # XB answers anyway (by phone, say); finished
        await settle(pilot)
    assert [(e.participant, e.contact) for e in screen.events if e.kind == "bounced"] \
        == [("XB", "XB/policy"), ("XB", "XB/technical")]
    store = ws.store()
    result = store.load_result(run_id)
    assert [c.key for c in result.contacts if c.bounced] == ["XB/policy", "XB/technical"]
    assert next(p for p in result.participants if p.code == "XB").bounces == 2
    # its addresses answered anyway: a live run follows the participant's acknowledgement
    assert {c.key: c.acknowledged_at for c in result.contacts if c.participant == "XB"} \
        == {"XB/policy": 2.0, "XB/technical": 2.0}
    summary = store.get_run(run_id).summary
    assert summary is not None
    assert [(c["contact"], c["acknowledged"]) for c in summary["contacts_to_fix"]] \
        == [("XB/policy", True), ("XB/technical", True)]


@pytest.mark.parametrize("kind", ["simulated", "live check", "live tabletop"])
async def test_a_runs_essential_keys_fit_in_80_columns(ws: Workspace, kind: str) -> None:
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    essential = {
        "simulated": ["Play", "Next", "End", "Store"],
        "live check": ["Ack", "Done", "Bounce", "Remind", "Note", "Finish"],
        "live tabletop": ["Ack", "Done", "Note", "Fire", "Injects", "Did", "Finish"],
    }[kind]
    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if kind == "simulated":
            app.open_simulated_run(ws.scenario, 1)
        elif kind == "live check":
            app.start_live_run(ws.scenario)
        else:
            path = ws.root / "scenarios" / "tiny-scorecard.yaml"
            path.write_text(SCORECARD, encoding="utf-8")
            app.start_live_run(path)
        await settle(pilot, 6)
        footer = app.screen.query_one(Footer)
        keys = list(footer.query(FooterKey))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        visible = [k.description for k in keys
                   if k is not palette and k.region.right <= palette.region.x]
        cut = [k.description for k in keys if k is not palette and k.description not in visible]
        assert cut == [], cut
        assert set(essential) <= set(visible), visible


async def test_run_detail_of_an_interrupted_live_run_says_what_the_report_says(
    ws: Workspace,
) -> None:
    from results.reports.run_report import build_report
    from simulator.model.outcome import Event
    from tui.screens.run_detail import RunDetailScreen

    loaded = load_scenario(ws.scenario)
    store = ws.store()
    full = run(loaded.scenario, loaded.directory(), seed=3)
    rid = store.start_run(scenario=full.scenario, scenario_text=loaded.text, seed=0,
                          mode="live", start=full.start, deadline_hours=12.0,
                          horizon_hours=24.0, level=full.level)
    for p in full.participants:  # XA acknowledged at 2h, XB at 30h; nothing else recorded
        p.ack_at = {"XA": 2.0, "XB": 30.0}.get(p.code)
        store.upsert_participant(rid, p)
    store.append_events(rid, [Event(0.0, "check_sent", "XA"), Event(2.0, "acknowledged", "XA"),
                              Event(5.0, "note", "XC")])
    report = build_report(store, rid)
    assert report.data["observed_hours"] == 5.0
    app = ws.app()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        app.push_screen(RunDetailScreen(rid))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunDetailScreen) and screen.obs is not None
        assert screen.obs.until == 5.0 and not screen.obs.deadline_seen
        assert screen.summary == report.data["summary"]
        assert screen.summary is not None and screen.summary["never_acknowledged"] == 5
        from rich.console import Console

        assert screen.figures == report.figures  # the same figures, the same words
        assert screen.figures is not None and screen.figures["not_observed"] == 5
        assert screen.figures["never_acknowledged"] is None  # not claimed: not observed
        con = Console(width=200, record=True)
        con.print(screen.query_one("#summary").content)  # type: ignore[attr-defined]
        shown = con.export_text()
        assert ("not observed (stopped at 5h00, before the 12 h deadline); 1 of 6 by then"
                in shown)


async def test_live_participant_whose_every_address_bounced_is_unreachable(ws: Workspace) -> None:
    app = ws.app(clock=clock_at(0.0))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l", "y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LiveRunScreen)
        app.clock = clock_at(1.0)
        await pilot.press("down", "down", "b")  # XC's only recipient address (policy) bounces
        await settle(pilot)
        app.clock = clock_at(13.0)  # past the 12-hour deadline
        screen.refresh_now()
        seen = statuses(screen)
        assert seen["XC"] == "unreachable"  # every address it was sent to bounced
        assert seen["XD"] == "overdue"  # silent, but nothing says it cannot be reached
        counts = str(screen.query_one("#counts").render())
        assert "unreachable 1" in counts or "unreach 1" in counts

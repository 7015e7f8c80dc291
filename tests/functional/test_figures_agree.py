"""One truth: for a simulated check, a study, a tabletop, a live run finished early and an
interrupted run, the terminal (``results show``), ``--json``, the report's embedded
figures and the TUI's detail screen show the same figures, in the same words."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from pocdrill.app import app as cli_app
from results.reports.figure_lines import figure_lines
from results.reports.render import embedded_figures
from results.runs import SweepExecution, run_and_store, study_and_store
from simulator.engine.run import run
from simulator.io.scenario_files import load_scenario
from simulator.model.outcome import Event
from tests.functional.tui.support import Workspace, make_workspace, settle
from tests.live_support import TABLETOP


def cli(*args: str) -> Any:
    return CliRunner().invoke(cli_app, list(args), env={"COLUMNS": "250"})


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


def _simulated(ws: Workspace) -> str:
    with ws.store() as store:
        out = run_and_store(load_scenario(ws.scenario), seed=5, store=store)
    return str(out.run_ids[0])


def _study(ws: Workspace) -> str:
    with ws.store() as store:
        out = study_and_store(load_scenario(ws.scenario), seed=5, replications=4, store=store,
                              execution=SweepExecution(workers=1))
    return f"study:{out.study_id}"


def _tabletop(ws: Workspace) -> str:
    path = ws.root / "scenarios" / "tiny-tabletop.yaml"
    path.write_text(TABLETOP, encoding="utf-8")
    with ws.store() as store:
        out = run_and_store(load_scenario(path), seed=2, store=store)
    return str(out.run_ids[0])


def _partial(ws: Workspace, *, live: bool) -> str:
    """A live run closed an hour after its start, or a simulated run interrupted at 5 h."""
    loaded = load_scenario(ws.scenario)
    full = run(loaded.scenario, loaded.directory(), seed=3)
    start = datetime.now(UTC) - timedelta(hours=1) if live else full.start
    with ws.store() as store:
        rid = store.start_run(scenario=full.scenario, scenario_text=loaded.text, seed=3,
                              mode="live" if live else "simulated", start=start,
                              deadline_hours=full.deadline_hours,
                              horizon_hours=full.horizon_hours, level=full.level)
        for p in full.participants:
            p.ack_at = {"XA": 0.5, "XB": 30.0}.get(p.code)
            store.upsert_participant(rid, p)
        store.append_events(rid, [Event(0.0, "check_sent", "XA"),
                                  Event(0.5, "acknowledged", "XA"), Event(5.0, "note", "XC")])
        if live:
            store.complete_run(rid)
        else:
            store.mark_interrupted(rid, "interrupted by Ctrl-C")
    return str(rid)


MAKERS = {"simulated check": _simulated, "study": _study, "tabletop": _tabletop,
          "live run finished early": lambda ws: _partial(ws, live=True),
          "interrupted run": lambda ws: _partial(ws, live=False)}


async def _tui(ws: Workspace, target: str) -> tuple[dict[str, Any] | None, str]:
    from tui.screens.run_detail import RunDetailScreen

    study = target.startswith("study:")
    number = int(target.split(":")[-1])
    app = ws.app()
    async with app.run_test(size=(220, 50)) as pilot:
        await settle(pilot)
        app.push_screen(RunDetailScreen(number, study=study))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunDetailScreen)
        con = Console(width=220, record=True)
        con.print(screen.query_one("#summary").content)  # type: ignore[attr-defined]
        return screen.figures, con.export_text()


@pytest.mark.parametrize("case", list(MAKERS))
async def test_every_face_shows_the_same_figures(ws: Workspace, case: str) -> None:
    target = MAKERS[case](ws)
    shown = cli("results", "show", target, "--json", "--db", ws.db_url)
    assert shown.exit_code == 0, shown.stderr
    data = json.loads(shown.stdout)
    figures = data["summary"]["figures"] if target.startswith("study:") else data["figures"]
    assert figures is not None

    report = cli("report", target, "--db", ws.db_url)
    assert report.exit_code == 0, report.stderr
    assert embedded_figures(report.stdout) == figures

    tui_figures, panel = await _tui(ws, target)
    assert tui_figures == figures

    terminal = cli("results", "show", target, "--db", ws.db_url)
    assert terminal.exit_code == 0, terminal.stderr
    lines = figure_lines(figures)
    assert lines
    for _, label, text in lines:
        assert f"{label}: {text}" in terminal.stdout, (label, text)
        assert label in panel and text in panel, (label, text)
        assert text in report.stdout, (label, text)

    if case in ("live run finished early", "interrupted run"):
        assert figures["never_acknowledged"] is None and figures["not_observed"] > 0
        assert figures["ack_rate"] is None  # the deadline was never observed
    if case == "tabletop":
        assert "ack_rate" not in figures and "expectations" in figures
    if case == "study":
        assert figures["ack_rate_ci95"] is not None

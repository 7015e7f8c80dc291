"""``--engine`` from the outside: auto picks the vector engine for a study or a sweep it
covers and says so; the stored study and sweep remember their engine (a resume keeps it);
``--engine vector`` on what it does not cover is one line, exit 2, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from typer.testing import CliRunner

from pocdrill.app import app
from tests import ROOT


def cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})


def _ping(sweep_scenario: Path) -> Path:
    """The sweep tests' small check at reachability level (which the vector engine covers)."""
    path = sweep_scenario.with_name("ping.yaml")
    path.write_text(sweep_scenario.read_text(encoding="utf-8").replace("level: task",
                                                                       "level: reachability"),
                    encoding="utf-8")
    return path


def _tables(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.execute(sa.text(f"select count(*) from {t}")).scalar_one()
                    for t in ("runs", "studies", "sweeps")}
    finally:
        engine.dispose()


def test_auto_runs_a_covered_study_on_the_vector_engine_and_says_so(
        sweep_scenario: Path, sqlite_url: str) -> None:
    ran = cli("run", str(_ping(sweep_scenario)), "-r", "30", "--workers", "1", "--json",
              "--db", sqlite_url)
    assert ran.exit_code == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert (out["engine"], out["engine_note"]) == ("vector", "engine: vector (auto)")
    assert "engine: vector (auto)" in ran.stderr
    shown = json.loads(cli("results", "show", f"study:{out['study_id']}", "--json", "--db",
                           sqlite_url).stdout)
    assert shown["summary"]["engine"] == "vector"
    again = json.loads(cli("run", str(_ping(sweep_scenario)), "-r", "30", "--workers", "2",
                           "--json", "--no-store").stdout)
    assert again["ack_rate"] == out["ack_rate"]  # same seed, any number of workers


def test_auto_falls_back_to_simpy_and_names_what_is_not_covered(
        sweep_scenario: Path, sqlite_url: str) -> None:
    ran = cli("run", str(sweep_scenario), "-r", "3", "--workers", "1", "--json",
              "--db", sqlite_url, "--events", "all")  # stored whole: event logs
    assert ran.exit_code == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert out["engine"] == "simpy" and "an event log" in out["engine_note"]
    tasks = json.loads(cli("run", str(sweep_scenario), "-r", "3", "--workers", "1", "--json",
                           "--no-store").stdout)
    assert tasks["engine"] == "vector" and tasks["level"] == "task"


def test_vector_on_what_it_does_not_cover_is_one_line_and_nothing_stored(
        sweep_scenario: Path, sqlite_url: str) -> None:
    tabletop = str(ROOT / "scenarios" / "election-ddos.yaml")
    for args in (["run", str(sweep_scenario), "-r", "3", "--events", "all"],
                 ["run", str(_ping(sweep_scenario))],  # one run stores its event log
                 ["sweep", "run", tabletop, "--vary", "behaviour.responsiveness=0.8,0.9",
                  "-r", "2"]):
        ran = cli(*args, "--engine", "vector", "--workers", "1", "--db", sqlite_url)
        assert ran.exit_code == 2, ran.output
        lines = ran.stderr.strip().splitlines()
        assert len(lines) == 1 and "--engine vector" in lines[0] and "use --engine simpy" \
            in lines[0]
    assert sum(_tables(sqlite_url).values()) == 0


def test_a_sweep_records_its_engine_and_pairs_its_points(sweep_scenario: Path,
                                                         sqlite_url: str) -> None:
    ran = cli("sweep", "run", str(_ping(sweep_scenario)), "--vary",
              "check.reminders=[],[12h]", "-r", "40", "--workers", "1", "--json",
              "--db", sqlite_url)
    assert ran.exit_code == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert out["engine"] == "vector" and "engine: vector (auto)" in ran.stderr
    diff, lo, hi = out["points"][1]["ack_rate_diff_vs_baseline"]
    assert 0 <= lo <= diff <= hi  # a reminder never lowers a rate, replication by replication

"""``pocdrill run -r N`` as a study from the outside: one stored result, one line in
``results list``, the same figures in ``run --json``, ``results show`` and the report,
and bad input refused in one line with nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from typer.testing import CliRunner

from pocdrill.app import app
from results.reports.render import embedded_figures
from results.store import Store
from tests import ROOT

UN = ROOT / "scenarios" / "un-directory-ping.yaml"


def cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.execute(sa.text(f"select count(*) from {t}")).scalar_one()
                    for t in ("runs", "studies", "study_replications", "sweeps")}
    finally:
        engine.dispose()


def test_a_study_is_one_line_and_one_set_of_figures(sweep_scenario: Path, sqlite_url: str,
                                                    tmp_path: Path) -> None:
    ran = cli("run", str(sweep_scenario), "-r", "6", "--workers", "1", "--seed", "4",
              "--json", "--db", sqlite_url)
    assert ran.exit_code == 0, ran.stderr
    out = json.loads(ran.stdout)
    study = out["study_id"]
    assert out["replications"] == 6 and "stored as study" not in ran.stdout
    assert _counts(sqlite_url) == {"runs": 0, "studies": 1, "study_replications": 6,
                                   "sweeps": 0}
    listed = json.loads(cli("results", "list", "--json", "--db", sqlite_url).stdout)
    assert [(r["what"], r["id"], r["done"]) for r in listed] == [("study", study, 6)]
    table = cli("results", "list", "--db", sqlite_url).stdout
    assert f"study:{study}" in table and "6/6" in table
    shown = json.loads(cli("results", "show", f"study:{study}", "--json", "--db",
                           sqlite_url).stdout)
    assert shown["summary"]["figures"] == out["figures"]
    report = tmp_path / "study.html"
    made = cli("report", f"study:{study}", "-o", str(report), "--db", sqlite_url)
    assert made.exit_code == 0, made.stderr
    assert embedded_figures(report.read_text(encoding="utf-8")) == out["figures"]
    md = cli("report", f"study:{study}", "--db", sqlite_url).stdout
    assert embedded_figures(md) == out["figures"]
    readable = cli("results", "show", f"study:{study}", "--db", sqlite_url).stdout
    assert f"study {study}:" in readable and "6 of 6 replications stored" in readable


def test_resume_of_a_finished_or_unknown_study_is_one_line_exit_2(
    sweep_scenario: Path, sqlite_url: str
) -> None:
    assert cli("run", str(sweep_scenario), "-r", "2", "-w", "1", "--db", sqlite_url).exit_code == 0
    before = _counts(sqlite_url)
    for study, says in (("1", "study 1 is completed; there is nothing to resume"),
                        ("7", "no study 7 in")):
        r = cli("run", "--resume", study, "--db", sqlite_url)
        assert r.exit_code == 2 and r.stdout == ""
        (line,) = r.stderr.strip().splitlines()
        assert line.startswith("error: ") and says in line, line
    assert _counts(sqlite_url) == before


def test_events_all_with_a_huge_study_asks_for_yes_and_writes_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    r = cli("run", str(UN), "-r", "5000", "--events", "all", "--db", sqlite_url)
    assert r.exit_code == 2 and r.stdout == ""
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith("error: --events all: 5000 replications stored whole would write "
                           "about ") and "add --yes" in line
    assert not Path(sqlite_url.removeprefix("sqlite:///")).exists()  # not even opened


def test_report_on_a_study_id_that_is_a_sweep_is_one_line_exit_2(
    sweep_scenario: Path, sqlite_url: str, tmp_path: Path
) -> None:
    swept = cli("sweep", str(sweep_scenario), "--vary", "check.deadline=24h,48h", "-r", "1",
                "-w", "1", "--db", sqlite_url)
    assert swept.exit_code == 0, swept.stderr
    with Store(sqlite_url) as store:
        (sweep,) = store.list_sweeps()
    out = tmp_path / "r.html"
    r = cli("report", f"study:{sweep.id}", "-o", str(out), "--db", sqlite_url)
    assert r.exit_code == 2 and not out.exists()
    (line,) = r.stderr.strip().splitlines()
    assert line.endswith(f"sweep {sweep.id} is a sweep: pocdrill report sweep:{sweep.id}"), line


def test_a_study_exports_one_row_per_replication(sweep_scenario: Path, sqlite_url: str,
                                                 tmp_path: Path) -> None:
    assert cli("run", str(sweep_scenario), "-r", "3", "-w", "1", "--db", sqlite_url).exit_code == 0
    out = cli("results", "export", "study:1", "--format", "json", "-o", "-", "--db", sqlite_url)
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert [r["replication"] for r in data["replications"]] == [0, 1, 2]
    assert data["study"]["id"] == 1 and data["summary"]["replications"] == 3
    csv = tmp_path / "s.csv"
    made = cli("results", "export", "study:1", "--format", "csv", "-o", str(csv), "--db",
               sqlite_url)
    assert made.exit_code == 0 and len(csv.read_text().splitlines()) == 4


def test_ctrl_c_stops_a_study_on_the_pool_and_keeps_it_resumable(
    sweep_scenario: Path, tmp_path: Path
) -> None:
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    db = tmp_path / "s.db"
    env = {**os.environ, "POCDRILL_DATABASE_URL": f"sqlite:///{db}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pocdrill", "run", str(sweep_scenario), "-r", "100000",
         "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:  # wait for stored rows, not a fixed time
            if db.exists():
                with sqlite3.connect(db) as con:
                    try:
                        n = con.execute("select count(*) from study_replications").fetchone()[0]
                        if n >= 20:
                            break
                    except sqlite3.OperationalError:
                        pass
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "complete it with: pocdrill run --resume 1" in err
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        status, = con.execute("select status from studies").fetchone()
        stored = con.execute("select count(*) from study_replications").fetchone()[0]
    assert status == "interrupted" and f"{stored} replications are stored complete" in err

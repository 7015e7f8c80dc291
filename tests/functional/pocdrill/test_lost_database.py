"""A database lost mid-run (its file replaced by something SQLite cannot open, as a
PostgreSQL server stopping would be) ends ``pocdrill run`` with one line naming the
database and exit status 2, no traceback; once the database is back, opening it marks the
run the dead command left running as interrupted (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from results.store import Store

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = """\
name: Lost check
directory: {profile: osce, seed: 7}
check: {start: 2026-03-06T15:00:00Z, deadline: 72h}
"""
# Runs ``pocdrill run`` with the store's file swapped for a folder as a result is about to
# be written (WRITE: a run's result, or a study's replications): its row says running,
# what completes it cannot be stored.
LOSE_IT = """\
import os, sys
from results.store import Store
from pocdrill.cli import run

path, away = sys.argv[1], sys.argv[2]
original = getattr(Store, WRITE)

def lose_it(self, *args, **kwargs):
    self.engine.dispose()  # no connection keeps the old file open
    os.replace(path, away)
    os.mkdir(path)
    return original(self, *args, **kwargs)

setattr(Store, WRITE, lose_it)
sys.argv = ["pocdrill", "run", sys.argv[3], "--db", "sqlite:///" + path]
run()
"""


@pytest.mark.parametrize(("replications", "write"),
                         [("1", "finish_run"), ("3", "add_study_replications")])
def test_lost_sqlite_database_is_one_line_and_the_run_interrupted_once_back(
    tmp_path: Path, replications: str, write: str
) -> None:
    scenario = tmp_path / "check.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    db, away = tmp_path / "r.db", tmp_path / "r.db.away"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = f"WRITE = {write!r}\n" + LOSE_IT.replace(
        '"run", sys.argv[3]', f'"run", sys.argv[3], "-r", "{replications}"')
    proc = subprocess.run(
        [sys.executable, "-c", code, str(db), str(away), str(scenario)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"error: lost the database sqlite:///{db}: ")
    os.rmdir(db)
    os.replace(away, db)  # the database is back
    with Store(f"sqlite:///{db}") as store:
        if replications == "1":
            assert store.recovered == [1]
            (run,) = store.list_runs()
            assert run.status == "interrupted"
        else:
            assert store.recovered_studies == [1]
            (study,) = store.list_studies()
            assert study.status == "interrupted"

"""A PostgreSQL server lost mid-run (issue 14): the test starts a server of its own
(:mod:`tests.postgres_support`), runs a sweep or a study on it, stops the server at once
(``pg_ctl stop -m immediate``) once rows are stored, and expects one line naming the server
(host and port, never the password) and exit status 2, no traceback. With the server back,
the next store opened marks the sweep or study interrupted and resuming it gives what an
uninterrupted run with the same seed gives.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool

from results.store import Store
from tests import ROOT
from tests.cli_support import invoke
from tests.postgres_support import ThrowawayPostgres, throwaway_postgres
from tests.sweep_support import write_scenario

pytestmark = pytest.mark.postgres
PASSWORD = "not-this-s3cret"  # the server trusts 127.0.0.1: any password is accepted
# (the command, its rows' table, how to resume it, the keys that name where it is stored)
COMMANDS = {
    "sweep": (["sweep", "{scenario}", "--vary", "behaviour.turnover_per_year=0.1,0.5",
               "-r", "150", "--batch-size", "5"], "replication_summaries",
              ["sweep", "resume", "1"], ("sweep_id", "database")),
    "study": (["run", "{scenario}", "-r", "300"], "study_replications",
              ["run", "--resume", "1"], ("study_id", "database")),
}


def _rows(url: str, table: str) -> int:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f"select count(*) from {table}")).scalar() or 0)
    except (OperationalError, ProgrammingError):  # the table is not there yet
        return 0
    finally:
        engine.dispose()


def _lose_server_once_rows_are_stored(
    server: ThrowawayPostgres, args: list[str], table: str
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen([sys.executable, "-m", "pocdrill", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120  # a bound on a condition, not a timing
        while proc.poll() is None and time.monotonic() < deadline:
            if _rows(server.url, table) >= 10:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "it ended before the server could be lost"
        server.stop("immediate")
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(args, proc.returncode, "", err)


def _figures(out: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in out.items() if k not in drop}


@pytest.mark.parametrize("command", ["sweep", "study"])
def test_a_lost_server_is_one_line_and_the_work_resumes_once_it_is_back(
    tmp_path: Path, command: str
) -> None:
    template, table, resume, drop = COMMANDS[command]
    scenario = str(write_scenario(tmp_path))
    args = [a.format(scenario=scenario) for a in template] + ["--seed", "3", "--workers", "1"]
    with throwaway_postgres() as server:
        url = server.url.replace("postgres@", f"postgres:{PASSWORD}@")
        ended = _lose_server_once_rows_are_stored(server, [*args, "--db", url], table)
        assert ended.returncode == 2, ended.stderr
        assert "Traceback" not in ended.stderr and PASSWORD not in ended.stderr
        (line,) = [ln for ln in ended.stderr.splitlines() if ln.strip()]
        assert line.startswith(
            f"error: lost the database postgresql+psycopg://postgres:***@127.0.0.1:"
            f"{server.port}/postgres: "), line

        server.start()  # the server is back
        with Store(url) as store:
            if command == "sweep":
                assert store.recovered_sweeps == [1]
                assert store.get_sweep(1).status == "interrupted"
            else:
                assert store.recovered_studies == [1]
                assert store.get_study(1).status == "interrupted"
        resumed = invoke(*resume, "--db", url, "--workers", "1", "--json")
        assert resumed.code == 0, resumed.err
    whole = invoke(*args, "--no-store", "--json")
    assert whole.code == 0, whole.err
    got, expected = json.loads(resumed.out), json.loads(whole.out)
    if command == "sweep":
        assert got["points"] == expected["points"]
    else:
        assert _figures(got, drop) == _figures(expected, drop)

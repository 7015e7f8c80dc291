"""Runs and sweeps a dead process left running are marked interrupted when a store opens."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from results.models import TABLES, utcnow
from results.store import Store


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_stale_runs_are_recovered_on_open(store_url: str) -> None:
    with Store(store_url) as s:
        dead = s.start_run(scenario="x", scenario_text="x", seed=1)
        alive = s.start_run(scenario="x", scenario_text="x", seed=2)  # this process
        old_foreign = s.start_run(scenario="x", scenario_text="x", seed=3)
        new_foreign = s.start_run(scenario="x", scenario_text="x", seed=4)
        runs = TABLES["runs"]
        with s.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == dead).values(pid=_dead_pid()))
            conn.execute(update(runs).where(runs.c.id.in_([old_foreign, new_foreign]))
                         .values(host="elsewhere.example", pid=1))
            conn.execute(update(runs).where(runs.c.id == old_foreign)
                         .values(started_at=utcnow() - timedelta(days=2)))
    with Store(store_url) as s:
        assert sorted(s.recovered) == sorted([dead, old_foreign])
        status = {r.id: r.status for r in s.list_runs()}
        assert status == {dead: "interrupted", alive: "running", old_foreign: "interrupted",
                          new_foreign: "running"}
        assert "ended without finishing" in (s.get_run(dead).interrupted_reason or "")
    with Store(store_url) as s:
        assert s.recovered == []


def test_sweeps_left_running_by_a_dead_process_are_marked_interrupted(store_url: str) -> None:
    with Store(store_url) as s:
        kw: dict[str, Any] = {"name": "s", "scenario_text": "x", "axes": {"a": [1, 2]},
                              "replications": 2, "base_seed": 1, "points": [{"a": 1}, {"a": 2}]}
        dead, alive = s.create_sweep(**kw), s.create_sweep(**kw)
        sweeps = TABLES["sweeps"]
        with s.engine.begin() as conn:
            conn.execute(update(sweeps).where(sweeps.c.id == dead).values(pid=_dead_pid()))
    with Store(store_url) as s:
        assert s.recovered_sweeps == [dead]
        status = {w.id: w.status for w in s.list_sweeps()}
        assert status == {dead: "interrupted", alive: "running"}
        s.claim_sweep(dead)  # a resume takes it up again, in this (living) process
    with Store(store_url) as s:
        assert s.recovered_sweeps == []
        assert {w.id: w.status for w in s.list_sweeps()}[dead] == "running"

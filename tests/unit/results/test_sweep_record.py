"""A sweep kept in the store: created in one transaction with everything a resume needs
(issue 14: a sweep interrupted between its creation and its baseline marker was resumed
against point 0, or failed from another folder), completed in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from results.runs.sweep_record import complete_sweep, load_resume, start_sweep
from results.store import Store
from results.store.base import StoreBase
from simulator.sweep import plan_sweep, run_sweep, sweep_json
from simulator.sweep.spec import directory_fingerprint
from tests.sweep_support import write_scenario

AXES = {"behaviour.turnover_per_year": [0.1, 0.3, 0.5]}


def _counting_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    writes: list[int] = []
    real: Callable[..., Any] = StoreBase._write

    def counted(self: StoreBase, fn: Callable[..., Any]) -> Any:
        writes.append(1)
        return real(self, fn)

    monkeypatch.setattr(StoreBase, "_write", counted)
    return writes


def test_a_sweep_is_created_with_its_marker_in_one_write_and_resumed_from_anywhere(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = write_scenario(tmp_path)
    plan = plan_sweep(scenario.read_text(), AXES, replications=2, seed=4, baseline=2,
                      base_dir=tmp_path)
    with Store(sqlite_url) as store:
        writes = _counting_writes(monkeypatch)
        sid = start_sweep(store, plan)
        assert len(writes) == 1  # no moment when the sweep exists without its marker
        (marked,) = [p for p in store.get_sweep(sid).point_rows if p["aggregates"]]
        assert marked["point"] == 2
        assert marked["aggregates"] == {"baseline": True, "scenario_dir": str(tmp_path),
                                        "directory_hash": directory_fingerprint(plan),
                                        "engine": "simpy"}
        monkeypatch.chdir(tmp_path.parent)  # another folder: the marker says where to look
        resume = load_resume(store, sid)
        assert resume.plan.baseline == 2 and resume.plan.base_dir == str(tmp_path)
        assert resume.done == set()

        rows = run_sweep(plan, workers=1).rows
        store.add_replication_summaries(sid, rows)
        writes.clear()
        complete_sweep(store, sid, sweep_json(plan, rows, sid)["points"])
        assert len(writes) == 1  # the points' figures and the status together
        info = store.get_sweep(sid)
        assert info.status == "completed"
        assert info.point_rows[2]["aggregates"]["baseline"] is True
        assert all("ack_rate" in p["aggregates"] for p in info.point_rows)


def test_a_resume_whose_directory_file_is_elsewhere_is_one_problem(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simulator.model.errors import InputError

    scenario = write_scenario(tmp_path)
    plan = plan_sweep(scenario.read_text(), AXES, replications=1, seed=4, base_dir=tmp_path)
    with Store(sqlite_url) as store:
        # a sweep stored before its marker was written with it: no folder is known
        sid = store.create_sweep(name="old", scenario_text=plan.scenario_text, axes=plan.axes,
                                 replications=1, base_seed=4, points=plan.points)
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        monkeypatch.chdir(elsewhere)
        with pytest.raises(InputError) as e:
            load_resume(store, sid)
        (problem,) = e.value.problems
        assert "no such directory file" in str(problem)
        assert str(problem).endswith("or give --scenario-dir, the folder of the sweep's "
                                     "scenario file")
        assert load_resume(store, sid, scenario_dir=tmp_path).plan.base_dir == str(tmp_path)

"""Sweep plans and sweep files: the baseline, and a file validated with file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.model.errors import InputError
from simulator.sweep import (
    load_sweep_file,
    plan_sweep,
)
from tests.sweep_support import SCENARIO, write_scenario

# -- --vary ---------------------------------------------------------------------------------


def test_baseline_by_index_or_by_values() -> None:
    axes = {"behaviour.turnover_per_year": [0.1, 0.3], "check.reminders": [["24h"], ["24h", "48h"]]}
    plan = plan_sweep(
        SCENARIO,
        axes,
        replications=2,
        baseline={"behaviour.turnover_per_year": 0.3, "check.reminders": ["24h"]},
    )
    assert plan.baseline == 2
    assert plan_sweep(SCENARIO, axes, replications=2, baseline=3).baseline == 3
    with pytest.raises(InputError, match="does not exist"):
        plan_sweep(SCENARIO, axes, replications=2, baseline=4)
    with pytest.raises(InputError, match="2 points match"):
        plan_sweep(SCENARIO, axes, replications=2, baseline={"behaviour.turnover_per_year": 0.3})


def test_sweep_file_is_validated_with_file_and_field(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    good = tmp_path / "sweep.yaml"
    good.write_text(
        "scenario: check.yaml\nreplications: 3\nseed: 9\n"
        "axes:\n  check.reminders: [[24h], [24h, 48h]]\nbaseline: 1\n"
    )
    plan = load_sweep_file(good)
    assert (plan.replications, plan.seed, plan.baseline, len(plan.points)) == (3, 9, 1, 2)
    assert plan.base_dir == str(tmp_path.resolve())
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: check.yaml\nreplicatons: 3\naxes: {check.deadline: [24h]}\n")
    with pytest.raises(InputError) as e:
        load_sweep_file(bad)
    assert str(e.value.problems[0]).startswith(f"{bad}: replicatons: unknown field")
    missing = tmp_path / "missing.yaml"
    missing.write_text("scenario: nowhere.yaml\naxes: {check.deadline: [24h]}\n")
    with pytest.raises(InputError, match="no such scenario file"):
        load_sweep_file(missing)
    badaxis = tmp_path / "badaxis.yaml"
    badaxis.write_text("scenario: check.yaml\naxes: {check.dedline: [24h]}\n")
    with pytest.raises(InputError) as e:
        load_sweep_file(badaxis)
    assert (e.value.problems[0].source, e.value.problems[0].location) == (
        str(badaxis),
        "axes.check.dedline",
    )

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


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as e:
        load_sweep_file(path)
    return [str(p) for p in e.value.problems]


def test_a_sweep_file_whose_scenario_is_a_folder_or_not_utf8_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "latin.yaml").write_bytes("name: Caf\xe9\n".encode("latin-1"))
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("scenario: folder.yaml\naxes: {check.deadline: [48h]}\n", encoding="utf-8")
    assert _problems(sweep) == [f"{sweep}: scenario: {str(tmp_path / 'folder.yaml')!r} is a "
                                "folder; name a scenario YAML file"]
    sweep.write_text("scenario: latin.yaml\naxes: {check.deadline: [48h]}\n", encoding="utf-8")
    assert _problems(sweep) == [f"{sweep}: scenario: {str(tmp_path / 'latin.yaml')!r} is not "
                                "UTF-8 text; save the scenario as UTF-8"]


def test_a_sweep_file_with_empty_axes_is_refused(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("scenario: check.yaml\naxes: {}\n", encoding="utf-8")
    (line,) = _problems(sweep)
    assert line.startswith(f"{sweep}: axes: no axes; give at least one")


def test_replications_beyond_the_limit_are_refused_with_the_limit(tmp_path: Path) -> None:
    from simulator.sweep.spec import MAX_REPLICATIONS, check_replications

    axes = {"check.reminders": [["24h"], ["24h", "48h"]]}
    with pytest.raises(InputError) as e:
        plan_sweep(SCENARIO, axes, replications=MAX_REPLICATIONS)
    assert str(e.value) == (
        "--replications: 2,000,000 replications (2 points of 1,000,000) is more than the "
        "1,000,000 a study or sweep may run; ask for fewer (a few thousand give rates to "
        "within a percent)")
    check_replications(MAX_REPLICATIONS, 1)  # the limit itself is allowed
    write_scenario(tmp_path)
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("scenario: check.yaml\nreplications: 1000000000000\n"
                     "axes: {check.deadline: [48h]}\n", encoding="utf-8")
    (line,) = _problems(sweep)
    assert line.startswith(f"{sweep}: replications: 1,000,000,000,000 replications is more")

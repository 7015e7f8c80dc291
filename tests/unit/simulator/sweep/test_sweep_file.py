"""Sweep files with a ``sample:`` block: the plan is the command line's for the same
design and seed, and the rules are the command line's, located in the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from simulator.model.errors import InputError
from simulator.sweep import is_sweep_data, load_sweep_file
from simulator.sweep.sampling import design_from_mapping, make_design, plan_sampled

RANGES = {"behaviour.turnover_per_year": [0.05, 0.9], "behaviour.spam_loss": [0, 0.3]}


def _file(scenario: Path, sample: str, extra: str = "") -> Path:
    path = scenario.parent / "sampled.yaml"
    path.write_text(f"scenario: {scenario.name}\nreplications: 3\nseed: 11\n{extra}"
                    f"sample: {sample}\n", encoding="utf-8")
    return path


def test_a_sample_block_plans_the_command_lines_points_and_seed(sweep_scenario: Path) -> None:
    path = _file(sweep_scenario, "{method: sobol, n: 4, threshold: 0.6, ranges: "
                 "{behaviour.turnover_per_year: [0.05, 0.9], behaviour.spam_loss: [0, 0.3]}}")
    plan = load_sweep_file(path)
    design = make_design("sobol", 4, ["behaviour.turnover_per_year=0.05:0.9",
                                      "behaviour.spam_loss=0:0.3"], seed=11, threshold=0.6)
    cli = plan_sampled(sweep_scenario.read_text(), design, replications=3)
    assert plan.design == cli.design == design.to_json()
    assert plan.points == cli.points and len(plan.points) == 4 * (2 + 2)
    assert (plan.seed, plan.replications, plan.baseline) == (11, 3, 0)
    assert plan.source == str(path)
    # options override the file's seed: the design is re-drawn from the new seed
    other = load_sweep_file(path, seed=12)
    assert other.design is not None and other.design["seed"] == 12
    assert other.points != plan.points


def test_is_sweep_data_knows_both_kinds() -> None:
    assert is_sweep_data({"axes": {}}) and is_sweep_data({"sample": {}})
    assert not is_sweep_data({"check": {}}) and not is_sweep_data([1])


def test_a_file_with_neither_axes_nor_sample_says_which_to_give(sweep_scenario: Path) -> None:
    path = sweep_scenario.parent / "empty.yaml"
    path.write_text(f"scenario: {sweep_scenario.name}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_sweep_file(path)
    assert str(e.value) == (f"{path}: axes: give grid axes (e.g. check.deadline: [48h, 72h]) "
                            "or a sample block (method, n, ranges)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lhs", 29, RANGES), "sample_sweep: n: lhs needs N of at least 30"),
        (("sobol", 8, {}), "sample_sweep: ranges: give at least one range"),
        (("morris", 2, {"behaviour.spam_loss": [0.1]}),
         "sample_sweep: ranges.behaviour.spam_loss: give [LOW, HIGH], two numbers"),
        (("morris", 2, {"behaviour.spam_loss": ["a", "b"]}),
         "sample_sweep: ranges.behaviour.spam_loss: give [LOW, HIGH], two numbers"),
        (("morris", 2, {"Behaviour spam": [0, 1]}),
         "sample_sweep: ranges.Behaviour spam: not a dotted path"),
        (("morris", 2, {"behaviour.spam_loss": [0.1, float("inf")]}),
         "sample_sweep: ranges.behaviour.spam_loss: LOW (0.1) must be below HIGH (inf)"),
    ],
)
def test_design_from_mapping_names_the_field(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(InputError) as e:
        design_from_mapping(*args)
    assert str(e.value).startswith(message)


def test_design_from_mapping_is_make_designs_design() -> None:
    a = design_from_mapping("morris", 3, RANGES, seed=4, threshold=0.5)
    b = make_design("morris", 3, ["behaviour.turnover_per_year=0.05:0.9",
                                  "behaviour.spam_loss=0:0.3"], seed=4, threshold=0.5)
    assert a == b and a.points() == b.points()

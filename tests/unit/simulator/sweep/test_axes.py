"""Sweep axes: --vary parsing, the grid, applying parameters, and errors that name the
axis and the fix."""

from __future__ import annotations

import pytest
import yaml

from simulator.model.errors import InputError
from simulator.sweep import (
    apply,
    axes_from_vary,
    grid,
    parse_vary,
    plan_sweep,
    split_top_level,
)
from simulator.sweep.axes import short_labels
from tests.sweep_support import SCENARIO

# -- --vary ---------------------------------------------------------------------------------


def test_vary_splits_top_level_commas_only() -> None:
    a = parse_vary("check.reminders=[12h,36h],[24h]")
    assert a.path == "check.reminders"
    assert a.values == [["12h", "36h"], ["24h"]]
    assert parse_vary("behaviour.turnover_per_year=0.1, 0.2,0.3").values == [0.1, 0.2, 0.3]
    assert parse_vary("check.language='en,fr',de").values == ["en,fr", "de"]
    assert parse_vary(
        "behaviour.triage={dist: fixed, value: 2h},{dist: fixed, value: 4h}"
    ).values == [
        {"dist": "fixed", "value": "2h"},
        {"dist": "fixed", "value": "4h"},
    ]
    assert parse_vary("check.announced=true,false").values == [True, False]
    assert split_top_level("a,[b,c],{d: [e,f]},'g,h'") == ["a", "[b,c]", "{d: [e,f]}", "'g,h'"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("check.reminders", "PATH=V1,V2"),
        ("=1,2", "PATH=V1,V2"),
        ("check..x=1", "dotted path"),
        ("check.deadline=24h,,48h", "empty value"),
        ("check.reminders=[24h", "cannot read value"),
    ],
)
def test_bad_vary_is_a_located_error(text: str, needle: str) -> None:
    with pytest.raises(InputError) as e:
        parse_vary(text)
    assert needle in str(e.value)
    assert str(e.value).startswith("--vary: ")


def test_an_axis_given_twice_is_an_error() -> None:
    with pytest.raises(InputError, match="varied twice"):
        axes_from_vary(["check.deadline=24h", "check.deadline=48h"])


def test_grid_is_the_product_last_axis_fastest() -> None:
    g = grid({"a": [1, 2, 3], "b": ["x", "y"]})
    assert len(g) == 6
    assert g[:3] == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 2, "b": "x"}]
    assert grid({}) == [{}]


def test_short_labels_are_the_shortest_unique_suffixes() -> None:
    paths = ["check.reminders", "behaviour.tiers.low.mandate", "behaviour.tiers.high.mandate",
             "directory.deputy_share", "deputy_share"]
    assert short_labels(paths) == {
        "check.reminders": "reminders",
        "behaviour.tiers.low.mandate": "low.mandate",
        "behaviour.tiers.high.mandate": "high.mandate",
        "directory.deputy_share": "directory.deputy_share",
        "deputy_share": "deputy_share",
    }
    assert short_labels([]) == {}


def test_apply_sets_dotted_paths_and_leaves_the_input_alone() -> None:
    data = yaml.safe_load(SCENARIO)
    before = yaml.safe_dump(data)
    out = apply(
        data,
        {
            "check.reminders": ["12h", "36h"],
            "behaviour.tiers.low.mandate": 0.3,
            "check.start": "2026-03-10T09:00:00Z",
        },
    )
    assert out["check"]["reminders"] == ["12h", "36h"]
    assert out["behaviour"]["tiers"] == {"low": {"mandate": 0.3}}
    assert out["behaviour"]["turnover_per_year"] == 0.2
    assert out["check"]["start"] == "2026-03-10T09:00:00Z"
    assert yaml.safe_dump(data) == before
    with pytest.raises(KeyError):
        apply(data, {"name.x": 1})  # name is a string, not a section


def test_unknown_axis_path_names_the_axis_and_the_fix() -> None:
    with pytest.raises(InputError) as e:
        plan_sweep(
            SCENARIO, {"check.remindrs": [["24h"]]}, replications=2, scenario_source="c.yaml"
        )
    (p,) = e.value.problems
    assert (p.source, p.location) == ("--vary", "check.remindrs")
    assert "no such field" in p.message and "fix the axis path" in p.message


def test_an_axis_through_a_key_the_scenario_does_not_allow_blames_the_path() -> None:
    with pytest.raises(InputError) as e:
        plan_sweep(SCENARIO, {"behaviour.tiers.huge.mandate": [0.1, 0.2]}, replications=2,
                   scenario_source="c.yaml")
    (p,) = e.value.problems  # one line, not one per value
    assert (p.source, p.location) == ("--vary", "behaviour.tiers.huge.mandate")
    assert p.message.startswith("behaviour.tiers.huge is not a key the scenario allows")
    assert p.message.endswith("fix the axis path")


def test_bad_axis_value_names_the_axis_and_the_value() -> None:
    with pytest.raises(InputError) as e:
        plan_sweep(SCENARIO, {"behaviour.turnover_per_year": [0.1, 3]}, replications=2)
    (p,) = e.value.problems
    assert p.location == "behaviour.turnover_per_year"
    assert "value 3 is not valid" in p.message
    # a model-level check (reminder past the horizon) is still blamed on the axis
    with pytest.raises(InputError) as e:
        plan_sweep(SCENARIO, {"check.reminders": [["24h"], ["500h"]]}, replications=2)
    assert e.value.problems[0].location == "check.reminders"
    assert "500h" in e.value.problems[0].message

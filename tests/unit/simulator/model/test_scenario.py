"""The explicit mapping of scenario kinds: the model of each kind, the kind a file
declares, and an engine for every kind."""

from __future__ import annotations

import typing

import pytest

from simulator.engine.run import RUNNERS
from simulator.model.check import CheckScenario
from simulator.model.scenario import SCENARIO_MODELS, Scenario, kind_of
from simulator.model.tabletop import TabletopScenario


def test_each_kind_names_its_model() -> None:
    assert SCENARIO_MODELS == {"check": CheckScenario, "tabletop": TabletopScenario}
    for kind, model in SCENARIO_MODELS.items():
        assert model.model_fields["kind"].default == kind


def test_the_scenario_union_is_the_models_of_the_mapping() -> None:
    assert set(typing.get_args(Scenario)) == set(SCENARIO_MODELS.values())


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"name": "x"}, "check"),
        ({"name": "x", "injects": []}, "tabletop"),
        ({"kind": "tabletop"}, "tabletop"),
        ({"kind": "check", "injects": []}, "check"),
        ({"kind": "future"}, "future"),
        ({"kind": None, "injects": [{}]}, "tabletop"),
    ],
)
def test_kind_of_reads_the_kind_or_defaults_by_injects(data: dict[str, object], kind: str) -> None:
    assert kind_of(data) == kind


def test_every_kind_has_an_engine() -> None:
    assert set(RUNNERS) == set(SCENARIO_MODELS)
    assert all(callable(runner) for runner in RUNNERS.values())

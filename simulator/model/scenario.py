"""Every kind of scenario, by the ``kind`` a scenario file names.

The mapping is explicit data: loading, the JSON Schema and the engine each look a kind up
here (nothing registers itself on import).
"""

from __future__ import annotations

from simulator.model.check import CheckScenario
from simulator.model.tabletop import TabletopScenario

Scenario = CheckScenario | TabletopScenario
"""A validated scenario of any kind."""

SCENARIO_MODELS: dict[str, type[CheckScenario] | type[TabletopScenario]] = {
    "check": CheckScenario,
    "tabletop": TabletopScenario,
}
"""The model of each scenario ``kind``."""


def kind_of(data: dict[str, object]) -> str:
    """The kind a scenario mapping declares: ``check`` by default, ``tabletop`` when it has
    injects."""
    kind = data.get("kind") or ("tabletop" if "injects" in data else "check")
    return str(kind)

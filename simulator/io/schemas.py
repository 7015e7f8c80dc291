"""The JSON Schema of scenario files of every kind (committed as
``scenarios/scenario.schema.json``; editors use it to complete and check YAML)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

SCHEMA_ID = "https://pocdrill.example.org/schemas/scenario.schema.json"


def scenario_json_schema() -> dict[str, Any]:
    """One schema accepting a communication check or a tabletop exercise."""
    from simulator.model.scenario import SCENARIO_MODELS

    models = list(SCENARIO_MODELS.values())
    union: Any = models[0]
    for m in models[1:]:
        union = union | m
    schema = TypeAdapter(union).json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pocdrill scenario",
        "description": (
            "A pocdrill scenario: a communication check (kind: check, the default) or a "
            "tabletop exercise (kind: tabletop, the default when the file has injects)."
        ),
        **schema,
    }


def scenario_json_schema_text() -> str:
    """The schema as committed: sorted keys, two-space indent, final newline."""
    return json.dumps(scenario_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

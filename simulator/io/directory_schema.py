"""The JSON Schema of a directory YAML file (committed as
``scenarios/directory.schema.json``; editors use it to complete and check YAML)."""

from __future__ import annotations

import json
from typing import Any

from simulator.model.directory import Directory

SCHEMA_TITLE = "pocdrill points-of-contact directory"


def directory_json_schema() -> dict[str, Any]:
    """JSON Schema of a directory YAML file (draft 2020-12)."""
    schema = Directory.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": SCHEMA_TITLE,
        "description": (
            "A points-of-contact directory for pocdrill: participants (states or "
            "organisations) with time zone, work week, office hours, holidays, languages, "
            "capacity and contacts. Load with `pocdrill directory validate FILE`."
        ),
    }


def directory_json_schema_text() -> str:
    """The schema as the text committed in ``scenarios/directory.schema.json``."""
    return json.dumps(directory_json_schema(), indent=2, ensure_ascii=False) + "\n"

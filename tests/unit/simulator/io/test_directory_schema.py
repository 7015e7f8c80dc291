"""The JSON Schema of directory files, and the committed copy."""

from __future__ import annotations

import json

from simulator.io.directory_schema import directory_json_schema, directory_json_schema_text
from tests import ROOT


def test_schema_has_a_title_and_draft() -> None:
    s = directory_json_schema()
    assert s["$schema"].startswith("https://json-schema.org/")
    assert s["title"]
    assert set(s["required"]) == {"name", "organisation"}
    assert "Participant" in s["$defs"] and "Contact" in s["$defs"]


def test_committed_schema_is_fresh() -> None:
    committed = ROOT / "scenarios" / "directory.schema.json"
    assert committed.read_text(encoding="utf-8") == directory_json_schema_text(), (
        "scenarios/directory.schema.json is stale; regenerate it with "
        "`pocdrill directory schema -o scenarios/directory.schema.json`"
    )
    assert json.loads(committed.read_text(encoding="utf-8")) == directory_json_schema()

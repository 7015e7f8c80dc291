"""A check's message text: placeholders known when the scenario loads, strictly."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from simulator.io.scenario_files import load_scenario
from simulator.model.check import CheckScenario
from simulator.model.message import PLACEHOLDERS, MessageSpec, template_fields
from tests import ROOT


def test_known_placeholders_are_accepted() -> None:
    m = MessageSpec(subject="Check for {participant} by {deadline}",
                    body="Dear {role} of {code}:\n{tasks}\n{{literal}}", tasks=[" one "])
    assert m.tasks == ["one"]
    assert template_fields(m.body) == ["role", "code", "tasks"]
    assert set(template_fields(m.subject)) <= set(PLACEHOLDERS)


@pytest.mark.parametrize(("field", "value", "says"), [
    ("subject", "Check {participant_name}", "unknown placeholder {participant_name}"),
    ("body", "Dear {participant", "literal braces"),
    ("body", "Due {deadline:%Y}", "plain name"),
    ("body", "  \n", "must not be empty"),
    ("subject", "two\nlines", "one line"),
    ("tasks", ["ok", " "], "task must not be empty"),
    ("colour", "red", "Extra inputs are not permitted"),
])
def test_bad_message_text_is_an_error_at_load(field: str, value: object, says: str) -> None:
    data: dict[str, object] = {"subject": "S {code}", "body": "B", field: value}
    with pytest.raises(ValidationError, match=says.replace("{", r"\{").replace("}", r"\}")):
        MessageSpec.model_validate(data)


def test_a_check_without_message_text_still_simulates() -> None:
    sc = CheckScenario.model_validate({
        "name": "x", "directory": {"profile": "osce"},
        "check": {"start": "2026-03-06T15:00:00Z"}})
    assert sc.message is None


@pytest.mark.parametrize("name", ["osce-unannounced-72h.yaml", "un-directory-ping.yaml"])
def test_bundled_checks_carry_message_text(name: str) -> None:
    sc = load_scenario(ROOT / "scenarios" / name).scenario
    assert isinstance(sc, CheckScenario) and sc.message is not None
    assert "{deadline}" in sc.message.body and "http" not in sc.message.body

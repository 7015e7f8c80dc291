"""A stored run's scenario and directory found again from its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from results.stored_scenario import stored_scenario
from simulator.model.errors import InputError
from tests.functional.tui.support import CHECK, make_workspace


def test_a_directory_file_is_found_next_to_the_scenario_file_with_this_text(
    tmp_path: Path,
) -> None:
    ws = make_workspace(tmp_path)
    found = stored_scenario(CHECK, places=[ws.root, ws.root / "scenarios"])
    assert found.loaded.path == ws.scenario  # the file with the very text
    assert found.directory is not None and len(found.directory.participants) == 6


def test_a_directory_file_is_found_relative_to_a_place(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    text = CHECK.replace("../directories/tiny.yaml", "directories/tiny.yaml")
    found = stored_scenario(text, places=[ws.root])  # no scenario file has this text
    assert found.loaded.path is None and found.directory is not None


def test_a_generated_directory_is_rebuilt_and_a_lost_file_is_none(tmp_path: Path) -> None:
    generated = CHECK.replace("{file: ../directories/tiny.yaml}", "{profile: osce, seed: 7}")
    assert stored_scenario(generated).directory is not None
    lost = stored_scenario(CHECK, places=[tmp_path])
    assert lost.directory is None and lost.loaded.scenario.name == "Tiny check"


def test_a_text_that_is_no_scenario_is_an_input_error() -> None:
    with pytest.raises(InputError):
        stored_scenario("name: [unclosed")
    with pytest.raises(InputError):
        stored_scenario("")

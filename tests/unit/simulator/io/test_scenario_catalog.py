"""The bundled scenarios listed, and a scenario file checked with its directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.io.scenario_catalog import bundled_summaries, check_scenario_file, first_sentence
from simulator.io.scenario_files import bundled_scenarios
from simulator.model.errors import InputError


def test_first_sentence_on_one_line() -> None:
    assert first_sentence("One  line.\nTwo. Three.") == "One line."
    assert first_sentence("No full stop\n here") == "No full stop here"
    assert first_sentence("") == ""


def test_bundled_summaries_list_every_file_with_its_kind() -> None:
    rows = bundled_summaries()
    assert [r["file"] for r in rows] == [p.name for p in bundled_scenarios()]
    assert {r["kind"] for r in rows} == {"check", "tabletop"}
    assert all("\n" not in r["description"] for r in rows)


def test_check_summarises_a_good_file() -> None:
    summaries = {p.name: check_scenario_file(p) for p in bundled_scenarios()}
    assert summaries["un-directory-ping.yaml"] == "ok (check, 193 participants)"
    assert summaries["cross-border-ci-incident.yaml"] == "ok (tabletop, 10 injects)"


def test_check_reaches_the_directory(tmp_path: Path) -> None:
    p = tmp_path / "x.yaml"
    p.write_text("name: x\ndirectory: {file: missing.yaml}\n"
                 "check: {start: 2026-03-06T15:00:00Z}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        check_scenario_file(p)
    assert "no such directory file" in str(e.value)

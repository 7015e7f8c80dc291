"""Directory files with stakeholders: they load, round-trip through YAML, show in the
counts, and a CSV (states only) refuses them in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.directories.describe import counts_text
from simulator.io.directory_files import load_directory, save_directory
from simulator.model.errors import InputError

TEXT = """name: With stakeholders
organisation: OSCE
participants:
  - code: EE
    name: Estonia
    timezone: Europe/Tallinn
    contacts: [{role: policy, email: policy@mfa.example}]
stakeholders:
  - code: BLWAVE
    name: Baltic Lightwave Subsea AS (fictitious)
    kind: operator
    timezone: Europe/Tallinn
    contacts: [{role: technical, email: noc@baltic-lightwave.example, duty_24_7: true}]
    behaviour: {triage: {dist: fixed, value: 15m}}
"""


def test_a_directory_with_stakeholders_round_trips(tmp_path: Path) -> None:
    f = tmp_path / "d.yaml"
    f.write_text(TEXT, encoding="utf-8")
    d = load_directory(f)
    assert d.codes == ["EE"] and [s.code for s in d.stakeholders] == ["BLWAVE"]
    assert d.stakeholders[0].group == "stakeholders" and d.stakeholders[0].kind == "operator"
    assert counts_text(d) == "1 participants, 1 contacts, 1 stakeholder"
    again = tmp_path / "again.yaml"
    save_directory(d, again)
    assert load_directory(again) == d
    assert "listed_in" not in again.read_text(encoding="utf-8")


def test_a_directory_of_states_is_written_as_before(tmp_path: Path) -> None:
    f = tmp_path / "d.yaml"
    f.write_text(TEXT.split("stakeholders:")[0], encoding="utf-8")
    out = tmp_path / "out.yaml"
    save_directory(load_directory(f), out)
    text = out.read_text(encoding="utf-8")
    assert "stakeholders:" not in text and "behaviour" not in text and "listed_in" not in text


def test_a_csv_directory_refuses_stakeholders_in_one_line(tmp_path: Path) -> None:
    f = tmp_path / "d.yaml"
    f.write_text(TEXT, encoding="utf-8")
    with pytest.raises(InputError) as e:
        save_directory(load_directory(f), tmp_path / "d.csv")
    assert [str(p) for p in e.value.problems] == [
        f"{tmp_path / 'd.csv'}: stakeholders: a CSV directory holds states only; "
        "save a directory with stakeholders as .yaml"]
    assert not (tmp_path / "d.csv").exists()


def test_a_bad_stakeholder_is_located(tmp_path: Path) -> None:
    f = tmp_path / "d.yaml"
    f.write_text(TEXT.replace("kind: operator", "kind: navy"), encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_directory(f)
    (line,) = [str(p) for p in e.value.problems]
    assert line.startswith(f"{f}: stakeholders[0] (BLWAVE).kind: ")

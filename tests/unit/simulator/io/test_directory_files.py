"""Loading and saving directories: round trips, every problem reported with its place."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from simulator.directories.generate import generate_directory
from simulator.io.directory_files import load_directory, save_directory
from simulator.io.directory_yaml import directory_to_yaml
from simulator.model.directory import Capacity, Contact, Directory, Participant
from simulator.model.errors import InputError


def _hand_made() -> Directory:
    """A directory exercising every field, including the awkward ones."""
    return Directory(
        name="Hand-made test directory",
        organisation="TEST",
        description="With a comma, and a\nnew line",
        custom_roles=["legal", "press"],
        participants=[
            Participant(
                code="DE", name="Germany", group="West", timezone="Europe/Berlin",
                office_hours="08:00-12:00,13:00-16:30", holiday_country="DE",
                holiday_subdiv="BY", languages=["de", "en"], capacity=Capacity.high,
                contacts=[
                    Contact(role="policy", name="Jürgen Müller",
                            email="j.mueller@mfa.de.example.org", phone="+00 123 555 0100",
                            portal=True, languages=["de"],
                            mandate=True, last_verified=date(2024, 2, 29)),
                    Contact(role="technical", name="CERT duty desk", duty_24_7=True,
                            email="duty@cert.de.example.net", mandate=False),
                    Contact(role="legal"),
                ],
            ),
            Participant(
                code="IL", name="Israel", timezone="Asia/Jerusalem",
                work_week=["sun", "mon", "tue", "wed", "thu"], languages=["he"],
                capacity=Capacity.low,
                contacts=[Contact(role="press", name="שרה כהן", last_verified=date(2020, 1, 1))],
            ),
        ],
    )


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".csv"])
def test_hand_made_directory_round_trips(tmp_path: Path, suffix: str) -> None:
    d = _hand_made()
    path = tmp_path / f"dir{suffix}"
    save_directory(d, path)
    assert load_directory(path) == d


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_generated_directory_round_trips(tmp_path: Path, suffix: str) -> None:
    d = generate_directory("arf", 3)
    path = tmp_path / f"arf{suffix}"
    save_directory(d, path)
    assert load_directory(path) == d
    # Saving what was loaded gives the same bytes.
    again = tmp_path / f"again{suffix}"
    save_directory(load_directory(path), again)
    assert again.read_bytes() == path.read_bytes()


def test_yaml_is_readable_block_style_with_iso_dates_in_model_order() -> None:
    text = directory_to_yaml(_hand_made(), header="made by hand\nsecond line")
    lines = text.splitlines()
    assert lines[:2] == ["# made by hand", "# second line"]
    top = [ln.split(":")[0] for ln in lines[2:] if not ln.startswith((" ", "-", "#"))]
    assert top == ["name", "organisation", "description", "custom_roles", "participants"]
    assert "description: |-" in lines  # multi-line text as a literal block
    assert "    last_verified: 2024-02-29" in lines
    assert "  work_week: [mon, tue, wed, thu, fri]" in lines
    assert "{" not in text  # mappings are never in flow style


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


BAD_YAML = """\
name: Broken
organisation: TEST
participants:
  - code: DE
    name: Germany
    timezone: Europe/Berlin
    contacts:
      - {role: policy, email: a@mfa.de.example.org}
  - code: FR
    name: France
    timezone: Europe/Parris
    contacts:
      - {role: policy, email: not-an-email}
  - code: de
    name: Germany again
    timezone: Europe/Berlin
    contacts:
      - {role: policy}
  - code: IT
    name: Italy
    timezone: Europe/Rome
    contacts: []
  - code: ES
    name: Spain
    timezone: Europe/Madrid
    capacity: huge
    contacts:
      - {role: boss, last_verified: 2024-13-01}
      - {role: technical, portal: maybe, languages: fr}
"""


def test_every_problem_is_reported_once_with_its_place(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.yaml", BAD_YAML)
    with pytest.raises(InputError) as ei:
        load_directory(path)
    where = [(p.source, p.location) for p in ei.value.problems]
    assert all(src == str(path) for src, _ in where)
    locations = [loc for _, loc in where]
    assert locations == [
        "participants[1] (FR).timezone",
        "participants[1] (FR).contacts[0].email",
        "participants[2] (DE)",
        "participants[3] (IT)",
        "participants[4] (ES).capacity",
        "participants[4] (ES).contacts[0].last_verified",
        "participants[4] (ES).contacts[0].role",
        "participants[4] (ES).contacts[1].portal",
        "participants[4] (ES).contacts[1].languages",
    ]
    msgs = {p.location: p.message for p in ei.value.problems}
    assert "unknown time zone 'Europe/Parris'" in msgs["participants[1] (FR).timezone"]
    assert "not a valid e-mail" in msgs["participants[1] (FR).contacts[0].email"]
    assert "duplicate code DE, already used by participants[0] (DE)" in msgs["participants[2] (DE)"]
    assert "has no contact" in msgs["participants[3] (IT)"]
    assert "unknown role 'boss'" in msgs["participants[4] (ES).contacts[0].role"]
    assert "YYYY-MM-DD" in msgs["participants[4] (ES).contacts[0].last_verified"]
    assert "true or false" in msgs["participants[4] (ES).contacts[1].portal"]
    # One line per problem, each naming the file.
    lines = str(ei.value).splitlines()
    assert len(lines) == len(ei.value.problems)
    assert all(line.startswith(f"{path}: participants[") for line in lines)


def test_top_level_problems_and_unknown_fields(tmp_path: Path) -> None:
    path = _write(tmp_path, "d.yaml", "organisation: X\ncolour: red\nparticipants: 3\n")
    with pytest.raises(InputError) as ei:
        load_directory(path)
    got = {p.location: p.message for p in ei.value.problems}
    assert got["name"] == "required field is missing"
    assert got["colour"].startswith("unknown field")
    assert "list" in got["participants"]


def test_missing_file_and_wrong_format(tmp_path: Path) -> None:
    with pytest.raises(InputError) as ei:
        load_directory(tmp_path / "nope.yaml")
    assert ei.value.problems[0].message.startswith("no such file")
    with pytest.raises(InputError) as ei:
        load_directory(_write(tmp_path, "d.txt", "x"))
    assert ".yaml, .yml or .csv" in ei.value.problems[0].message


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "d.yaml", "name: X\norganisation: Y\nparticipants:\n  - code: [DE\n")
    with pytest.raises(InputError) as ei:
        load_directory(path)
    (p,) = ei.value.problems
    assert p.location.startswith("line ")
    assert int(p.location.split()[1]) >= 4
    assert p.message.startswith("YAML syntax error")


def test_yaml_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(InputError) as ei:
        load_directory(_write(tmp_path, "d.yaml", "- just\n- a list\n"))
    assert "mapping" in ei.value.problems[0].message


# --------------------------------------------------------------------------- schema


def test_a_key_given_twice_is_refused_with_its_line() -> None:
    from simulator.io.directory_yaml import directory_from_yaml
    from simulator.io.scenario_files import scenario_from_text

    text = ("name: t\norganisation: custom\nparticipants:\n  - code: DE\n    name: Germany\n"
            "    timezone: Europe/Berlin\n    timezone: Asia/Tokyo\n"
            "    contacts: [{role: policy}]\n")
    with pytest.raises(InputError) as e:
        directory_from_yaml(text, "d.yaml")
    assert str(e.value.problems[0]) == (
        "d.yaml: line 7: YAML syntax error: key 'timezone' appears twice in one mapping; keep one")
    check = ("name: x\ndirectory: {profile: osce, seed: 1}\ncheck:\n"
             "  start: 2026-03-06T15:00:00Z\n  deadline: 72h\n  deadline: 24h\n")
    with pytest.raises(InputError, match="key 'deadline' appears twice"):
        scenario_from_text(check, "s.yaml")


@pytest.mark.parametrize("text", ["name: x\norganisation: y\nparticipants: []\n",
                                  "name: x\norganisation: y\n"])
def test_a_directory_without_participants_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError) as e:
        load_directory(_write(tmp_path, "d.yaml", text))
    assert [str(p) for p in e.value.problems] == [
        f"{tmp_path / 'd.yaml'}: participants: the directory lists no participant; "
        "add at least one"]

"""Loading and saving directories: round trips, every problem reported with its place."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from simulator.directories.generate import generate_directory
from simulator.io.directory_csv import CSV_COLUMNS
from simulator.io.directory_files import load_directory, save_directory
from simulator.io.directory_schema import directory_json_schema, directory_json_schema_text
from simulator.io.directory_yaml import directory_to_yaml
from simulator.model.directory import Capacity, Contact, Directory, Participant
from simulator.model.errors import InputError
from tests import ROOT


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


# --------------------------------------------------------------------------- CSV


def _csv(tmp_path: Path, rows: list[dict[str, str]], name: str = "osce-test.csv",
         columns: tuple[str, ...] = CSV_COLUMNS[4:]) -> Path:
    p = tmp_path / name
    with p.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(columns))
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return p


def _row(code: str = "DE", role: str = "policy", **kw: str) -> dict[str, str]:
    base = {"code": code, "name": {"DE": "Germany", "FR": "France"}.get(code, code),
            "timezone": "Europe/Berlin", "work_week": "mon,tue,wed,thu,fri",
            "languages": "de en", "role": role, "email": f"{role}@x.{code.lower()}.example.org"}
    base.update(kw)
    return base


def test_csv_without_directory_columns_takes_names_from_the_file(tmp_path: Path) -> None:
    path = _csv(tmp_path, [_row(), _row(role="technical", duty_24_7="true", mandate="")])
    d = load_directory(path)
    assert d.name == "osce-test" and d.organisation == "OSCE"
    (de,) = d.participants
    assert de.languages == ["de", "en"]
    assert [c.role for c in de.contacts] == ["policy", "technical"]
    assert de.contacts[1].duty_24_7 is True and de.contacts[1].mandate is None


def test_csv_problems_name_the_row_and_column(tmp_path: Path) -> None:
    rows = [
        _row(),                                                   # row 2
        _row(role="technical", email="bad@"),                     # row 3
        _row("FR", timezone="Europe/Parris", role="boss"),        # row 4
        _row("FR", role="technical", timezone="Europe/Parris",
             last_verified="2024-02-30"),                         # row 5
        _row("IT", role="", email=""),                            # row 6: no contact
        _row("DE", role="deputy_policy", timezone="Europe/Paris"),  # row 7: conflicts with row 2
    ]
    path = _csv(tmp_path, rows)
    with pytest.raises(InputError) as ei:
        load_directory(path)
    got = [(p.location, p.message) for p in ei.value.problems]
    locs = [loc for loc, _ in got]
    assert "row 3 (DE/technical).email" in locs
    assert "row 4 (FR).timezone" in locs
    assert "row 4 (FR/boss).role" in locs
    assert "row 5 (FR/technical).last_verified" in locs
    assert "row 6 (IT)" in locs
    assert "row 7 (DE).timezone" in locs
    msg = dict(got)
    assert "differs from 'Europe/Berlin' on row 2" in msg["row 7 (DE).timezone"]
    assert "has no contact" in msg["row 6 (IT)"]
    assert all(p.source == str(path) for p in ei.value.problems)


def test_csv_unknown_and_missing_columns(tmp_path: Path) -> None:
    path = _csv(tmp_path, [{"code": "DE", "colour": "red"}], columns=("code", "colour"))
    with pytest.raises(InputError) as ei:
        load_directory(path)
    msgs = [f"{p.location}: {p.message}" for p in ei.value.problems]
    assert any("unknown column 'colour'" in m for m in msgs)
    for col in ("name", "timezone", "role"):
        assert any(f"required column {col!r} is missing" in m for m in msgs)


def test_csv_contact_without_role(tmp_path: Path) -> None:
    path = _csv(tmp_path, [_row(), _row(role="", email="x@y.example.org")])
    with pytest.raises(InputError) as ei:
        load_directory(path)
    assert [p.location for p in ei.value.problems] == ["row 3 (DE).role"]


# --------------------------------------------------------------------------- schema


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


def test_csv_from_a_spreadsheet_with_bom_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(
        "\ufeffcode;name;timezone;work_week;role;portal;last_verified\r\n"
        "DE;Germany;Europe/Berlin;sun,mon,tue,wed,thu;policy;yes;2025-03-01\r\n".encode()
    )
    (de,) = load_directory(path).participants
    assert de.work_week == ["mon", "tue", "wed", "thu", "sun"]
    assert de.contacts[0].portal is True
    assert de.contacts[0].last_verified == date(2025, 3, 1)


@pytest.mark.parametrize("phone", ["+43 1 531 370", "(030) 1234-567", "+1 202.555.0100 ext. 12",
                                   "+00 123 555 0142"])
def test_telephone_numbers_in_the_usual_shapes_are_accepted(phone: str) -> None:
    assert Contact(role="policy", phone=phone).phone == phone


@pytest.mark.parametrize("phone", ["call me maybe", "((((", "12", "+49 30 abc"])
def test_a_telephone_field_without_a_number_is_refused(phone: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="is not a telephone number"):
        Contact(role="policy", phone=phone)


def test_a_holiday_subdivision_the_calendar_does_not_know_is_refused() -> None:
    from pydantic import ValidationError

    ok = Participant(code="DE", name="Germany", timezone="Europe/Berlin", holiday_country="DE",
                     holiday_subdiv="BY", contacts=[Contact(role="policy")])
    assert ok.holiday_subdiv == "BY"
    with pytest.raises(ValidationError, match="DE has no holiday subdivision 'XX'; use one of"):
        Participant(code="DE", name="Germany", timezone="Europe/Berlin", holiday_country="DE",
                    holiday_subdiv="XX", contacts=[Contact(role="policy")])


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

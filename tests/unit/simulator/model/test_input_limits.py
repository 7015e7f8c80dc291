"""The limits every input model keeps (issue 14): finite numbers, windows that end before
dates overflow, known secretariat zones and holiday countries, work weeks with a day,
names and subjects of a sane length. Each is one located problem, never an exception of
another kind."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from simulator.io.scenario_files import parse_scenario
from simulator.model.base import MAX_NAME, MAX_SUBJECT, MAX_TEXT
from simulator.model.errors import InputError
from tests import ROOT


def check(**fields: Any) -> dict[str, Any]:
    """A check scenario's data with ``fields`` set in its ``check`` mapping."""
    return {
        "name": "Tiny check",
        "directory": {"profile": "osce", "seed": 1},
        "check": {"start": "2026-03-06T15:00:00Z", "deadline": "72h", **fields},
    }


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as e:
        parse_scenario(data, "s.yaml")
    return [str(p) for p in e.value.problems]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_a_duration_that_is_not_finite_is_one_located_problem(value: float) -> None:
    assert problems(check(deadline=value)) == [
        f"s.yaml: check.deadline: duration {value} is not a finite number; "
        "write e.g. 90m, 24h or 3d"]


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_any_float_that_is_not_finite_is_a_problem(value: float) -> None:
    data = check()
    data["behaviour"] = {"spam_loss": value}
    (line,) = problems(data)
    assert line.startswith("s.yaml: behaviour.spam_loss: ") and "finite" in line


def test_a_duration_of_more_than_a_century_is_refused() -> None:
    (line,) = problems(check(deadline="100000d"))
    assert line.startswith("s.yaml: check.deadline: duration 100000d is longer than")


def test_a_start_whose_window_passes_the_largest_date_is_refused() -> None:
    data = check()
    data["check"]["start"] = "9999-12-25T00:00:00Z"
    (line,) = problems(data)
    assert line == ("s.yaml: check: start 9999-12-25 plus the 144h horizon ends after "
                    "9000-01-01; start earlier or shorten the horizon")


def test_a_tabletop_end_past_the_largest_date_is_refused() -> None:
    data = yaml.safe_load((ROOT / "scenarios" / "election-ddos.yaml").read_text("utf-8"))
    data["start"] = "8999-12-31T00:00:00Z"
    lines = problems(data)
    assert any(line.startswith("s.yaml: end: start 8999-12-31 plus the") for line in lines)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("timezone", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("holidays", "QQ", "no public-holiday calendar for 'QQ'"),
        ("office_hours", "9-17", "office hours '9-17' must look like 09:00-17:00"),
        ("work_week", ["mon", "funday"], "work_week day 'funday' must be one of"),
    ],
)
def test_an_unknown_secretariat_zone_or_holiday_country_is_a_problem(
    field: str, value: object, says: str
) -> None:
    (line,) = problems(check(secretariat={field: value}))
    assert line.startswith(f"s.yaml: check.secretariat.{field}: {says}")


def test_names_and_subjects_have_length_limits() -> None:
    data = check()
    data["name"] = "x" * (MAX_NAME + 1)
    (line,) = problems(data)
    assert line == f"s.yaml: name: String should have at most {MAX_NAME} characters"
    data = check()
    data["message"] = {"subject": "s" * (MAX_SUBJECT + 1), "body": "hello"}
    (line,) = problems(data)
    assert line.startswith("s.yaml: message.subject: String should have at most")


def test_a_ten_megabyte_string_ends_at_once_as_one_problem() -> None:
    data = check()
    data["description"] = "x" * 10_000_000
    (line,) = problems(data)
    assert line == f"s.yaml: description: String should have at most {MAX_TEXT} characters"


def test_a_problem_is_one_line_whatever_the_file_held() -> None:
    from simulator.model.errors import Problem

    assert str(Problem("d.csv", "row 3 (0\r0).code", "code '0\\r0' is\nbad\x00")) == (
        "d.csv: row 3 (0\\r0).code: code '0\\r0' is\\nbad\\x00")


def test_a_time_zone_too_long_for_a_file_name_is_unknown() -> None:
    from simulator.model.directory import Contact, Participant

    with pytest.raises(ValueError, match=r"unknown time zone 'xxx.*\.\.\.'; use an IANA"):
        Participant(code="DE", name="Germany", timezone="x" * 300,
                    contacts=[Contact(role="policy")])


def test_contacts_that_are_not_a_list_are_one_problem() -> None:
    from simulator.io.directory_yaml import directory_from_yaml

    text = ("name: x\norganisation: y\nparticipants:\n  - {code: DE, name: Germany, "
            "timezone: Europe/Berlin, contacts: .nan}\n")
    with pytest.raises(InputError) as e:
        directory_from_yaml(text, "d.yaml")
    assert [str(p) for p in e.value.problems] == [
        "d.yaml: participants[0] (DE).contacts: Input should be a valid list; "
        "use a list such as [en, fr]"]


def test_dates_people_write_keep_to_a_range_dates_can_be_computed_in() -> None:
    from simulator.io.dates import parse_iso_date

    data = check()
    data["check"]["start"] = "0001-01-02T00:00:00Z"
    assert problems(data) == ["s.yaml: check.start: start 0001-01-02 is before 1900-01-01; "
                              "give a later start"]
    data = check()
    data["directory"]["as_of"] = "0001-01-02"
    assert problems(data) == ["s.yaml: directory.as_of: date 0001-01-02 is outside 1900-01-01 "
                              "to 8999-12-31; give a date in that range"]
    with pytest.raises(InputError, match="--as-of: date 9999-12-31 is outside"):
        parse_iso_date("9999-12-31", "--as-of")

"""The strict base of every input model, the one participant-code rule and the rule of a
scenario's start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError

from simulator.model.base import (
    CountryCode,
    ParticipantCode,
    StartInstant,
    Strict,
    is_participant_code,
    normalise_code,
)

CODE = TypeAdapter(ParticipantCode)
COUNTRY = TypeAdapter(CountryCode)
START = TypeAdapter(StartInstant)


class _Thing(Strict):
    name: str


def test_strict_models_reject_unknown_fields_and_are_frozen() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        _Thing.model_validate({"name": "a", "nmae": "b"})
    thing = _Thing(name="a")
    with pytest.raises(ValidationError, match="frozen"):
        thing.name = "b"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "code"),
    [("DE", "DE"), (" de ", "DE"), ("eu", "EU"), ("OSCE", "OSCE"), ("A1", "A1"), ("ABCDEFGH",) * 2],
)
def test_participant_codes_are_trimmed_and_upper_cased(raw: str, code: str) -> None:
    assert CODE.validate_python(raw) == code
    assert normalise_code(raw) == code and is_participant_code(code)


@pytest.mark.parametrize("bad", ["D", "1A", "D-E", "ABCDEFGHI", ""])
def test_malformed_participant_codes_name_the_rule(bad: str) -> None:
    with pytest.raises(ValidationError, match="must be an ISO 3166 alpha-2 code such as DE"):
        CODE.validate_python(bad)


def test_profile_country_codes_are_two_upper_case_letters_as_written() -> None:
    assert COUNTRY.validate_python("EU") == "EU"
    for bad in ("deu", "de", "DEU", "D1"):
        with pytest.raises(ValidationError, match="two upper-case letters"):
            COUNTRY.validate_python(bad)


def test_a_start_needs_a_zone_and_is_kept_in_utc() -> None:
    vienna = datetime(2026, 3, 6, 16, 0, tzinfo=timezone(timedelta(hours=1)))
    assert START.validate_python(vienna) == datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    assert START.validate_python(vienna).tzinfo is UTC
    with pytest.raises(ValidationError, match="start needs a time zone, e.g. 2026-03-06T15"):
        START.validate_python(datetime(2026, 3, 6, 15, 0))

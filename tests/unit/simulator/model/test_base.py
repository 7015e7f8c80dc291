"""The strict base of every input model and the one participant-code rule."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from simulator.model.base import (
    CountryCode,
    ParticipantCode,
    Strict,
    is_participant_code,
    normalise_code,
)

CODE = TypeAdapter(ParticipantCode)
COUNTRY = TypeAdapter(CountryCode)


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

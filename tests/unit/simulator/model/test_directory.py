"""The directory model's own checks: telephone numbers and holiday subdivisions."""

from __future__ import annotations

import pytest

from simulator.directories.profiles import ProfileEntry
from simulator.model.directory import Contact, Participant, check_work_week


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


def test_one_work_week_rule_for_directories_and_profiles() -> None:
    check_work_week(["mon", "tue", "wed", "thu", "fri"])
    for bad, why in ((["mon", "funday"], "work_week day 'fun' must be one of mon, tue"),
                     (["mon", "Mon"], "work_week repeats a day")):
        with pytest.raises(ValueError, match=why):
            Participant.model_validate({"code": "DE", "name": "x", "timezone": "UTC",
                                        "work_week": bad})
    with pytest.raises(ValueError, match="work_week day 'Mon' must be one of"):
        check_work_week(["Mon"])  # a profile writes days as they are kept
    with pytest.raises(ValueError, match="work_week needs at least one day"):
        ProfileEntry.model_validate({"code": "DE", "name": "x", "timezone": "UTC",
                                     "work_week": [], "languages": ["en"]})


def test_an_empty_work_week_is_refused_unless_every_contact_is_a_duty_desk() -> None:
    with pytest.raises(ValueError, match="participant DE has an empty work_week; give"):
        Participant(code="DE", name="Germany", timezone="Europe/Berlin", work_week=[],
                    contacts=[Contact(role="policy"), Contact(role="technical", duty_24_7=True)])
    always = Participant(code="DE", name="Germany", timezone="Europe/Berlin", work_week=[],
                         contacts=[Contact(role="technical", duty_24_7=True)])
    assert always.work_week == []

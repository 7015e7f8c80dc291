"""Who the check, reminders, escalations and a bounce's follow-up go to."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from results.mail.plan import (
    NoAddress,
    Sent,
    call_list,
    check_letters,
    deputy_letters,
    next_contact,
    reminder_letters,
)
from simulator.model.check import CheckScenario
from simulator.model.directory import Contact, Directory, Participant


def counter() -> Callable[[int], str]:
    n = itertools.count()
    return lambda run_id: f"r{run_id}-{next(n):010x}"


def sent_of(letters: list) -> list[Sent]:  # type: ignore[type-arg]
    return [Sent(x.participant, x.contact_key, x.role, x.token, f"<{x.token}>") for x in letters]


def test_the_check_goes_to_every_recipient_role_with_its_own_token(
        scenario: CheckScenario, directory: Directory) -> None:
    letters = check_letters(scenario, directory.participants, 5, counter())
    assert [x.contact_key for x in letters] == [
        "XA/policy", "XA/technical", "XB/policy", "XB/technical", "XC/policy", "XC/technical",
        "XD/policy"]
    assert len({x.token for x in letters}) == len(letters)
    assert {x.kind for x in letters} == {"check"} and {x.n for x in letters} == {1}


def test_a_recipient_without_an_address_stops_the_check(scenario: CheckScenario) -> None:
    people = [Participant(code="XZ", name="Z", timezone="UTC",
                          contacts=[Contact(role="policy", phone="+00 555 0100")])]
    with pytest.raises(NoAddress, match="1 contact.*no e-mail address: XZ/policy"):
        check_letters(scenario, people, 1)


def test_reminders_go_to_the_silent_threaded_under_their_check(
        scenario: CheckScenario, directory: Directory) -> None:
    sent = sent_of(check_letters(scenario, directory.participants, 5, counter()))
    letters = reminder_letters(scenario, directory, sent, {"XB", "XD"}, 1, 5)
    assert [(x.contact_key, x.kind, x.n) for x in letters] == [
        ("XB/policy", "reminder", 1), ("XB/technical", "reminder", 1),
        ("XD/policy", "reminder", 1)]
    xb = next(s for s in sent if s.contact == "XB/policy")
    assert letters[0].token == xb.token and letters[0].thread == (xb.first_id,)


def test_reminders_to_deputies_when_asked(scenario: CheckScenario, directory: Directory) -> None:
    sc = scenario.model_copy(update={"check": scenario.check.model_copy(
        update={"reminders_to_deputies": True})})
    sent = sent_of(check_letters(sc, directory.participants, 5, counter()))
    letters = reminder_letters(sc, directory, sent, {"XA"}, 2, 5)
    assert [(x.contact_key, x.n) for x in letters] == [
        ("XA/policy", 2), ("XA/technical", 2), ("XA/deputy_policy", 2)]


def test_escalation_writes_to_the_deputies_not_written_to(
        scenario: CheckScenario, directory: Directory) -> None:
    sent = sent_of(check_letters(scenario, directory.participants, 5, counter()))
    letters = deputy_letters(directory, sent, {"XA", "XB", "XD"}, 5)
    assert [x.contact_key for x in letters] == ["XA/deputy_policy", "XD/deputy_policy"]
    written = sent + sent_of(letters)
    assert deputy_letters(directory, written, {"XA", "XB", "XD"}, 5) == []


def test_after_a_bounce_the_deputy_of_that_role_comes_first(
        scenario: CheckScenario, directory: Directory) -> None:
    sent = sent_of(check_letters(scenario, directory.participants, 5, counter()))
    nxt = next_contact(directory, sent, "XD", "policy", 5)
    assert nxt is not None and nxt.contact_key == "XD/deputy_policy" and nxt.kind == "check"
    assert next_contact(directory, sent + sent_of([nxt]), "XD", "policy", 5) is None
    assert next_contact(directory, sent, "XB", "technical", 5) is None


def test_the_call_list_names_silent_participants_with_a_phone(directory: Directory) -> None:
    assert call_list(directory, {"XA", "XC", "XD"}) == [
        ("XA", "XA/policy", "+00 555 0101"), ("XD", "XD/policy", "+00 555 0104")]

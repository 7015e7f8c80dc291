"""What ``directory show`` says about a directory: work week, roles, freshness, summary."""

from __future__ import annotations

from datetime import date

import pytest

from simulator.directories.describe import (
    contact_count,
    counts_text,
    directory_summary,
    freshness_text,
    oldest_verified,
    roles_text,
    work_week_text,
)
from simulator.model.directory import Contact, Directory, Participant


def _directory() -> Directory:
    return Directory(
        name="Tiny", organisation="TST",
        participants=[
            Participant(code="XA", name="Xanadu", group="north", timezone="Europe/Berlin",
                        contacts=[
                            Contact(role="policy", name="Ada Lovelace", email="ada@xa.example.org",
                                    last_verified=date(2024, 1, 1)),
                            Contact(role="technical", duty_24_7=True,
                                    last_verified=date(2025, 1, 1)),
                        ]),
            Participant(code="XB", name="Xebec", group="south", timezone="Asia/Tokyo",
                        work_week=["sun", "mon", "tue", "wed", "thu"],
                        contacts=[Contact(role="deputy_policy"), Contact(role="liaison")]),
        ],
        custom_roles=["liaison"],
    )


@pytest.mark.parametrize(("days", "text"), [
    (["mon", "tue", "wed", "thu", "fri"], "mon-fri"),
    (["sun", "mon", "tue", "wed", "thu"], "sun-thu"),
    (["sat"], "sat"),
    (["mon", "wed"], "mon,wed"),
    (["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "mon-sun"),
    ([], "-"),
])
def test_work_week_text_names_the_run_of_days_even_across_sunday(
    days: list[str], text: str
) -> None:
    assert work_week_text(days) == text


def test_roles_text_marks_standard_roles_and_duty_desks() -> None:
    d = _directory()
    assert roles_text(d.participants[0].contacts) == "P T*"
    assert roles_text(d.participants[1].contacts) == "p liaison"


def test_freshness_is_the_age_of_the_oldest_entry_or_never() -> None:
    d = _directory()
    assert oldest_verified(d.participants[0].contacts) == date(2024, 1, 1)
    assert freshness_text(d.participants[0].contacts, date(2026, 1, 1)) == "2.0"
    assert oldest_verified(d.participants[1].contacts) is None
    assert freshness_text(d.participants[1].contacts, date(2026, 1, 1)) == "never"


def test_counts() -> None:
    d = _directory()
    assert contact_count(d) == 4
    assert counts_text(d) == "2 participants, 4 contacts"


def test_summary_hides_personal_data_unless_asked() -> None:
    d = _directory()
    hidden = directory_summary(d, personal=False, as_of=date(2026, 1, 1))
    assert hidden["as_of"] == "2026-01-01"
    assert (hidden["participants_count"], hidden["contacts_count"]) == (2, 4)
    xa = hidden["participants"][0]
    assert xa["oldest_verified"] == "2024-01-01" and xa["never_verified"] == 0
    assert xa["roles"] == ["policy", "technical"]
    assert "Ada Lovelace" not in str(hidden) and "ada@xa.example.org" not in str(hidden)
    assert hidden["participants"][1]["never_verified"] == 2
    shown = directory_summary(d, personal=True, as_of=date(2026, 1, 1))
    assert shown["participants"][0]["contacts"][0]["name"] == "Ada Lovelace"
    assert shown["participants"][0]["contacts"][0]["channels"] == ["email"]

"""Composing: placeholders filled, the deadline in local time, the token where it belongs,
reminders threaded under the check, never a link."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from results.mail.compose import Letter, NoMessageText, compose, deadline_local, message_of
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from tests.mail_support import SECRETARIAT, START

NOW = datetime(2026, 3, 10, 12, 5, tzinfo=UTC)


def test_the_check_says_who_and_when_in_local_time(
        scenario: CheckScenario, directory: Directory) -> None:
    letter = Letter("XB", "XB/policy", "policy", "r1-0123456789", "check", 1)
    msg = compose(letter, scenario=scenario, directory=directory, start=START,
                  sender=SECRETARIAT, to="p.xb@pocdrill.test", now=NOW)
    assert msg["Subject"].startswith("[pocdrill:r1-0123456789] Communication check for State XB")
    assert msg["Message-ID"] == "<pocdrill.r1-0123456789.check1@pocdrill.test>"
    assert msg["To"] == "p.xb@pocdrill.test" and SECRETARIAT in msg["From"]
    assert msg["In-Reply-To"] is None
    body = msg.get_content()
    # 12:00 UTC + 4h = 16:00 UTC = 01:00 the next day in Tokyo
    assert "Wednesday 11 March 2026, 01:00 JST" in body
    assert "(2026-03-10 16:00 UTC)" in body
    assert "Dear policy point of contact of State XB (XB)" in body
    assert "- Confirm your details." in body
    assert "http" not in body and "http" not in msg["Subject"]


def test_a_reminder_threads_under_the_check(scenario: CheckScenario, directory: Directory
                                            ) -> None:
    first = "<pocdrill.r1-0123456789.check1@pocdrill.test>"
    letter = Letter("XA", "XA/policy", "policy", "r1-0123456789", "reminder", 1, (first,))
    msg = compose(letter, scenario=scenario, directory=directory, start=START,
                  sender=SECRETARIAT, to="p.xa@pocdrill.test", now=NOW)
    assert msg["Subject"].startswith("[pocdrill:r1-0123456789] Reminder: Communication check")
    assert msg["In-Reply-To"] == first and msg["References"] == first
    assert msg["Message-ID"] == "<pocdrill.r1-0123456789.reminder1@pocdrill.test>"


def test_deadline_local_follows_clock_changes() -> None:
    start = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)  # Vienna changes to summer time on 29 March
    assert deadline_local(start, 24, "Europe/Vienna") == "Sunday 29 March 2026, 14:00 CEST"


def test_a_scenario_without_message_text_cannot_be_sent(scenario: CheckScenario) -> None:
    bare = scenario.model_copy(update={"message": None})
    with pytest.raises(NoMessageText, match="no message text"):
        message_of(bare, "x.yaml")

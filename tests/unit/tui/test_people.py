"""What the drill-down says about a participant: whom to phone, its card."""

from __future__ import annotations

from datetime import date

from simulator.model.outcome import Event
from tests.functional.tui.support import tiny_directory
from tui.forms.help import help_rows
from tui.keys import bind
from tui.people import participant_card, whom_to_phone


def test_whom_to_phone_prefers_a_phone_at_work() -> None:
    xa = tiny_directory().participant("XA")  # policy 24/7 without phone, technical with
    assert whom_to_phone(xa, {("XA", False): True}) == "technical, +00 555 0100: at work now"
    assert whom_to_phone(xa, {("XA", False): False}).endswith("out of office hours now")
    nobody = xa.model_copy(update={"contacts": [xa.contacts[0]]})
    assert whom_to_phone(nobody, {}).startswith("nobody")


def test_the_card_hides_phones_and_e_mails_when_redacted() -> None:
    xa = tiny_directory().participant("XA")
    events = [Event(0.0, "check_sent", "XA"), Event(1.0, "acknowledged", "XA"),
              Event(1.0, "acknowledged", "XB")]
    card = participant_card(xa, "XA", status="acknowledged", local="Tue 13:00", events=events,
                            working={}, today=date(2026, 3, 10)).plain
    assert "+00 555 0100" in card and "p.xa@mfa.example.org" in card
    assert card.count("acknowledged") == 2  # its status and its own event, not XB's
    hidden = participant_card(xa, "XA", status="-", local="Tue 13:00", events=events,
                              working={}, today=date(2026, 3, 10), redact=True).plain
    assert "+00 555" not in hidden and "@" not in hidden


def test_help_rows_put_enabled_keys_first_once_each() -> None:
    screen, app, widget = object(), object(), object()
    ack, note, sort = bind("record('acknowledged')"), bind("note"), bind("cycle_sort")
    rows = help_rows([(screen, ack, False), (screen, note, True), (screen, note, True),
                      (widget, sort, True)], (screen, app))
    assert [label for _, label, _ in rows] == ["Note", "Sort", "Ack"]

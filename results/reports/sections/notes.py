"""The Facilitator notes section of a run's after-action report; with ``redact`` each note
is scrubbed of the names of the run's directory and of anything that looks like an e-mail
address or a phone number, or withheld when the directory cannot be found again (see
:mod:`results.redact`)."""

from __future__ import annotations

from collections.abc import Sequence

from results.reports.document import Para, Section, Table
from results.reports.meta import ContactDetails, NoteRow
from simulator.model.outcome import RunResult
from simulator.text import hours, utc


def notes(
    rows: Sequence[NoteRow], result: RunResult, redact: bool, details: dict[str, ContactDetails],
    scenario_text: str | None = None,
) -> Section:
    """The notes with when they were taken; with ``redact``, scrubbed (``details``: the
    stored personal data, names to scrub too)."""
    if not rows:
        return Section("notes", "Facilitator notes", [Para("No facilitator notes were recorded.")])
    red = None
    if redact:  # the people of the run's directory, else the note is withheld whole
        from results.redact import Redactor, run_people

        stored = [v for d in details.values() for v in (d.name, d.email, d.phone) if v]
        red = Redactor(*run_people(scenario_text, stored))
    table = []
    for n in rows:
        text = (red.note(n.text) or "") if red is not None else n.text
        when = "-" if n.t is None else f"{utc(result.at(n.t))} ({hours(n.t)})"
        table.append([when, n.participant or "-", text])
    return Section("notes", "Facilitator notes", [Table(["When", "Participant", "Note"], table)])

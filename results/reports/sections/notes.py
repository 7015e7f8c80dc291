"""The Facilitator notes section of a run's after-action report; with ``redact`` each note
is scrubbed of the names of the run's people and of anything that looks like an e-mail
address or a phone number, or withheld when the people cannot be known (see
:mod:`results.redact`)."""

from __future__ import annotations

from collections.abc import Sequence

from results.redact import Redactor
from results.reports.document import Para, Section, Table
from results.reports.meta import NoteRow
from simulator.model.outcome import RunResult
from simulator.text import hours, utc


def notes(rows: Sequence[NoteRow], result: RunResult, redactor: Redactor | None) -> Section:
    """The notes with when they were taken; with a ``redactor`` (``--redact``), scrubbed."""
    if not rows:
        return Section("notes", "Facilitator notes", [Para("No facilitator notes were recorded.")])
    table = []
    for n in rows:
        text = (redactor.note(n.text) or "") if redactor is not None else n.text
        when = "-" if n.t is None else f"{utc(result.at(n.t))} ({hours(n.t)})"
        table.append([when, n.participant or "-", text])
    return Section("notes", "Facilitator notes", [Table(["When", "Participant", "Note"], table)])

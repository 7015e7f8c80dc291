"""``--redact``: personal data out of exports and reports, including what a facilitator
typed into a note.

The store keeps contact keys (``DE/policy``), not names. A note is free text, though: a
facilitator may write "called Erika Beispiel on +49 30 1234567". To scrub names the
redactor recognises the run's people by the fingerprints the store kept when the run
started (:mod:`results.name_marks`: any case, with or without accents), so neither the
current folder nor a directory file changed since matters. A run stored before pocdrill
kept them falls back to its directory found again from the stored scenario text
(:func:`results.stored_scenario.stored_scenario`). Addresses and telephone numbers are
recognised by their shape. When the people cannot be known, a note cannot be checked for
names, so it is withheld whole: ``--redact`` promises no personal data, not a best try.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from results.name_marks import NameMarks

if TYPE_CHECKING:
    from results.store import Store
    from simulator.model.directory import Directory

EMAIL_RE = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*\.\w{2,}")
"""E-mail addresses, accented letters included (``zoë@mfa.example.org``)."""

_PHONE_CANDIDATE = re.compile(r"(?<![\w/:.+-])\+?\(?\d[\d ().\-/]{5,}\d(?![\w:])")
_NOT_A_PHONE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
"""Dates, which have the shape of a short number."""

WITHHELD = "[note withheld: --redact could not load the run's directory to check it for names]"


def _phone(m: re.Match[str]) -> str:
    s = m.group(0)
    if sum(c.isdigit() for c in s) < 7 or _NOT_A_PHONE.fullmatch(s.strip()):
        return s
    return "[phone]"


def scrub_shapes(text: str) -> str:
    """``text`` without e-mail addresses and telephone numbers (national or international)."""
    return _PHONE_CANDIDATE.sub(_phone, EMAIL_RE.sub("[email]", text))


def people_of(directory: Directory) -> list[str]:
    """Every name, address and number in ``directory``, and each name's parts (a note may
    name someone by surname alone)."""
    out: set[str] = set()
    for p in directory.members:
        for c in p.contacts:
            for v in (c.email, c.phone):
                if v:
                    out.add(v)
            if c.name:
                out.add(c.name)
                out.update(w for w in re.split(r"[\s,]+", c.name) if len(w) >= 3)
    return sorted(out)


def run_people(scenario_text: str | None, extra: Iterable[str] = (),
               search: Sequence[Path] = ()) -> tuple[list[str], bool]:
    """The personal strings to scrub for a run stored without fingerprints: ``extra``
    (details stored with the run) and the people of its directory found again; and whether
    it was found (if not, the list holds only ``extra``)."""
    from results.stored_scenario import stored_scenario
    from simulator.model.errors import InputError

    known = {e for e in extra if e}
    try:
        found = stored_scenario(scenario_text or "", places=search)
    except InputError:
        return sorted(known), False
    if found.directory is None:
        return sorted(known), False
    return sorted(known | set(people_of(found.directory))), True


def run_redactor(store: Store, run_id: int) -> Redactor:
    """The redactor of stored run ``run_id``: its people's fingerprints kept in the store;
    for a run stored without them, its directory found again (notes withheld whole when it
    cannot be). Personal details stored with the run are scrubbed too."""
    known = [v for d in store.contact_details(run_id).values() for v in d.values() if v]
    marks = store.people_marks(run_id)
    if marks is not None:
        return Redactor(marks.plus(known), literal=known)
    return found_again_redactor(store.get_run(run_id).scenario_text, known)


def found_again_redactor(scenario_text: str | None, known: Sequence[str] = ()) -> Redactor:
    """The redactor of a run without fingerprints: ``known`` (its stored personal details)
    and the people of its directory found again (:func:`run_people`)."""
    people, found = run_people(scenario_text, known)
    names = [p for p in people if "@" not in p and not any(c.isdigit() for c in p)]
    return Redactor(NameMarks.of(names), complete=found, literal=people)


class Redactor:
    """Scrubs free text of one run: its people by name (any case, with or without accents),
    addresses and numbers by shape.

    ``complete`` False means the run's people are unknown: notes are withheld whole.
    ``literal``: strings scrubbed as they are (stored addresses and numbers).
    """

    def __init__(self, names: NameMarks | None, complete: bool = True,
                 literal: Sequence[str] = ()) -> None:
        self.known = complete
        self.names = names
        # longest first, so a full address goes before a part of it
        found = sorted({p for p in literal if len(p) >= 3}, key=len, reverse=True)
        self._literal = (re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in found),
                                    re.IGNORECASE) if found else None)

    def text(self, s: str | None) -> str | None:
        """Scrub generated text (event details, reasons): names if known, shapes always."""
        if not s:
            return s
        if self._literal is not None:
            s = self._literal.sub("[redacted]", s)
        if self.names is not None:
            s = self.names.scrub(s)
        return scrub_shapes(s)

    def note(self, s: str | None) -> str | None:
        """A facilitator's note, scrubbed; withheld whole when names cannot be checked."""
        if not s:
            return s
        if not self.known:
            return WITHHELD
        return self.text(s)

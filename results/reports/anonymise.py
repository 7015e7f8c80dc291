"""``report --anonymise``: a report a secretariat can hand to every participating state.

One mapping is built once per report (:func:`anonymiser_for`): states sorted by code
become ``A``, ``B``, ... ``Z``, ``AA`` ... (their names ``State A`` ...; a label spelt like
a state's code, such as ``AT``, is skipped), and their
groups, sorted, ``Group 1``, ``Group 2`` .... It is applied twice. First to the run itself
before the report is built (:meth:`Anonymiser.result`, :meth:`Anonymiser.notes`), so every
section, table, chart and JSON figure is made from letters, and every figure is computed
from the same numbers as without ``--anonymise``. Then to every text of the finished
report (:meth:`Anonymiser.report`): the scenario's own words (its name, objectives,
stage narratives) may name a state, by code or by name. With ``--redact`` too, nothing
personal remains either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from results.reports.document import Bullets, Para, Report, Sub, Table
from results.reports.meta import ContactDetails, NoteRow
from simulator.model.outcome import Event, RunResult


def letters(n: int) -> str:
    """``0`` -> ``A``, ``25`` -> ``Z``, ``26`` -> ``AA``: spreadsheet-style labels."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


@dataclass
class Anonymiser:
    """Codes, state names and groups replaced by neutral labels, the same everywhere."""

    codes: dict[str, str]
    names: dict[str, str]
    groups: dict[str, str]
    _patterns: dict[bool, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def _words(self, codes: bool) -> dict[str, str]:
        words = {**{g: lab for g, lab in self.groups.items() if g},
                 **{n: lab for n, lab in self.names.items() if n}}
        return {**words, **self.codes} if codes else words

    def text(self, s: str, *, codes: bool = True) -> str:
        """``s`` with every code (unless not ``codes``), state name and group replaced
        (whole words; longest first, all at once, so a label is never replaced again)."""
        if not s:
            return s
        words = self._words(codes)
        if codes not in self._patterns:
            alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            self._patterns[codes] = re.compile(rf"(?<![\w])(?:{alternatives or '(?!)'})(?![\w])")
        return self._patterns[codes].sub(lambda m: words[m.group(0)], s)

    def code(self, c: str | None) -> str | None:
        return None if c is None else self.codes.get(c, self.text(c))

    def value(self, v: Any, *, codes: bool = True) -> Any:
        """Every text in a JSON-like value (keys included) through :meth:`text`; numbers,
        booleans and None untouched."""
        if isinstance(v, str):
            return self.text(v, codes=codes)
        if isinstance(v, dict):
            return {self.value(k, codes=codes): self.value(x, codes=codes) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return type(v)(self.value(x, codes=codes) for x in v)
        return v

    def result(self, r: RunResult) -> RunResult:
        """The run with its states, contacts, events and expectations renamed."""
        participants = [replace(p, code=self.codes.get(p.code, p.code),
                                name=self.names.get(p.name, self.text(p.name)),
                                group=self.groups.get(p.group, p.group),
                                ack_by=self.text(p.ack_by) if p.ack_by else p.ack_by)
                        for p in r.participants]
        contacts = [replace(c, participant=self.codes.get(c.participant, c.participant),
                            key=self.text(c.key)) for c in r.contacts]
        events = [Event(e.t, e.kind, self.code(e.participant),
                        self.text(e.contact) if e.contact else e.contact, e.channel,
                        self.text(e.detail)) for e in r.events]
        expectations = [replace(x, participant=self.codes.get(x.participant, x.participant))
                        for x in r.expectations]
        return replace(r, scenario=self.text(r.scenario), participants=participants,
                       contacts=contacts, events=events, expectations=expectations)

    def notes(self, notes: Iterable[NoteRow]) -> list[NoteRow]:
        return [replace(n, text=self.text(n.text), participant=self.code(n.participant))
                for n in notes]

    def details(self, details: dict[str, ContactDetails]) -> dict[str, ContactDetails]:
        return {self.text(k): v for k, v in details.items()}

    def report(self, report: Report) -> Report:
        """Every text of ``report`` (titles, paragraphs, lists, tables, chart titles and
        the embedded JSON) with state names and groups replaced, in place; the report.
        Codes are not replaced again here: the report was built from letters, and a
        letter label (``AE``) may be spelt like another state's code."""
        def t(s: str) -> str:
            return self.text(s, codes=False)

        report.title, report.subtitle = t(report.title), t(report.subtitle)
        for section in report.sections:
            section.title = t(section.title)
            for block in section.blocks:
                if isinstance(block, Para):
                    block.text = t(block.text)
                elif isinstance(block, Bullets):
                    block.items = [t(x) for x in block.items]
                elif isinstance(block, Sub):
                    block.title = t(block.title)
                elif isinstance(block, Table):
                    block.columns = [t(c) for c in block.columns]
                    block.rows = [[t(str(c)) for c in row] for row in block.rows]
                    block.keys = None if block.keys is None else [t(k) for k in block.keys]
                    block.caption = t(block.caption)
        for chart in report.charts.values():
            chart.title = t(chart.title)
        report.data = self.value(report.data, codes=False)
        report.figures = None if report.figures is None else self.value(report.figures,
                                                                          codes=False)
        return report


def labels(n: int, *, reserved: Iterable[str] = ()) -> list[str]:
    """The first ``n`` letter labels, A, B, ... Z, AA, AB ..., leaving out any spelt like a
    state's code (a reader would take ``AT`` for Austria)."""
    from simulator.directories.countries import known_codes

    taken = known_codes() | set(reserved)
    out: list[str] = []
    k = 0
    while len(out) < n:
        label = letters(k)
        if label not in taken:
            out.append(label)
        k += 1
    return out


def anonymiser_for(states: Sequence[tuple[str, str, str]]) -> Anonymiser:
    """The mapping for ``states`` given as (code, name, group): codes sorted -> A, B, ...;
    groups sorted -> Group 1, Group 2, ...."""
    codes = sorted({c for c, _, _ in states})
    code_map = dict(zip(codes, labels(len(codes), reserved=set(codes)), strict=True))
    names = {name: f"State {code_map[c]}" for c, name, _ in states if name and name != c}
    groups = {g: f"Group {k}" for k, g in enumerate(sorted({g for _, _, g in states if g}),
                                                     start=1)}
    return Anonymiser(code_map, names, groups)


def run_anonymiser(result: RunResult, extra: Sequence[tuple[str, str, str]] = ()) -> Anonymiser:
    """The mapping for a run's states (and ``extra`` ones, e.g. the rest of its directory)."""
    return anonymiser_for([(p.code, p.name, p.group) for p in result.participants] + list(extra))

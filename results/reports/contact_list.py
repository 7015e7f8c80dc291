"""The printable participant and contact list: one clean HTML page a facilitator prints
before a check or a tabletop, with each state's local time and whether its office is open
now and at the deadline.

:func:`contact_list` gathers the rows (a directory, the instant "now" and the deadline, if
any); :func:`contact_list_html` lays them out (one table per group, a print style sheet,
no script). The sources: a directory file, a scenario file (its participating directory
and deadline) or a stored run (:func:`run_list_source`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.model.directory import Directory, Participant
from simulator.model.errors import InputError

if TYPE_CHECKING:
    from results.store import Store


@dataclass(frozen=True)
class ListSource:
    """What a list is made of: a title, a directory and the deadline (None: none known)."""

    title: str
    directory: Directory
    deadline: datetime | None = None


@dataclass(frozen=True)
class Moment:
    """A state's office at one instant: local time, open or not, and why not."""

    local: str
    open: bool
    why: str = ""


@dataclass
class ListedState:
    code: str
    name: str
    group: str
    timezone: str
    hours: str
    now: Moment
    deadline: Moment | None
    contacts: list[list[str]] = field(default_factory=list)


def office_moment(p: Participant, when: datetime, *, duty: bool = False) -> Moment:
    """``p``'s office (or duty desk) at ``when``: its local time and whether it works."""
    from zoneinfo import ZoneInfo

    from simulator.calendar.work import calendar_for

    local = when.astimezone(ZoneInfo(p.timezone))
    shown = local.strftime("%a %d %b %H:%M")
    cal = calendar_for(p, when - timedelta(hours=1), 26.0, duty_24_7=duty)
    if cal.is_working_at(when):
        return Moment(shown, True)
    day = local.strftime("%a").lower()
    holidays = cal.holidays_between(local.date(), local.date())
    why = ("weekend" if day not in p.work_week
           else f"holiday: {holidays[0][1]}" if holidays else "outside office hours")
    return Moment(shown, False, why)


def contact_list(source: ListSource, *, now: datetime, redact: bool = False) -> list[ListedState]:
    """One entry per state of ``source``, in directory order."""
    out = []
    for p in source.directory.participants:
        duty = any(c.duty_24_7 for c in p.contacts) and all(c.duty_24_7 for c in p.contacts)
        state = ListedState(
            p.code, p.name, p.group, p.timezone,
            f"{' '.join(d.capitalize() for d in p.work_week)} {p.office_hours}"
            + (f", holidays {p.holiday_country}" if p.holiday_country else ""),
            office_moment(p, now, duty=duty),
            office_moment(p, source.deadline, duty=duty) if source.deadline else None)
        for key, c in zip(p.contact_keys(), p.contacts, strict=True):
            personal = ["", "", ""] if redact else [c.name or "", c.email or "", c.phone or ""]
            state.contacts.append([key.split("/", 1)[1], *personal, ", ".join(c.languages),
                                   "24/7" if c.duty_24_7 else "",
                                   c.last_verified.isoformat() if c.last_verified else "never"])
        out.append(state)
    return out


_CSS = """
body { font: 10.5pt/1.35 system-ui, sans-serif; margin: 1.5em; color: #111; }
h1 { font-size: 15pt; margin: 0 0 .2em; } h2 { font-size: 12pt; margin: 1.2em 0 .3em; }
p.meta { color: #444; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
th, td { border-bottom: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } tr { page-break-inside: avoid; }
.open { color: #0a6b2b; } .closed { color: #9b1c1c; } .state { font-weight: 600; }
@media print { body { margin: 0; } th { background: none; border-bottom: 2px solid #000; } }
"""


def _moment(m: Moment | None) -> str:
    if m is None:
        return ""
    state = "open" if m.open else f"closed ({m.why})"
    return f'{html.escape(m.local)}<br><span class="{"open" if m.open else "closed"}">' \
           f"{html.escape(state)}</span>"


def contact_list_html(source: ListSource, *, now: datetime, redact: bool = False) -> str:
    """The printable page (see the module docstring)."""
    states = contact_list(source, now=now, redact=redact)
    e = html.escape
    deadline = (f"; deadline {source.deadline.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
                if source.deadline else "")
    head = ["Code", "State", "Zone", "Working hours", "Local now"]
    head += ["Local at the deadline"] if source.deadline else []
    head += ["Role", "Name", "E-mail", "Phone", "Languages", "24/7", "Verified"]
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
             f"{e(source.title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(source.title)}</h1>",
             f"<p class=\"meta\">{len(states)} participants; local times at "
             f"{now.astimezone(UTC):%Y-%m-%d %H:%M} UTC{e(deadline)}"
             + ("; names, e-mails and phones left out" if redact else "") + "</p>"]
    for group in dict.fromkeys(s.group for s in states):
        parts.append(f"<h2>{e(group or '(no group)')}</h2><table><thead><tr>"
                     + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>")
        for s in (s for s in states if s.group == group):
            for k, contact in enumerate(s.contacts or [[""] * 7]):
                first = k == 0
                cells = [e(s.code), f'<span class="state">{e(s.name)}</span>', e(s.timezone),
                         e(s.hours), _moment(s.now)] if first else [""] * 5
                if source.deadline:
                    cells.append(_moment(s.deadline) if first else "")
                cells += [e(c) for c in contact]
                parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("<p class=\"meta\">Printed from pocdrill.</p></body></html>")
    return "\n".join(parts)


def file_list_source(path: Path) -> ListSource:
    """A directory file, or a scenario file (its participating directory and deadline)."""
    from simulator.io.directory_files import load_directory
    from simulator.io.scenario_files import load_scenario, load_yaml

    if path.suffix.lower() in (".yaml", ".yml"):
        data, _ = load_yaml(path)
        if isinstance(data, dict) and ("check" in data or "injects" in data):
            loaded = load_scenario(path)
            sc = loaded.scenario
            return ListSource(sc.name, _participating(sc, loaded.directory()),
                              _deadline(sc))
    directory = load_directory(path)
    return ListSource(f"{directory.name} ({directory.organisation})", directory)


def run_list_source(store: Store, run_id: int) -> ListSource:
    """The participants of stored run ``run_id`` with their directory found again, and
    the run's deadline; an InputError when the directory cannot be found."""
    from results.store import queries
    from results.stored_scenario import stored_scenario

    text = queries.scenario_text(store, run_id)
    if not text:
        raise InputError.single(f"run {run_id}", "", "has no stored scenario to list")
    found = stored_scenario(text, source=f"run {run_id}")
    if found.directory is None:
        raise InputError.single(f"run {run_id}", "", "its directory was not found again; "
                                "run the command from the scenario's folder")
    sc = found.loaded.scenario
    return ListSource(f"{sc.name} (run {run_id})", _participating(sc, found.directory),
                      _deadline(sc))


def _participating(sc: object, directory: Directory) -> Directory:
    from simulator.model.tabletop import TabletopScenario

    return sc.participating(directory) if isinstance(sc, TabletopScenario) else directory


def _deadline(sc: object) -> datetime:
    from simulator.model.tabletop import TabletopScenario

    if isinstance(sc, TabletopScenario):
        return sc.start + timedelta(hours=sc.deadline_hours)
    from simulator.model.check import CheckScenario

    assert isinstance(sc, CheckScenario)
    return sc.check.start + timedelta(hours=sc.check.deadline)

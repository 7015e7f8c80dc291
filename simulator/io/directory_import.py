"""A directory from a secretariat's spreadsheet (CSV or xlsx), one row per contact.

:func:`import_directory` reads the columns :mod:`simulator.io.directory_columns` names,
finds each state by code or name (:mod:`simulator.directories.countries`) and fills the
zone, work week, office hours, holidays, group and languages the file leaves out from
its country profile, saying which it filled (:attr:`Imported.filled`). Every problem is
reported at its row and column, all at once: an unknown column, a country that matches
nothing, two rows for the same role of a state, a value that is not yes/no, a date
without a year (and, from :func:`simulator.io.spreadsheet.read_sheet`, a formula, a
merged cell, text that is not UTF-8).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.directories.countries import close_countries, country_by_code, find_country
from simulator.directories.profiles import ProfileEntry
from simulator.io.directory_columns import CONTACT_FIELDS, IGNORE, field_of, unknown_column
from simulator.io.directory_validation import validate_directory
from simulator.io.sheet_values import a_date, a_list, role_name, text, yes_no
from simulator.io.spreadsheet import Cell, Sheet, cell_location, column_letter
from simulator.model.directory import Directory
from simulator.model.errors import InputError, Problem

FILLABLE = {"timezone": "timezone", "work_week": "work week", "office_hours": "office hours",
            "holiday_country": "holidays", "languages": "languages", "group": "group"}
"""Participant fields a country profile fills when the file leaves them out, and how the
summary names them."""

_STATE_TO_MODEL = {"state_languages": "languages", "country": "name"}
_LISTS = ("work_week", "state_languages", "languages")


@dataclass
class Imported:
    """A directory read from a spreadsheet, and what was filled from country profiles."""

    directory: Directory
    mapping: dict[str, str]
    """Every header of the file -> the field it was read as (to save for next time)."""
    filled: dict[str, list[str]] = field(default_factory=dict)
    """Summary name of a filled field -> codes of the states it was filled for."""
    rows: int = 0

    def summary(self) -> list[str]:
        """Lines saying what was read and what was filled from country profiles."""
        d = self.directory
        contacts = sum(len(p.contacts) for p in d.participants)
        lines = [f"read {self.rows} rows: {len(d.participants)} states, {contacts} contacts"]
        by_codes: dict[tuple[str, ...], list[str]] = {}
        for what, codes in self.filled.items():
            by_codes.setdefault(tuple(codes), []).append(what)
        for group, whats in by_codes.items():
            shown = ", ".join(group[:8]) + (f" and {len(group) - 8} more" if len(group) > 8 else "")
            lines.append(f"filled from the country profile for {len(group)} "
                         f"state{'s' if len(group) != 1 else ''} ({shown}): {', '.join(whats)}")
        return lines


@dataclass
class _State:
    code: str
    row: int
    entry: ProfileEntry | None
    values: dict[str, Any]
    contacts: list[dict[str, Any]] = field(default_factory=list)
    contact_rows: list[int] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)


@dataclass
class _Reading:
    sheet: Sheet
    columns: dict[str, int]  # field -> column index
    prefer: str = "un"  # the profile whose entries are matched first
    states: dict[str, _State] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, row: int, fld: str, message: str) -> None:
        col = self.columns.get(fld)
        where = (cell_location(row, col, self.sheet.header[col]) if col is not None
                 else f"row {row}")
        self.problems.append(Problem(self.sheet.source, where, message))


def import_directory(sheet: Sheet, *, mapping: Mapping[str, str] | None = None,
                     name: str | None = None, organisation: str | None = None,
                     custom_roles: Sequence[str] = (), profile: str | None = None) -> Imported:
    """The directory ``sheet`` holds (see the module docstring), states matched in
    ``profile``'s list first (osce, arf, oas or un; default un); an InputError listing
    every problem by row and column."""
    from simulator.directories.profiles import load_profile

    reading, resolved = _columns(sheet, mapping or {})
    if profile is not None:
        load_profile(profile)  # an unknown name is an InputError
        reading.prefer = profile.strip().lower()
    if not reading.problems:
        for n, values in sheet.rows:
            _read_row(reading, n, values)
    filled = _fill(reading) if not reading.problems else {}
    if reading.problems:
        raise InputError(sorted(reading.problems, key=_order))
    stem = re.split(r"[-_ .]+", sheet.source.rsplit("/", 1)[-1])[0] or "directory"
    data = {
        "name": name or sheet.source.rsplit("/", 1)[-1].rsplit(".", 1)[0],
        "organisation": organisation or stem.upper(),
        "custom_roles": list(custom_roles),
        "participants": [_participant_data(s) for s in reading.states.values()],
    }
    directory = validate_directory(data, sheet.source, _locator(reading))
    return Imported(directory, resolved, filled, len(sheet.rows))


def _order(p: Problem) -> tuple[int, str]:
    m = re.match(r"row (\d+)", p.location)
    return (int(m.group(1)) if m else 0, p.location)


def _columns(sheet: Sheet, mapping: Mapping[str, str]) -> tuple[_Reading, dict[str, str]]:
    reading = _Reading(sheet, {})
    resolved: dict[str, str] = {}
    for k, header in enumerate(sheet.header):
        if not header:
            if any(text(sheet.value(v, k)) for _, v in sheet.rows):
                reading.problems.append(Problem(sheet.source, cell_location(1, k),
                                                "a column without a header; name it"))
            continue
        fld = field_of(header, mapping)
        if fld is None:
            reading.problems.append(Problem(sheet.source, cell_location(1, k, header),
                                            unknown_column(header)))
            continue
        resolved[header] = fld
        if fld == IGNORE:
            continue
        if fld in reading.columns:
            first = reading.columns[fld]
            reading.problems.append(Problem(
                sheet.source, cell_location(1, k, header),
                f"holds {fld} like column {column_letter(first)} "
                f"({sheet.header[first]}); map one of them to another field or to ignore"))
            continue
        reading.columns[fld] = k
    if "role" not in reading.columns:
        reading.problems.append(Problem(sheet.source, "row 1", "no role column; add one "
                                        "(policy, technical, ...) or map yours with --map"))
    if "code" not in reading.columns and "country" not in reading.columns:
        reading.problems.append(Problem(sheet.source, "row 1", "no country or code column; "
                                        "add one or map yours with --map"))
    return reading, resolved


def _cells(reading: _Reading, values: Sequence[Cell]) -> dict[str, Cell]:
    return {f: reading.sheet.value(values, k) for f, k in reading.columns.items()}


def _read_row(reading: _Reading, n: int, values: Sequence[Cell]) -> None:
    cells = _cells(reading, values)
    state = _state_of(reading, n, cells)
    if state is None:
        return
    role = role_name(cells.get("role"))
    if not role:
        reading.problem(n, "role", "no role; name it, e.g. policy or technical")
        return
    if role in state.roles:
        reading.problem(n, "role", f"{state.code} already has a {role} contact on row "
                        f"{state.roles[role]}; give this one another role (e.g. deputy_{role}) "
                        "or remove the row")
        return
    state.roles[role] = n
    contact: dict[str, Any] = {"role": role}
    for fld in CONTACT_FIELDS[1:]:
        v = cells.get(fld)
        try:
            parsed = _contact_value(fld, v)
        except ValueError as e:
            reading.problem(n, fld, str(e))
            continue
        if parsed not in (None, "", []):
            contact[fld] = parsed
    state.contacts.append(contact)
    state.contact_rows.append(n)


def _contact_value(fld: str, v: Cell) -> Any:
    if fld in ("portal", "duty_24_7", "mandate"):
        return yes_no(v)
    if fld == "last_verified":
        return a_date(v)
    if fld == "languages":
        return [x.lower() for x in a_list(v)]
    return text(v)


def _state_of(reading: _Reading, n: int, cells: dict[str, Cell]) -> _State | None:
    """The state of row ``n`` (created at its first row); None after a problem."""
    code, country = text(cells.get("code")).upper(), text(cells.get("country"))
    if code:
        entry = country_by_code(code, reading.prefer)
    elif country:
        entry = find_country(country, reading.prefer)
        if entry is None:
            close = close_countries(country)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            reading.problem(n, "country", f"{country!r} matches no country{hint}; write its "
                            "ISO code in a code column (and its timezone for an organisation)")
            return None
        code = entry.code
    else:
        reading.problem(n, "code" if "code" in reading.columns else "country",
                        "no country or code; name the state of this contact")
        return None
    values = {f: text(cells.get(f)) for f in reading.columns
              if f not in CONTACT_FIELDS and f != "code"}
    if entry is not None and country.upper() == entry.code:
        values["country"] = ""  # a code in the country column names no state
    if code not in reading.states:
        reading.states[code] = _State(code, n, entry, values)
        return reading.states[code]
    state = reading.states[code]
    for f, v in values.items():
        old = state.values.get(f, "")
        if f == "country" and _same_country(v, old):
            continue
        if v and old and (a_list(v) != a_list(old) if f in _LISTS else v != old):
            reading.problem(n, f, f"{v!r} differs from {old!r} on row {state.row}; a state's "
                            "columns must be the same on each of its rows (or leave them empty)")
        elif v and not old:
            state.values[f] = v
    return state


def _same_country(a: str, b: str) -> bool:
    """Whether two ways of writing a state name the same one (Germany, germany)."""
    if not a or not b:
        return True
    found = find_country(a)
    return found is not None and found.code == getattr(find_country(b), "code", None)


def _fill(reading: _Reading) -> dict[str, list[str]]:
    """Fill what each state leaves out from its country profile; a problem for a state
    without a zone and without a profile."""
    filled: dict[str, list[str]] = {}
    for s in reading.states.values():
        if s.entry is None:
            if not s.values.get("timezone"):
                reading.problem(s.row, "code", f"{s.code} matches no country profile; add "
                                "a timezone column (and work_week, holiday_country) for it")
            continue
        profile = s.entry.participant_fields()
        for f, what in FILLABLE.items():
            key = "state_languages" if f == "languages" else f
            if s.values.get(key) or profile.get(f) in (None, "", []):
                continue
            s.values[key] = profile[f]
            filled.setdefault(what, []).append(s.code)
        if not s.values.get("country"):
            s.values["country"] = s.entry.name
    return filled


def _participant_data(s: _State) -> dict[str, Any]:
    data: dict[str, Any] = {"code": s.code, "name": s.code, "contacts": s.contacts}
    for f, v in s.values.items():
        if v in ("", None, []):
            continue
        key = _STATE_TO_MODEL.get(f, f)
        data[key] = a_list(v) if f in _LISTS and isinstance(v, str) else v
    return data


def _locator(reading: _Reading) -> Callable[[tuple[int | str, ...]], str]:
    """A model location as the cell it came from: ``row 7, column E (email)``."""
    states = list(reading.states.values())
    back = {v: k for k, v in _STATE_TO_MODEL.items()}

    def at(row: int, fld: str) -> str:
        col = reading.columns.get(fld)
        return cell_location(row, col, reading.sheet.header[col]) if col is not None \
            else f"row {row} ({fld}, filled from the country profile)"

    def locate(loc: tuple[int | str, ...]) -> str:
        if len(loc) < 2 or loc[0] != "participants":
            return "(top)" if not loc else f"--{loc[0]}"
        s = states[int(loc[1])]
        rest = loc[2:]
        if len(rest) >= 2 and rest[0] == "contacts" and isinstance(rest[1], int):
            row = s.contact_rows[rest[1]]
            return at(row, str(rest[2])) if len(rest) > 2 else f"row {row}"
        return at(s.row, back.get(str(rest[0]), str(rest[0]))) if rest else f"row {s.row}"

    return locate

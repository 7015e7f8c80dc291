"""Directory files in CSV: one row per contact, the participant's columns repeated on each
of its rows, the directory's own columns optional (the first non-empty value is used).

Problems are located by row and column, e.g. ``row 12 (DE/policy).email``; spreadsheets
saved with semicolons (European locales) are read as well.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from simulator.io.directory_validation import Locate, validate_directory
from simulator.model.directory import Directory
from simulator.model.errors import InputError, Problem

DIRECTORY_COLUMNS = ("directory", "organisation", "description", "custom_roles")
"""Optional CSV columns naming the directory (the first non-empty value is used)."""

PARTICIPANT_COLUMNS = (
    "code", "name", "group", "timezone", "work_week", "office_hours", "holiday_country",
    "holiday_subdiv", "languages", "capacity",
)
"""CSV columns of the participant, repeated on each of its contact rows."""

CONTACT_COLUMNS = (
    "role", "contact_name", "email", "phone", "portal", "contact_languages", "duty_24_7",
    "mandate", "last_verified",
)
"""CSV columns of one contact."""

CSV_COLUMNS = DIRECTORY_COLUMNS + PARTICIPANT_COLUMNS + CONTACT_COLUMNS
"""Every CSV column, in the order :func:`directory_to_csv` writes them."""

_CONTACT_FIELD_TO_COLUMN = {"name": "contact_name", "languages": "contact_languages"}
_CONTACT_COLUMN_TO_FIELD = {v: k for k, v in _CONTACT_FIELD_TO_COLUMN.items()}
_LIST_PARTICIPANT = ("work_week", "languages")


def _split_list(value: str) -> list[str]:
    return [x for x in re.split(r"[,;\s]+", value.strip()) if x]


def _row_number(p: Problem) -> int:
    m = re.match(r"row (\d+)", p.location)
    return int(m.group(1)) if m else 0


@dataclass
class _Gathered:
    """Participants as read from the rows, with the rows each came from."""

    top: dict[str, Any] = field(default_factory=dict)
    participants: list[dict[str, Any]] = field(default_factory=list)
    first_row: list[int] = field(default_factory=list)  # per participant: its first row
    first_values: list[dict[str, str]] = field(default_factory=list)
    contact_rows: list[list[int]] = field(default_factory=list)  # per participant, per contact
    by_code: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def directory_from_csv(
    text: str, source: str = "<directory>", stem: str = "directory"
) -> Directory:
    """Validate a directory given as CSV text; ``stem`` names it when no column does."""
    rows = _rows(text, source)
    header = [h.strip().lower() for h in rows[0]]
    _check_header(header, source)
    if not any(v.strip() for values in rows[1:] for v in values):
        raise InputError.single(
            source, "row 2", "no rows under the header; add one row per contact")
    g = _Gathered()
    for n, values in enumerate(rows[1:], start=2):
        if any(v.strip() for v in values):
            _gather_row(g, n, values, header, source)
    data = _directory_data(g, stem)
    locate = _locator(g)
    if g.problems:
        # Report the structural problems together with the field problems.
        problems = list(g.problems)
        try:
            validate_directory(data, source, locate)
        except InputError as e:
            problems += e.problems
        raise InputError(sorted(problems, key=_row_number))
    return validate_directory(data, source, locate)


def _rows(text: str, source: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to a European locale save with semicolons.
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as e:
        where = f"row {reader.line_num}"
        raise InputError.single(source, where, f"CSV syntax error: {e}") from None
    if not rows:
        raise InputError.single(source, "row 1", "empty file; the first row must name the columns")
    return rows


def _check_header(header: list[str], source: str) -> None:
    problems: list[Problem] = []
    for k, h in enumerate(header):
        if h not in CSV_COLUMNS:
            problems.append(Problem(
                source, f"row 1, column {k + 1}",
                f"unknown column {h!r}; use {', '.join(CSV_COLUMNS)}",
            ))
        elif header.index(h) != k:
            problems.append(
                Problem(source, f"row 1, column {k + 1}", f"column {h!r} appears twice")
            )
    for required in ("code", "name", "timezone", "role"):
        if required not in header:
            problems.append(Problem(source, "row 1", f"required column {required!r} is missing"))
    if problems:
        raise InputError(problems)


def _gather_row(g: _Gathered, n: int, values: list[str], header: list[str], source: str) -> None:
    """Add row ``n``: its participant (the first time the code appears) and its contact."""
    if len(values) > len(header):
        g.problems.append(Problem(
            source, f"row {n}",
            f"{len(values)} values for {len(header)} columns; quote values that contain commas",
        ))
        return
    row = {h: (values[k].strip() if k < len(values) else "") for k, h in enumerate(header)}
    for col in DIRECTORY_COLUMNS:
        if row.get(col) and col not in g.top:
            g.top[col] = row[col]
    code = row["code"].upper()
    if not code:
        g.problems.append(Problem(source, f"row {n}.code", "required field is missing"))
        return
    pvals = {c: row[c] for c in PARTICIPANT_COLUMNS if c in row}
    if code not in g.by_code:
        _new_participant(g, code, n, pvals)
    i = g.by_code[code]
    for c, v in pvals.items():
        old = g.first_values[i][c]
        same = (_split_list(v) == _split_list(old)) if c in _LIST_PARTICIPANT else v == old
        if c != "code" and not same:
            g.problems.append(Problem(
                source, f"row {n} ({code}).{c}",
                f"{v!r} differs from {old!r} on row {g.first_row[i]}; a participant's columns "
                "must be the same on each of its rows (or is this a duplicate code?)",
            ))
    if not row.get("role"):
        filled = [c for c in CONTACT_COLUMNS if row.get(c)]
        if filled:
            g.problems.append(Problem(
                source, f"row {n} ({code}).role",
                f"required field is missing (the row has {', '.join(filled)}); "
                "name the role, e.g. policy or technical",
            ))
        return  # a participant row without a contact
    contact: dict[str, Any] = {}
    for col in CONTACT_COLUMNS:
        v = row.get(col, "")
        name = _CONTACT_COLUMN_TO_FIELD.get(col, col)
        if col == "contact_languages":
            if v:
                contact[name] = _split_list(v)
        elif v:
            contact[name] = v
    g.participants[i]["contacts"].append(contact)
    g.contact_rows[i].append(n)


def _new_participant(g: _Gathered, code: str, n: int, pvals: dict[str, str]) -> None:
    g.by_code[code] = len(g.participants)
    participant: dict[str, Any] = {"contacts": []}
    for c, v in pvals.items():
        if c in _LIST_PARTICIPANT:
            if v:
                participant[c] = _split_list(v)
        elif c in ("group",):
            participant[c] = v
        elif v:
            participant[c] = v
    g.participants.append(participant)
    g.first_row.append(n)
    g.first_values.append(pvals)
    g.contact_rows.append([])


def _directory_data(g: _Gathered, stem: str) -> dict[str, Any]:
    """The directory mapping to validate: the gathered participants and the top columns."""
    top = g.top
    if "custom_roles" in top:
        top["custom_roles"] = _split_list(top["custom_roles"])
    data: dict[str, Any] = {
        "name": top.get("directory") or stem,
        "organisation": top.get("organisation") or re.split(r"[-_ .]+", stem)[0].upper() or stem,
        "participants": g.participants,
    }
    if "description" in top:
        data["description"] = top["description"]
    if "custom_roles" in top:
        data["custom_roles"] = top["custom_roles"]
    return data


def _locator(g: _Gathered) -> Locate:
    """Name model locations by row and column: ``row 12 (DE/policy).email``."""
    codes = list(g.by_code)

    def locate(loc: tuple[int | str, ...]) -> str:
        if not loc:
            return "(top)"
        if loc[0] != "participants":
            col = {"name": "directory"}.get(str(loc[0]), str(loc[0]))
            return f"column {col}"
        if len(loc) == 1:
            return "(top)"
        i = int(loc[1])
        code = codes[i]
        rest = loc[2:]
        if len(rest) >= 2 and rest[0] == "contacts" and isinstance(rest[1], int):
            j = rest[1]
            role = g.participants[i]["contacts"][j].get("role", "?")
            where = f"row {g.contact_rows[i][j]} ({code}/{role})"
            tail = rest[2:]
            if tail:
                col = _CONTACT_FIELD_TO_COLUMN.get(str(tail[0]), str(tail[0]))
                where += "." + col + "".join(f"[{x}]" for x in tail[1:] if isinstance(x, int))
            return where
        where = f"row {g.first_row[i]} ({code})"
        if rest:
            where += "." + str(rest[0]) + "".join(f"[{x}]" for x in rest[1:] if isinstance(x, int))
        return where

    return locate


def _bool(v: bool | None) -> str:
    return "" if v is None else ("true" if v else "false")


def directory_to_csv(directory: Directory) -> str:
    """The CSV text of ``directory``: one row per contact, all :data:`CSV_COLUMNS`."""
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for p in directory.participants:
        for c in p.contacts:
            w.writerow([
                directory.name, directory.organisation, directory.description,
                " ".join(directory.custom_roles),
                p.code, p.name, p.group, p.timezone, " ".join(p.work_week), p.office_hours,
                p.holiday_country or "", p.holiday_subdiv or "", " ".join(p.languages),
                p.capacity.value,
                c.role, c.name or "", c.email or "", c.phone or "", _bool(c.portal),
                " ".join(c.languages), _bool(c.duty_24_7), _bool(c.mandate),
                c.last_verified.isoformat() if c.last_verified else "",
            ])
    return out.getvalue()

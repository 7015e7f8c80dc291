"""Loading and saving points-of-contact directories (YAML and CSV) and their JSON Schema.

:func:`load_directory` reads ``.yaml``/``.yml`` (the :class:`~simulator.model.directory.Directory`
model as a mapping) or ``.csv`` (one row per contact, the participant's columns repeated on
each of its rows). Every problem in the file is collected and raised together as one
:class:`~simulator.model.errors.InputError`, one ``FILE: LOCATION: MESSAGE`` line per problem, with
locations such as ``participants[3] (DE).contacts[0].email`` (YAML) or
``row 12 (DE/policy).email`` (CSV). One bad participant never hides another.

:func:`save_directory` writes either format by extension; ``load_directory(save_directory(d))``
gives back ``d`` exactly.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from simulator.io.yaml_strict import StrictLoader
from simulator.model.base import is_participant_code, normalise_code
from simulator.model.directory import Contact, Directory, Participant
from simulator.model.errors import InputError, Problem, format_loc, problems_from_validation

YAML_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIXES = (".csv",)

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
"""Every CSV column, in the order :func:`save_directory` writes them."""

_CONTACT_FIELD_TO_COLUMN = {"name": "contact_name", "languages": "contact_languages"}
_CONTACT_COLUMN_TO_FIELD = {v: k for k, v in _CONTACT_FIELD_TO_COLUMN.items()}
_LIST_PARTICIPANT = ("work_week", "languages")
_DIRECTORY_LINE = re.compile(
    r"^participants\[(\d+)\](?: \([^)]*\))?(?:\.contacts\[(\d+)\])?(?:\.(\w+))?: (.*)$"
)

_ROLE = re.compile(r"[a-z][a-z0-9_]*")

Locate = Callable[[tuple[int | str, ...]], str]


# --------------------------------------------------------------------------- loading


def load_directory(path: str | Path) -> Directory:
    """Load and validate a directory file (``.yaml``, ``.yml`` or ``.csv``).

    Raises :class:`InputError` listing every problem found.
    """
    p = Path(path)
    source = str(path)
    suffix = p.suffix.lower()
    if suffix not in YAML_SUFFIXES + CSV_SUFFIXES:
        raise InputError.single(source, "", _unknown_format(p))
    text = _read_text(p, source)
    if suffix in CSV_SUFFIXES:
        return _directory_from_csv(text, source, p.stem)
    return _directory_from_yaml(text, source)


def _unknown_format(p: Path) -> str:
    return f"unknown directory format {p.suffix or '(none)'!r}; use .yaml, .yml or .csv"


def directory_from_yaml_text(text: str, source: str = "<directory>") -> Directory:
    """Validate a directory given as YAML text (``source`` names it in problems)."""
    return _directory_from_yaml(text, source)


def directory_from_csv_text(
    text: str, source: str = "<directory>", stem: str = "directory"
) -> Directory:
    """Validate a directory given as CSV text; ``stem`` names it when no column does."""
    return _directory_from_csv(text, source, stem)


def _read_text(p: Path, source: str) -> str:
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError.single(source, "", "no such file; check the path") from None
    except IsADirectoryError:
        raise InputError.single(source, "", "is a directory, not a directory file") from None
    except (PermissionError, UnicodeDecodeError) as e:
        raise InputError.single(source, "", f"cannot read ({e}); save it as UTF-8 text") from None


class _Loader(StrictLoader):
    """Safe YAML (libyaml's when available: same result, several times faster), no key
    twice in a mapping, and dates stay text so that a bad date is reported by field, not
    as a crash."""


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _directory_from_yaml(text: str, source: str) -> Directory:
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e)
        raise InputError.single(source, where, f"YAML syntax error: {problem}") from None
    if not isinstance(data, dict):
        raise InputError.single(
            source, "(top)",
            "a directory must be a mapping with name, organisation and participants",
        )
    labels: dict[tuple[int | str, ...], str] = {}
    parts = data.get("participants")
    if isinstance(parts, list):
        for i, p in enumerate(parts):
            if isinstance(p, dict) and isinstance(p.get("code"), str):
                labels[("participants", i)] = p["code"].strip().upper()

    def locate(loc: tuple[int | str, ...]) -> str:
        return format_loc(loc, labels) or "(top)"

    return _validate(data, source, locate, labels)


def _validate(
    data: dict[str, Any],
    source: str,
    locate: Locate,
    labels: dict[tuple[int | str, ...], str] | None = None,
) -> Directory:
    """Validate participants one by one, then the whole, collecting every problem.

    Problems are sorted by where they are (top level first, then participant by participant).
    """
    found: list[tuple[tuple[int, ...], Problem]] = []
    top = {k: v for k, v in data.items() if k != "participants"}
    try:
        Directory.model_validate({**top, "participants": []})
    except ValidationError as e:
        found += _located(source, e, (), locate)
    parts = data.get("participants", [])
    if not isinstance(parts, list):
        where = locate(("participants",))
        found.append(((-1,), Problem(source, where, "must be a list of participants")))
        parts = []
    checked: list[Participant] = []  # valid participants and stand-ins for invalid ones
    index: list[int] = []  # the file's index of each in ``checked``
    all_valid = True
    for i, raw in enumerate(parts):
        try:
            checked.append(Participant.model_validate(raw))
            index.append(i)
        except ValidationError as e:
            all_valid = False
            found += _located(source, e, ("participants", i), locate)
            stand_in = _stand_in(raw)
            if stand_in is not None:
                checked.append(stand_in)
                index.append(i)
    # Directory-wide checks (duplicate codes, undeclared roles) on every participant whose
    # code could be read, with indices mapped back to the file's.
    directory = None
    try:
        directory = Directory.model_validate({**top, "participants": checked})
    except ValidationError as e:
        for err in e.errors(include_url=False):
            if err["loc"]:
                continue  # top-level field problems were reported above
            msg = err["msg"].removeprefix("Value error, ")
            for line in msg.splitlines():
                found.append(_directory_line(source, line, index, locate))
    if found or not all_valid or directory is None:
        found.sort(key=lambda kp: kp[0])
        raise InputError(p for _, p in found)
    return directory


def _stand_in(raw: Any) -> Participant | None:
    """An unvalidated participant holding just the code and the well-formed roles of ``raw``,
    so that duplicate codes and unknown roles are found even in an invalid participant."""
    if not isinstance(raw, dict) or not isinstance(raw.get("code"), str):
        return None
    code = normalise_code(raw["code"])
    if not is_participant_code(code):
        return None
    contacts = []
    for c in raw.get("contacts") or []:
        role = c.get("role") if isinstance(c, dict) else None
        if isinstance(role, str) and _ROLE.fullmatch(role.strip()):
            contacts.append(Contact.model_construct(role=role.strip()))
        else:  # keep the contact indices right; the standard role raises nothing here
            contacts.append(Contact.model_construct(role="policy"))
    if not contacts:  # Participant's own check (reported already) wants one
        contacts.append(Contact.model_construct(role="policy"))
    return Participant.model_construct(code=code, contacts=contacts)  # type: ignore[call-arg]


_HINTS = {
    "date": "; write dates as YYYY-MM-DD",
    "bool": "; use true or false",
    "int": "; use a whole number",
    "list": "; use a list such as [en, fr]",
}


def _hint(error_type: str) -> str:
    for prefix, hint in _HINTS.items():
        if error_type.startswith(prefix):
            return hint
    return ""


def _order(loc: tuple[int | str, ...]) -> tuple[int, ...]:
    """Sort key: top-level problems first, then by participant and contact index."""
    key = [n for n in loc if isinstance(n, int)][:2]
    return (-1,) if not key else tuple(key)


def _located(
    source: str, err: ValidationError, prefix: tuple[int | str, ...], locate: Locate
) -> list[tuple[tuple[int, ...], Problem]]:
    """Problems of a validation error raised below ``prefix``, located by ``locate``."""
    # problems_from_validation words the messages; its problems come one per error, in order.
    worded = problems_from_validation(source, err)
    errors = err.errors(include_url=False)
    out = []
    for p, e in zip(worded, errors, strict=True):
        loc = prefix + tuple(e["loc"])
        out.append((_order(loc), Problem(source, locate(loc), p.message + _hint(e["type"]))))
    return out


def _directory_line(
    source: str, line: str, index: list[int], locate: Locate
) -> tuple[tuple[int, ...], Problem]:
    """One line of the Directory validator's message, its participant indices remapped."""
    m = _DIRECTORY_LINE.match(line)
    if not m:
        return (-1,), Problem(source, "(top)", line)
    loc: tuple[int | str, ...] = ("participants", index[int(m.group(1))])
    if m.group(2) is not None:
        loc += ("contacts", int(m.group(2)))
    if m.group(3):
        loc += (m.group(3),)

    def other(r: re.Match[str]) -> str:
        k = int(r.group(1))
        return locate(("participants", index[k])) if k < len(index) else r.group(0)

    msg = re.sub(r"participants\[(\d+)\]", other, m.group(4))
    return _order(loc), Problem(source, locate(loc), msg)


# --------------------------------------------------------------------------- CSV


def _split_list(value: str) -> list[str]:
    return [x for x in re.split(r"[,;\s]+", value.strip()) if x]


def _row_number(p: Problem) -> int:
    m = re.match(r"row (\d+)", p.location)
    return int(m.group(1)) if m else 0


def _directory_from_csv(text: str, source: str, stem: str) -> Directory:
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
    header = [h.strip().lower() for h in rows[0]]
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

    top: dict[str, Any] = {}
    participants: list[dict[str, Any]] = []
    first_row: list[int] = []  # per participant: its first row number
    first_values: list[dict[str, str]] = []
    contact_rows: list[list[int]] = []  # per participant: row number of each contact
    by_code: dict[str, int] = {}
    for n, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            problems.append(Problem(
                source, f"row {n}",
                f"{len(values)} values for {len(header)} columns; quote values that contain commas",
            ))
            continue
        row = {h: (values[k].strip() if k < len(values) else "") for k, h in enumerate(header)}
        for col in DIRECTORY_COLUMNS:
            if row.get(col) and col not in top:
                top[col] = row[col]
        code = row["code"].upper()
        if not code:
            problems.append(Problem(source, f"row {n}.code", "required field is missing"))
            continue
        pvals = {c: row[c] for c in PARTICIPANT_COLUMNS if c in row}
        if code not in by_code:
            by_code[code] = len(participants)
            participant: dict[str, Any] = {"contacts": []}
            for c, v in pvals.items():
                if c in _LIST_PARTICIPANT:
                    if v:
                        participant[c] = _split_list(v)
                elif c in ("group",):
                    participant[c] = v
                elif v:
                    participant[c] = v
            participants.append(participant)
            first_row.append(n)
            first_values.append(pvals)
            contact_rows.append([])
        i = by_code[code]
        for c, v in pvals.items():
            old = first_values[i][c]
            same = (_split_list(v) == _split_list(old)) if c in _LIST_PARTICIPANT else v == old
            if c != "code" and not same:
                problems.append(Problem(
                    source, f"row {n} ({code}).{c}",
                    f"{v!r} differs from {old!r} on row {first_row[i]}; a participant's columns "
                    "must be the same on each of its rows (or is this a duplicate code?)",
                ))
        if not row.get("role"):
            filled = [c for c in CONTACT_COLUMNS if row.get(c)]
            if filled:
                problems.append(Problem(
                    source, f"row {n} ({code}).role",
                    f"required field is missing (the row has {', '.join(filled)}); "
                    "name the role, e.g. policy or technical",
                ))
            continue  # a participant row without a contact
        contact: dict[str, Any] = {}
        for col in CONTACT_COLUMNS:
            v = row.get(col, "")
            field = _CONTACT_COLUMN_TO_FIELD.get(col, col)
            if col == "contact_languages":
                if v:
                    contact[field] = _split_list(v)
            elif v:
                contact[field] = v
        participants[i]["contacts"].append(contact)
        contact_rows[i].append(n)

    if "custom_roles" in top:
        top["custom_roles"] = _split_list(top["custom_roles"])
    data: dict[str, Any] = {
        "name": top.get("directory") or stem,
        "organisation": top.get("organisation") or re.split(r"[-_ .]+", stem)[0].upper() or stem,
        "participants": participants,
    }
    if "description" in top:
        data["description"] = top["description"]
    if "custom_roles" in top:
        data["custom_roles"] = top["custom_roles"]
    codes = list(by_code)

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
            role = participants[i]["contacts"][j].get("role", "?")
            where = f"row {contact_rows[i][j]} ({code}/{role})"
            field = rest[2:]
            if field:
                col = _CONTACT_FIELD_TO_COLUMN.get(str(field[0]), str(field[0]))
                where += "." + col + "".join(f"[{x}]" for x in field[1:] if isinstance(x, int))
            return where
        where = f"row {first_row[i]} ({code})"
        if rest:
            where += "." + str(rest[0]) + "".join(f"[{x}]" for x in rest[1:] if isinstance(x, int))
        return where

    if problems:
        # Report the structural problems together with the field problems.
        try:
            _validate(data, source, locate)
        except InputError as e:
            problems += e.problems
        raise InputError(sorted(problems, key=_row_number))
    return _validate(data, source, locate)


# --------------------------------------------------------------------------- saving


def save_directory(directory: Directory, path: str | Path, *, header: str | None = None) -> None:
    """Write ``directory`` as YAML or CSV, chosen by the file's extension.

    ``header`` (YAML only) is written as ``#`` comment lines at the top.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in YAML_SUFFIXES:
        text = directory_to_yaml(directory, header=header)
    elif suffix in CSV_SUFFIXES:
        text = directory_to_csv(directory)
    else:
        raise InputError.single(str(path), "", _unknown_format(p))
    p.write_text(text, encoding="utf-8", newline="")


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, one-line flow style for lists of plain scalars."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(x, str | int | float | bool) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data and not any(ln != ln.rstrip() for ln in data.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(str, _represent_str)


def directory_to_yaml(directory: Directory, *, header: str | None = None) -> str:
    """The YAML text of ``directory`` (fields in model order, dates as ISO dates)."""
    data = directory.model_dump(mode="json")
    for p in data["participants"]:
        for c in p["contacts"]:
            if c["last_verified"] is not None:
                c["last_verified"] = date.fromisoformat(c["last_verified"])
    body = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
        width=100, indent=2,
    )
    if header:
        body = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) + body
    return body


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


# --------------------------------------------------------------------------- schema


SCHEMA_TITLE = "pocdrill points-of-contact directory"


def directory_json_schema() -> dict[str, Any]:
    """JSON Schema of a directory YAML file (draft 2020-12)."""
    schema = Directory.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": SCHEMA_TITLE,
        "description": (
            "A points-of-contact directory for pocdrill: participants (states or "
            "organisations) with time zone, work week, office hours, holidays, languages, "
            "capacity and contacts. Load with `pocdrill directory validate FILE`."
        ),
    }


def directory_json_schema_text() -> str:
    """The schema as the text committed in ``scenarios/directory.schema.json``."""
    import json

    return json.dumps(directory_json_schema(), indent=2, ensure_ascii=False) + "\n"

"""The columns of a directory spreadsheet as a secretariat keeps it, and their mapping.

One row per contact: the state (``country`` name or ``code``), the contact's ``role``,
``name``, ``email``, ``phone``, working ``languages``, whether it is a 24/7 desk and when
it was ``last_verified``. The state's own columns (zone, work week, office hours,
holidays, group, languages, capacity) are optional: the country profile fills them.

A secretariat's own headers are recognised by a few usual spellings (``E-mail``, ``24/7``,
``Last verified``); any other is mapped with ``their column=field`` (``--map``), or with a
saved mapping file (:func:`load_mapping`, :func:`mapping_text`). ``their column=ignore``
leaves a column out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from simulator.io.yaml_strict import load as strict_yaml
from simulator.io.yaml_strict import syntax_error
from simulator.model.directory import Directory
from simulator.model.errors import InputError, Problem

STATE_FIELDS = ("code", "country", "group", "timezone", "work_week", "office_hours",
                "holiday_country", "holiday_subdiv", "state_languages", "capacity")
"""A state's columns, repeated on each of its rows (all optional but a code or a country)."""

CONTACT_FIELDS = ("role", "name", "email", "phone", "portal", "languages", "duty_24_7",
                  "mandate", "last_verified")
"""One contact's columns (``role`` required)."""

FIELDS = STATE_FIELDS + CONTACT_FIELDS
IGNORE = "ignore"
"""The field that leaves a column out."""

PERSONAL = ("name", "email", "phone")
"""Columns holding personal data (emptied by ``--redact``)."""

HEADERS = {"work_week": "work week", "office_hours": "office hours",
           "holiday_country": "holiday country", "holiday_subdiv": "holiday subdivision",
           "state_languages": "state languages", "email": "e-mail", "duty_24_7": "24/7",
           "last_verified": "last verified"}
"""The headers an export writes (a field not listed is its own header)."""

_ALIASES = {
    "state": "country", "participating_state": "country", "member_state": "country",
    "country_name": "country", "participant": "country",
    "iso": "code", "iso_code": "code", "country_code": "code", "iso2": "code",
    "region": "group", "regional_group": "group",
    "time_zone": "timezone", "tz": "timezone", "zone": "timezone",
    "workweek": "work_week", "working_days": "work_week",
    "hours": "office_hours", "holidays": "holiday_country",
    "holiday_subdivision": "holiday_subdiv",
    "poc_role": "role", "type": "role", "category": "role",
    "contact_name": "name", "full_name": "name", "contact": "name",
    "e_mail": "email", "mail": "email", "email_address": "email",
    "telephone": "phone", "tel": "phone", "phone_number": "phone",
    "language": "languages", "working_languages": "languages",
    "contact_languages": "languages",
    "24_7": "duty_24_7", "24x7": "duty_24_7", "duty_desk": "duty_24_7",
    "verified": "last_verified", "last_verified_on": "last_verified",
    "verified_on": "last_verified", "last_checked": "last_verified",
}


def header_key(header: str) -> str:
    """``"E-mail "`` -> ``e_mail``: a header as compared."""
    return re.sub(r"[^a-z0-9/]+", "_", header.strip().lower()).replace("/", "_").strip("_")


def parse_map_options(items: Iterable[str], source: str = "--map") -> dict[str, str]:
    """``["Focal point=name", ...]`` -> ``{"Focal point": "name"}``; an InputError naming
    each item that is not ``their column=field`` with a known field."""
    mapping: dict[str, str] = {}
    problems: list[Problem] = []
    for item in items:
        their, sep, ours = item.rpartition("=")
        if not sep or not their.strip():
            problems.append(Problem(source, repr(item), "write it as 'their column=field'"))
            continue
        problem = _check_field(ours.strip(), source, repr(item))
        if problem:
            problems.append(problem)
        else:
            mapping[their.strip()] = ours.strip()
    if problems:
        raise InputError(problems)
    return mapping


def _check_field(field: str, source: str, where: str) -> Problem | None:
    if field in FIELDS or field == IGNORE:
        return None
    return Problem(source, where, f"unknown field {field!r}; use one of {', '.join(FIELDS)} "
                   f"or {IGNORE}")


def load_mapping(text: str, source: str) -> dict[str, str]:
    """A saved mapping (``columns: {their column: field}``), checked."""
    try:
        raw = strict_yaml(text)  # the limits of every user YAML file
    except yaml.YAMLError as e:
        raise syntax_error(source, e) from None
    columns = raw.get("columns") if isinstance(raw, dict) else None
    if not isinstance(columns, dict):
        raise InputError.single(source, "(top)", "expected 'columns:' mapping each of your "
                                "headers to a field, e.g. columns: {Focal point: name}")
    problems = [p for their, ours in columns.items()
                if (p := _check_field(str(ours), source, f"columns.{their}"))]
    if problems:
        raise InputError(problems)
    return {str(k): str(v) for k, v in columns.items()}


def mapping_text(mapping: Mapping[str, str]) -> str:
    """The YAML of a saved mapping (read back by :func:`load_mapping`)."""
    head = "# pocdrill directory import: your column -> pocdrill field (or ignore)\n"
    return head + yaml.safe_dump({"columns": dict(mapping)}, sort_keys=False,
                                 allow_unicode=True)


def field_of(header: str, mapping: Mapping[str, str]) -> str | None:
    """The field a header holds: the mapping's (by exact header or as compared), a field's
    own name, a usual spelling, or None."""
    if header in mapping:
        return mapping[header]
    key = header_key(header)
    by_key = {header_key(k): v for k, v in mapping.items()}
    if key in by_key:
        return by_key[key]
    if key in FIELDS:
        return key
    return _ALIASES.get(key)


def unknown_column(header: str) -> str:
    """The message for a column no field is known for."""
    return (f"unknown column {header!r}; map it with --map '{header}=FIELD' (fields: "
            f"{', '.join(FIELDS)}, or {IGNORE}) or remove it")


def export_rows(directory: Directory, *, redact: bool = False) -> tuple[list[str], list[list[Any]]]:
    """The header and one row per contact, in the shape :mod:`directory_import` reads
    back (without names, e-mails and phones when ``redact``)."""
    header = [HEADERS.get(f, f) for f in FIELDS]
    rows: list[list[Any]] = []
    for p in directory.participants:
        state = [p.code, p.name, p.group, p.timezone, " ".join(p.work_week), p.office_hours,
                 p.holiday_country or "", p.holiday_subdiv or "", " ".join(p.languages),
                 p.capacity.value]
        for c in p.contacts:
            contact = [c.role, c.name or "", c.email or "", c.phone or "", _yes(c.portal),
                       " ".join(c.languages), _yes(c.duty_24_7), _yes(c.mandate),
                       c.last_verified.isoformat() if c.last_verified else ""]
            if redact:
                contact[1:4] = ["", "", ""]
            rows.append(state + contact)
    return header, rows


def _yes(v: bool | None) -> str:
    return "" if v is None else ("yes" if v else "no")

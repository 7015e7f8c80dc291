"""Validating a directory read from a file, every problem at once.

Participants are validated one by one, then the whole directory (duplicate codes,
undeclared roles) on every participant whose code could be read, so one bad participant
never hides another. Each reader (YAML, CSV) passes a ``locate`` function that names a
model location the way its file shows it, e.g. ``participants[3] (DE).contacts[0].email``
or ``row 12 (DE/policy).email``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from simulator.model.base import is_participant_code, normalise_code
from simulator.model.directory import Contact, Directory, Participant
from simulator.model.errors import InputError, Problem, problems_from_validation

Locate = Callable[[tuple[int | str, ...]], str]
"""Names a model location (``("participants", 3, "contacts", 0, "email")``) for the reader."""

_DIRECTORY_LINE = re.compile(
    r"^participants\[(\d+)\](?: \([^)]*\))?(?:\.contacts\[(\d+)\])?(?:\.(\w+))?: (.*)$"
)
_ROLE = re.compile(r"[a-z][a-z0-9_]*")


def validate_directory(
    data: dict[str, Any],
    source: str,
    locate: Locate,
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
    elif not parts:
        where = locate(("participants",))
        found.append(((-1,), Problem(
            source, where, "the directory lists no participant; add at least one")))
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
    given = raw.get("contacts")
    for c in given if isinstance(given, list) else []:
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
    def other(r: re.Match[str]) -> str:
        k = int(r.group(1))
        return locate(("participants", index[k])) if k < len(index) else r.group(0)

    if line.startswith("stakeholders["):  # located already; only its states to remap
        where, _, msg = line.partition(": ")
        return (len(index),), Problem(source, where,
                                      re.sub(r"participants\[(\d+)\]", other, msg))
    m = _DIRECTORY_LINE.match(line)
    if not m:
        return (-1,), Problem(source, "(top)", line)
    loc: tuple[int | str, ...] = ("participants", index[int(m.group(1))])
    if m.group(2) is not None:
        loc += ("contacts", int(m.group(2)))
    if m.group(3):
        loc += (m.group(3),)
    msg = re.sub(r"participants\[(\d+)\]", other, m.group(4))
    return _order(loc), Problem(source, locate(loc), msg)

"""A file of past checks read as rows: CSV (UTF-8, a header line) or xlsx (the first
sheet, a header row; openpyxl).

One row per participant and check. The columns, found by their header in any case and
with spaces, dashes or underscores alike (``Sent at``, ``sent_at``): :data:`COLUMNS`;
``acknowledged_at``, ``completed_at`` and ``channel`` may be left out or empty.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from simulator.model.errors import InputError, Problem

COLUMNS = ("check", "sent_at", "participant", "acknowledged_at", "completed_at", "channel")
"""The columns of a history file (``check`` may also be headed ``check name``,
``participant`` ``participant code``)."""

REQUIRED = ("check", "sent_at", "participant")

_ALIASES = {"check_name": "check", "participant_code": "participant", "code": "participant",
            "sent": "sent_at", "acknowledged": "acknowledged_at", "ack_at": "acknowledged_at",
            "completed": "completed_at"}

Cell = str | datetime | None


@dataclass(frozen=True)
class Row:
    """One data row: its number in the file (the header is row 1) and its cells."""

    number: int
    cells: dict[str, Cell]


def _name(header: object) -> str:
    key = re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())
    return _ALIASES.get(key, key)


def _header(source: str, cells: list[object]) -> dict[int, str]:
    """Column index -> column name; an :class:`InputError` for a missing or repeated one."""
    names = {i: _name(c) for i, c in enumerate(cells) if _name(c) in COLUMNS}
    problems = [Problem(source, "row 1", f"column {n!r} is missing; the header needs "
                        f"{', '.join(REQUIRED)} (and may have acknowledged_at, completed_at, "
                        "channel)") for n in REQUIRED if n not in names.values()]
    seen: set[str] = set()
    for i, n in names.items():
        if n in seen:
            problems.append(Problem(source, f"row 1, column {i + 1}",
                                    f"column {n!r} appears twice; keep one"))
        seen.add(n)
    if problems:
        raise InputError(problems)
    return names


def _rows(source: str, lines: list[list[object]]) -> list[Row]:
    if not lines:
        raise InputError.single(source, "", "the file is empty; it needs a header row "
                                f"({', '.join(COLUMNS)}) and one row per participant and check")
    names = _header(source, lines[0])
    out = []
    for n, line in enumerate(lines[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in line):
            continue
        cells: dict[str, Cell] = {}
        for i, name in names.items():
            v = line[i] if i < len(line) else None
            cells[name] = v if isinstance(v, datetime) else (
                None if v is None or str(v).strip() == "" else str(v).strip())
        out.append(Row(n, cells))
    return out


def read_history(path: Path) -> list[Row]:
    """The data rows of ``path`` (``.csv`` or ``.xlsx``); an :class:`InputError` naming the
    file when it cannot be read."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _rows(source, _xlsx_lines(path))
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as f:
                return _rows(source, [list(r) for r in csv.reader(f)])
    except OSError as e:
        raise InputError.single(source, "", f"cannot read it ({e.strerror or e})") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise InputError.single(source, "", f"not a UTF-8 CSV file ({e}); save it as CSV "
                                "UTF-8 or as .xlsx") from None
    raise InputError.single(source, "", f"unknown file type {suffix or '(none)'!r}; give a "
                            ".csv or .xlsx file")


def _xlsx_lines(path: Path) -> list[list[object]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError) as e:
        raise InputError.single(str(path), "", f"not a readable .xlsx workbook ({e})") from None
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()

"""Spreadsheets in and out (CSV and xlsx), as the grid of cells a person sees.

Secretariats keep their directories and exercise planners their MSELs in spreadsheets. A
:class:`Sheet` is the first worksheet of an ``.xlsx`` workbook (read with openpyxl) or a
``.csv`` file (UTF-8, comma or semicolon), each cell located the way a spreadsheet shows
it: ``row 5, column C (email)``. What a program cannot read faithfully is refused with
its row and column, never guessed: a formula (its value was computed by the spreadsheet
application and may be stale), a merged cell (only its first cell holds the value) and
text that is not UTF-8.

:func:`sheet_bytes` writes rows back as CSV or xlsx.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from simulator.model.errors import InputError, Problem

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx",)

Cell = str | int | float | bool | date | datetime | None
"""A cell's value as read: text from CSV; text, a number, a date or nothing from xlsx."""


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA``: the column as spreadsheets name it."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def cell_location(row: int, col: int, header: str = "") -> str:
    """``row 5, column C (email)`` for the cell at file row ``row`` and 0-based ``col``."""
    where = f"row {row}, column {column_letter(col)}"
    return f"{where} ({header})" if header else where


@dataclass(frozen=True)
class Sheet:
    """A header row and the rows under it (blank rows left out), with file row numbers."""

    source: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]]

    def value(self, values: Sequence[Cell], col: int) -> Cell:
        return values[col] if col < len(values) else None


def sheet_format(path: Path) -> str:
    """``csv`` or ``xlsx`` by the file's extension; an InputError for anything else."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise InputError.single(str(path), "", f"unknown spreadsheet format {suffix or '(none)'!r}; "
                            "use .csv or .xlsx")


def read_sheet(path: str | Path) -> Sheet:
    """The first worksheet of an ``.xlsx`` file or a ``.csv`` file; an InputError naming
    every cell that cannot be read faithfully."""
    p = Path(path)
    fmt = sheet_format(p)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError.single(str(path), "", "no such file; check the path") from None
    except OSError as e:
        raise InputError.single(str(path), "", f"cannot read ({e.strerror or e})") from None
    grid = _csv_grid(data, str(path)) if fmt == "csv" else _xlsx_grid(data, str(path))
    return _sheet(grid, str(path))


def _sheet(grid: list[list[Cell]], source: str) -> Sheet:
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(_filled(v) for v in row)]
    if not numbered:
        raise InputError.single(source, "row 1", "empty sheet; the first row must name the "
                                "columns")
    first, header_cells = numbered[0]
    if first != 1:
        raise InputError.single(source, "row 1", "the first row must name the columns")
    header = [str(v).strip() if v is not None else "" for v in header_cells]
    while header and not header[-1]:
        header.pop()
    return Sheet(source, header, numbered[1:])


def _filled(v: Cell) -> bool:
    return v is not None and (not isinstance(v, str) or bool(v.strip()))


def _csv_grid(data: bytes, source: str) -> list[list[Cell]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError([_encoding_problem(data, e.start, source)]) from None
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to a European locale save with semicolons.
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(row) for row in reader]
    except csv.Error as e:
        raise InputError.single(source, f"row {reader.line_num}",
                                f"CSV syntax error: {e}") from None


def _encoding_problem(data: bytes, at: int, source: str) -> Problem:
    """Where the first byte that is not UTF-8 lies, by row and column."""
    before = data[:at]
    row = before.count(b"\n") + 1
    line = before[before.rfind(b"\n") + 1:]
    delimiter = b";" if b";" in data.split(b"\n", 1)[0] and b"," not in data.split(b"\n", 1)[0] \
        else b","
    col = line.count(delimiter)
    return Problem(source, cell_location(row, col),
                   f"byte 0x{data[at]:02x} is not UTF-8 text; save the file as "
                   "'CSV UTF-8' (or export it again as UTF-8)")


def _xlsx_grid(data: bytes, source: str) -> list[list[Cell]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise InputError.single(source, "", "not an xlsx workbook; save it from the "
                                "spreadsheet as .xlsx (or as CSV UTF-8)") from None
    ws = wb.worksheets[0]
    problems: list[Problem] = []
    for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        problems.append(Problem(
            source, cell_location(merged.min_row, merged.min_col - 1),
            f"merged cells {merged.coord}; unmerge them and repeat the value in each cell"))
    grid: list[list[Cell]] = []
    for row in ws.iter_rows():
        values: list[Cell] = []
        for cell in row:
            v = cell.value
            if cell.data_type == "f" or (isinstance(v, str) and v.startswith("=") and len(v) > 1):
                problems.append(Problem(
                    source, cell_location(cell.row, cell.column - 1),
                    f"formula {str(v)[:40]!r}; paste its value instead (Paste special, values)"))
                v = None
            values.append(v if isinstance(v, str | int | float | bool | date | datetime | None)
                          else str(v))
        grid.append(values)
    if problems:
        raise InputError(sorted(problems, key=_cell_order))
    return grid


def _cell_order(p: Problem) -> tuple[int, int, str]:
    """Problems in reading order: by row, then column letters (A < Z < AA)."""
    row, _, col = p.location.removeprefix("row ").partition(", column ")
    letters = col.split(" ", 1)[0]
    return (int(row) if row.isdigit() else 0, len(letters), letters)


def sheet_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str,
                *, title: str = "Sheet1") -> bytes:
    """``header`` and ``rows`` as a CSV file (UTF-8) or an xlsx workbook (``fmt``)."""
    if fmt == "csv":
        out = io.StringIO(newline="")
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])
        return out.getvalue().encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet
    ws.title = title[:31]
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a text beginning with '=' stays text, not a formula
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


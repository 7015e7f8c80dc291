"""Cell values as people type them into spreadsheets: text, yes/no, dates, lists.

Each reader returns the value or raises ``ValueError`` with the fix, which the caller
turns into a problem at the cell's row and column. A date must carry its year: ``12
March`` or ``03/12`` is refused rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from simulator.io.spreadsheet import Cell
from simulator.model.base import check_date

_TRUE = {"yes", "y", "true", "1", "x", "24/7", "24x7", "oui", "si", "sí", "ja"}
_FALSE = {"no", "n", "false", "0", "-", "non", "nein"}
_NO_YEAR = re.compile(
    r"^(\d{1,2}[./-]\d{1,2}[./-]?"  # 12.03. or 03/12
    r"|\d{1,2}\.? *[A-Za-z]{3,}\.?"  # 12 March
    r"|[A-Za-z]{3,}\.? *\d{1,2}(st|nd|rd|th)?)$"  # March 12th
)
_DATE_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y",
                 "%b %d, %Y", "%B %d %Y", "%d-%m-%Y")


def text(v: Cell) -> str:
    """The cell as text, trimmed; a whole number typed as a number loses its ``.0``."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v).strip()


def yes_no(v: Cell) -> bool | None:
    """yes/no, true/false, x, 1/0 (empty: None)."""
    if isinstance(v, bool):
        return v
    t = text(v).lower()
    if not t:
        return None
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise ValueError(f"{t!r} is not yes or no; write yes, no or leave it empty")


def a_date(v: Cell) -> date | None:
    """A calendar date with its year: 2025-03-12, 12.03.2025, 12/03/2025 (day first),
    12 March 2025, March 12, 2025, or a date cell (empty: None)."""
    if isinstance(v, datetime):
        return check_date(v.date())
    if isinstance(v, date):
        return check_date(v)
    t = text(v)
    if not t:
        return None
    if _NO_YEAR.match(t):
        raise ValueError(f"{t!r} has no year; write the full date, e.g. 2025-03-12")
    try:
        return check_date(date.fromisoformat(t))
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return check_date(datetime.strptime(t, fmt).date())
        except ValueError:
            continue
    raise ValueError(f"{t!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-12")


def a_list(v: Cell) -> list[str]:
    """``"en, fr"``, ``"en; fr"`` or ``"en fr"`` -> ``["en", "fr"]``."""
    return [x for x in re.split(r"[,;/\s]+", text(v)) if x]


def role_name(v: Cell) -> str:
    """``"Deputy Policy"`` -> ``deputy_policy``: a role as a directory names it."""
    return re.sub(r"[^a-z0-9]+", "_", text(v).lower()).strip("_")

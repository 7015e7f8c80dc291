"""Calendar dates written by people (``YYYY-MM-DD``), with one clear problem when not."""

from __future__ import annotations

from datetime import date

from simulator.model.base import check_date
from simulator.model.errors import InputError


def parse_iso_date(value: str, source: str) -> date:
    """``2026-01-31`` -> a date; anything else is an :class:`InputError` naming ``source``."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError.single(
            source, "", f"{value!r} is not a date; write it as YYYY-MM-DD"
        ) from None
    try:
        return check_date(day)
    except ValueError as e:
        raise InputError.single(source, "", str(e)) from None

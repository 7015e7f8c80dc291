"""Dates written by people."""

from __future__ import annotations

from datetime import date

import pytest

from simulator.io.dates import parse_iso_date
from simulator.model.errors import InputError


def test_iso_dates_parse() -> None:
    assert parse_iso_date("2026-01-31", "--as-of") == date(2026, 1, 31)


@pytest.mark.parametrize("value", ["yesterday", "2026-02-30", "31.01.2026", ""])
def test_anything_else_is_one_problem_naming_the_source(value: str) -> None:
    with pytest.raises(InputError) as e:
        parse_iso_date(value, "--as-of")
    assert [str(p) for p in e.value.problems] == [
        f"--as-of: {value!r} is not a date; write it as YYYY-MM-DD"]

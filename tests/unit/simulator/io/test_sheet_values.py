"""Cell values as people type them: dates must carry a year, yes/no is strict, numbers
typed as numbers read as text without ``.0``; countries found by code or name."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from simulator.directories.countries import close_countries, find_country
from simulator.io.sheet_values import a_date, a_list, role_name, text, yes_no


@pytest.mark.parametrize("cell", ["2025-03-12", "12.03.2025", "12/03/2025", "12 March 2025",
                                  "March 12, 2025", "12 Mar 2025", datetime(2025, 3, 12, 0, 0),
                                  date(2025, 3, 12)])
def test_dates_with_a_year(cell: object) -> None:
    assert a_date(cell) == date(2025, 3, 12)  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["12 March", "March 12", "12.03.", "03/12", "12.3", "Mar 12th"])
def test_a_date_without_a_year_is_refused_as_such(cell: str) -> None:
    with pytest.raises(ValueError, match="has no year"):
        a_date(cell)


def test_other_values() -> None:
    assert a_date("") is None and a_date(None) is None
    with pytest.raises(ValueError, match="is not a date"):
        a_date("soon")
    assert [yes_no(v) for v in ("Yes", "x", "24/7", "no", "", True)] == [
        True, True, True, False, None, True]
    with pytest.raises(ValueError, match="not yes or no"):
        yes_no("maybe")
    assert (text(4930123.0), text(12), text(" a ")) == ("4930123", "12", "a")
    assert a_list("en, fr;de ru") == ["en", "fr", "de", "ru"]
    assert role_name(" Deputy Policy ") == "deputy_policy"


def test_countries_by_code_or_name_in_any_spelling() -> None:
    for spelt in ("DE", "de", "Germany", " germany "):
        found = find_country(spelt)
        assert found is not None and found.code == "DE"
    turkey = find_country("Turkiye") or find_country("Türkiye")
    assert turkey is not None and turkey.code == "TR"
    assert find_country("Ruritania") is None
    assert "Germany" in close_countries("Germny")

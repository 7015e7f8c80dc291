"""Directory files in CSV: names from the file, problems by row and column, spreadsheets' quirks."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from simulator.io.directory_csv import CSV_COLUMNS
from simulator.io.directory_files import load_directory
from simulator.model.errors import InputError


def _csv(tmp_path: Path, rows: list[dict[str, str]], name: str = "osce-test.csv",
         columns: tuple[str, ...] = CSV_COLUMNS[4:]) -> Path:
    p = tmp_path / name
    with p.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(columns))
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return p


def _row(code: str = "DE", role: str = "policy", **kw: str) -> dict[str, str]:
    base = {"code": code, "name": {"DE": "Germany", "FR": "France"}.get(code, code),
            "timezone": "Europe/Berlin", "work_week": "mon,tue,wed,thu,fri",
            "languages": "de en", "role": role, "email": f"{role}@x.{code.lower()}.example.org"}
    base.update(kw)
    return base


def test_csv_without_directory_columns_takes_names_from_the_file(tmp_path: Path) -> None:
    path = _csv(tmp_path, [_row(), _row(role="technical", duty_24_7="true", mandate="")])
    d = load_directory(path)
    assert d.name == "osce-test" and d.organisation == "OSCE"
    (de,) = d.participants
    assert de.languages == ["de", "en"]
    assert [c.role for c in de.contacts] == ["policy", "technical"]
    assert de.contacts[1].duty_24_7 is True and de.contacts[1].mandate is None


def test_csv_problems_name_the_row_and_column(tmp_path: Path) -> None:
    rows = [
        _row(),                                                   # row 2
        _row(role="technical", email="bad@"),                     # row 3
        _row("FR", timezone="Europe/Parris", role="boss"),        # row 4
        _row("FR", role="technical", timezone="Europe/Parris",
             last_verified="2024-02-30"),                         # row 5
        _row("IT", role="", email=""),                            # row 6: no contact
        _row("DE", role="deputy_policy", timezone="Europe/Paris"),  # row 7: conflicts with row 2
    ]
    path = _csv(tmp_path, rows)
    with pytest.raises(InputError) as ei:
        load_directory(path)
    got = [(p.location, p.message) for p in ei.value.problems]
    locs = [loc for loc, _ in got]
    assert "row 3 (DE/technical).email" in locs
    assert "row 4 (FR).timezone" in locs
    assert "row 4 (FR/boss).role" in locs
    assert "row 5 (FR/technical).last_verified" in locs
    assert "row 6 (IT)" in locs
    assert "row 7 (DE).timezone" in locs
    msg = dict(got)
    assert "differs from 'Europe/Berlin' on row 2" in msg["row 7 (DE).timezone"]
    assert "has no contact" in msg["row 6 (IT)"]
    assert all(p.source == str(path) for p in ei.value.problems)


def test_csv_unknown_and_missing_columns(tmp_path: Path) -> None:
    path = _csv(tmp_path, [{"code": "DE", "colour": "red"}], columns=("code", "colour"))
    with pytest.raises(InputError) as ei:
        load_directory(path)
    msgs = [f"{p.location}: {p.message}" for p in ei.value.problems]
    assert any("unknown column 'colour'" in m for m in msgs)
    for col in ("name", "timezone", "role"):
        assert any(f"required column {col!r} is missing" in m for m in msgs)


def test_csv_contact_without_role(tmp_path: Path) -> None:
    path = _csv(tmp_path, [_row(), _row(role="", email="x@y.example.org")])
    with pytest.raises(InputError) as ei:
        load_directory(path)
    assert [p.location for p in ei.value.problems] == ["row 3 (DE).role"]


def test_csv_from_a_spreadsheet_with_bom_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(
        "\ufeffcode;name;timezone;work_week;role;portal;last_verified\r\n"
        "DE;Germany;Europe/Berlin;sun,mon,tue,wed,thu;policy;yes;2025-03-01\r\n".encode()
    )
    (de,) = load_directory(path).participants
    assert de.work_week == ["mon", "tue", "wed", "thu", "sun"]
    assert de.contacts[0].portal is True
    assert de.contacts[0].last_verified == date(2025, 3, 1)


@pytest.mark.parametrize("tail", ["", "\n", ",,,,\n"])
def test_a_csv_with_only_its_header_is_refused(tmp_path: Path, tail: str) -> None:
    p = _csv(tmp_path, [])
    p.write_text(p.read_text(encoding="utf-8") + tail, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_directory(p)
    assert [str(x) for x in e.value.problems] == [
        f"{p}: row 2: no rows under the header; add one row per contact"]

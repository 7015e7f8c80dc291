"""``pocdrill directory import`` and ``export``: a secretariat's spreadsheet in and out (CSV
and xlsx), its own column names mapped, zones and holidays filled from the country, and
each kind of bad input as one line with its row and column, exit 2, nothing written."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from openpyxl import Workbook

from simulator.io.directory_files import load_directory
from tests.cli_support import invoke

SECRETARIAT = """\
Country,Role,Focal point,E-mail,Phone,Languages,24/7,Last verified
Germany,Policy,Anna Beispiel,anna@example.org,+49 30 5550100,de en,no,2025-03-12
Germany,Technical,CERT desk,cert@example.org,,en,yes,12.03.2025
FR,policy,Jean Exemple,jean@example.org,,fr,,12 March 2025
Saudi Arabia,policy,Ali Example,ali@example.org,,ar,,2024-01-01
"""


def _write(folder: Path, text: str, name: str = "poc.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_maps_columns_fills_from_the_country_and_says_so(tmp_path: Path) -> None:
    src = _write(tmp_path, SECRETARIAT)
    out = tmp_path / "poc.yaml"
    r = invoke("directory", "import", str(src), "-o", str(out), "--map", "Focal point=name")
    assert r.code == 0, r.err
    assert "read 4 rows: 3 states, 4 contacts" in r.err
    assert ("filled from the country profile for 3 states (DE, FR, SA): timezone, work week, "
            "office hours, holidays, languages, group") in r.err
    d = load_directory(out)
    de, fr, sa = (d.participant(c) for c in ("DE", "FR", "SA"))
    assert (de.name, de.timezone, de.holiday_country) == ("Germany", "Europe/Berlin", "DE")
    assert fr.holiday_country == "FR" and fr.contacts[0].last_verified.isoformat() == "2025-03-12"
    assert "sun" in sa.work_week and "fri" not in sa.work_week  # Sun-Thu from the profile
    assert de.contacts[1].duty_24_7 and de.contacts[0].name == "Anna Beispiel"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # names and addresses


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_through_a_saved_mapping(tmp_path: Path, fmt: str) -> None:
    src = _write(tmp_path, SECRETARIAT)
    first, mapping = tmp_path / "first.yaml", tmp_path / "map.yaml"
    assert invoke("directory", "import", str(src), "-o", str(first), "--map",
                  "Focal point=name", "--save-mapping", str(mapping)).code == 0
    again = tmp_path / "again.yaml"
    r = invoke("directory", "import", str(src), "-o", str(again), "--mapping", str(mapping))
    assert r.code == 0, r.err
    assert load_directory(again) == load_directory(first)
    sheet = tmp_path / f"out.{fmt}"
    r = invoke("directory", "export", str(first), "-o", str(sheet))
    assert r.code == 0, r.err
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
    back = tmp_path / "back.yaml"
    r = invoke("directory", "import", str(sheet), "-o", str(back), "--name", "poc",
               "--organisation", "POC")
    assert r.code == 0, r.err
    assert "filled" not in r.err  # the export carries every column
    assert load_directory(back) == load_directory(first)


def test_a_generated_directory_round_trips_through_xlsx(tmp_path: Path) -> None:
    gen = tmp_path / "osce.yaml"
    assert invoke("directory", "generate", "--profile", "osce", "-o", str(gen)).code == 0
    d = load_directory(gen)
    sheet, back = tmp_path / "osce.xlsx", tmp_path / "back.yaml"
    assert invoke("directory", "export", str(gen), "-o", str(sheet)).code == 0
    r = invoke("directory", "import", str(sheet), "-o", str(back), "--name", d.name,
               "--organisation", d.organisation)
    assert r.code == 0, r.err
    assert load_directory(back).participants == d.participants


def test_a_redacted_export_holds_no_personal_data(tmp_path: Path) -> None:
    src = _write(tmp_path, SECRETARIAT)
    d, out = tmp_path / "d.yaml", tmp_path / "d.csv"
    assert invoke("directory", "import", str(src), "-o", str(d), "--map",
                  "Focal point=name").code == 0
    assert invoke("directory", "export", str(d), "-o", str(out), "--redact").code == 0
    text = out.read_text(encoding="utf-8")
    for personal in ("Anna", "anna@", "+49", "Jean", "cert@"):
        assert personal not in text
    assert "Germany" in text and stat.S_IMODE(out.stat().st_mode) != 0o600


BAD_CSV = {
    "unknown column": ("Country,Role,Focal point\nGermany,policy,Anna\n",
                       "row 1, column C (Focal point): unknown column 'Focal point'"),
    "no such country": ("Country,Role\nRuritania,policy\n",
                        "row 2, column A (Country): 'Ruritania' matches no country"),
    "same role twice": ("Country,Role\nGermany,policy\nDE,Policy\n",
                        "row 3, column B (Role): DE already has a policy contact on row 2"),
    "date without a year": ("Country,Role,Last verified\nGermany,policy,12 March\n",
                            "row 2, column C (Last verified): '12 March' has no year"),
    "not yes or no": ("Country,Role,24/7\nGermany,technical,sometimes\n",
                      "row 2, column C (24/7): 'sometimes' is not yes or no"),
}


@pytest.mark.parametrize("kind", list(BAD_CSV))
def test_bad_input_is_one_line_with_row_and_column(tmp_path: Path, kind: str) -> None:
    text, expected = BAD_CSV[kind]
    src = _write(tmp_path, text)
    out = tmp_path / "out.yaml"
    r = invoke("directory", "import", str(src), "-o", str(out))
    assert r.code == 2
    assert r.err_lines == [f"error: {src}: {expected}" + r.err_lines[0].split(expected, 1)[1]]
    assert not out.exists()


def test_a_file_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    src = tmp_path / "latin1.csv"
    src.write_bytes("Country,Role,Focal point\nGermany,policy,J\xfcrgen\n".encode("latin-1"))
    out = tmp_path / "out.yaml"
    r = invoke("directory", "import", str(src), "-o", str(out), "--map", "Focal point=name")
    assert r.code == 2 and len(r.err_lines) == 1
    assert f"error: {src}: row 2, column C: byte 0xfc is not UTF-8" in r.err_lines[0]
    assert not out.exists()


def _xlsx(path: Path, rows: list[list[object]]) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    return wb


def test_xlsx_formula_and_merged_cells_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "poc.xlsx"
    wb = _xlsx(src, [["Country", "Role", "Phone"], ["Germany", "policy", "=1+1"],
                     ["France", "policy", ""], ["", "technical", ""]])
    ws = wb.active
    assert ws is not None
    ws.merge_cells("A3:A4")
    wb.save(src)
    out = tmp_path / "out.yaml"
    r = invoke("directory", "import", str(src), "-o", str(out))
    assert r.code == 2
    assert r.err_lines == [
        f"error: {src}: row 2, column C: formula '=1+1'; paste its value instead "
        "(Paste special, values)",
        f"error: {src}: row 3, column A: merged cells A3:A4; unmerge them and repeat the "
        "value in each cell",
    ]
    assert not out.exists()


def test_xlsx_dates_and_numbers_are_read_as_typed(tmp_path: Path) -> None:
    from datetime import datetime

    src = tmp_path / "poc.xlsx"
    _xlsx(src, [["Code", "Role", "Telephone", "Verified"],
                ["EE", "policy", 3726100000, datetime(2025, 2, 1)]]).save(src)
    out = tmp_path / "out.yaml"
    r = invoke("directory", "import", str(src), "-o", str(out))
    assert r.code == 0, r.err
    c = load_directory(out).participant("EE").contacts[0]
    assert (c.phone, c.last_verified.isoformat()) == ("3726100000", "2025-02-01")


def test_a_bad_map_option_names_itself(tmp_path: Path) -> None:
    src = _write(tmp_path, SECRETARIAT)
    out = tmp_path / "out.yaml"
    r = invoke("directory", "import", str(src), "-o", str(out), "--map", "Focal point=person")
    assert r.code == 2 and len(r.err_lines) == 1
    assert r.err_lines[0].startswith("error: --map: 'Focal point=person': unknown field 'person'")
    assert not out.exists()


def test_a_network_profile_gives_its_own_groups_first(tmp_path: Path) -> None:
    src = _write(tmp_path, SECRETARIAT)
    un, osce = tmp_path / "un.yaml", tmp_path / "osce.yaml"
    assert invoke("directory", "import", str(src), "-o", str(un), "--map",
                  "Focal point=name").code == 0
    assert invoke("directory", "import", str(src), "-o", str(osce), "--map",
                  "Focal point=name", "--profile", "osce").code == 0
    assert load_directory(un).participant("DE").group == "WEOG"
    assert load_directory(osce).participant("DE").group == "Western Europe"
    assert load_directory(osce).participant("SA").group == "Asia-Pacific"  # not in the OSCE

"""``pocdrill history import``: past checks in from CSV and xlsx, and every bad row one
located line, exit 2, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from results.store import Store
from simulator.directories.generate import generate_directory
from tests.cli_support import invoke
from tests.history_support import HEADER, history_rows, write_csv, write_scenario, write_xlsx


@pytest.fixture()
def scenario(tmp_path: Path) -> Path:
    return write_scenario(tmp_path / "check.yaml")


def rows(checks: int = 2) -> list[list[str]]:
    return history_rows(generate_directory("osce", seed=7), checks=checks, family="lognormal",
                        a=6.0, b=1.2, seed=3)


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_past_checks_round_trip_as_imported_live_runs(
    tmp_path: Path, scenario: Path, sqlite_url: str, writer: object
) -> None:
    data = rows()
    path = writer(tmp_path / ("past.csv" if writer is write_csv else "past.xlsx"), data)  # type: ignore[operator]
    r = invoke("history", "import", str(path), "--scenario", str(scenario), "--json",
               "--db", sqlite_url)
    assert r.code == 0, r.err
    done = json.loads(r.out)
    assert [d["check"] for d in done] == ["check 1", "check 2"]
    assert [d["participants"] for d in done] == [57, 57]
    listed = invoke("results", "list", "--json", "--db", sqlite_url)
    assert all(r["imported"] and r["mode"] == "live" for r in json.loads(listed.out))
    assert " imp " in invoke("results", "list", "--db", sqlite_url).out
    with Store(sqlite_url) as store:
        for d in done:
            info = store.get_run(d["run"])
            assert (info.mode, info.status, info.imported) == ("live", "completed", True)
            result = store.load_result(d["run"])
            mine = [x for x in data if x[0] == d["check"]]
            start = min(x[1] for x in mine)
            assert result.start.isoformat() == start
            acked = {x[2] for x in mine if x[3]}
            assert {p.code for p in result.participants if p.ack_at is not None} == acked
            assert d["acknowledged"] == len(acked)
            row = next(x for x in mine if x[3])
            p = next(p for p in result.participants if p.code == row[2])
            from datetime import datetime

            hours = (datetime.fromisoformat(row[3]) - result.start).total_seconds() / 3600
            assert p.ack_at == pytest.approx(hours, abs=1e-6) and p.ack_channel == "email"
            assert "imported check" in store.notes(d["run"])[0].text
            assert store.contact_details(d["run"]) == {} or all(
                not any(v.values()) for v in store.contact_details(d["run"]).values())


BAD = {
    "unknown code": (["check 1", "2025-03-06T15:00:00+01:00", "ZZ", "", "", ""],
                     "row 3, column participant: unknown participant code 'ZZ'"),
    "before send": (["check 1", "2025-03-06T15:00:00+01:00", "AT",
                     "2025-03-06T14:00:00+01:00", "", ""],
                    "row 3, column acknowledged_at: 2025-03-06T14:00:00+01:00 is before sent_at"),
    "no zone": (["check 1", "2025-03-06 15:00", "AT", "", "", ""],
                "row 3, column sent_at: '2025-03-06 15:00' has no time zone"),
    "not a time": (["check 1", "2025-03-06T15:00:00Z", "AT", "tomorrow", "", ""],
                   "row 3, column acknowledged_at: 'tomorrow' is not a time"),
    "twice": (["check 1", "2025-03-06T15:00:00Z", "AD", "", "", ""],
              "row 3, column participant: AD is already in check 'check 1' (row 2)"),
}


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_row_is_one_located_line_exit_2_and_nothing_stored(
    tmp_path: Path, scenario: Path, sqlite_url: str, kind: str, writer: object
) -> None:
    good = ["check 1", "2025-03-06T15:00:00Z", "AD", "2025-03-07T09:00:00Z", "", "email"]
    bad, message = BAD[kind]
    path = writer(tmp_path / ("past.csv" if writer is write_csv else "past.xlsx"),  # type: ignore[operator]
                  [good, bad])
    r = invoke("history", "import", str(path), "--scenario", str(scenario), "--db", sqlite_url)
    assert r.code == 2
    assert len(r.err_lines) == 1 and r.err_lines[0].startswith(f"error: {path}: {message}")
    assert "Traceback" not in r.err and r.out == ""
    with Store(sqlite_url) as store:
        assert store.list_runs() == []


def test_every_problem_of_a_file_is_listed_and_a_missing_column_named(
    tmp_path: Path, scenario: Path, sqlite_url: str
) -> None:
    path = write_csv(tmp_path / "past.csv", [list(BAD[k][0]) for k in ("unknown code", "no zone")])
    r = invoke("history", "import", str(path), "--scenario", str(scenario), "--db", sqlite_url)
    assert r.code == 2 and len(r.err_lines) == 2
    assert "row 2, column participant" in r.err_lines[0]
    assert "row 3, column sent_at" in r.err_lines[1]
    headless = tmp_path / "headless.csv"
    headless.write_text(",".join(h for h in HEADER if h != "Sent at") + "\n", encoding="utf-8")
    r = invoke("history", "import", str(headless), "--scenario", str(scenario), "--db", sqlite_url)
    assert r.code == 2 and r.err_lines == [
        f"error: {headless}: row 1: column 'sent_at' is missing; the header needs check, "
        "sent_at, participant (and may have acknowledged_at, completed_at, channel)"]
    other = tmp_path / "past.ods"
    other.write_text("x", encoding="utf-8")
    r = invoke("history", "import", str(other), "--scenario", str(scenario), "--db", sqlite_url)
    assert r.code == 2 and "unknown file type '.ods'; give a .csv or .xlsx file" in r.err

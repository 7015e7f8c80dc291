"""``pocdrill results`` and ``pocdrill db``: list, show, export (redacted), delete, revisions."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pocdrill.app import app
from results.db import head_revision, stamp
from results.store import Store
from simulator.model.outcome import Event
from tests.store_support import PERSONAL, SCENARIO_TEXT, make_result

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PERSONAL_STRINGS = sorted({v for d in PERSONAL.values() for v in d.values()}
                          | {"Ottilie", "Vandersloot", "Quince"})


def cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})


def _personal_run(store: Store) -> int:
    result = make_result()
    result.events.append(Event(3.0, "bounced", "XB", "XB/policy", "email",
                               "550 mailbox o.vandersloot@mfa.xa.example unknown"))
    result.events.append(Event(4.0, "phone_call", "XB", "XB/technical", "phone",
                               "Bartholomew Quince answered on +00 987 555 0177"))
    rid = store.start_run(scenario=result.scenario, scenario_text=SCENARIO_TEXT, seed=7)
    store.finish_run(rid, result, contact_details=PERSONAL)
    store.add_note(rid, "Ottilie Vandersloot asked to be called on 0049 30 1234 5678", t=5.0,
                   participant="XA")
    return rid


def test_list_show_delete_json(sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        a = store.record_run(make_result(scenario="alpha"), scenario_text="a")
        b = store.record_run(make_result(scenario="beta"), scenario_text="b")
        store.add_note(b, "slow start")
    r = cli("results", "list", "--json", "--db", sqlite_url)
    assert r.exit_code == 0, r.stderr
    runs = json.loads(r.stdout)
    assert [x["id"] for x in runs] == [b, a]
    for x in runs:
        assert {"id", "scenario", "status", "started_at", "finished_at"} <= set(x)
        assert x["status"] == "completed" and x["ack_rate"] == pytest.approx(1 / 3, abs=1e-4)
    r = cli("results", "list", "--json", "--scenario", "alpha", "--limit", "5", "--db", sqlite_url)
    assert [x["id"] for x in json.loads(r.stdout)] == [a]

    r = cli("results", "show", str(b), "--json", "--db", sqlite_url)
    assert r.exit_code == 0, r.stderr
    shown = json.loads(r.stdout)
    assert (shown["id"], shown["scenario"], shown["summary"]["participants"]) == (b, "beta", 3)
    assert [n["text"] for n in shown["notes"]] == ["slow start"]
    r = cli("results", "show", str(a), "--db", sqlite_url)
    assert r.exit_code == 0 and f"run {a}: alpha  [completed]" in r.stdout

    r = cli("results", "delete", str(a), "--db", sqlite_url)  # not a terminal: needs --yes
    assert r.exit_code == 2 and "add --yes" in r.stderr
    r = cli("results", "delete", str(a), "--yes", "--db", sqlite_url)
    assert r.exit_code == 0, r.stderr
    r = cli("results", "list", "--json", "--db", sqlite_url)
    assert [x["id"] for x in json.loads(r.stdout)] == [b]


@pytest.mark.parametrize("command", [["show", "42"], ["delete", "42", "--yes"],
                                     ["export", "42", "--format", "json", "-o", "-"]])
def test_missing_run_is_one_line_exit_2(sqlite_url: str, command: list[str]) -> None:
    with Store(sqlite_url) as store:
        shown = store.display_url
    r = cli("results", *command, "--db", sqlite_url)
    assert r.exit_code == 2
    assert r.stderr.strip() == f"error: no run 42 in {shown}"


def test_bad_run_argument_and_format(sqlite_url: str) -> None:
    r = cli("results", "show", "latest", "--db", sqlite_url)
    assert r.exit_code == 2 and r.stderr.startswith("error: RUN: 'latest' is not a run id")
    r = cli("results", "export", "1", "--format", "xlsx", "-o", "x", "--db", sqlite_url)
    assert r.exit_code == 2
    assert r.stderr.strip() == "error: --format: 'xlsx' is not one of csv, parquet, json"


def test_newer_schema_is_refused_with_exit_2(sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        stamp(store.engine, "9999_future")
        shown = store.display_url
    expected = (f"error: database {shown} is at schema revision 9999_future, newer than this "
                f"pocdrill (knows up to {head_revision()}); upgrade pocdrill")
    for command in (["results", "list"], ["db", "current"], ["db", "upgrade"]):
        r = cli(*command, "--db", sqlite_url)
        assert r.exit_code == 2, command
        assert r.stderr.strip() == expected
        assert "Traceback" not in r.output


def test_db_current_and_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    r = cli("db", "current", "--json", "--db", url)
    assert r.exit_code == 0 and json.loads(r.stdout)["state"] == "empty"
    r = cli("db", "upgrade", "--db", url)
    assert r.exit_code == 0
    assert f"upgraded from empty to schema revision {head_revision()}" in r.stdout
    r = cli("db", "current", "--json", "--db", url)
    assert json.loads(r.stdout) == {"database": url, "revision": head_revision(),
                                    "head": head_revision(), "state": "current"}


def test_db_current_and_upgrade_in_words(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    head = head_revision()
    r = cli("db", "current", "--db", url)
    assert r.stdout == (f"{url}: empty (no schema yet; pocdrill creates schema revision {head} "
                        "on first use)\n")
    cli("db", "upgrade", "--db", url)
    assert cli("db", "upgrade", "--db", url).stdout == (
        f"{url}: already at schema revision {head}\n")
    assert cli("db", "current", "--db", url).stdout == f"{url}: schema revision {head} (newest)\n"
    with Store(url) as store:
        stamp(store.engine, "0001")
    assert cli("db", "current", "--db", url).stdout == (
        f"{url}: schema revision 0001; run `pocdrill db upgrade` to reach {head}\n")


def _text_of(path: Path) -> str:
    """Everything an export wrote, decoded (CSV, zip members, Parquet rows, JSON)."""
    if path.is_dir():
        return "\n".join(_text_of(p) for p in sorted(path.iterdir()))
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode() for n in z.namelist())
    if path.suffix == ".parquet":
        return json.dumps(pq.read_table(path).to_pylist(), default=str)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt,name", [("csv", "out"), ("csv", "out.zip"),
                                      ("parquet", "out"), ("json", "out.json")])
def test_redacted_export_has_no_personal_data(sqlite_url: str, tmp_path: Path, fmt: str,
                                              name: str) -> None:
    with Store(sqlite_url) as store:
        rid = _personal_run(store)
    plain, redacted = tmp_path / "plain" / name, tmp_path / "redacted" / name
    plain.parent.mkdir()  # an export's folder must exist (issue 14)
    redacted.parent.mkdir()
    r = cli("results", "export", str(rid), "--format", fmt, "-o", str(plain), "--db", sqlite_url)
    assert r.exit_code == 0, r.stderr
    r = cli("results", "export", str(rid), "--format", fmt, "-o", str(redacted), "--redact",
            "--db", sqlite_url)
    assert r.exit_code == 0, r.stderr
    before, after = _text_of(plain), _text_of(redacted)
    # Without --redact the stored personal data is there (so this test can fail) ...
    assert "o.vandersloot@mfa.xa.example" in before and "+00 987 555 0177" in before
    # ... with --redact none of it, nor any e-mail address, is left.
    for s in PERSONAL_STRINGS:
        assert s not in after, s
    assert EMAIL.search(after) is None
    assert "0049 30 1234 5678" not in after
    # The rest survives: contact keys, event kinds, the outcome.
    for s in ("XB/technical", "phone_call", "Xanadu", "[email]", "[phone]"):
        assert s in after, s


def test_json_export_holds_every_table(sqlite_url: str, tmp_path: Path) -> None:
    with Store(sqlite_url) as store:
        original = make_result(kind="tabletop")
        rid = store.record_run(original, scenario_text=SCENARIO_TEXT)
    out = tmp_path / "run.json"
    r = cli("results", "export", str(rid), "--format", "json", "-o", str(out), "--db", sqlite_url)
    assert r.exit_code == 0, r.stderr
    data = json.loads(out.read_text())
    assert data["run"]["id"] == rid and data["run"]["scenario_text"] == SCENARIO_TEXT
    assert [e["seq"] for e in data["events"]] == list(range(len(original.events)))
    assert [e["t"] for e in data["events"]] == [e.t for e in original.events]
    # every event also carries its simulated instant in UTC
    assert [datetime.fromisoformat(e["utc"]) for e in data["events"]] == [
        original.start + timedelta(hours=e.t) for e in original.events
    ]
    assert [p["code"] for p in data["participants"]] == ["XA", "XB", "XC"]
    assert [x["status"] for x in data["expectations"]] == ["met", "not_fired"]
    assert "person_name" not in data["contacts"][0]  # nothing personal was stored


def test_sweep_export_one_row_per_replication(sqlite_url: str, tmp_path: Path) -> None:
    with Store(sqlite_url) as store:
        sid = store.create_sweep(name="s", scenario_text="x", axes={"reminder_hours": [24, 48]},
                                 replications=3, base_seed=1,
                                 points=[{"reminder_hours": 24}, {"reminder_hours": 48}])
        store.add_replication_summaries(sid, [
            {"point": p, "replication": k, "seed": 10 * p + k,
             "metrics": {"ack_rate": 0.1 * (p + k), "by_group": {"g": 1}}}
            for p in (0, 1) for k in range(3)])
    for fmt, name in (("csv", "s.csv"), ("parquet", "s.parquet"), ("json", "s.json")):
        out = tmp_path / name
        r = cli("results", "export", f"sweep:{sid}", "--format", fmt, "-o", str(out),
                "--db", sqlite_url)
        assert r.exit_code == 0, r.stderr
        if fmt == "parquet":
            rows = pq.read_table(out).to_pylist()
        elif fmt == "json":
            rows = json.loads(out.read_text())["replications"]
        else:
            import csv

            rows = list(csv.DictReader(out.open()))
        assert len(rows) == 6
        assert [int(r["param.reminder_hours"]) for r in rows] == [24] * 3 + [48] * 3
        assert float(rows[4]["ack_rate"]) == pytest.approx(0.2)


@pytest.mark.parametrize("url,message", [
    ("nonsense", "error: nonsense: not a usable database URL"),
    ("postgresql://nobody@127.0.0.1:1/none", "error: cannot open database "
     "postgresql+psycopg://nobody@127.0.0.1:1/none: connection failed"),
    ("mysql://u@h/d", "error: mysql://u@h/d: the database driver is not installed"),
])
def test_unusable_database_is_one_line_exit_2(url: str, message: str) -> None:
    for command in (["results", "list"], ["db", "current"]):
        r = cli(*command, "--db", url)
        assert r.exit_code == 2
        assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith(message)

"""Issue 14's malformed inputs from the command line: each is exit status 2 and one
located ``error:`` line (file, field or row, the fix), never a traceback, and nothing is
written: no store, no run, no output file or folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_support import Invoked, files_under, invoke

DIRECTORY = """\
name: Tiny
organisation: TEST
participants:
  - code: DE
    name: Germany
    timezone: Europe/Berlin
    work_week: [mon, tue, wed, thu, fri]
    contacts:
      - {role: policy, email: policy@example.org}
      - {role: technical, email: technical@example.org}
"""

SCENARIO = """\
name: Tiny check
directory: {file: dir.yaml}
check:
  start: 2026-03-06T15:00:00Z
  deadline: 72h
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "dir.yaml").write_text(DIRECTORY, encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(SCENARIO, encoding="utf-8")
    return tmp_path


def pocdrill(folder: Path, *args: str) -> Invoked:
    return invoke(*args, cwd=folder, env={"POCDRILL_DATABASE_URL": f"sqlite:///{folder}/r.db"})


def refused(folder: Path, *args: str, says: str) -> str:
    """Run ``args`` in ``folder``: exit 2, one line containing ``says``, nothing written."""
    before = files_under(folder)
    result = pocdrill(folder, *args)
    assert result.code == 2, result.err
    assert len(result.err_lines) == 1, result.err
    (line,) = result.err_lines
    assert line.startswith("error: ") and says in line, line
    assert files_under(folder) == before
    return line


def scenario(folder: Path, old: str, new: str, name: str = "bad.yaml") -> str:
    (folder / name).write_text(SCENARIO.replace(old, new), encoding="utf-8")
    return name


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("deadline: 72h", "deadline: 72h\n  secretariat: {timezone: Mars/Olympus}",
         "bad.yaml: check.secretariat.timezone: unknown time zone 'Mars/Olympus'"),
        ("deadline: 72h", "deadline: 72h\n  secretariat: {holidays: QQ}",
         "bad.yaml: check.secretariat.holidays: no public-holiday calendar for 'QQ'"),
        ("deadline: 72h", "deadline: 72h\n  level: task\n  tasks: [{name: t, by: legal}]",
         "bad.yaml: check.tasks[0].by: no contact in the directory holds role 'legal'"),
        ("deadline: 72h", "deadline: 72h\n  tasks: [{name: t}]",
         "bad.yaml: check: tasks apply to task-level checks only; set level: task"),
        ("deadline: 72h", "deadline: .nan", "bad.yaml: check.deadline: duration nan is not"),
        ("deadline: 72h", "deadline: .inf", "bad.yaml: check.deadline: duration inf is not"),
        ("start: 2026", "start: 9999", "bad.yaml: check: start 9999-03-06 plus the 144h"),
        ("name: Tiny check", "name: " + "x" * 1_000_000,
         "bad.yaml: name: String should have at most 200 characters"),
    ],
    ids=["zone", "holidays", "task-role", "task-level", "nan", "inf", "overflow", "long-name"],
)
def test_a_bad_scenario_is_one_line_and_stores_nothing(
    folder: Path, old: str, new: str, says: str
) -> None:
    refused(folder, "run", scenario(folder, old, new), says=says)


def test_an_empty_work_week_reached_through_a_scenario(folder: Path) -> None:
    text = DIRECTORY.replace("[mon, tue, wed, thu, fri]", "[]")
    (folder / "week.yaml").write_text(text, encoding="utf-8")
    name = scenario(folder, "dir.yaml", "week.yaml")
    refused(folder, "run", name, says="participant DE has an empty work_week")
    refused(folder, "directory", "validate", "week.yaml", says="has an empty work_week")


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("none.yaml", "name: x\norganisation: y\nparticipants: []\n",
         "none.yaml: participants: the directory lists no participant"),
        ("header.csv", "code,name,timezone,role,email\n",
         "header.csv: row 2: no rows under the header"),
    ],
)
def test_validating_a_directory_without_participants_fails(
    folder: Path, name: str, text: str, says: str
) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    refused(folder, "directory", "validate", name, says=says)


def test_sweep_files_with_a_folder_a_non_utf8_scenario_or_no_axes(folder: Path) -> None:
    (folder / "folder.yaml").mkdir()
    (folder / "latin.yaml").write_bytes("name: Caf\xe9\n".encode("latin-1"))
    for scenario_name, axes, says in (
        ("folder.yaml", "{check.deadline: [48h]}", "is a folder; name a scenario YAML file"),
        ("latin.yaml", "{check.deadline: [48h]}", "is not UTF-8 text"),
        ("ok.yaml", "{}", "sweep.yaml: axes: no axes; give at least one"),
    ):
        (folder / "sweep.yaml").write_text(f"scenario: {scenario_name}\naxes: {axes}\n",
                                           encoding="utf-8")
        refused(folder, "sweep", "run", "sweep.yaml", says=says)


def test_replications_far_beyond_the_machine_are_refused_with_the_limit(folder: Path) -> None:
    says = "--replications: 1,000,000,000,000 replications is more than the 1,000,000"
    refused(folder, "run", "ok.yaml", "-r", str(10**12), says=says)
    refused(folder, "sweep", "run", "ok.yaml", "--vary", "check.deadline=48h,72h",
            "-r", "600000", says="1,200,000 replications (2 points of 600,000) is more")


def test_store_urls_into_a_missing_folder_or_another_applications_database(
    folder: Path
) -> None:
    import sqlite3

    refused(folder, "run", "ok.yaml", "--db", f"sqlite:///{folder}/nope/r.db",
            says=f"{folder}/nope/r.db: no such folder")
    with sqlite3.connect(folder / "other.db") as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()
    refused(folder, "run", "ok.yaml", "--db", f"sqlite:///{folder}/other.db",
            says=f"database sqlite:///{folder}/other.db is not a pocdrill store")


@pytest.mark.parametrize("target", [str(10**23), "-5", "run:0", "study:-1", str(2**63)])
def test_ids_outside_64_bits_are_one_line(folder: Path, target: str) -> None:
    refused(folder, "report", "--", target, says="ids are whole numbers from 1 to")


def test_outputs_into_a_missing_folder_write_nothing(folder: Path) -> None:
    assert pocdrill(folder, "run", "ok.yaml").code == 0
    for fmt, name in (("csv", "out"), ("parquet", "out"), ("json", "out.json"),
                      ("csv", "out.zip")):
        refused(folder, "results", "export", "1", "-f", fmt, "-o", f"missing/{name}",
                says=f"missing/{name}: no such folder 'missing'")
    refused(folder, "report", "1", "-o", "missing/r.html", says="no such folder 'missing'")
    assert not (folder / "missing").exists()


def test_folders_and_non_utf8_files_given_as_inputs_are_one_line(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "latin.yaml").write_bytes("name: Caf\xe9\n".encode("latin-1"))
    refused(folder, "directory", "validate", "sub", says="sub: is a folder; name a directory")
    refused(folder, "scenario", "validate", "sub", says="sub: is a folder; name a YAML file")
    refused(folder, "run", "latin.yaml", says="latin.yaml: is not UTF-8 text (byte 9)")

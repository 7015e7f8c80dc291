"""Stakeholders and two directories from the command line: ``directory compare`` and the
bad input they can meet (one located line each, exit 2, no traceback)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pocdrill.app import app

STATE = """  - code: {code}
    name: {name}
    timezone: UTC
    contacts:
      - {{role: policy, email: {email}, last_verified: 2026-01-10}}
"""


def _directory(path: Path, org: str, states: list[tuple[str, str, str]], extra: str = "") -> Path:
    body = "".join(STATE.format(code=c, name=n, email=e) for c, n, e in states)
    path.write_text(f"name: {org}\norganisation: {org}\nparticipants:\n{body}{extra}",
                    encoding="utf-8")
    return path


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})


def _one_line(r, *parts: str) -> None:  # type: ignore[no-untyped-def]
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output + r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert all(p in lines[0] for p in parts), lines[0]


def test_compare_lists_the_disagreements_as_text_and_json(tmp_path: Path) -> None:
    a = _directory(tmp_path / "arf.yaml", "ARF", [("AA", "State AA", "p@aa.example"),
                                                  ("BB", "State BB", "p@bb.example")])
    b = _directory(tmp_path / "osce.yaml", "OSCE", [("BB", "State BB", "mfa@bb.example"),
                                                    ("CC", "State CC", "p@cc.example")])
    r = _invoke("directory", "compare", str(a), str(b), "--as-of", "2026-04-01")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [
        "ARF and OSCE: 1 states in both, 1 of them disagreeing (as of 2026-04-01)",
        "only in ARF: AA", "only in OSCE: CC",
        "BB (State BB) policy: different e-mail addresses"]
    r = _invoke("directory", "compare", str(a), str(b), "--json", "--as-of", "2026-04-01")
    data = json.loads(r.stdout)
    assert data["differences"] == [{"code": "BB", "kind": "address", "role": "policy",
                                    "detail": "different e-mail addresses"}]


def test_a_stakeholder_code_that_clashes_with_a_state_is_one_line(tmp_path: Path) -> None:
    clash = ("stakeholders:\n  - code: AA\n    name: AA-CERT\n    kind: cert\n"
             "    timezone: UTC\n    contacts: [{role: technical, email: soc@aa.example}]\n")
    f = _directory(tmp_path / "d.yaml", "ARF", [("AA", "State AA", "p@aa.example")], clash)
    _one_line(_invoke("directory", "validate", str(f)), str(f), "stakeholders[0] (AA).code",
              "clashes with the state at participants[0] (AA)", "its own code")


def _scenario(tmp_path: Path, directories: str) -> Path:
    f = tmp_path / "s.yaml"
    f.write_text(f"""kind: tabletop
name: interregional
{directories}
start: 2026-04-14T01:00:00Z
end: 96h
stages: [{{id: S1, title: Ping}}]
injects:
  - {{id: I1, stage: S1, at: 0h, recipients: [all], roles: [policy], subject: ping,
      expect: [{{id: E1, action: acknowledge, within: 72h}}]}}
""", encoding="utf-8")
    return f


def test_a_state_with_two_names_in_two_directories_is_one_line(tmp_path: Path) -> None:
    _directory(tmp_path / "arf.yaml", "ARF", [("AA", "State AA", "p@aa.example")])
    _directory(tmp_path / "osce.yaml", "OSCE", [("AA", "Republic of AA", "p@aa.example")])
    f = _scenario(tmp_path, "directories: {arf: {file: arf.yaml}, osce: {file: osce.yaml}}")
    _one_line(_invoke("run", str(f), "--no-store"), str(f), "directories.osce",
              "participants[0] (AA)", "'State AA' in directories.arf", "use one name")


def test_a_scenario_stakeholder_that_clashes_with_a_state_is_one_line(tmp_path: Path) -> None:
    _directory(tmp_path / "arf.yaml", "ARF", [("AA", "State AA", "p@aa.example")])
    f = _scenario(tmp_path, """directory:
  file: arf.yaml
  stakeholders:
    - {code: AA, name: AA-CERT, kind: cert, timezone: UTC,
       contacts: [{role: technical, email: soc@aa.example}]}""")
    _one_line(_invoke("run", str(f), "--no-store"), str(f),
              "directory.stakeholders[0] (AA).code", "clashes with a state's")


def test_both_directory_and_directories_is_one_line(tmp_path: Path) -> None:
    _directory(tmp_path / "arf.yaml", "ARF", [("AA", "State AA", "p@aa.example")])
    f = _scenario(tmp_path, "directory: {file: arf.yaml}\ndirectories: {arf: {file: arf.yaml}}")
    _one_line(_invoke("run", str(f), "--no-store"), str(f), "give exactly one of directory")


def test_the_two_directory_scenario_runs(tmp_path: Path) -> None:
    _directory(tmp_path / "arf.yaml", "ARF", [("AA", "State AA", "p@aa.example")])
    _directory(tmp_path / "osce.yaml", "OSCE", [("AA", "State AA", "m@aa.example"),
                                                ("BB", "State BB", "p@bb.example")])
    f = _scenario(tmp_path, "directories: {arf: {file: arf.yaml}, osce: {file: osce.yaml}}")
    r = _invoke("run", str(f), "--no-store", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["participants"] == 2

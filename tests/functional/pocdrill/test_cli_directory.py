"""``pocdrill directory``: generate, validate, show, schema; bad input exits 2 with one line
per problem and no traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pocdrill.app import app
from simulator.io.directory_files import load_directory
from simulator.io.directory_schema import directory_json_schema
from tests import ROOT

RESERVED = re.compile(r"@([a-z0-9-]+\.)+example\.(org|net|com)$")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["directory", *args], env={"COLUMNS": "160"})


def _pocdrill(args: list[str], cwd: Path, hashseed: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    code = "from pocdrill.app import app; app()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def un_yaml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("un") / "un.yaml"
    r = run("generate", "--profile", "un", "--seed", "1", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stderr.strip() == f"wrote {out}: 193 participants, {_contacts(out)} contacts " \
                               "(fictitious; profile un, seed 1)"
    return out


def _contacts(path: Path) -> int:
    return sum(len(p.contacts) for p in load_directory(path).participants)


def test_generate_un_writes_193_complete_fictitious_participants(un_yaml: Path) -> None:
    d = load_directory(un_yaml)
    assert len(d.participants) == 193
    for p in d.participants:
        roles = [c.role for c in p.contacts]
        assert "policy" in roles and "technical" in roles, p.code
        for c in p.contacts:
            assert c.email and RESERVED.search(c.email), c.email
    text = un_yaml.read_text(encoding="utf-8")
    assert text.startswith("# UN Member States (fictitious contacts)\n")
    assert "--profile un --seed 1" in text.splitlines()[2]


def test_generate_is_byte_identical_across_processes_and_seeds_differ(
    un_yaml: Path, tmp_path: Path
) -> None:
    # A fresh interpreter with another hash seed writes the very same bytes.
    r = _pocdrill(["directory", "generate", "--profile", "un", "--seed", "1", "-o", "again.yaml"],
                  tmp_path, hashseed="12345")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "again.yaml").read_bytes() == un_yaml.read_bytes()
    r = run("generate", "--profile", "un", "--seed", "2", "-o", str(tmp_path / "two.yaml"))
    assert r.exit_code == 0
    assert (tmp_path / "two.yaml").read_bytes() != un_yaml.read_bytes()


def test_generate_csv_round_trips_to_the_same_directory(un_yaml: Path, tmp_path: Path) -> None:
    out = tmp_path / "un.csv"
    r = run("generate", "--profile", "un", "--seed", "1", "-o", str(out))
    assert r.exit_code == 0
    assert load_directory(out) == load_directory(un_yaml)


def test_generate_options(tmp_path: Path) -> None:
    out = tmp_path / "arf.yml"
    r = run("generate", "--profile", "arf", "--seed", "3", "-o", str(out), "--deputy-share", "0",
            "--duty-share", "1", "--as-of", "2025-06-30")
    assert r.exit_code == 0, r.stderr
    d = load_directory(out)
    assert not any(c.role.startswith("deputy") for p in d.participants for c in p.contacts)
    assert all(any(c.duty_24_7 for c in p.contacts) for p in d.participants)
    latest = max(c.last_verified for p in d.participants for c in p.contacts if c.last_verified)
    assert str(latest) <= "2025-06-30"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--profile", "nato", "-o", "x.yaml"], "error: --profile: unknown profile 'nato'"),
        (["--profile", "osce", "-o", "x.txt"], "unknown format '.txt'"),
        (["--profile", "osce", "-o", "x.yaml", "--as-of", "01/02/2025"], "error: --as-of:"),
    ],
)
def test_generate_bad_options_exit_2(tmp_path: Path, args: list[str], expected: str) -> None:
    args = [a if a not in ("x.yaml", "x.txt") else str(tmp_path / a) for a in args]
    r = run("generate", *args)
    assert r.exit_code == 2
    assert expected in r.stderr
    assert "Traceback" not in r.output + r.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_validate_ok_lines(un_yaml: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "oas.csv"
    assert run("generate", "--profile", "oas", "-o", str(csv_path)).exit_code == 0
    r = run("validate", str(un_yaml), str(csv_path))
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == f"{un_yaml}: ok (193 participants, {_contacts(un_yaml)} contacts)"
    assert lines[1] == f"{csv_path}: ok (35 participants, {_contacts(csv_path)} contacts)"


MALFORMED = """\
name: Malformed
organisation: TEST
participants:
  - code: DE
    name: Germany
    timezone: Europe/Berlin
    contacts: [{role: policy, email: policy@mfa.de.example.org}]
  - code: FR
    name: France
    timezone: Europe/Parris
    contacts: [{role: policy}]
  - code: DE
    name: Germany twice
    timezone: Europe/Berlin
    contacts: [{role: technical}]
  - code: IT
    name: Italy
    timezone: Europe/Rome
    contacts: []
  - code: ES
    name: Spain
    timezone: Europe/Madrid
    contacts:
      - {role: policy, email: "spain at example"}
      - {role: chief}
"""


def test_malformed_directory_exits_2_with_one_line_per_problem(
    un_yaml: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MALFORMED, encoding="utf-8")
    r = run("validate", str(un_yaml), str(bad))
    assert r.exit_code == 2
    assert "Traceback" not in r.output + r.stderr
    assert r.stdout.splitlines() == [f"{un_yaml}: ok (193 participants, {_contacts(un_yaml)} "
                                     "contacts)"]
    lines = r.stderr.splitlines()
    prefix = f"error: {bad}: "
    assert all(line.startswith(prefix) for line in lines), lines
    got = [line[len(prefix):] for line in lines]
    assert len(got) == 5
    assert got[0].startswith("participants[1] (FR).timezone: unknown time zone 'Europe/Parris'")
    assert got[1].startswith("participants[2] (DE): duplicate code DE")
    assert got[2].startswith("participants[3] (IT): participant IT has no contact")
    assert got[3].startswith("participants[4] (ES).contacts[0].email: 'spain at example' is not")
    assert got[4].startswith("participants[4] (ES).contacts[1].role: unknown role 'chief'")


def test_show_and_run_report_the_same_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MALFORMED, encoding="utf-8")
    r = run("show", str(bad))
    assert r.exit_code == 2
    assert len(r.stderr.splitlines()) == 5
    assert "Traceback" not in r.output + r.stderr


def test_bad_csv_names_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name,timezone,role,email\n"
        "DE,Germany,Europe/Berlin,policy,policy@mfa.de.example.org\n"
        "DE,Germany,Europe/Berlin,technical,nope\n"
        "FR,France,Europe/Parris,policy,\n",
        encoding="utf-8",
    )
    r = run("validate", str(bad))
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        f"error: {bad}: row 3 (DE/technical).email: 'nope' is not a valid e-mail address",
        f"error: {bad}: row 4 (FR).timezone: unknown time zone 'Europe/Parris'; use an IANA "
        "name such as Europe/Berlin",
    ]


def test_missing_and_syntax_error_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    r = run("validate", str(tmp_path / "missing.yaml"), str(broken))
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert lines[0] == f"error: {tmp_path / 'missing.yaml'}: no such file; check the path"
    assert lines[1].startswith(f"error: {broken}: line ")
    assert "YAML syntax error" in lines[1]


def test_show_hides_personal_data_unless_asked(un_yaml: Path) -> None:
    d = load_directory(un_yaml)
    first = d.participants[0]
    r = run("show", str(un_yaml), "--as-of", "2026-01-01")
    assert r.exit_code == 0, r.stderr
    shown = r.stdout
    rows = {line.split()[0] for line in shown.splitlines() if line.strip()}
    assert all(p.code in rows for p in d.participants)
    assert "African" in shown and "WEOG" in shown
    for p in d.participants[:20]:
        for c in p.contacts:
            assert c.email not in r.stdout
    assert "--show-personal" in r.stdout
    r = run("show", str(un_yaml), "--show-personal", "--as-of", "2026-01-01")
    assert r.exit_code == 0
    assert f"{first.code}/policy" in r.stdout
    assert all(c.email in r.stdout for c in first.contacts if c.email)


def test_show_json(un_yaml: Path) -> None:
    r = run("show", str(un_yaml), "--json", "--as-of", "2026-01-01")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["participants_count"] == 193
    assert data["organisation"] == "UN"
    d = load_directory(un_yaml)
    for got, p in zip(data["participants"], d.participants, strict=True):
        assert got["code"] == p.code
        assert got["roles"] == [c.role for c in p.contacts]
        dates = [c.last_verified for c in p.contacts if c.last_verified]
        assert got["oldest_verified"] == (min(dates).isoformat() if dates else None)
        assert all(set(c) & {"name", "email", "phone"} == set() for c in got["contacts"])
    r = run("show", str(un_yaml), "--json", "--show-personal")
    emails = [c["email"] for p in json.loads(r.stdout)["participants"] for c in p["contacts"]]
    assert emails == [c.email for p in d.participants for c in p.contacts]


def test_schema_prints_and_writes(tmp_path: Path) -> None:
    r = run("schema")
    assert r.exit_code == 0
    assert json.loads(r.stdout) == directory_json_schema()
    out = tmp_path / "s.json"
    assert run("schema", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == (ROOT / "scenarios/directory.schema.json").read_text(
        encoding="utf-8"
    )

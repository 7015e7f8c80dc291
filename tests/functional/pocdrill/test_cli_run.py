"""``pocdrill run`` from the outside: JSON contract, determinism, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import ROOT

OSCE = ROOT / "scenarios" / "osce-unannounced-72h.yaml"
UN = ROOT / "scenarios" / "un-directory-ping.yaml"

KEYS = {
    "scenario",
    "seed",
    "replications",
    "participants",
    "deadline_hours",
    "ack_rate",
    "completion_rate",
    "median_hours_to_ack",
    "p90_hours_to_ack",
    "median_hours_to_complete",
    "bounced_contacts",
    "stale_contacts",
    "reminders_sent",
    "by_group",
}


def pocdrill(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pocdrill", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_run_json_has_the_documented_fields() -> None:
    out = pocdrill("run", str(OSCE), "--seed", "7", "--json", "--no-store")
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert KEYS <= s.keys()
    assert s["participants"] == 57 and s["deadline_hours"] == 72
    assert 0 <= s["completion_rate"] <= s["ack_rate"] <= 1
    assert sum(g["participants"] for g in s["by_group"].values()) == 57
    # the overall rate is the participant-weighted mean of the group rates
    weighted = sum(g["ack_rate"] * g["participants"] for g in s["by_group"].values()) / 57
    assert weighted == pytest.approx(s["ack_rate"], abs=1e-3)
    assert "ack_rate_ci95" not in s


def test_replications_add_intervals_that_contain_the_rate() -> None:
    out = pocdrill("run", str(UN), "--replications", "4", "--json", "--no-store")
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert s["replications"] == 4 and s["participants"] == 193
    lo, hi = s["ack_rate_ci95"]
    assert lo <= s["ack_rate"] <= hi
    lo, hi = s["completion_rate_ci95"]
    assert lo <= s["completion_rate"] <= hi


def test_same_seed_same_numbers_in_another_process_with_other_hash_seed() -> None:
    a = pocdrill(
        "run", str(OSCE), "--seed", "3", "--json", "--no-store", env={"PYTHONHASHSEED": "1"}
    )
    b = pocdrill(
        "run", str(OSCE), "--seed", "3", "--json", "--no-store", env={"PYTHONHASHSEED": "2"}
    )
    c = pocdrill("run", str(OSCE), "--seed", "4", "--json", "--no-store")
    assert a.returncode == b.returncode == c.returncode == 0
    assert json.loads(a.stdout) == json.loads(b.stdout)
    assert json.loads(a.stdout) != json.loads(c.stdout)


def test_readable_summary_names_groups_and_contacts_to_fix() -> None:
    out = pocdrill("run", str(OSCE), "--seed", "7", "--no-store")
    assert out.returncode == 0, out.stderr
    for text in ("Acknowledged within the deadline", "By group", "Contacts to fix",
                 "Western Europe", "Median to acknowledge (Kaplan-Meier)"):
        assert text in out.stdout


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("check: {start: 2026-03-06T15:00:00Z, deadline: 3 days}", "check.deadline"),
        ("check: {start: 2026-03-06T15:00:00}", "check.start"),
        ("check: {start: 2026-03-06T15:00:00Z, reminders: [200h]}", "check"),
        (
            "check: {start: 2026-03-06T15:00:00Z}\nbehaviour: {triage: {dist: gamma, mean: 1h}}",
            "behaviour.triage",
        ),
        ("check: {start: 2026-03-06T15:00:00Z, levle: task}", "check.levle"),
    ],
)
def test_bad_scenario_exits_2_naming_file_and_field(tmp_path: Path, body: str, field: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(f"name: bad\ndirectory: {{profile: osce, seed: 1}}\n{body}\n")
    out = pocdrill("run", str(f), "--no-store")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert lines and all(line.startswith(f"error: {f}") for line in lines)
    assert any(field in line for line in lines), out.stderr


def test_missing_directory_file_is_named(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("name: s\ndirectory: {file: nowhere.yaml}\ncheck: {start: 2026-03-06T15:00:00Z}\n")
    out = pocdrill("run", str(f), "--no-store")
    assert out.returncode == 2
    assert "directory.file" in out.stderr and "nowhere.yaml" in out.stderr


def test_a_recipient_role_nobody_holds_is_refused_by_run_and_validate(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(OSCE.read_text(encoding="utf-8").replace(
        "recipients: [policy, technical]", "recipients: [policy, techincal]"), encoding="utf-8")
    assert "techincal" in f.read_text(encoding="utf-8")
    for args in (("run", str(f), "--no-store"), ("scenario", "validate", str(f))):
        out = pocdrill(*args)
        assert out.returncode == 2, out.stderr
        (line,) = out.stderr.strip().splitlines()
        assert line.startswith(f"error: {f}: check.recipients[1]: ") and "'techincal'" in line
        assert "Traceback" not in out.stderr and out.stdout == ""


@pytest.mark.parametrize("args, says", [
    (("run", str(OSCE), "-r", "0", "--no-store"), "'--replications'"),
    (("run", str(OSCE), "--bogus"), "--bogus"),
    (("run", str(OSCE), "--seed", "99999999999999999999"), "'--seed'"),  # beyond 64 bits
    (("run",), "Missing argument"),
    (("nosuch",), "'nosuch'"),
])
def test_usage_errors_are_one_line_with_status_2(args: tuple[str, ...], says: str) -> None:
    out = pocdrill(*args)
    assert out.returncode == 2 and out.stdout == ""
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith("error: pocdrill") and says in line and line.endswith("--help)")


def test_ctrl_c_mid_run_keeps_the_store_consistent(tmp_path: Path) -> None:
    import signal
    import sqlite3
    import time

    db = tmp_path / "r.db"
    env = {**os.environ, "POCDRILL_DATABASE_URL": f"sqlite:///{db}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pocdrill", "run", str(UN), "-r", "100000", "--events", "all",
         "--yes", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # A terminal delivers Ctrl-C to a process whose SIGINT is at its default. A CI
        # runner started without job control may hand its children SIGINT ignored, and
        # Python then installs no KeyboardInterrupt handler; restore the default first.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:  # wait for a condition, not a fixed time
            if db.exists():
                with sqlite3.connect(db) as con:
                    try:
                        done = con.execute("select count(*) from runs where status='completed'")
                        if done.fetchone()[0] >= 2:
                            break
                    except sqlite3.OperationalError:
                        pass
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "interrupted after" in err and "stored complete" in err and "Traceback" not in err
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        statuses = {s for (s,) in con.execute("select status from runs")}
    assert statuses <= {"completed", "interrupted"}

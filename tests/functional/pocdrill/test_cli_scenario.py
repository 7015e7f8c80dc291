"""``pocdrill scenario`` (validate, show, schema, list) and ``pocdrill run --json`` on a
tabletop, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pocdrill.app import app
from simulator.io.scenario_files import bundled_scenarios
from simulator.io.schemas import scenario_json_schema_text
from tests import ROOT

runner = CliRunner()

GOOD = """\
name: tiny
directory: {profile: osce, seed: 7}
participants: [EE, FI]
start: 2026-11-17T06:30:00Z
end: 24h
stages:
  - {id: S1, title: Detection, questions: ["Who calls whom?"]}
injects:
  - id: I1
    stage: S1
    at: 0h
    recipients: [EE]
    subject: outage
    expect:
      - {id: E1, action: request_consultation, within: 6h, to: FI}
  - id: I2
    stage: S1
    trigger: {on: done, expectation: E1}
    sender: EE
    recipients: [FI]
    subject: consultation request
    expect:
      - {id: E2, action: respond, within: 6h, to: EE}
"""


def write(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_validate_bundled_scenarios_all_ok() -> None:
    paths = [str(p) for p in bundled_scenarios()]
    r = runner.invoke(app, ["scenario", "validate", *paths])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert len(lines) == len(paths)
    for p, line in zip(paths, lines, strict=True):
        assert line.startswith(f"{p}: ok (")
    assert any(line.endswith("ok (check, 193 participants)") for line in lines)
    assert any("ok (tabletop, 9 injects)" in line for line in lines)


def test_validate_good_file(tmp_path: Path) -> None:
    p = write(tmp_path, GOOD)
    r = runner.invoke(app, ["scenario", "validate", str(p)])
    assert r.exit_code == 0 and r.stdout == f"{p}: ok (tabletop, 2 injects)\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "recipients: [FI]",
            "recipients: [XX]",
            "injects[1] (I2).recipients[0]: unknown participant code 'XX' (not in the directory)",
        ),
        (
            "{id: E1, action: request_consultation",
            "{id: E1, who: [FI], action: request_consultation",
            "injects[0] (I1).expect[0].who: 'FI' does not receive this inject",
        ),
        (
            "    at: 0h\n",
            "    trigger: {on: met, expectation: E2}\n",
            "injects[0] (I1).trigger: trigger cycle I1 -> I2 -> I1",
        ),
        (
            "at: 0h",
            "at: 20h",
            "injects[0] (I1).expect[0].within: window closes at 26h at the earliest, "
            "after end (24h)",
        ),
        (
            "stage: S1\n    trigger",
            "stage: S2\n    trigger",
            "injects[1] (I2).stage: unknown stage 'S2'",
        ),
        ("id: I2", "id: I1", "injects[1] (I1).id: duplicate inject id 'I1'"),
    ],
)
def test_validate_reports_each_problem_on_one_line_and_exits_2(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    bad = write(tmp_path, GOOD.replace(old, new, 1), "bad.yaml")
    good = write(tmp_path, GOOD, "good.yaml")
    r = runner.invoke(app, ["scenario", "validate", str(bad), str(good)])
    assert r.exit_code == 2
    errors = r.stderr.splitlines()
    assert any(line.startswith(f"error: {bad}: {expected}") for line in errors), errors
    assert "Traceback" not in r.output
    assert r.stdout == f"{good}: ok (tabletop, 2 injects)\n"  # the other file is still checked


def test_validate_missing_file_and_yaml_error(tmp_path: Path) -> None:
    broken = write(tmp_path, "name: [unclosed\n")
    r = runner.invoke(app, ["scenario", "validate", str(tmp_path / "nope.yaml"), str(broken)])
    assert r.exit_code == 2
    assert f"error: {tmp_path / 'nope.yaml'}: no such file" in r.stderr
    assert f"error: {broken}: line" in r.stderr and "YAML syntax error" in r.stderr


def test_show_tabletop_prints_the_timeline_by_stage() -> None:
    path = ROOT / "scenarios" / "cross-border-ci-incident.yaml"
    r = runner.invoke(app, ["scenario", "show", str(path), "--width", "200"])
    assert r.exit_code == 0, r.output
    out = r.stdout
    for needle in (
        "S1: Detection",
        "S2: Formal consultation",
        "Discussion questions",
        "E4 done +15m",
        "E5 missed +30m",
        "+3h",
        "Baltic Lightwave Subsea AS",
        "request_consultation -> FI within 6h",
        "Who in your government decides",
    ):
        assert needle in out, needle
    # stages in order, and within a stage injects by time
    assert out.index("S1: Detection") < out.index("S2: Formal") < out.index("S4: Coordination")
    s4 = out[out.index("S4: Coordination") :]
    assert s4.index("I7") < s4.index("I8") < s4.index("I9")


def test_show_tabletop_in_80_columns_keeps_every_subject_whole() -> None:
    from simulator.io.scenario_files import load_scenario

    path = ROOT / "scenarios" / "cross-border-ci-incident.yaml"
    r = runner.invoke(app, ["scenario", "show", str(path), "--width", "80"])
    assert r.exit_code == 0, r.output
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    flat = " ".join(r.stdout.split())
    for inj in load_scenario(path).scenario.injects:
        assert " ".join(inj.subject.split()) in flat, inj.id
        for e in inj.expect:
            who = "" if e.who == "recipients" else f"{', '.join(e.who)}: "
            assert f"{e.id} {who}{e.action}" in flat


def test_show_check_prints_its_parameters() -> None:
    path = ROOT / "scenarios" / "osce-unannounced-72h.yaml"
    r = runner.invoke(app, ["scenario", "show", str(path), "--width", "160"])
    assert r.exit_code == 0, r.output
    for needle in (
        "communication check",
        "profile osce (seed 7)",
        "+24h",
        "at +69h",
        "actions move to its next working moment",
        "lognormal(median=4h, sigma=1.0)",
    ):
        assert needle in r.stdout, needle


def test_show_bad_file_exits_2(tmp_path: Path) -> None:
    p = write(tmp_path, GOOD.replace("stage: S1\n    trigger", "stage: S9\n    trigger"))
    r = runner.invoke(app, ["scenario", "show", str(p)])
    assert r.exit_code == 2 and "unknown stage 'S9'" in r.stderr


def test_schema_to_stdout_and_file(tmp_path: Path) -> None:
    r = runner.invoke(app, ["scenario", "schema"])
    assert r.exit_code == 0
    schema = json.loads(r.stdout)
    kinds = {s["$ref"].rsplit("/", 1)[-1] for s in schema["anyOf"]}
    assert kinds == {"CheckScenario", "TabletopScenario"}
    out = tmp_path / "s.json"
    r = runner.invoke(app, ["scenario", "schema", "-o", str(out)])
    assert r.exit_code == 0 and json.loads(out.read_text(encoding="utf-8")) == schema


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == scenario_json_schema_text(), (
        "scenarios/scenario.schema.json is stale; regenerate it with `make schemas`"
    )


def test_list_shows_every_bundled_scenario() -> None:
    r = runner.invoke(app, ["scenario", "list", "--json"])
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert {x["file"] for x in rows} == {p.name for p in bundled_scenarios()}
    kinds = {x["file"]: x["kind"] for x in rows}
    assert kinds["un-directory-ping.yaml"] == "check"
    assert kinds["election-ddos.yaml"] == "tabletop"
    assert all(x["description"] and "\n" not in x["description"] for x in rows)
    r = runner.invoke(app, ["scenario", "list"])
    assert r.exit_code == 0 and "misattribution-defusal.yaml" in r.stdout


def test_run_json_includes_expectations_for_a_tabletop(tmp_path: Path) -> None:
    p = write(tmp_path, GOOD)
    r = runner.invoke(app, ["run", str(p), "--json", "--no-store", "--seed", "3", "-r", "2"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    e = s["expectations"]
    assert e["replications"] == 2 and set(e["by_expectation"]) == {"E1", "E2"}
    assert e["met"] + e["late"] + e["missed"] + e["not_fired"] == pytest.approx(e["total"]) == 2


def test_run_rejects_a_tabletop_with_unknown_codes(tmp_path: Path) -> None:
    p = write(tmp_path, GOOD.replace("participants: [EE, FI]", "participants: [EE, FI, QQ]"))
    r = runner.invoke(app, ["run", str(p), "--no-store"])
    assert r.exit_code == 2
    assert f"error: {p}: participants[2]: unknown participant code 'QQ'" in r.stderr

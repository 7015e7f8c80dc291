"""``pocdrill directory analyse`` and ``pocdrill plan-start`` through the real command
line: their figures, no personal data, and bad input as one line with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.io.directory_files import save_directory
from simulator.model.directory import Contact, Directory, Participant
from tests import ROOT
from tests.cli_support import invoke

CHECK = """\
name: plan check
directory: {file: vienna.yaml}
check:
  start: 2026-03-02T08:00:00Z
  deadline: 72h
  recipients: [policy]
"""


@pytest.fixture
def vienna(tmp_path: Path) -> Path:
    """Four participants in Vienna, Monday-Friday 09:00-17:00, no holidays; a check on it."""
    directory = Directory(name="vienna", organisation="custom", participants=[
        Participant(code=f"X{c}", name=f"State {c}", timezone="Europe/Vienna",
                    contacts=[Contact(role="policy", email=f"p{c.lower()}@mfa.example.org",
                                      phone="+00 555 0100", name="Ann Example")])
        for c in "ABCD"])
    save_directory(directory, tmp_path / "vienna.yaml")
    (tmp_path / "check.yaml").write_text(CHECK, encoding="utf-8")
    return tmp_path


def test_analyse_prints_findings_without_personal_data_and_json_with_chances(
    vienna: Path
) -> None:
    res = invoke("directory", "analyse", str(vienna / "vienna.yaml"), "--as-of", "2026-03-01")
    assert res.code == 0, res.err
    assert "only one working contact, no deputy" in res.out and "XA" in res.out
    assert "give --scenario" in res.out
    assert "Ann" not in res.out and "@" not in res.out and "+00" not in res.out
    js = invoke("directory", "analyse", str(vienna / "vienna.yaml"), "--scenario",
                str(vienna / "check.yaml"), "-r", "20", "--json")
    assert js.code == 0, js.err
    out = json.loads(js.out)
    assert out["ack_chance_method"] == "simulation" and out["replications"] == 20
    assert out["counts"]["one_working_contact"] == 4 and out["counts"]["freshness_never"] == 4
    assert all(0 <= p["ack_chance"]["share"] <= 1 for p in out["participants"])
    assert "Ann" not in js.out and "@" not in js.out


def test_plan_start_ranks_monday_morning_above_friday_evening(vienna: Path) -> None:
    res = invoke("plan-start", str(vienna / "check.yaml"), "--between",
                 "2026-03-02T08:00:00Z", "--and", "2026-03-06T17:00:00Z", "--step", "105h",
                 "--json")
    assert res.code == 0, res.err
    out = json.loads(res.out)
    assert out["fair_hours"] == pytest.approx(8.57, abs=0.01)
    mon, fri = out["candidates"]
    assert (mon["start"], mon["fair_share"], mon["least_hours"]) == (
        "2026-03-02T08:00:00+00:00", 1.0, 24.0)
    assert (fri["start"], fri["fair_share"], fri["least_hours"]) == (
        "2026-03-06T17:00:00+00:00", 0.0, 8.0)
    assert out["best"][0]["start"] == mon["start"]
    table = invoke("plan-start", str(vienna / "check.yaml"), "--between",
                   "2026-03-02T08:00:00Z", "--and", "2026-03-03T08:00:00Z")
    assert table.code == 0 and "Mon 2026-03-02 08:00" in table.out and "100%" in table.out


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["plan-start", "{dir}/check.yaml", "--between", "2026-03-02T08:00:00", "--and",
          "2026-03-03T08:00:00Z"], "error: --between: '2026-03-02T08:00:00' has no time zone"),
        (["plan-start", "{dir}/check.yaml", "--between", "monday", "--and",
          "2026-03-03T08:00:00Z"], "error: --between: 'monday' is not an ISO 8601"),
        (["plan-start", "{dir}/check.yaml", "--between", "2026-03-04T08:00:00Z", "--and",
          "2026-03-03T08:00:00Z"], "error: --and: the window ends before it starts"),
        (["plan-start", "{dir}/check.yaml", "--between", "2026-03-02T08:00:00Z", "--and",
          "2026-03-03T08:00:00Z", "--step", "soon"], "error: --step: 'soon' is not a duration"),
        (["plan-start", "{dir}/nowhere.yaml", "--between", "2026-03-02T08:00:00Z", "--and",
          "2026-03-03T08:00:00Z"], "error: {dir}/nowhere.yaml"),
        (["directory", "analyse", "{dir}/vienna.yaml", "--as-of", "2026-13-01"],
         "error: --as-of"),
        (["directory", "analyse", "{dir}/vienna.yaml", "--scenario", "{dir}/nowhere.yaml"],
         "error: {dir}/nowhere.yaml"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(vienna: Path, args: list[str], line: str) -> None:
    res = invoke(*[a.format(dir=vienna) for a in args])
    assert res.code == 2, (res.out, res.err)
    assert len(res.err_lines) == 1 and res.err_lines[0].startswith(line.format(dir=vienna)), \
        res.err


def test_analyse_under_a_tabletop_scenario_is_one_line_and_exit_2(vienna: Path) -> None:
    tabletop = ROOT / "scenarios" / "election-ddos.yaml"
    res = invoke("directory", "analyse", str(vienna / "vienna.yaml"), "--scenario",
                 str(tabletop))
    assert res.code == 2
    assert res.err_lines == [f"error: {tabletop}: kind: a tabletop scenario; network health "
                             "needs a communication check (kind: check)"]

"""``pocdrill scenario export-msel``, ``import-msel`` and ``calendar``: every bundled
tabletop survives an MSEL round trip (CSV and xlsx); an MSEL without a base becomes a
scenario that runs; bad rows are located; the .ics has the right events at the right UTC
times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from simulator.io.scenario_files import load_scenario
from simulator.model.check import CheckScenario
from simulator.model.tabletop import TabletopScenario
from tests import ROOT
from tests.cli_support import invoke

TABLETOPS = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml")
                   if isinstance(load_scenario(p).scenario, TabletopScenario))


def _tabletop(path: Path) -> TabletopScenario:
    sc = load_scenario(path).scenario
    assert isinstance(sc, TabletopScenario)
    return sc


def test_the_bundled_tabletops_are_found() -> None:
    assert len(TABLETOPS) >= 4


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", TABLETOPS)
def test_msel_round_trip_gives_the_same_scenario(tmp_path: Path, name: str, fmt: str) -> None:
    src = ROOT / "scenarios" / name
    msel, back = tmp_path / f"msel.{fmt}", tmp_path / "back.yaml"
    r = invoke("scenario", "export-msel", str(src), "-o", str(msel))
    assert r.code == 0, r.err
    r = invoke("scenario", "import-msel", str(msel), "-o", str(back), "--base", str(src))
    assert r.code == 0, r.err
    before, after = _tabletop(src), _tabletop(back)
    # a cell holds the message without the line break a folded YAML block ends with
    assert [i.model_copy(update={"body": i.body.strip()}) for i in before.injects] == after.injects
    assert before.model_copy(update={"injects": []}) == after.model_copy(update={"injects": []})


def test_an_msel_without_a_base_becomes_a_scenario_that_runs(tmp_path: Path) -> None:
    msel = tmp_path / "plan.csv"
    msel.write_text(
        "No.,Phase,Time,From,To,Method,Subject,Message,Expected action,Expectation,Deadline,"
        "Notes\n"
        "1,S1,2026-05-12 07:00 UTC,secretariat,\"DE, PL\",email,Substation alarms,Alarms.,"
        "E1: request_consultation -> PL,DE asks PL,4h,control only\n"
        "1,,,,,,,,E2: acknowledge,,2h,\n"
        "2,S2,when E1 met +30m,DE,PL [policy],email,Consultation,Please.,E3: respond -> DE,,6h,\n",
        encoding="utf-8")
    out = tmp_path / "plan.yaml"
    r = invoke("scenario", "import-msel", str(msel), "-o", str(out), "--start",
               "2026-05-12T07:00:00Z", "--directory", "osce")
    assert r.code == 0, r.err
    assert "2 injects, 3 expectations, 2 stages" in r.err
    sc = _tabletop(out)
    first, second = sc.injects
    assert (first.at, [e.id for e in first.expect], first.expect[0].to) == (0.0, ["E1", "E2"], "PL")
    assert second.trigger is not None and second.delay == 0.5 and second.roles == ["policy"]
    assert sc.end == 11.0  # E1 met at 4h at the latest, then 30m, then 6h: 10h30 -> 11h
    assert invoke("run", str(out), "--seed", "1", "--db",
                  f"sqlite:///{tmp_path / 'r.db'}").code == 0


BAD = {
    "unknown column": ("number,time,to,subject,colour\nI1,+1h,DE,Hi,red\n",
                       ["row 1, column E (colour): unknown column 'colour'"]),
    "time without a year": ("number,time,to,subject\nI1,12 March 09:00,DE,Hi\n",
                            ["row 2, column B (time): '12 March 09:00' is not a time"]),
    "unknown code": ("number,time,to,subject\nI1,+1h,XX,Hi\n",
                     ["row 2, column C (to): unknown participant code 'XX'"]),
    "no deadline": ("number,time,to,subject,expected action\nI1,+1h,DE,Hi,E1: acknowledge\n",
                    ["row 2: no deadline for the expected action"]),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_msel_rows_are_located_and_nothing_is_written(tmp_path: Path, kind: str) -> None:
    text, expected = BAD[kind]
    msel = tmp_path / "bad.csv"
    msel.write_text(text, encoding="utf-8")
    out = tmp_path / "out.yaml"
    r = invoke("scenario", "import-msel", str(msel), "-o", str(out), "--start",
               "2026-05-12T07:00:00Z", "--directory", "osce")
    assert r.code == 2
    assert len(r.err_lines) == len(expected)
    for line, want in zip(r.err_lines, expected, strict=True):
        assert line.startswith(f"error: {msel}: {want}")
    assert not out.exists()


def _events(path: Path) -> dict[str, datetime]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(ev["SUMMARY"]): ev.decoded("DTSTART") for ev in cal.walk("VEVENT")}


def test_a_check_calendar_has_start_reminders_deadline_and_end(tmp_path: Path) -> None:
    src = ROOT / "scenarios" / "osce-unannounced-72h.yaml"
    sc = load_scenario(src).scenario
    assert isinstance(sc, CheckScenario)
    out = tmp_path / "check.ics"
    assert invoke("scenario", "calendar", str(src), "-o", str(out)).code == 0
    events = _events(out)
    start = sc.check.start
    expected = {f"Check sent: {sc.name}": start,
                f"Deadline ({int(sc.check.deadline)}h)": start + timedelta(hours=sc.check.deadline),
                "End of observation": start + timedelta(hours=sc.check.horizon_hours)}
    for k, r in enumerate(sorted(sc.check.reminders), start=1):
        expected[f"Reminder {k} ({int(r)}h)"] = start + timedelta(hours=r)
    for summary, when in expected.items():
        assert events[summary] == when and events[summary].tzinfo is not None, summary
        assert events[summary].utcoffset() == timedelta(0)
    cal = Calendar.from_ical(out.read_bytes())
    uids = [str(ev["UID"]) for ev in cal.walk("VEVENT")]
    assert len(set(uids)) == len(uids) and all("DTSTAMP" in ev for ev in cal.walk("VEVENT"))


def test_a_tabletop_calendar_has_each_inject_time(tmp_path: Path) -> None:
    src = ROOT / "scenarios" / "cross-border-ci-incident.yaml"
    sc = _tabletop(src)
    out = tmp_path / "tt.ics"
    assert invoke("scenario", "calendar", str(src), "-o", str(out)).code == 0
    events = _events(out)
    earliest = sc.earliest_fire()
    for inj in sc.injects:
        if earliest[inj.id] is None:
            continue
        summary = next(s for s in events if s.startswith(f"Inject {inj.id}:"))
        assert events[summary] == sc.start + timedelta(hours=earliest[inj.id] or 0.0)
        assert ("earliest" in summary) == (not inj.timed)
    assert events["End of the exercise"] == sc.start + timedelta(hours=sc.end)
    assert events["End of the exercise"].astimezone(UTC) == datetime(2026, 11, 22, 6, 30,
                                                                     tzinfo=UTC)


def test_the_readme_worked_example_is_a_valid_tabletop(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("kind: tabletop\nname: Substation alarms")
    example = tmp_path / "example.yaml"
    example.write_text(readme[start:readme.index("```", start)], encoding="utf-8")
    r = invoke("scenario", "validate", str(example))
    assert r.code == 0, r.err
    assert r.out.strip() == f"{example}: ok (tabletop, 3 injects)"

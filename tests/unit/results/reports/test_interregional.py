"""The Directories section: a run on two directories says through which each state in
both acknowledged, and where the directories disagree; other runs have no such section."""

from __future__ import annotations

from results.reports.meta import RunMeta
from results.reports.run_report import run_report
from simulator.directories.combine import listed_in
from simulator.engine.run import run
from simulator.io.scenario_files import load_scenario
from tests import ROOT

ARF_OSCE = ROOT / "scenarios" / "arf-osce-interregional-check.yaml"


def test_a_two_directory_run_reports_through_which_and_the_disagreements() -> None:
    loaded = load_scenario(ARF_OSCE)
    r = run(loaded.scenario, loaded.directory(), seed=2)
    meta = RunMeta(scenario=r.scenario, kind="tabletop", seed=2, scenario_text=loaded.text)
    section = run_report(r, meta).section("directories")
    tables = [b for b in section.blocks if hasattr(b, "rows")]
    dual = tables[0].rows  # type: ignore[attr-defined]
    assert [row[0] for row in dual] == ["CA", "MN", "RU", "US"]
    by_code = {p.code: p for p in r.participants}
    for code, _name, where, through, _when in dual:
        assert where == "arf, osce"
        ack_by = by_code[code].ack_by
        assert through == ((listed_in(ack_by) if ack_by else None) or "-")
    differences = tables[1].rows  # type: ignore[attr-defined]
    assert {row[0] for row in differences} <= {"CA", "MN", "RU", "US"}
    assert ("US", "missing role", "deputy_policy") in {(row[0], row[2], row[3])
                                                       for row in differences}


def test_a_run_on_one_directory_has_no_directories_section() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "election-ddos.yaml")
    r = run(loaded.scenario, loaded.directory(), seed=1)
    report = run_report(r, RunMeta(scenario=r.scenario, kind="tabletop",
                                   scenario_text=loaded.text))
    assert "directories" not in [s.id for s in report.sections]

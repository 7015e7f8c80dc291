"""What a finished live run's report says: its scorecard and its contacts to fix, as the
session stored them."""

from __future__ import annotations

from results.reports.run_report import build_report
from results.store import Store
from tests.unit.results.live.conftest import StartSession


def test_a_finished_live_tabletop_reports_its_scorecard(start: StartSession,
                                                        store: Store) -> None:
    s = start("tiny-scorecard")
    s.fire_inject("I1", 0.0)
    s.record("acknowledged", "XA", 0.5)  # XA: E1 met
    s.record("acknowledged", "XB", 1.25)  # XB: E1 late; E2 left open on both: missed
    s.finish(4.0)
    info = store.get_run(s.run_id)
    assert (info.status, info.mode, info.kind) == ("completed", "live", "tabletop")
    assert info.summary is not None
    by_stage = info.summary["expectations"]["by_stage"]
    assert {s: (c["met"], c["late"], c["missed"], c["not_fired"]) for s, c in by_stage.items()} \
        == {"S1": (1, 1, 2, 0), "S2": (0, 0, 0, 1)}
    report = build_report(store, s.run_id)
    scorecard = next(x for x in report.sections if x.id == "scorecard")
    table = next(b for b in scorecard.blocks if getattr(b, "keys", None))
    assert [r[:6] for r in table.rows] == [["S1", "Detection", "1", "1", "2", "0"],  # type: ignore[attr-defined]
                                           ["S2", "Escalation", "0", "0", "0", "1"]]


def test_a_live_tabletop_finished_early_reports_open_windows_open(start: StartSession,
                                                                  store: Store) -> None:
    s = start("tiny-scorecard")
    s.fire_inject("I1", 0.0)
    s.record("acknowledged", "XA", 0.5)  # XA: E1 met; XB never acknowledges: E1 missed at 1h
    s.finish(1.5)  # while E2's window (to 2h) is still open
    summary = store.get_run(s.run_id).summary
    assert summary is not None
    e = summary["expectations"]
    assert (e["met"], e["late"], e["missed"], e["not_fired"], e["total"]) == (1, 0, 1, 1, 5)
    assert e["met_rate"] == 0.5  # of the two decided
    report = build_report(store, s.run_id)
    scorecard = next(x for x in report.sections if x.id == "scorecard")
    table = next(b for b in scorecard.blocks if getattr(b, "keys", None))
    assert table.columns[6] == "Open"  # type: ignore[attr-defined]
    assert table.rows[0] == ["S1", "Detection", "1", "0", "1", "0", "2", "50.0%"]  # type: ignore[attr-defined]
    assert "2 still open when the exercise ended" in scorecard.blocks[0].text  # type: ignore[attr-defined]
    areas = " ".join(report.data["areas"])
    assert "1 of 2 expectations missed: E1 (XB" in areas and "E2 (" not in areas
    assert not any("E2" in i["issue"] for i in report.data["plan"])


def test_a_live_bounce_is_reported_among_the_contacts_to_fix(start: StartSession,
                                                            store: Store) -> None:
    s = start("tiny-check")
    stored = store.load_result(s.run_id).contacts  # stored when the run started
    assert not any(c.bounced or c.stale for c in stored)  # the check says turnover 0
    s.record("bounced", "XC", 1.0)  # its policy desk (the recipient)
    assert [(e.participant, e.contact) for e in s.events if e.kind == "bounced"] \
        == [("XC", "XC/policy")]
    s.finish(2.0)
    summary = store.get_run(s.run_id).summary
    assert summary is not None and summary["bounced_contacts"] == 1
    contacts = next(x for x in build_report(store, s.run_id).sections if x.id == "contacts")
    table = next(b for b in contacts.blocks if getattr(b, "keys", None))
    assert ["XC", "XC/policy", "policy", "bounced"] in table.rows  # type: ignore[attr-defined]

"""Findings: strengths, areas for improvement and the improvement plan state their numbers,
and claim nothing a live run cannot know."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from results.reports.meta import RunMeta
from results.reports.render import render_markdown
from results.reports.run_report import run_report
from tests.report_support import LIVE_START, live_result


def test_findings_state_their_numbers_and_feed_the_plan(stored: dict[str, Any]) -> None:
    rep = stored["check_report"]
    areas = " ".join(rep.data["areas"])
    assert "2 of 8 participants (25.0%) never acknowledged" in areas and "EE, GG" in areas
    assert "FF (80.0 h)" in areas
    assert "1 of 16 contacts (6.2%) bounced: EE/policy" in areas
    assert "Group east: 1 of 4 (25.0%) acknowledged in time, below the overall 62.5%" in areas
    # CC answered after the 24h reminder, DD after the 36h call, FF after the 48h reminder
    assert rep.data["prompted"] == {"CC": "reminder at 24h", "DD": "phone call at 36h",
                                    "FF": "reminder at 48h"}
    plan = {(p["issue"], p["owner"], p["severity"]) for p in rep.data["plan"]}
    assert ("EE/policy: bounced", "EE national POC", "high") in plan
    due = {p["issue"]: (p["due"] - rep.generated).days for p in rep.data["plan"]}
    assert due["EE/policy: bounced"] == 30 and due["FF: acknowledged late (80.0 h)"] == 60
    assert "Re-verify EE/policy: bounced" in stored["check_md"]
    assert "Group west: 4 of 4 (100.0%) acknowledged in time" in " ".join(rep.data["strengths"])

def test_completed_live_run_never_claims_no_message_reached_a_contact() -> None:
    meta = RunMeta(id=7, scenario="Live ping", mode="live", status="completed",
                   started_at=LIVE_START, finished_at=LIVE_START + timedelta(hours=24))
    rep = run_report(live_result({"AA": 0.5, "BB": 2.0, "CC": 14.0}), meta)
    md = render_markdown(rep, charts=False)
    assert "no message reached any contact" not in md
    assert "3 of 6 participants (50.0%) had no acknowledgement recorded in the 24 hours observed" \
        in md
    issues = [p["issue"] for p in rep.data["plan"]]
    assert "DD: no answer recorded (in the 24 hours observed)" in issues
    assert "| 12.0 | Deadline: 2 of 6 participants had acknowledged. |" in md

def test_live_stale_contacts_are_an_upkeep_item_not_lost_messages() -> None:
    from simulator.model.outcome import ContactOutcome

    # AA acknowledged at 0.5h from an entry not verified for years; BB never answered
    r = live_result({"AA": 0.5})
    r.contacts = [ContactOutcome("AA", "AA/policy", "policy", stale=True),
                  ContactOutcome("BB", "BB/policy", "policy", stale=True),
                  ContactOutcome("CC", "CC/policy", "policy")]
    meta = RunMeta(id=9, scenario="Live ping", mode="live", status="completed",
                   started_at=LIVE_START, finished_at=LIVE_START + timedelta(hours=24))
    rep = run_report(r, meta)
    md = render_markdown(rep, charts=False)
    for claim in ("lost messages", "lost silently", "were stale", "| stale"):
        assert claim not in md, claim
    assert ("[low] 2 of 3 contacts (66.7%) were not verified recently and are likely out of "
            "date (an estimate from their last verification; no message is known lost): "
            "AA/policy, BB/policy.") in md
    plan = {p["issue"]: p["severity"] for p in rep.data["plan"]}
    assert plan["AA/policy: not verified recently (likely out of date)"] == "low"
    assert "| AA | AA/policy | policy | not verified recently (likely out of date) |" in md
    assert "| Contacts likely out of date (not verified recently) | 2 |" in md
    # a simulated run's stale contacts are still a high finding; that they lost messages
    # is said only of those that did (none here: no message was lost)
    sim = run_report(r, RunMeta(scenario="Live ping", mode="simulated"))
    assert "2 of 3 contacts (66.7%) were stale: AA/policy, BB/policy." in sim.data["areas"]
    assert not any("lost" in a for a in sim.data["areas"])

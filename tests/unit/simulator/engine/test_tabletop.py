"""A tabletop simulation whose triggers and scores follow from fixed delays exactly."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from simulator.analysis.tabletop import summarize_expectations
from simulator.engine.run import run
from simulator.model.errors import InputError
from tests.unit.simulator.tabletop_support import (
    FIXED,
    base,
    directory,
    fired,
    model,
    outcome,
)


def test_met_trigger_fires_at_met_time_plus_delay_and_missed_at_window_close() -> None:
    r = run(model(base()), directory(["AA", "BB"]), seed=1)
    f = fired(r)
    e1 = outcome(r, "E1", "AA")
    # noticed 2h + 1h triage, then ack 30m and clearance 2h: met at 5.5h
    assert (
        e1.status == "met" and e1.done_at == pytest.approx(5.5) and e1.due_at == pytest.approx(6.0)
    )
    assert f["I2"] == pytest.approx(e1.done_at + 10 / 60)
    e2 = outcome(r, "E2", "BB")
    # respond: 1h triage + 30m ack + 3h work (mandate: no clearance) > 1h window -> late
    assert e2.due_at == pytest.approx(f["I2"] + 1.0)
    assert e2.status == "late" and e2.done_at == pytest.approx(f["I2"] + 4.5)
    # missed is decided when E2's window closes unmet, then the 30m delay
    assert f["I3"] == pytest.approx(e2.due_at + 0.5)
    assert r.kind == "tabletop" and r.level == "tabletop"


def test_late_trigger_fires_when_the_late_action_happens() -> None:
    data = base()
    data["injects"][2]["trigger"] = {"on": "late", "expectation": "E2"}
    data["injects"][2]["delay"] = "0h"
    r = run(model(data), directory(["AA", "BB"]), seed=1)
    assert fired(r)["I3"] == pytest.approx(outcome(r, "E2", "BB").done_at)


def test_done_trigger_fires_when_the_action_happens_in_time_or_late() -> None:
    data = base()
    data["injects"][2]["trigger"] = {"on": "done", "expectation": "E2"}
    data["injects"][2]["delay"] = "1h"
    r = run(model(data), directory(["AA", "BB"]), seed=1)
    assert outcome(r, "E2", "BB").status == "late"
    assert fired(r)["I3"] == pytest.approx(outcome(r, "E2", "BB").done_at + 1.0)


def test_met_and_missed_triggers_are_exclusive() -> None:
    data = base()
    data["injects"][1]["expect"][0]["within"] = "5h"  # now B answers in time (4.5h)
    r = run(model(data), directory(["AA", "BB"]), seed=1)
    assert outcome(r, "E2", "BB").status == "met"
    assert "I3" not in fired(r)
    assert {x.id: x.status for x in r.expectations if x.participant == "BB"} == {"E2": "met"}


def test_expectations_that_cannot_be_met_score_missed() -> None:
    beh = copy.deepcopy(FIXED)
    beh["triage"] = beh["duty_triage"] = {"dist": "fixed", "value": "2h"}
    data = base(behaviour=beh, end="90m")
    data["injects"] = [
        {
            "id": "I1",
            "stage": "S1",
            "at": "0h",
            "recipients": ["AA", "BB"],
            "subject": "x",
            "expect": [{"id": "E1", "action": "acknowledge", "within": "1m"}],
        },
    ]
    r = run(model(data), directory(["AA", "BB"]), seed=5)
    assert [x.status for x in r.expectations] == ["missed", "missed"]
    assert all(x.done_at is None for x in r.expectations)
    assert summarize_expectations(r)["missed"] == 2


def test_manual_injects_never_fire_and_their_expectations_are_not_fired() -> None:
    data = base()
    data["injects"][1]["trigger"] = {"manual": True}
    data["injects"][1].pop("delay")
    r = run(model(data), directory(["AA", "BB"]), seed=1)
    assert set(fired(r)) == {"I1"}
    e2 = outcome(r, "E2", "BB")
    assert e2.status == "not_fired" and e2.due_at is None


def test_humans_are_not_simulated_and_score_missed_without_recorded_actions() -> None:
    r = run(model(base(human=["BB"])), directory(["AA", "BB"]), seed=1)
    assert outcome(r, "E2", "BB").status == "missed"
    bb = next(p for p in r.participants if p.code == "BB")
    assert bb.human and bb.ack_at is None
    assert not [e for e in r.events if e.participant == "BB" and e.contact is not None]
    assert fired(r)["I3"] == pytest.approx(outcome(r, "E2", "BB").due_at + 0.5)


def test_each_action_takes_its_own_working_time() -> None:
    data = base()
    acts = [
        "acknowledge",
        "respond",
        "share_information",
        "request_consultation",
        "escalate_internally",
        "join_call",
    ]
    data["injects"] = [
        {
            "id": f"I{k}",
            "stage": "S1",
            "at": "1h",
            "recipients": ["AA"],
            "subject": a,
            "channel": "call" if a == "join_call" else "email",
            "expect": [{"id": f"E{k}", "action": a, "within": "12h"}],
        }
        for k, a in enumerate(acts)
    ]
    r = run(model(data), directory(["AA"]), seed=2)
    took = {x.action: x.done_at - 1.0 for x in r.expectations}
    # triage 1h first (a call is joined at once by a 24/7 desk at work)
    assert took == pytest.approx(
        {
            "acknowledge": 1.5,
            "respond": 4.5,
            "share_information": 4.5,
            "request_consultation": 3.5,
            "escalate_internally": 1.75,
            "join_call": 0.0,
        }
    )
    actions = [e for e in r.events if e.kind == "action"]
    assert len(actions) == len(acts)  # one action per participant, not one per contact


def test_announced_exercises_notice_faster() -> None:
    data = base(announced=True)
    data["behaviour"]["announced_speedup"] = 0.25
    r = run(model(data), directory(["AA", "BB"]), seed=1)
    # triage 1h x 0.25, then ack 30m and clearance 2h
    assert outcome(r, "E1", "AA").done_at == pytest.approx(2 + 0.25 + 2.5)
    assert model({k: v for k, v in base().items() if k != "announced"}).announced


def test_without_mandate_responses_need_clearance() -> None:
    data = base()
    data["behaviour"]["mandate"] = 0.0
    r = run(model(data), directory(["AA", "BB"]), seed=1)
    f = fired(r)
    assert outcome(r, "E2", "BB").done_at == pytest.approx(f["I2"] + 1 + 0.5 + 2 + 3)


def test_a_bounced_inject_is_resent_to_another_contact() -> None:
    data = base()
    beh = data["behaviour"]
    beh.update({"turnover_per_year": 1.0, "bounce_share": 1.0, "retry_delay": "1h"})
    # AA's entries are ancient (stale, they bounce); its deputies' are fresh
    d = directory(["AA", "BB"], deputies=True)
    aa = d.participants[0]
    contacts = [
        c.model_copy(update={"last_verified": date(2000, 1, 1)})
        if not c.role.startswith("deputy")
        else c.model_copy(update={"last_verified": date(2026, 3, 10)})
        for c in aa.contacts
    ]
    d = d.model_copy(
        update={"participants": [aa.model_copy(update={"contacts": contacts}), *d.participants[1:]]}
    )
    r = run(model(data), d, seed=3)
    retries = [e for e in r.events if e.kind == "retry" and e.detail == "I1"]
    assert retries and all(e.contact.startswith("AA/deputy") for e in retries)
    assert all(e.t == pytest.approx(3.0) for e in retries)  # 2h + retry_delay 1h
    assert outcome(r, "E1", "AA").done_at == pytest.approx(3.0 + 1 + 0.5 + 2)


def test_office_hours_delay_noticing_until_the_office_opens() -> None:
    data = base(start="2026-03-10T18:00:00Z")  # Tuesday evening, offices shut
    r = run(model(data), directory(["AA", "BB"], duty=False), seed=1)
    noticed = [e.t for e in r.events if e.kind == "noticed" and e.participant == "AA"]
    # I1 at 20:00 UTC; nobody notices before 09:00 UTC next morning (13h later)
    assert noticed and min(noticed) >= 15.0 - 1e-9


def test_same_seed_same_run_and_seeds_differ() -> None:
    data = base()
    data["behaviour"] = {"triage": {"dist": "lognormal", "median": "2h", "sigma": 1.0}}
    sc = model(data)
    d = directory(["AA", "BB", "CC", "DD"], duty=False)
    a, b = run(sc, d, seed=11), run(sc, d, seed=11)
    assert a.events == b.events and a.expectations == b.expectations
    c = run(sc, d, seed=12)
    assert [e.t for e in c.events] != [e.t for e in a.events]


def test_participant_outcomes_feed_summarize() -> None:
    from simulator.analysis.metrics import summarize

    r = run(model(base()), directory(["AA", "BB", "CC"]), seed=1)
    aa = next(p for p in r.participants if p.code == "AA")
    assert aa.delivered_at == pytest.approx(2.0) and aa.ack_at == pytest.approx(5.5)
    assert aa.completed_at == pytest.approx(5.5)  # its only expectation, met
    s = summarize([r])
    assert s["participants"] == 3 and s["level"] == "tabletop"


def test_summarize_expectations_counts_and_times() -> None:
    sc = model(base())
    d = directory(["AA", "BB"])
    one = run(sc, d, seed=1)
    s = summarize_expectations(one)
    assert (s["met"], s["late"], s["missed"], s["not_fired"]) == (1, 1, 0, 0)
    assert s["by_expectation"]["E1"]["median_hours_taken"] == pytest.approx(3.5)
    assert s["by_expectation"]["E2"]["median_hours_taken"] == pytest.approx(4.5)
    assert s["by_stage"]["S1"]["met"] == 1 and s["by_stage"]["S2"]["late"] == 1
    assert s["injects_fired"]["I3"]["share"] == 1.0
    many = summarize_expectations([run(sc, d, seed=1, replication=k) for k in range(3)])
    assert many["replications"] == 3 and many["met"] == 1.0 and many["met_rate"] == 0.5


def test_run_validates_against_the_directory() -> None:
    with pytest.raises(InputError):
        run(model(base()), directory(["AA"]), seed=1)


def test_participants_restrict_the_network() -> None:
    r = run(model(base(participants=["AA", "BB"])), directory(["AA", "BB", "CC"]), seed=1)
    assert [p.code for p in r.participants] == ["AA", "BB"]
    assert {e.participant for e in r.events if e.detail == "I3" and e.kind == "check_sent"} == {
        "AA",
        "BB",
    }

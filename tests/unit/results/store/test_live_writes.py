"""Live runs written piece by piece, and completed with their summary, contacts and
expectations."""

from __future__ import annotations

from dataclasses import replace

import pytest

from results.store import Store
from simulator.model.outcome import Event, ParticipantOutcome
from tests.store_support import SCENARIO_TEXT, START, make_result


def test_live_run_piece_by_piece(store: Store) -> None:
    rid = store.start_run(scenario="tiny-check", scenario_text=SCENARIO_TEXT, seed=0,
                          mode="live", start=START, deadline_hours=72.0, horizon_hours=96.0,
                          level="reachability")
    base = [ParticipantOutcome(code=c, name=c, group="g", human=True) for c in ("XA", "XB")]
    for p in base:
        store.upsert_participant(rid, p)
    first = [Event(0.0, "check_sent", p.code, None, None, "live") for p in base]
    assert store.append_events(rid, first) == 2
    later = [Event(1.5, "acknowledged", "XA", "XA/policy", "email", "")]
    store.append_events(rid, later)
    store.upsert_participant(rid, replace(base[0], ack_at=1.5, ack_by="XA/policy"))
    n1 = store.add_note(rid, "XA answered by phone first", t=1.4, participant="XA")
    n2 = store.add_note(rid, "general remark")
    assert store.get_run(rid).status == "running"
    result = store.load_result(rid)
    assert result.events == first + later
    assert [p.code for p in result.participants] == ["XA", "XB"]  # order kept on update
    assert result.participants[0].ack_at == 1.5 and result.participants[1].ack_at is None
    notes = store.notes(rid)
    assert [(n.id, n.t, n.participant) for n in notes] == [(n1, 1.4, "XA"), (n2, None, None)]
    store.complete_run(rid, {"ack_rate": 0.5})
    info = store.get_run(rid)
    assert (info.status, info.summary, info.mode) == ("completed", {"ack_rate": 0.5}, "live")


def test_complete_run_computes_summary_when_none_given(store: Store) -> None:
    rid = store.start_run(scenario="tiny-check", scenario_text=SCENARIO_TEXT, seed=0,
                          mode="live", start=START, deadline_hours=72.0, horizon_hours=96.0,
                          level="reachability")
    for p in make_result().participants:
        store.upsert_participant(rid, p)
    store.complete_run(rid)
    summary = store.get_run(rid).summary
    assert summary is not None and summary["ack_rate"] == pytest.approx(1 / 3, abs=1e-4)


def test_live_contacts_and_expectations_are_stored_with_the_completion(store: Store) -> None:
    from simulator.model.outcome import ContactOutcome, ExpectationOutcome

    rid = store.start_run(scenario="tiny", scenario_text=SCENARIO_TEXT, seed=0, mode="live",
                          kind="tabletop", start=START, deadline_hours=12.0, horizon_hours=12.0,
                          level="tabletop")
    for p in make_result().participants:
        store.upsert_participant(rid, p)
    contacts = [ContactOutcome("XA", "XA/policy", "policy", stale=True),
                ContactOutcome("XB", "XB/policy", "policy")]
    store.upsert_contacts(rid, contacts)
    store.upsert_contacts(rid, [replace(contacts[1], bounced=True)])  # a bounce: updated
    assert store.load_result(rid).contacts == [contacts[0], replace(contacts[1], bounced=True)]
    assert store.contact_details(rid) == {}  # no personal data
    xs = [ExpectationOutcome("E1", "I1", "XA", "respond", "S1", 2.0, 1.0, "met"),
          ExpectationOutcome("E1", "I1", "XB", "respond", "S1", 2.0, None, "missed"),
          ExpectationOutcome("E2", "I2", "XA", "join_call", "S2", None, None, "not_fired")]
    store.complete_run(rid, expectations=xs)
    back = store.load_result(rid)
    assert back.expectations == xs
    assert len(back.contacts) == 2  # completing without contacts keeps them
    summary = store.get_run(rid).summary
    assert summary is not None
    assert (summary["bounced_contacts"], summary["stale_contacts"]) == (1, 1)
    assert summary["expectations"]["by_stage"]["S1"]["missed"] == 1

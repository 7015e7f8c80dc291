"""Undoing a live record: a correcting ``undone`` event, never a deletion; the state, the
store and a reopened run all agree on what stands."""

from __future__ import annotations

from results.live.session import LiveSession
from results.live.stored import load_live_state
from results.live.undo import UNDONE, effective, last_record
from results.store import Store
from simulator.model.outcome import Event
from tests.unit.results.live.conftest import StartSession


def test_an_undone_acknowledgement_is_kept_and_corrected_not_deleted(
    start: StartSession, store: Store,
) -> None:
    s = start("tiny-check")
    s.record("acknowledged", "XA", 1.0)
    s.record("acknowledged", "XB", 2.0)
    r = s.undo(2.5)
    assert [e.kind for e in r.undone] == ["acknowledged"] and r.undone[0].participant == "XB"
    assert [(e.kind, e.participant, e.t) for e in r.events] == [(UNDONE, "XB", 2.5)]
    assert s.participants["XB"].ack_at is None and s.participants["XA"].ack_at == 1.0
    kinds = [(e.kind, e.participant) for e in store.events(s.run_id)
             if e.kind in ("acknowledged", UNDONE)]
    assert kinds == [("acknowledged", "XA"), ("acknowledged", "XB"), (UNDONE, "XB")]
    state = load_live_state(store, s.run_id)  # a reopened run replays to the same state
    assert {p.code: p.ack_at for p in state.participants}["XB"] is None
    again = s.record("acknowledged", "XB", 3.0)  # and it can be recorded anew
    assert again.already_at is None and s.participants["XB"].ack_at == 3.0


def test_undo_takes_back_one_record_at_a_time_then_nothing(start: StartSession) -> None:
    s = start("tiny-check")
    s.record("acknowledged", "XA", 1.0)
    s.record("reminder", "XC", 2.0)
    assert s.undo(3.0).undone[0].kind == "reminder"
    assert s.participants["XC"].reminders == 0
    assert s.undo(3.1).undone[0].kind == "acknowledged"
    assert s.undo(3.2).events == ()  # only the sent checks are left: nothing to undo


def test_undoing_remind_all_takes_back_the_whole_round(start: StartSession) -> None:
    s = start("tiny-check")
    s.record("acknowledged", "XA", 1.0)
    sent = s.remind_all(2.0)
    assert len(sent.events) == 5
    r = s.undo(2.1)
    assert len(r.undone) == 5 and all(p.reminders == 0 for p in s.participants.values())


def test_an_undone_bounce_frees_its_address(start: StartSession, store: Store) -> None:
    s = start("tiny-check")
    first = s.record("bounced", "XA", 1.0).event
    assert first is not None and s.contacts[first.contact or ""].bounced
    s.undo(1.5)
    assert not s.contacts[first.contact or ""].bounced and s.participants["XA"].bounces == 0
    stored = {c.key: c.bounced for c in load_live_state(store, s.run_id).contacts}
    assert stored[first.contact or ""] is False
    again = s.record("bounced", "XA", 2.0).event  # the same address bounces again
    assert again is not None and again.contact == first.contact


def test_an_undone_acknowledgement_reopens_the_expectation_it_met(
    start: StartSession, store: Store,
) -> None:
    s = start("tiny-scorecard")
    s.fire_inject("I1", 0.0)
    r = s.record("acknowledged", "XA", 0.5)
    assert r.closed == ("met: E1",)
    undone = s.undo(0.6)
    assert {e.kind for e in undone.undone} == {"acknowledged", "expectation"}
    assert [x.id for x in s.open_expectations("XA", 0.7)] == ["E1", "E2"]
    reopened = LiveSession.reopen(store, s.run_id)
    assert [x.id for x in reopened.open_expectations("XA", 0.7)] == ["E1", "E2"]
    result = s.finish(3.0)
    e1 = next(x for x in result.expectations if x.id == "E1" and x.participant == "XA")
    assert e1.status == "missed"


def test_effective_matches_each_correction_to_one_event() -> None:
    a = Event(1.0, "reminder", "XA")
    events = [a, Event(1.0, "reminder", "XA"), Event(2.0, UNDONE, "XA", None, None,
                                                     "reminder 1.000000")]
    assert effective(events) == [a]
    assert last_record(events) == [a]

"""The rules of a live run, driven on :class:`results.live.session.LiveSession` directly
(no screen): what each action records, and that the store has it the moment it is made."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from results.live.actions import RunCompleted
from results.live.expectations import OPEN
from results.live.session import LiveSession
from results.live.stored import load_live_state
from results.store import Store
from tests.functional.tui.support import NOW, Workspace
from tests.unit.results.live.conftest import StartSession


def stored_events(store: Store, run_id: int) -> list[tuple[str, str | None, float, str]]:
    return [(e.kind, e.participant, e.t, e.detail) for e in store.events(run_id)]


def test_starting_stores_the_run_its_participants_contacts_and_sent_checks(
    start: StartSession, store: Store,
) -> None:
    s = start("tiny-check")
    info = store.get_run(s.run_id)
    assert (info.status, info.mode, info.kind, info.level) == ("running", "live", "check",
                                                                "reachability")
    assert (info.start, info.deadline_hours, info.horizon_hours) == (NOW, 12.0, 24.0)
    assert stored_events(store, s.run_id) == [
        ("check_sent", code, 0.0, "live") for code in ("XA", "XB", "XC", "XD", "XE", "XF")]
    contacts = store.load_result(s.run_id).contacts
    assert [c.key for c in contacts][:2] == ["XA/policy", "XA/technical"] and len(contacts) == 12
    assert store.contact_details(s.run_id) == {}  # no names, e-mails or phones


def test_an_acknowledgement_is_stored_at_once_and_the_first_one_wins(
    start: StartSession, ws: Workspace,
) -> None:
    s = start("tiny-check")
    r = s.record("acknowledged", "XB", 2.5)
    assert r.event is not None and (r.event.kind, r.event.participant, r.event.t) \
        == ("acknowledged", "XB", 2.5)
    assert s.participants["XB"].ack_at == 2.5
    with Store(ws.db_url) as other:  # a second store on the database sees it at once
        state = load_live_state(other, s.run_id)
    assert [(e.participant, e.t) for e in state.events if e.kind == "acknowledged"] \
        == [("XB", 2.5)]
    assert {p.code: p.ack_at for p in state.participants}["XB"] == 2.5
    again = s.record("acknowledged", "XB", 3.0)
    assert again.events == () and again.already_at == 2.5 and again.closed == ()
    assert s.participants["XB"].ack_at == 2.5


def test_a_completion_acknowledges_too(start: StartSession, store: Store) -> None:
    s = start("tiny-check")
    s.record("completed", "XD", 5.0)
    xd = next(p for p in store.load_result(s.run_id).participants if p.code == "XD")
    assert (xd.ack_at, xd.completed_at, xd.delivered_at) == (5.0, 5.0, 5.0)


def test_a_bounce_goes_to_the_next_address_then_is_refused(
    start: StartSession, store: Store,
) -> None:
    s = start("two-recipients")
    first, second = s.record("bounced", "XB", 1.0), s.record("bounced", "XB", 1.0)
    assert [first.event.contact, second.event.contact] == ["XB/policy", "XB/technical"]  # type: ignore[union-attr]
    n = len(store.events(s.run_id))
    refused = s.record("bounced", "XB", 1.5)
    assert refused.events == () and refused.all_bounced == ("XB/policy", "XB/technical")
    assert len(store.events(s.run_id)) == n  # nothing recorded
    result = store.load_result(s.run_id)
    assert [c.key for c in result.contacts if c.bounced] == ["XB/policy", "XB/technical"]
    assert next(p for p in result.participants if p.code == "XB").bounces == 2


def test_a_bounce_in_a_check_goes_to_its_recipient_role(start: StartSession,
                                                        store: Store) -> None:
    s = start("tiny-check")  # recipients: [policy]
    assert s.record("bounced", "XC", 1.0).event.contact == "XC/policy"  # type: ignore[union-attr]
    assert [c.key for c in store.load_result(s.run_id).contacts if c.bounced] == ["XC/policy"]
    assert s.record("bounced", "XC", 2.0).all_bounced == ("XC/policy",)
    assert [c.key for c in s.addressed_contacts() if c.participant == "XC"] == ["XC/policy"]


def test_remind_all_reminds_those_still_silent(start: StartSession, store: Store) -> None:
    s = start("tiny-check")
    s.record("acknowledged", "XA", 1.0)
    r = s.remind_all(3.0)
    assert [e.participant for e in r.events] == ["XB", "XC", "XD", "XE", "XF"]
    assert {p.code: p.reminders for p in store.load_result(s.run_id).participants} \
        == {"XA": 0, "XB": 1, "XC": 1, "XD": 1, "XE": 1, "XF": 1}


def test_a_note_is_stored_as_typed_and_no_contact_details_with_it(
    start: StartSession, store: Store,
) -> None:
    s = start("tiny-check")
    e = s.add_note("called the embassy", "XC", 3.0)
    assert (e.kind, e.participant, e.t, e.detail) == ("note", "XC", 3.0, "called the embassy")
    assert [(n.text, n.participant, n.t) for n in store.notes(s.run_id)] \
        == [("called the embassy", "XC", 3.0)]
    assert store.contact_details(s.run_id) == {}
    assert all(set(asdict(c)) >= {"key", "role"} and "email" not in asdict(c)
               for c in store.load_result(s.run_id).contacts)


def test_a_note_beyond_the_limit_is_refused_and_not_stored(
    start: StartSession, store: Store,
) -> None:
    from results.live.session import MAX_NOTE
    from simulator.model.errors import InputError

    s = start("tiny-check")
    with pytest.raises(InputError, match=f"note: 10,000,000 characters is longer than the "
                       f"{MAX_NOTE:,} a note may hold"):
        s.add_note("x" * 10_000_000, None, 1.0)
    s.add_note("x" * MAX_NOTE, None, 1.0)
    assert [len(n.text) for n in store.notes(s.run_id)] == [MAX_NOTE]


def test_reopening_rebuilds_the_same_state_from_the_events(
    start: StartSession, ws: Workspace,
) -> None:
    s = start("tiny-scorecard")
    s.fire_inject("I1", 0.0)
    s.record("acknowledged", "XA", 1.0)
    s.close_expectation("XA", "E2", 1.5)
    s.record("bounced", "XB", 2.0)
    s.add_note("called the embassy", "XB", 2.2)
    s.pause()  # or a kill -9 here: every action is stored already
    with Store(ws.db_url) as other:
        assert other.get_run(s.run_id).status == "interrupted"
        again = LiveSession.reopen(other, s.run_id, places=[ws.root / "scenarios"])
        assert other.get_run(s.run_id).status == "running"
    assert again.participants == s.participants
    assert again.contacts == s.contacts
    assert [(e.t, e.kind, e.participant, e.detail) for e in again.events] \
        == [(e.t, e.kind, e.participant, e.detail) for e in s.events]
    assert again.expectations == s.expectations
    assert again.scenario == s.scenario and again.directory is not None
    assert (again.start, again.deadline_hours, again.horizon_hours) \
        == (s.start, s.deadline_hours, s.horizon_hours)


def test_a_run_left_without_pausing_reopens_with_everything(start: StartSession,
                                                            ws: Workspace) -> None:
    s = start("tiny-check")
    s.record("acknowledged", "XA", 1.0)
    del s  # the process died: nothing was closed or flushed
    with Store(ws.db_url) as other:
        run_id = other.list_runs()[0].id
        again = LiveSession.reopen(other, run_id)
    assert again.participants["XA"].ack_at == 1.0


def test_reopen_refuses_what_is_not_an_unfinished_live_run(start: StartSession,
                                                           store: Store) -> None:
    s = start("tiny-check")
    s.finish(1.0)
    with pytest.raises(ValueError, match="is completed"):
        LiveSession.reopen(store, s.run_id)
    with pytest.raises(KeyError):
        LiveSession.reopen(store, 999)


def test_finish_stores_the_summary_and_nothing_is_recorded_after(
    start: StartSession, store: Store,
) -> None:
    s = start("two-recipients")
    s.record("bounced", "XB", 1.0)
    s.record("bounced", "XB", 1.0)
    s.record("acknowledged", "XB", 2.0)  # by phone, say
    result = s.finish(3.0)
    assert s.completed and store.get_run(s.run_id).status == "completed"
    # a live run follows the participant's acknowledgement: its addresses answered anyway
    assert {c.key: c.acknowledged_at for c in result.contacts if c.participant == "XB"} \
        == {"XB/policy": 2.0, "XB/technical": 2.0}
    summary = store.get_run(s.run_id).summary
    assert summary is not None
    assert [(c["contact"], c["acknowledged"]) for c in summary["contacts_to_fix"]] \
        == [("XB/policy", True), ("XB/technical", True)]
    n = len(store.events(s.run_id))
    for action in (lambda: s.finish(4.0), lambda: s.record("acknowledged", "XA", 4.0),
                   lambda: s.remind_all(4.0), lambda: s.add_note("late", None, 4.0),
                   lambda: s.fire_inject("I1", 4.0), lambda: s.close_expectation("XA", "E1", 4.0)):
        with pytest.raises(RunCompleted, match="nothing more is recorded"):
            action()
    assert len(store.events(s.run_id)) == n and not store.notes(s.run_id)


def test_keys_close_only_the_expectations_they_record(start: StartSession) -> None:
    s = start("tiny-scorecard")
    s.fire_inject("I1", 0.0)

    def open_(code: str, t: float) -> list[tuple[str, str]]:
        return [(x.id, x.action) for x in s.open_expectations(code, t)]

    assert open_("XA", 0.0) == [("E1", "acknowledge"), ("E2", "escalate_internally")]
    assert s.record("acknowledged", "XA", 1.0).closed == ("met: E1",)  # E2 stays open
    assert open_("XA", 1.0) == [("E2", "escalate_internally")]
    assert s.record("completed", "XA", 1.2).closed == ()  # an answer: no escalation
    r = s.close_expectation("XA", "E2", 1.5)
    assert [(e.kind, e.detail) for e in r.events] == [("action", "escalate_internally"),
                                                      ("expectation", "met: E2")]
    assert open_("XA", 1.5) == [] and s.close_expectation("XA", "E2", 1.6).events == ()
    assert s.record("completed", "XB", 2.5).closed == ("late: E1",)  # an answer acknowledges
    assert open_("XB", 2.5) == [("E2", "escalate_internally")]  # overdue, still open
    done = {(c, x.id): x.done_at for c, xs in s.expectations.items() for x in xs}
    assert done == {("XA", "E1"): 1.0, ("XA", "E2"): 1.5, ("XB", "E1"): 2.5,
                    ("XB", "E2"): None}


def test_acknowledging_again_closes_a_later_injects_acknowledge(start: StartSession) -> None:
    s = start("tiny-scorecard")
    s.record("acknowledged", "XB", 0.0)  # before any inject: nothing to close
    s.fire_inject("I1", 0.5)
    r = s.record("acknowledged", "XB", 1.0)
    assert r.already_at == 0.0 and r.closed == ("met: E1",)


def test_the_scorecard_is_stored_at_the_finish(start: StartSession, store: Store) -> None:
    s = start("tiny-scorecard")
    s.fire_inject("I1", 0.0)
    s.record("acknowledged", "XA", 0.5)  # E1 met
    s.record("acknowledged", "XB", 1.25)  # E1 late; E2 left open on both: missed
    s.finish(4.0)
    rows = [(x.id, x.inject, x.participant, x.action, x.stage, x.due_at, x.done_at, x.status)
            for x in store.load_result(s.run_id).expectations]
    assert rows == [
        ("E1", "I1", "XA", "acknowledge", "S1", 1.0, 0.5, "met"),
        ("E1", "I1", "XB", "acknowledge", "S1", 1.0, 1.25, "late"),
        ("E2", "I1", "XA", "escalate_internally", "S1", 2.0, None, "missed"),
        ("E2", "I1", "XB", "escalate_internally", "S1", 2.0, None, "missed"),
        ("E3", "I2", "XB", "respond", "S2", None, None, "not_fired"),
    ]
    info = store.get_run(s.run_id)
    assert (info.kind, info.level) == ("tabletop", "tabletop")


def test_expectations_open_at_the_finish_are_scored_open_not_missed(
    start: StartSession, store: Store,
) -> None:
    s = start("tiny-scorecard")
    s.fire_inject("I1", 0.0)
    s.record("acknowledged", "XA", 0.5)  # XB never acknowledges: E1 missed at 1h
    s.finish(1.5)  # while E2's window (to 2h) is still open
    rows = [(x.id, x.participant, x.status) for x in store.load_result(s.run_id).expectations]
    assert rows == [("E1", "XA", "met"), ("E1", "XB", "missed"), ("E2", "XA", OPEN),
                    ("E2", "XB", OPEN), ("E3", "XB", "not_fired")]


def test_an_inject_fired_again_is_logged_and_opens_nothing_new(start: StartSession,
                                                               store: Store) -> None:
    s = start("tiny-scorecard")
    s.fire_inject("I1", 0.0)
    s.fire_inject("I1", 0.75)
    assert [e.t for e in store.events(s.run_id) if e.kind == "inject"] == [0.0, 0.75]
    assert s.fired_at() == {"I1": 0.0}
    assert [(x.id, x.fired_at) for x in s.expectations["XA"]] == [("E1", 0.0), ("E2", 0.0)]


def test_injects_fall_due_when_the_scenario_says(start: StartSession) -> None:
    s = start("tiny-tabletop")
    assert [(d.id, d.due_at) for d in s.due(0.0)] == [("I1", 0.0)]  # timed at 0h
    s.fire_inject("I1", 0.0)
    assert s.due(0.0) == []
    s.record("completed", "XA", 1.0)  # XA answers in time; XB does not: E1 missed at 2h
    assert [d.id for d in s.schedule(1.0)] == ["I3"]  # E1 not decided yet
    assert [d.id for d in s.schedule(2.4)] == ["I2", "I3"] and s.due(2.4) == []
    assert [(d.id, d.reason) for d in s.due(2.75)] == [("I2", "E1 missed")]
    assert s.tabletop is not None and start("tiny-check").due(10.0) == []

"""Tabletop scenarios: structure checks, directory checks, and a simulation whose triggers
and scores follow from fixed delays exactly."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import pytest

from simulator.analysis.tabletop import summarize_expectations
from simulator.engine.run import run
from simulator.io.scenario_files import parse_scenario, scenario_from_text
from simulator.model.directory import Contact, Directory, Participant
from simulator.model.errors import InputError
from simulator.model.outcome import RunResult
from simulator.model.tabletop import TabletopScenario

SRC = "scenarios/x.yaml"

# Nothing gets in the way; every delay fixed.
FIXED: dict[str, Any] = {
    "turnover_per_year": 0.0,
    "spam_loss": 0.0,
    "absence": 0.0,
    "mandate": 1.0,
    "responsiveness": 1.0,
    "triage": {"dist": "fixed", "value": "1h"},
    "ack_delay": {"dist": "fixed", "value": "30m"},
    "clearance": {"dist": "fixed", "value": "2h"},
    "task_work": {"dist": "fixed", "value": "3h"},
    "handoff": {"dist": "fixed", "value": "45m"},
}


def directory(
    codes: list[str],
    *,
    duty: bool = True,
    deputies: bool = False,
    verified: date | None = date(2026, 3, 1),
    group: str = "G",
) -> Directory:
    roles = ["policy", "technical"] + (["deputy_policy", "deputy_technical"] if deputies else [])
    return Directory(
        name="test",
        organisation="custom",
        participants=[
            Participant(
                code=c,
                name=f"State {c}",
                group=group,
                timezone="UTC",
                contacts=[
                    Contact(
                        role=r,
                        email=f"{r}.{c.lower()}@mfa.example.org",
                        duty_24_7=duty,
                        last_verified=verified,
                        languages=["en"],
                    )
                    for r in roles
                ],
            )
            for c in codes
        ],
    )


def base(**over: Any) -> dict[str, Any]:
    """A consultation chain: I1 -> A requests consultation (E1) -> I2 to B (E2 respond)
    -> if B misses E2, I3 (a public statement)."""
    sc: dict[str, Any] = {
        "kind": "tabletop",
        "name": "chain",
        "directory": {"profile": "osce", "seed": 1},
        "start": "2026-03-10T09:00:00Z",
        "end": "48h",
        "announced": False,
        "behaviour": copy.deepcopy(FIXED),
        "stages": [{"id": "S1", "title": "One", "questions": ["Q?"]}, {"id": "S2", "title": "Two"}],
        "injects": [
            {
                "id": "I1",
                "stage": "S1",
                "at": "2h",
                "recipients": ["AA"],
                "subject": "incident",
                "expect": [
                    {"id": "E1", "action": "request_consultation", "within": "4h", "to": "BB"}
                ],
            },
            {
                "id": "I2",
                "stage": "S2",
                "trigger": {"on": "met", "expectation": "E1"},
                "delay": "10m",
                "sender": "AA",
                "recipients": ["BB"],
                "subject": "consultation",
                "expect": [{"id": "E2", "action": "respond", "within": "1h", "to": "AA"}],
            },
            {
                "id": "I3",
                "stage": "S2",
                "trigger": {"on": "missed", "expectation": "E2"},
                "delay": "30m",
                "sender": "AA",
                "recipients": ["all"],
                "channel": "public",
                "subject": "minister speaks",
            },
        ],
    }
    sc.update(over)
    return sc


def model(data: dict[str, Any]) -> TabletopScenario:
    sc = parse_scenario(data, SRC)
    assert isinstance(sc, TabletopScenario)
    return sc


def fired(r: RunResult) -> dict[str, float]:
    return {e.detail: e.t for e in r.events if e.kind == "inject"}


def outcome(r: RunResult, exp_id: str, code: str) -> Any:
    (x,) = [x for x in r.expectations if x.id == exp_id and x.participant == code]
    return x


def problems(data: dict[str, Any], d: Directory | None = None) -> list[str]:
    with pytest.raises(InputError) as ei:
        sc = parse_scenario(data, SRC)
        sc.validate_against(d or directory(["AA", "BB"]), SRC)
    return [str(p) for p in ei.value.problems]


# -- the simulation ------------------------------------------------------------------------


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
    beh["triage"] = {"dist": "fixed", "value": "2h"}
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


# -- the API the TUI uses ------------------------------------------------------------------


def test_lookup_api() -> None:
    data = base()
    data["injects"].insert(
        0, {"id": "I0", "stage": "S1", "at": "3h", "recipients": ["BB"], "subject": "y"}
    )
    sc = model(data)
    assert [i.id for i in sc.fire_order()] == ["I1", "I0"]
    assert sc.inject_by_id("I2").sender == "AA"
    assert [e.id for e in sc.expectations_for("I2")] == ["E2"]
    assert [i.id for i in sc.triggered_by("E2")] == ["I3"]
    assert sc.earliest_fire() == pytest.approx(
        {"I0": 3.0, "I1": 2.0, "I2": 2 + 1 / 6, "I3": 2 + 1 / 6 + 1.5}
    )
    with pytest.raises(KeyError):
        sc.inject_by_id("nope")


def test_yaml_on_key_reads_as_on() -> None:
    text = """
name: y
directory: {profile: osce, seed: 1}
start: 2026-03-10T09:00:00Z
end: 24h
stages: [{id: S1, title: One}]
injects:
  - {id: I1, stage: S1, at: 0h, recipients: [AA], subject: a,
     expect: [{id: E1, action: acknowledge, within: 2h}]}
  - {id: I2, stage: S1, trigger: {on: missed, expectation: E1}, recipients: [AA], subject: b}
"""
    sc = scenario_from_text(text).scenario  # no kind: a file with injects is a tabletop
    assert sc.kind == "tabletop" and sc.inject_by_id("I2").trigger.on == "missed"


# -- validation ----------------------------------------------------------------------------


def test_unknown_participant_code_names_file_inject_and_field() -> None:
    data = base()
    data["injects"][1]["recipients"] = ["XX"]
    lines = problems(data)
    assert (
        f"{SRC}: injects[1] (I2).recipients[0]: "
        "unknown participant code 'XX' (not in the directory)" in lines
    )


def test_expectation_on_someone_not_receiving_the_inject() -> None:
    data = base()
    data["injects"][0]["expect"][0]["who"] = ["BB"]
    (line,) = problems(data)
    assert line.startswith(
        f"{SRC}: injects[0] (I1).expect[0].who: 'BB' does not receive this inject"
    )
    # the same when recipients need the directory to resolve (a group)
    data = base()
    data["injects"][0]["recipients"] = ["group:G"]
    data["injects"][0]["expect"][0]["who"] = ["CC"]
    d = directory(["AA", "BB"])
    cc = directory(["CC"], group="H").participants[0]
    d = d.model_copy(update={"participants": [*d.participants, cc]})
    (line,) = problems(data, d)
    assert line.startswith(
        f"{SRC}: injects[0] (I1).expect[0] (E1).who: 'CC' does not receive this inject"
    )


def test_trigger_cycle_is_named() -> None:
    data = base()
    data["injects"][0].pop("at")
    data["injects"][0]["trigger"] = {"on": "met", "expectation": "E2"}
    (line,) = problems(data)
    assert line.startswith(f"{SRC}: injects[0] (I1).trigger: trigger cycle I1 -> I2 -> I1;")


def test_self_trigger_is_a_cycle() -> None:
    data = base()
    data["injects"][1]["trigger"] = {"on": "met", "expectation": "E2"}
    (line,) = problems(data)
    assert "trigger cycle I2 -> I2" in line


def test_a_cycle_does_not_hide_a_time_after_end() -> None:
    data = base()
    data["injects"][1]["trigger"] = {"on": "met", "expectation": "E2"}  # I2 waits on itself
    data["injects"].append({"id": "I9", "stage": "S2", "at": "60h", "recipients": ["AA"],
                            "subject": "too late"})
    lines = problems(data)
    assert len(lines) == 2, lines
    assert "trigger cycle I2 -> I2" in lines[0]
    assert lines[1].startswith(f"{SRC}: injects[3] (I9).at: fires at 60h")


def test_time_after_end() -> None:
    data = base()
    data["injects"][0]["at"] = "47h"
    lines = problems(data)
    assert (
        f"{SRC}: injects[0] (I1).expect[0].within: window closes at 51h at the earliest, "
        "after end (48h); shorten within or extend end" in lines
    )
    data["injects"][0]["at"] = "49h"
    lines = problems(data)
    assert any(x.startswith(f"{SRC}: injects[0] (I1).at: fires at 49h") for x in lines)
    # the injects waiting on a too-late one are not reported again
    assert not any("(I2)" in x or "(I3)" in x for x in lines)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["injects"][2].__setitem__("stage", "S9"),
            "injects[2] (I3).stage: unknown stage 'S9'",
        ),
        (
            lambda d: d["injects"][2].__setitem__("id", "I1"),
            "injects[2] (I1).id: duplicate inject id 'I1'",
        ),
        (
            lambda d: d["injects"][1]["expect"][0].__setitem__("id", "E1"),
            "injects[1] (I2).expect[0].id: duplicate expectation id 'E1'",
        ),
        (
            lambda d: d["injects"][2].__setitem__("trigger", {"on": "met", "expectation": "E9"}),
            "injects[2] (I3).trigger.expectation: unknown expectation 'E9'",
        ),
        (
            lambda d: d["injects"][0].__setitem__("trigger", {"on": "met", "expectation": "E2"}),
            "injects[0]: give exactly one of at",
        ),
        (
            lambda d: d["stages"].append({"id": "S1", "title": "again"}),
            "stages[2].id: duplicate stage id 'S1'",
        ),
        (
            lambda d: d["injects"][2].__setitem__("sender", "nobody"),
            "injects[2] (I3).sender: unknown sender 'nobody'",
        ),
        (
            lambda d: d["injects"][2].__setitem__("recipients", ["group:WEOG"]),
            "injects[2] (I3).recipients[0]: group 'WEOG' has no participating state",
        ),
        (
            lambda d: d.__setitem__("participants", ["AA"]),
            "injects[1] (I2).recipients[0]: unknown participant code 'BB'; add it to participants",
        ),
        (lambda d: d.__setitem__("human", ["ZZ"]), "human[0]: unknown participant code 'ZZ'"),
        (
            lambda d: d["injects"][0]["expect"][0].__setitem__("to", "XX"),
            "injects[0] (I1).expect[0] (E1).to: unknown counterpart 'XX'",
        ),
        (
            lambda d: d["injects"][0].__setitem__("colour", "red"),
            "injects[0].colour: unknown field",
        ),
    ],
)
def test_each_problem_is_one_located_line(mutate: Any, expected: str) -> None:
    data = base()
    mutate(data)
    lines = problems(data)
    assert any(x.startswith(f"{SRC}: {expected}") for x in lines), lines


def test_all_directory_problems_reported_together() -> None:
    data = base()
    data["injects"][0]["recipients"] = ["XX"]
    data["injects"][1]["recipients"] = ["YY"]
    lines = problems(data)
    assert any("'XX'" in x for x in lines) and any("'YY'" in x for x in lines)


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


def test_start_needs_a_zone() -> None:
    data = base(start=datetime(2026, 3, 10, 9))
    assert any("start: " in x and "time zone" in x for x in problems(data))
    ok = model(base(start=datetime(2026, 3, 10, 10, tzinfo=UTC)))
    assert ok.start.tzinfo is not None


# -- the live schedule agrees with the simulation ---------------------------------------


def live_view(r: RunResult, now: float) -> tuple[dict[str, float], dict[str, list[Any]]]:
    """What a facilitator would have recorded by ``now`` in a live run that went like ``r``."""
    fired_by = {k: t for k, t in fired(r).items() if t < now - 1e-9}
    windows: dict[str, list[Any]] = {}
    for x in r.expectations:
        if x.due_at is None:
            continue
        done = x.done_at if x.done_at is not None and x.done_at <= now + 1e-9 else None
        windows.setdefault(x.id, []).append((x.due_at, done))
    return fired_by, windows


@pytest.mark.parametrize("on, delay", [("missed", "30m"), ("late", "0h"), ("done", "1h")])
def test_live_schedule_puts_each_inject_due_when_the_simulation_fired_it(
    on: str, delay: str
) -> None:
    from simulator.engine.schedule import inject_schedule

    data = base()
    data["injects"][2]["trigger"] = {"on": on, "expectation": "E2"}
    data["injects"][2]["delay"] = delay
    sc = model(data)
    r = run(sc, directory(["AA", "BB"]), seed=1)
    assert set(fired(r)) == {"I1", "I2", "I3"}
    for key, t in fired(r).items():
        before, windows = live_view(r, t)
        # a moment earlier it is not yet due; at its time it is
        due_soon = {s.id: s.due_at for s in inject_schedule(sc, before, windows, t - 1e-6)}
        assert due_soon.get(key, float("inf")) >= t - 1e-9
        due = {s.id: s.due_at for s in inject_schedule(sc, before, windows, t)}
        assert due[key] == pytest.approx(t), (on, key)


def test_live_schedule_leaves_out_open_conditions_manual_and_fired_injects() -> None:
    from simulator.engine.schedule import inject_schedule

    data = base()
    data["injects"].append({"id": "I4", "stage": "S2", "trigger": {"manual": True},
                            "recipients": ["AA"], "subject": "by hand"})
    sc = model(data)
    # nothing fired: only the timed I1 is known (in the future at 1h)
    assert [(s.id, s.due_at, s.reason) for s in inject_schedule(sc, {}, {}, 1.0)] == [
        ("I1", 2.0, "at 2h")]
    # I1 fired at 2h, E1 still open at 5h: I2 waits (met not decided), I3 waits on I2
    assert inject_schedule(sc, {"I1": 2.0}, {"E1": [(6.0, None)]}, 5.0) == []
    # E1 met at 5.5h: I2 due 10 minutes later
    (s,) = inject_schedule(sc, {"I1": 2.0}, {"E1": [(6.0, 5.5)]}, 5.6)
    assert s.id == "I2" and s.due_at == pytest.approx(5.5 + 10 / 60) and s.reason == "E1 met"
    # E1 done late: met never comes
    assert inject_schedule(sc, {"I1": 2.0}, {"E1": [(6.0, 7.0)]}, 8.0) == []
    # I2 fired at 6h; E2 (1h) unanswered at 7h -> missed, I3 due at 7.5h; manual I4 never
    (s,) = inject_schedule(sc, {"I1": 2.0, "I2": 6.0}, {"E2": [(7.0, None)]}, 7.0)
    assert (s.id, s.due_at, s.reason) == ("I3", pytest.approx(7.5), "E2 missed")
    # once fired, it is no longer scheduled
    assert inject_schedule(sc, {"I1": 2.0, "I2": 6.0, "I3": 7.5}, {}, 9.0) == []

"""Stakeholders that answer: injects reach them, they act after their own delays in their
own working time, and expectations on them are scored like any participant's."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from simulator.analysis.scorecard import Scorecard
from simulator.engine.run import run
from simulator.model.directory import Contact, Directory, Stakeholder
from tests.unit.simulator.tabletop_support import base, directory, model, outcome, problems


def _cdn(*, duty: bool = True, behaviour: dict[str, Any] | None = None) -> Stakeholder:
    return Stakeholder(
        code="CDN", name="Northwind Edge (fictitious)", kind="cdn", timezone="UTC",
        contacts=[Contact(role="technical", email="soc@northwind.example", duty_24_7=duty)],
        behaviour=behaviour if behaviour is not None else {
            "triage": {"dist": "fixed", "value": "0h"},
            "duty_triage": {"dist": "fixed", "value": "0h"},  # a 24/7 desk's own triage
            "ack_delay": {"dist": "fixed", "value": "0h"}},
    )


def _with(d: Directory, *stakeholders: Stakeholder) -> Directory:
    return d.model_copy(update={"stakeholders": list(stakeholders)})


def _to_cdn(at: str = "2h", action: str = "acknowledge", within: str = "1h") -> dict[str, Any]:
    data = base()
    data["injects"].append({
        "id": "I9", "stage": "S1", "at": at, "sender": "AA", "recipients": ["CDN"],
        "roles": ["technical"], "subject": "what may we share?",
        "expect": [{"id": "E9", "action": action, "within": within, "to": "AA"}]})
    return data


def test_a_stakeholder_with_no_delay_answers_at_the_inject_time() -> None:
    r = run(model(_to_cdn()), _with(directory(["AA", "BB"]), _cdn()), seed=1)
    e9 = outcome(r, "E9", "CDN")
    assert e9.status == "met" and e9.done_at == pytest.approx(2.0)
    codes = [p.code for p in r.participants]
    assert codes == ["AA", "BB", "CDN"]  # the states, then the stakeholders


def test_a_stakeholder_answers_in_its_own_working_time() -> None:
    # 10h after Tuesday 09:00 UTC is 19:00, after office hours: six minutes of triage
    # end at 09:06 next day, 24.1h after the start, past the 12h window: late.
    cdn = _cdn(duty=False, behaviour={"triage": {"dist": "fixed", "value": "6m"},
                                      "duty_triage": {"dist": "fixed", "value": "6m"},
                                      "ack_delay": {"dist": "fixed", "value": "0h"}})
    r = run(model(_to_cdn(at="10h", within="12h")), _with(directory(["AA", "BB"]), cdn), seed=1)
    e9 = outcome(r, "E9", "CDN")
    assert e9.done_at == pytest.approx(24.1) and e9.status == "late"
    duty = _cdn(duty=True, behaviour=cdn.behaviour.model_dump(exclude_unset=True))
    r = run(model(_to_cdn(at="10h", within="12h")), _with(directory(["AA", "BB"]), duty), seed=1)
    assert outcome(r, "E9", "CDN").done_at == pytest.approx(10.1)  # a 24/7 desk: at once


def test_its_own_behaviour_overrides_the_scenario() -> None:
    # the scenario's behaviour: triage 1h, ack 30m (tabletop_support.FIXED); the
    # stakeholder's own: none. Without its own behaviour it takes the scenario's 1h30m.
    plain = _cdn(behaviour={})
    r = run(model(_to_cdn(within="4h")), _with(directory(["AA", "BB"]), plain), seed=1)
    assert outcome(r, "E9", "CDN").done_at == pytest.approx(3.5)


def test_expectations_on_a_stakeholder_are_scored() -> None:
    silent = _cdn(behaviour={"responsiveness": 0.0})
    card = Scorecard()
    for seed in (1, 2):
        card.add_result(run(model(_to_cdn()), _with(directory(["AA", "BB"]), silent), seed=seed))
    rows = {(r["expectation"], r["participant"]): r for r in card.summary()["scorecard"]}
    assert rows[("E9", "CDN")]["missed"] == 2 and rows[("E9", "CDN")]["met"] == 0
    assert rows[("E1", "AA")]["met"] == 2  # the states are scored as before


def test_all_and_groups_reach_states_only() -> None:
    data = _to_cdn()
    data["injects"].append({"id": "I8", "stage": "S1", "at": "1h", "recipients": ["all"],
                            "subject": "to everyone", "expect": [
                                {"id": "E8", "action": "acknowledge", "within": "4h"}]})
    r = run(model(data), _with(directory(["AA", "BB"]), _cdn()), seed=1)
    assert {x.participant for x in r.expectations if x.id == "E8"} == {"AA", "BB"}
    sent = {e.participant for e in r.events if e.kind == "check_sent" and e.detail == "I8"}
    assert sent == {"AA", "BB"}


def test_a_stakeholder_sends_and_is_a_counterpart() -> None:
    data = _to_cdn()
    data["injects"][0]["sender"] = "CDN"
    data["injects"][0]["expect"][0]["to"] = "CDN"
    assert problems_or_none(data) == []


def problems_or_none(data: dict[str, Any]) -> list[str]:
    try:
        model(data).validate_against(_with(directory(["AA", "BB"]), _cdn()))
    except Exception as e:  # noqa: BLE001 - the test wants the lines
        return str(e).splitlines()
    return []


def test_a_stakeholder_listed_among_participants_is_one_located_line() -> None:
    data = copy.deepcopy(_to_cdn())
    data["participants"] = ["AA", "BB", "CDN"]
    lines = problems(data, _with(directory(["AA", "BB"]), _cdn()))
    assert lines == ["scenarios/x.yaml: participants[2]: CDN is a stakeholder, and "
                     "stakeholders always take part; list states only here"]


def test_a_stakeholder_code_that_clashes_with_a_state_is_refused() -> None:
    clash = _cdn().model_copy(update={"code": "AA"})
    with pytest.raises(ValueError, match=r"stakeholders\[0\] \(AA\)\.code: stakeholder code "
                       r"AA clashes with the state at participants\[0\]"):
        Directory.model_validate({**directory(["AA", "BB"]).model_dump(),
                                  "stakeholders": [clash.model_dump()]})

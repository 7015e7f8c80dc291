"""A scenario as a facilitator reads it: times, firing, senders, stages, check rows."""

from __future__ import annotations

from simulator.io.scenario_files import load_scenario, scenario_from_text
from simulator.io.scenario_outline import (
    actors_text,
    check_parameters,
    party_name,
    recipients_text,
    stage_injects,
    tabletop_header,
    value_text,
    when_text,
)
from simulator.model.check import CheckScenario
from simulator.model.tabletop import TabletopScenario
from tests import ROOT

TABLETOP = """\
name: tiny
directory: {profile: osce, seed: 7}
participants: [EE, FI]
start: 2026-11-17T06:30:00Z
end: 24h
actors: [{id: cdn-co, name: CDN Company, type: cdn_provider}]
stages:
  - {id: S1, title: Detection}
  - {id: S2, title: Response}
injects:
  - {id: I3, stage: S2, trigger: {manual: true}, recipients: [FI], subject: by hand}
  - id: I2
    stage: S1
    trigger: {on: done, expectation: E1}
    delay: 30m
    sender: EE
    recipients: [FI]
    roles: [technical]
    subject: consultation request
  - id: I1
    stage: S1
    at: 90m
    sender: cdn-co
    recipients: [EE]
    subject: outage
    expect:
      - {id: E1, action: request_consultation, within: 6h, to: FI}
"""


def _tabletop() -> TabletopScenario:
    sc = scenario_from_text(TABLETOP).scenario
    assert isinstance(sc, TabletopScenario)
    return sc


def test_when_an_inject_fires() -> None:
    sc = _tabletop()
    assert [when_text(i) for i in sc.injects] == ["manual", "E1 done +30m", "+1h30m"]


def test_senders_and_recipients() -> None:
    sc = _tabletop()
    i3, i2, i1 = sc.injects
    assert party_name(sc, "cdn-co") == "CDN Company" and party_name(sc, "EE") == "EE"
    assert recipients_text(i1) == "EE"
    assert recipients_text(i2) == "FI (technical)"


def test_stages_hold_their_injects_by_earliest_firing() -> None:
    order = [(stage.id, [i.id for i in injects]) for stage, injects in stage_injects(_tabletop())]
    assert order == [("S1", ["I1", "I2"]), ("S2", ["I3"])]


def test_header_and_actors() -> None:
    sc = _tabletop()
    assert tabletop_header(sc) == (
        "start 2026-11-17T06:30:00+00:00, end +24h, deadline +24h; participants: EE, FI")
    assert actors_text(sc) == "actors: cdn-co = CDN Company (cdn_provider)"


def test_value_text_spells_distributions() -> None:
    assert value_text({"dist": "lognormal", "median": "4h", "sigma": 1.0}) == (
        "lognormal(median=4h, sigma=1.0)")
    assert value_text({"low": {"dist": "fixed", "value": "2h"}}) == "{low: fixed(value=2h)}"
    assert value_text(0.2) == "0.2"


def test_check_parameters() -> None:
    sc = load_scenario(ROOT / "scenarios" / "osce-unannounced-72h.yaml").scenario
    assert isinstance(sc, CheckScenario)
    rows = dict(check_parameters(sc))
    assert rows["directory"] == "profile osce (seed 7)"
    assert rows["reminders"] == "+24h"
    assert rows["phone follow-up"] == "at +69h"
    assert rows["secretariat"] == ("Europe/Vienna, 09:00-17:00 mon, tue, wed, thu, fri "
                                   "(holidays AT); actions move to its next working moment")
    assert rows["tasks"] == ("contact details (by policy); CERT 24/7 channel (by technical, "
                             "cleared); working languages (by policy)")
    assert "lognormal(median=4h, sigma=1.0)" in rows["behaviour"]
    assert list(rows)[-1] == "behaviour"

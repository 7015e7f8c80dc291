"""Tabletop scenarios: the structure checks of the model and the checks against a
directory, each problem one located line."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from simulator.io.scenario_files import scenario_from_text
from tests.unit.simulator.tabletop_support import (
    SRC,
    base,
    directory,
    model,
    problems,
)


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


def test_start_needs_a_zone() -> None:
    data = base(start=datetime(2026, 3, 10, 9))
    assert any("start: " in x and "time zone" in x for x in problems(data))
    ok = model(base(start=datetime(2026, 3, 10, 10, tzinfo=UTC)))
    assert ok.start.tzinfo is not None

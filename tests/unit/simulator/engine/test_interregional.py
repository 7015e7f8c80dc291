"""A state in two directories is reached through both entries: with common random numbers
its acknowledgement through both comes exactly when the sooner of "through ARF alone" and
"through OSCE alone" does, and the result says through which."""

from __future__ import annotations

import math
from typing import Any

from simulator.directories.combine import combine_directories, listed_in
from simulator.engine.run import run
from simulator.model.directory import Contact, Directory, Participant
from tests.unit.simulator.tabletop_support import model

CODES = ("XA", "XB", "XC", "XD")


def _directory(org: str, only: str) -> Directory:
    """``org``'s directory: the four shared states (same calendars, other people) and one
    state of its own; entries of mixed age, so that some are stale."""
    def state(code: str) -> Participant:
        return Participant(code=code, name=f"State {code}", timezone="Asia/Singapore",
                           contacts=[Contact(role=r, email=f"{r}.{code.lower()}@{org}.example")
                                     for r in ("policy", "technical")])
    return Directory(name=org.upper(), organisation=org.upper(),
                     participants=[state(c) for c in (*CODES, only)])


def _scenario(recipients: list[str]) -> Any:
    return model({
        "kind": "tabletop", "name": "ping", "directories": {"arf": {"profile": "arf"},
                                                            "osce": {"profile": "osce"}},
        "start": "2026-04-14T01:00:00Z", "end": "120h",
        "stages": [{"id": "S1", "title": "Ping"}],
        "injects": [{"id": "I1", "stage": "S1", "at": "0h", "recipients": recipients,
                     "subject": "ping", "expect": [
                         {"id": "E1", "action": "acknowledge", "within": "72h"}]}],
    })


def _acks(directory: Directory, seed: int) -> dict[str, tuple[float, str | None]]:
    r = run(_scenario(["all"]), directory, seed=seed)
    return {p.code: (math.inf if p.ack_at is None else p.ack_at,
                     None if p.ack_by is None else listed_in(p.ack_by))
            for p in r.participants}


def test_both_directories_acknowledge_no_later_than_either_alone() -> None:
    arf, osce = _directory("arf", "XE"), _directory("osce", "XF")
    alone_a = combine_directories({"arf": arf}, source="s")
    alone_o = combine_directories({"osce": osce}, source="s")
    both = combine_directories({"arf": arf, "osce": osce}, source="s")
    helped = 0  # (seed, state) where the OSCE entry answered before the ARF one
    for seed in range(1, 26):
        a, o, b = _acks(alone_a, seed), _acks(alone_o, seed), _acks(both, seed)
        for code in CODES:
            assert b[code][0] == min(a[code][0], o[code][0]), (seed, code)
            if b[code][0] < math.inf:
                via = "arf" if a[code][0] <= o[code][0] else "osce"
                assert b[code][1] == via, (seed, code)
            helped += b[code][0] < a[code][0]
        assert b["XE"] == a["XE"] and b["XF"] == o["XF"]  # one listing: as alone
    assert helped > 0  # the second entry made a difference in some replications


def test_directory_recipients_reach_one_organisations_entries() -> None:
    both = combine_directories({"arf": _directory("arf", "XE"),
                                "osce": _directory("osce", "XF")}, source="s")
    r = run(_scenario(["directory:osce"]), both, seed=3)
    sent = {e.contact for e in r.events if e.kind == "check_sent"}
    assert sent and all(k.endswith("@osce") for k in sent)
    assert {k.partition("/")[0] for k in sent} == {*CODES, "XF"}


def test_a_communication_check_goes_through_both_directories_too() -> None:
    from simulator.io.scenario_files import parse_scenario

    check = parse_scenario({
        "name": "ping", "directories": {"arf": {"profile": "arf"}, "osce": {"profile": "osce"}},
        "check": {"start": "2026-04-14T01:00:00Z", "deadline": "72h"}})
    arf, osce = _directory("arf", "XE"), _directory("osce", "XF")
    alone_a = combine_directories({"arf": arf}, source="s")
    alone_o = combine_directories({"osce": osce}, source="s")
    both = combine_directories({"arf": arf, "osce": osce}, source="s")

    def acks(d: Directory, seed: int) -> dict[str, float]:
        return {p.code: math.inf if p.ack_at is None else p.ack_at
                for p in run(check, d, seed=seed).participants}

    for seed in range(1, 11):
        a, o, b = acks(alone_a, seed), acks(alone_o, seed), acks(both, seed)
        assert all(b[c] == min(a[c], o[c]) for c in CODES), seed

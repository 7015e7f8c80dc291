"""Two organisations' directories: combined by code, compared state by state."""

from __future__ import annotations

from datetime import date

import pytest

from simulator.directories.combine import combine_directories, listed_in
from simulator.directories.compare import compare_directories, split_combined
from simulator.model.directory import Contact, Directory, Participant, Stakeholder
from simulator.model.errors import InputError

AS_OF = date(2026, 4, 1)
FRESH, OLD = date(2026, 1, 10), date(2023, 5, 2)


def _p(code: str, contacts: list[Contact], **over: object) -> Participant:
    return Participant.model_validate(
        {"code": code, "name": f"State {code}", "timezone": "UTC", "contacts": contacts, **over})


def _c(role: str, email: str, verified: date | None = FRESH) -> Contact:
    return Contact(role=role, email=email, last_verified=verified)


def _pair() -> tuple[Directory, Directory]:
    """ARF and OSCE with planted disagreements: AA agrees; BB's technical address differs;
    CC's policy entry is stale in OSCE; DD has no technical entry in OSCE; EE keeps office
    hours apart; FF is in ARF only, GG in OSCE only."""
    arf = Directory(name="ARF", organisation="ARF", participants=[
        _p("AA", [_c("policy", "p@aa.example"), _c("technical", "t@aa.example")]),
        _p("BB", [_c("policy", "p@bb.example"), _c("technical", "t@bb.example")]),
        _p("CC", [_c("policy", "p@cc.example")]),
        _p("DD", [_c("policy", "p@dd.example"), _c("technical", "t@dd.example")]),
        _p("EE", [_c("policy", "p@ee.example")]),
        _p("FF", [_c("policy", "p@ff.example")]),
    ])
    osce = Directory(name="OSCE", organisation="OSCE", participants=[
        _p("GG", [_c("policy", "p@gg.example")]),
        _p("AA", [_c("policy", "P@AA.example"), _c("technical", "t@aa.example")]),
        _p("BB", [_c("policy", "p@bb.example"), _c("technical", "cert@bb.example")]),
        _p("CC", [_c("policy", "p@cc.example", OLD)]),
        _p("DD", [_c("policy", "p@dd.example")]),
        _p("EE", [_c("policy", "p@ee.example")], office_hours="08:00-16:00"),
    ])
    return arf, osce


def test_the_comparison_finds_exactly_the_planted_disagreements() -> None:
    found = compare_directories(*_pair(), as_of=AS_OF)
    assert found.shared == ["AA", "BB", "CC", "DD", "EE"]
    assert found.only == {"ARF": ["FF"], "OSCE": ["GG"]}
    assert [(d.code, d.kind, d.role) for d in found.differences] == [
        ("BB", "address", "technical"),
        ("CC", "stale", "policy"),
        ("DD", "missing_role", "technical"),
        ("EE", "calendar", None),
    ]
    by = {d.code: d.detail for d in found.differences}
    assert by["CC"] == "stale in OSCE (verified 2023-05-02), fresh in ARF (verified 2026-01-10)"
    assert by["DD"] == "listed in ARF, missing in OSCE"
    assert "office hours (09:00-17:00 in ARF, 08:00-16:00 in OSCE)" in by["EE"]
    assert "t@bb" not in by["BB"]  # addresses are personal data: named only when asked
    shown = compare_directories(*_pair(), as_of=AS_OF, personal=True).differences[0].detail
    assert shown == "different e-mail addresses: t@bb.example in ARF, cert@bb.example in OSCE"
    data = found.to_dict()
    assert data["agreeing"] == ["AA"] and len(data["differences"]) == 4


def test_a_combined_directory_splits_back_into_the_same_comparison() -> None:
    arf, osce = _pair()
    both = combine_directories({"arf": arf, "osce": osce}, source="s.yaml")
    assert both.codes == ["AA", "BB", "CC", "DD", "EE", "FF", "GG"]
    assert both.participant("BB").contact_keys() == [
        "BB/policy@arf", "BB/technical@arf", "BB/policy@osce", "BB/technical@osce"]
    assert listed_in("BB/technical@osce") == "osce" and listed_in("BB/technical") is None
    parts = split_combined(both)
    again = compare_directories(parts["arf"], parts["osce"], names=("ARF", "OSCE"), as_of=AS_OF)
    # the calendar is the first directory's in a combined one; the rest is found again
    assert [(d.code, d.kind) for d in again.differences] == [
        ("BB", "address"), ("CC", "stale"), ("DD", "missing_role")]


def test_one_participant_with_two_names_is_one_located_line() -> None:
    arf, osce = _pair()
    renamed = osce.model_copy(update={"participants": [
        p.model_copy(update={"name": "Republic of BB"}) if p.code == "BB" else p
        for p in osce.participants]})
    with pytest.raises(InputError) as e:
        combine_directories({"arf": arf, "osce": renamed}, source="s.yaml")
    assert [str(p) for p in e.value.problems] == [
        "s.yaml: directories.osce: participants[2] (BB): named 'Republic of BB' here but "
        "'State BB' in directories.arf; use one name for the same participant in both"]


def test_a_stakeholder_code_that_is_a_state_elsewhere_is_one_located_line() -> None:
    arf, osce = _pair()
    cert = Stakeholder(code="GG", name="GG-CERT", kind="cert", timezone="UTC",
                       contacts=[_c("technical", "soc@gg.example")])
    with pytest.raises(InputError) as e:
        combine_directories({"arf": arf.model_copy(update={"stakeholders": [cert]}),
                             "osce": osce}, source="s.yaml")
    assert [str(p) for p in e.value.problems] == [
        "s.yaml: directories.osce: participants[0] (GG): GG is a stakeholder in "
        "directories.arf but a state here; give the stakeholder its own code"]

"""Network health on a hand-built directory: exactly the planted findings, freshness
bands, languages, and simulated chances that move the way the model says they must."""

from __future__ import annotations

from datetime import date

import pytest

from simulator.directories.health import (
    directory_health,
    freshness_band,
    health_rows,
    single_points,
)
from simulator.io.scenario_files import parse_scenario
from simulator.model.check import CheckScenario
from simulator.model.directory import Contact, Directory, Participant

AS_OF = date(2026, 3, 1)


def _c(role: str, *, email: bool = True, phone: bool = False, duty: bool = False,
       verified: date | None = date(2026, 1, 1), langs: list[str] | None = None) -> Contact:
    return Contact(role=role, email=f"{role}@mfa.example.org" if email else None,
                   phone="+00 555 0100" if phone else None, duty_24_7=duty,
                   last_verified=verified, languages=langs or [])


def _p(code: str, contacts: list[Contact], languages: list[str] | None = None) -> Participant:
    return Participant(code=code, name=f"State {code}", timezone="Europe/Vienna",
                       contacts=contacts, languages=languages or ["en"])


HEALTHY = [_c("policy", phone=True), _c("technical", duty=True), _c("deputy_policy")]
DIRECTORY = Directory(name="planted", organisation="custom", participants=[
    _p("AA", HEALTHY),                                               # nothing wrong
    _p("BB", [_c("policy", phone=True), _c("technical", email=False, duty=True),
              _c("deputy_technical", email=False)]),                 # one working contact
    _p("CC", [_c("policy"), _c("deputy_policy")]),                  # no phone/desk/technical
    _p("DD", [_c("policy", email=False), _c("technical", email=False)]),  # nothing reachable
    _p("EE", [_c("policy", phone=True, verified=date(2024, 6, 1)),  # stale entry, French
              _c("technical", duty=True), _c("deputy_policy")], languages=["fr"]),
    _p("FF", [_c("policy", phone=True, verified=None), _c("technical", duty=True,
              langs=["ru"]), _c("deputy_technical", langs=["en"])]),  # never verified
])


def test_findings_on_a_hand_built_directory_are_exactly_the_planted_ones() -> None:
    health = directory_health(DIRECTORY, as_of=AS_OF)
    got = {h.code: (h.single_points, h.freshness, h.languages_missing)
           for h in health.participants}
    assert got == {
        "AA": ([], "fresh", []),
        "BB": (["one_working_contact"], "fresh", []),
        "CC": (["no_phone", "no_duty_desk", "no_technical"], "fresh", []),
        "DD": (["no_working_contact", "no_deputy", "no_phone", "no_duty_desk"], "fresh",
               ["en"]),
        "EE": ([], "ageing", ["en"]),
        "FF": ([], "never", []),
    }
    assert health.method == "none" and all(h.ack_chance is None for h in health.participants)
    assert health.counts["no_phone"] == 2 and health.counts["freshness_fresh"] == 4


def test_freshness_bands_and_the_chance_the_oldest_entry_is_still_in_post() -> None:
    assert [freshness_band(a) for a in (0.0, 0.99, 1.0, 1.99, 2.0, 9.0, None)] == [
        "fresh", "fresh", "ageing", "ageing", "stale", "stale", "never"]
    ee = next(h for h in directory_health(DIRECTORY, as_of=AS_OF).participants
              if h.code == "EE")
    assert ee.oldest_age_years == pytest.approx(1.75, abs=0.01)
    assert ee.still_in_post == pytest.approx(0.8 ** ee.oldest_age_years, abs=1e-3)


def test_a_deputy_only_directory_entry_counts_as_no_technical_unless_a_deputy_technical() -> None:
    assert "no_technical" not in single_points(_p("GG", [_c("policy"),
                                                         _c("deputy_technical")]))


SCENARIO = """\
name: health check
directory: {file: x.yaml}
check:
  start: 2026-03-02T08:00:00Z
  deadline: 72h
  language: fr
  recipients: [policy]
behaviour: {turnover_per_year: 0.5}
"""


def _scenario(text: str = SCENARIO) -> CheckScenario:
    import yaml

    s = parse_scenario(yaml.safe_load(text))
    assert isinstance(s, CheckScenario)
    return s


def test_a_scenario_sets_the_language_turnover_and_simulated_chances() -> None:
    health = directory_health(DIRECTORY, as_of=AS_OF, scenario=_scenario(), replications=60)
    by = {h.code: h for h in health.participants}
    assert health.languages == ["fr"] and health.turnover == 0.5
    assert by["EE"].languages_missing == [] and by["AA"].languages_missing == ["fr"]
    assert health.method == "simulation" and health.replications == 60
    for h in health.participants:
        assert h.ack_chance is not None and 0 <= h.ack_chance.low <= h.ack_chance.share
        assert h.ack_chance.share <= h.ack_chance.high <= 1
    assert by["AA"].ack_chance is not None and by["AA"].ack_chance.share > 0.5
    # nobody acts on anything: no participant can acknowledge
    silent = _scenario(SCENARIO.replace("{turnover_per_year: 0.5}",
                                        "{turnover_per_year: 0.5, responsiveness: 0}"))
    none = directory_health(DIRECTORY, as_of=AS_OF, scenario=silent, replications=20)
    assert all(h.ack_chance is not None and h.ack_chance.share == 0.0
               for h in none.participants)


def test_health_rows_put_the_most_findings_first_and_name_no_person() -> None:
    table = health_rows(directory_health(DIRECTORY, as_of=AS_OF))
    assert table.codes[0] == "DD" and table.codes[-1] == "AA"
    assert table.rows[0][1] == "no contact with a channel, no deputy, no phone, no 24/7 desk"
    text = repr(table)
    assert "@" not in text and "+00" not in text

"""The bundled membership lists of the OSCE, ARF, OAS and UN networks."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import holidays
import pytest
import yaml
from pydantic import ValidationError

from simulator.directories.profiles import (
    PROFILES,
    Profile,
    ProfileEntry,
    load_profile,
    profile_path,
)
from simulator.model.directory import Contact, Participant
from simulator.model.errors import InputError

COUNTS = {"osce": 57, "arf": 27, "oas": 35, "un": 193}

GROUPS = {
    "osce": {
        "North America", "Western Europe", "Northern Europe", "Southern Europe",
        "Central Europe", "South-Eastern Europe", "Eastern Europe", "South Caucasus",
        "Central Asia",
    },
    "arf": {"ASEAN", "Partner"},
    "oas": {"Caribbean", "Central America", "North America", "South America"},
    "un": {"African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG"},
}

SUN_THU = ["sun", "mon", "tue", "wed", "thu"]


@pytest.mark.parametrize("name", PROFILES)
def test_counts_match_the_real_membership(name: str) -> None:
    assert len(load_profile(name).participants) == COUNTS[name]


@pytest.mark.parametrize("name", PROFILES)
def test_codes_are_unique_two_letter_codes(name: str) -> None:
    codes = load_profile(name).codes
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    if name != "arf":
        assert "EU" not in codes


@pytest.mark.parametrize("name", PROFILES)
def test_every_zone_loads_and_every_holiday_calendar_exists(name: str) -> None:
    supported = set(holidays.list_supported_countries())
    for p in load_profile(name).participants:
        ZoneInfo(p.timezone)
        if p.holiday_country is not None:
            assert p.holiday_country in supported, p.code
            calendar = holidays.country_holidays(p.holiday_country, years=2026)
            # Ukraine has suspended public holidays under martial law since 2022.
            assert len(calendar) > 0 or p.code == "UA", p.code


@pytest.mark.parametrize("name", PROFILES)
def test_groups_come_from_the_fixed_set_and_all_are_used(name: str) -> None:
    assert set(load_profile(name).groups()) == GROUPS[name]


@pytest.mark.parametrize("name", PROFILES)
def test_entries_are_usable_as_directory_participants(name: str) -> None:
    for p in load_profile(name).participants:
        part = Participant(**p.participant_fields(), contacts=[Contact(role="policy")])
        assert part.code == p.code
        assert len(part.work_week) == len(p.work_week) >= 5
        assert p.languages


def test_un_regional_group_sizes() -> None:
    sizes: dict[str, int] = {}
    for p in load_profile("un").participants:
        sizes[p.group] = sizes.get(p.group, 0) + 1
    # Kiribati counted in Asia-Pacific, United States in WEOG (see the file header).
    assert sizes == {"African": 54, "Asia-Pacific": 54, "Eastern European": 23,
                     "GRULAC": 33, "WEOG": 29}
    un = load_profile("un")
    assert un.entry("KI").group == "Asia-Pacific"
    assert un.entry("US").group == "WEOG"


def test_un_excludes_observers_and_non_members() -> None:
    codes = set(load_profile("un").codes)
    assert codes.isdisjoint({"VA", "PS", "TW", "XK", "EU"})
    assert {"SS", "ME", "TL", "CH", "KP", "KR"} <= codes


def test_other_networks_are_subsets_of_un_plus_their_extras() -> None:
    un = set(load_profile("un").codes)
    assert set(load_profile("osce").codes) - un == {"VA"}
    assert set(load_profile("arf").codes) - un == {"EU"}
    assert set(load_profile("oas").codes) <= un


def test_osce_membership() -> None:
    osce = load_profile("osce")
    codes = set(osce.codes)
    assert {"VA", "MN", "CA", "US", "KZ", "KG", "TJ", "TM", "UZ", "RU", "BY", "AD"} <= codes
    assert codes.isdisjoint({"XK", "IL", "JP", "AU", "EU"})
    assert osce.entry("VA").timezone == "Europe/Vatican"
    assert osce.entry("AL").group == "South-Eastern Europe"


def test_arf_membership() -> None:
    arf = load_profile("arf")
    asean = {p.code for p in arf.participants if p.group == "ASEAN"}
    assert asean == {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"}
    partners = set(arf.codes) - asean
    assert partners == {"AU", "BD", "CA", "CN", "EU", "IN", "JP", "KP", "KR", "MN", "NZ",
                        "PK", "PG", "RU", "LK", "US"}
    eu = arf.entry("EU")
    assert eu.timezone == "Europe/Brussels"
    assert arf.entry("BN").work_week == ["mon", "tue", "wed", "thu", "sat"]


def test_oas_membership() -> None:
    oas = load_profile("oas")
    codes = set(oas.codes)
    assert {"CU", "US", "CA", "MX", "BR", "NI", "VE", "BZ", "GY", "SR"} <= codes
    assert codes.isdisjoint({"PR", "GF", "GL", "FK"})
    assert oas.entry("CU").group == "Caribbean"
    assert oas.entry("MX").group == "North America"


@pytest.mark.parametrize("code", ["SA", "EG", "IL", "JO", "KW", "QA", "BD", "DZ"])
def test_sun_to_thu_states(code: str) -> None:
    assert load_profile("un").entry(code).work_week == SUN_THU


def test_other_work_weeks() -> None:
    un = load_profile("un")
    assert un.entry("AE").work_week == ["mon", "tue", "wed", "thu", "fri"]
    assert un.entry("IR").work_week == ["sat", "sun", "mon", "tue", "wed"]
    assert un.entry("NP").work_week == ["sun", "mon", "tue", "wed", "thu", "fri"]
    assert un.entry("DE").work_week == ["mon", "tue", "wed", "thu", "fri"]
    assert un.entry("DE").office_hours == "09:00-17:00"


def test_same_state_has_same_facts_in_every_profile() -> None:
    un = load_profile("un")
    for name in ("osce", "arf", "oas"):
        for p in load_profile(name).participants:
            if p.code in un.codes:
                u = un.entry(p.code)
                assert (p.name, p.timezone, p.work_week, p.languages) == (
                    u.name, u.timezone, u.work_week, u.languages), (name, p.code)


def test_names_are_case_insensitive_and_path_exists() -> None:
    assert load_profile(" OSCE ").organisation == "OSCE"
    assert profile_path("un").is_file()
    assert profile_path("UN").name == "un.yaml"


def test_unknown_profile_names_it_and_lists_the_valid_ones() -> None:
    with pytest.raises(InputError) as info:
        load_profile("nato")
    text = str(info.value)
    assert "'nato'" in text
    for name in PROFILES:
        assert name in text
    with pytest.raises(InputError):
        profile_path("asean")


def test_files_parse_with_plain_yaml_and_keep_strings() -> None:
    # YAML 1.1 would read an unquoted NO (Norway) or no (Norwegian) as false.
    for name in PROFILES:
        raw = yaml.safe_load(profile_path(name).read_text(encoding="utf-8"))
        for p in raw["participants"]:
            assert isinstance(p["code"], str)
            assert all(isinstance(x, str) for x in p["languages"])


def test_models_are_strict_and_frozen() -> None:
    good = {"code": "DE", "name": "Germany", "group": "WEOG", "timezone": "Europe/Berlin",
            "work_week": ["mon", "tue", "wed", "thu", "fri"], "holiday_country": "DE",
            "languages": ["de", "en"]}
    entry = ProfileEntry(**good)
    with pytest.raises(ValidationError):
        entry.code = "FR"  # type: ignore[misc]
    for bad in ({"extra": 1}, {"code": "deu"}, {"timezone": "Mars/Base"},
                {"work_week": ["mon", "mon"]}, {"work_week": ["monday"]},
                {"holiday_country": "ZZ"}, {"languages": []}, {"languages": ["eng"]},
                {"office_hours": "17:00-09:00"}):
        with pytest.raises(ValidationError):
            ProfileEntry(**(good | bad))
    with pytest.raises(ValidationError, match="duplicate code DE"):
        Profile(organisation="X", name="X", source="test", participants=[entry, entry])

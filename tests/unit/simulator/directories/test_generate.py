"""The fictitious-directory generator: complete, reproducible, plausibly mixed, fictitious."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest

from simulator.directories.generate import DEFAULT_AS_OF, MAX_AGE_YEARS, generate_directory
from simulator.directories.profiles import load_profile
from simulator.model.directory import Capacity, Directory
from simulator.model.errors import InputError

RESERVED = re.compile(r"@([a-z0-9-]+\.)+example\.(org|net|com)$")


@pytest.fixture(scope="module")
def un() -> Directory:
    return generate_directory("un", 1)


def test_every_profile_member_is_there_with_policy_and_technical(un: Directory) -> None:
    profile = load_profile("un")
    assert un.codes == [e.code for e in profile.participants]
    assert len(un.participants) == 193
    assert "(fictitious contacts)" in un.name
    assert un.organisation == profile.organisation
    for p, e in zip(un.participants, profile.participants, strict=True):
        roles = [c.role for c in p.contacts]
        assert roles.count("policy") == 1 and roles.count("technical") == 1, p.code
        assert (p.timezone, p.name, p.group) == (e.timezone, e.name, e.group)
        assert p.languages == list(e.languages)


def test_contacts_are_fictitious(un: Directory) -> None:
    for p in un.participants:
        for c in p.contacts:
            assert c.email is not None and RESERVED.search(c.email), c.email
            assert f".{p.code.lower()}.example." in c.email
            assert c.phone is None or re.fullmatch(r"\+00 \d{3} 555 01\d{2}", c.phone), c.phone
            assert c.name


def test_same_seed_same_directory_other_seed_differs() -> None:
    a = generate_directory("osce", 5)
    assert generate_directory("osce", 5) == a
    b = generate_directory("osce", 6)
    assert b != a
    assert b.codes == a.codes
    names_a = [c.name for p in a.participants for c in p.contacts]
    names_b = [c.name for p in b.participants for c in p.contacts]
    assert sum(x != y for x, y in zip(names_a, names_b, strict=False)) > len(names_a) // 2


def test_deputy_share_only_adds_deputies() -> None:
    none = generate_directory("oas", 4, deputy_share=0.0)
    some = generate_directory("oas", 4, deputy_share=0.4)
    more = generate_directory("oas", 4, deputy_share=0.8)
    every = generate_directory("oas", 4, deputy_share=1.0)

    def deputies(d: Directory) -> set[str]:
        return {k for p in d.participants for k, c in zip(p.contact_keys(), p.contacts,
                                                           strict=True) if "deputy" in c.role}

    assert deputies(none) == set()
    assert deputies(some) <= deputies(more) <= deputies(every)
    assert len(deputies(some)) < len(deputies(more))
    assert len(deputies(every)) == 2 * len(every.participants)
    # 0.4 of 70 roles: a binomial count far from 0 and 70.
    assert 15 <= len(deputies(some)) <= 42
    # Principals and participant facts do not move.
    for a, b in zip(none.participants, every.participants, strict=True):
        assert a.capacity == b.capacity
        assert a.contacts == [c for c in b.contacts if not c.role.startswith("deputy_")]


def test_duty_desks_follow_duty_share_and_capacity(un: Directory) -> None:
    def desks(d: Directory) -> int:
        return sum(c.duty_24_7 for p in d.participants for c in p.contacts)

    assert desks(generate_directory("arf", 2, duty_share=0.0)) == 0
    assert desks(generate_directory("arf", 2, duty_share=1.0)) == 27
    for p in un.participants:
        for c in p.contacts:
            assert not c.duty_24_7 or c.role == "technical"
    share = {}
    for tier in Capacity:
        ps = [p for p in un.participants if p.capacity == tier]
        share[tier] = sum(any(c.duty_24_7 for c in p.contacts) for p in ps) / len(ps)
    assert share[Capacity.high] > share[Capacity.medium] > share[Capacity.low]


def test_mix_of_capacity_mandate_portal_and_languages(un: Directory) -> None:
    tiers = Counter(p.capacity for p in un.participants)
    assert all(tiers[t] >= 20 for t in Capacity), tiers
    contacts = [c for p in un.participants for c in p.contacts]
    mandates = Counter(c.mandate for c in contacts)
    assert mandates[None] > mandates[True] > mandates[False] > 10
    assert 0.2 < sum(c.portal for c in contacts) / len(contacts) < 0.9
    assert any(c.languages == [] for c in contacts)
    assert any("en" in c.languages for c in contacts)


def test_staleness_spreads_over_five_years_before_as_of(un: Directory) -> None:
    dates = [c.last_verified for p in un.participants for c in p.contacts]
    known = [d for d in dates if d is not None]
    assert 0 < len(dates) - len(known) < 0.1 * len(dates)  # a few never verified
    oldest = DEFAULT_AS_OF - timedelta(days=int(MAX_AGE_YEARS * 365.25))
    assert all(oldest <= d <= DEFAULT_AS_OF for d in known)
    years = Counter((DEFAULT_AS_OF - d).days // 365 for d in known)
    assert all(years[y] > 0 for y in range(5)), years

    def mean_age(tier: Capacity) -> float:
        ages = [(DEFAULT_AS_OF - c.last_verified).days for p in un.participants
                if p.capacity == tier for c in p.contacts if c.last_verified]
        return sum(ages) / len(ages)

    assert mean_age(Capacity.high) < mean_age(Capacity.low)


def test_as_of_moves_every_date() -> None:
    a = generate_directory("arf", 1)
    b = generate_directory("arf", 1, as_of=date(2030, 1, 1))
    shift = date(2030, 1, 1) - DEFAULT_AS_OF
    for pa, pb in zip(a.participants, b.participants, strict=True):
        for ca, cb in zip(pa.contacts, pb.contacts, strict=True):
            if ca.last_verified is None:
                assert cb.last_verified is None
            else:
                assert cb.last_verified == ca.last_verified + shift


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(InputError):
        generate_directory("nato", 1)
    with pytest.raises(ValueError, match="deputy_share"):
        generate_directory("arf", 1, deputy_share=1.5)
    with pytest.raises(ValueError, match="duty_share"):
        generate_directory("arf", 1, duty_share=-0.1)

"""Behaviour: tier defaults, then the scenario's overrides for every tier, then its
overrides for one tier."""

from __future__ import annotations

from simulator.model.behaviour import TIER_DEFAULTS, Behaviour, effective_behaviour, tier_behaviours


def test_defaults_differ_by_tier() -> None:
    tiers = tier_behaviours(Behaviour())
    assert tiers["high"].mandate == TIER_DEFAULTS["high"]["mandate"]
    assert tiers["low"].mandate == TIER_DEFAULTS["low"]["mandate"]
    assert tiers["medium"].mandate == 0.7  # the base value: medium overrides nothing


def test_general_overrides_every_tier_and_tier_overrides_win() -> None:
    b = Behaviour.model_validate({"mandate": 0.3, "tiers": {"low": {"mandate": 0.1}}})
    assert effective_behaviour(b, "high").mandate == 0.3
    assert effective_behaviour(b, "medium").mandate == 0.3
    assert effective_behaviour(b, "low").mandate == 0.1
    assert tier_behaviours(b)["low"] == effective_behaviour(b, "low")


def test_group_and_participant_overrides_are_the_most_specific() -> None:
    from simulator.directories.generate import generate_directory
    from simulator.model.behaviour import participant_behaviours

    directory = generate_directory("osce", seed=1)
    first, second = directory.participants[:2]
    b = Behaviour.model_validate({
        "mandate": 0.5,
        "groups": {first.group: {"mandate": 0.6}},
        "participants": {first.code: {"mandate": 0.9}},
    })
    by_code = participant_behaviours(b, directory.participants)
    assert by_code[first.code].mandate == 0.9
    in_group = [p for p in directory.participants if p.group == first.group
                and p.code != first.code]
    others = [p for p in directory.participants if p.group != first.group]
    assert all(by_code[p.code].mandate == 0.6 for p in in_group)
    assert all(by_code[p.code].mandate == 0.5 for p in others)
    assert second.code in by_code

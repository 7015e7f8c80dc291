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

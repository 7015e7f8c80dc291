"""How contacts behave: the behaviour a scenario sets, the defaults of each capacity tier,
and the effective behaviour of a tier that the engine draws from.

Behaviour has defaults per capacity tier; a scenario's ``behaviour`` overrides them for
every tier, ``behaviour.tiers.<tier>`` overrides them for one tier, ``groups.<group>`` for
one group of participants and ``participants.<code>`` for one participant (the most
specific wins: tier, then group, then participant)::

    behaviour:
      triage: {dist: lognormal, median: 4h, sigma: 1.0}
      tiers:
        low: {mandate: 0.4}
      participants:
        DE: {triage: {dist: lognormal, median: 2h, sigma: 1.0}}

``pocdrill calibrate`` writes such blocks from recorded checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, Literal, Protocol

from pydantic import Field

from simulator.model.base import Strict
from simulator.model.durations import Distribution, Duration, Exponential, LogNormal


class _Member(Protocol):
    """What :func:`participant_behaviours` reads of a participant (or stakeholder)."""

    @property
    def code(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def capacity(self) -> Any: ...


class BehaviourParams(Strict):
    """How contacts behave; every field optional here, filled from tier defaults."""

    turnover_per_year: float | None = Field(
        None, ge=0, le=1, description="Share of contacts replaced per year"
    )
    unknown_age_years: float | None = Field(
        None, ge=0, description="Age assumed for an entry never verified"
    )
    bounce_share: float | None = Field(
        None, ge=0, le=1, description="Share of stale addresses that bounce (the rest vanish)"
    )
    spam_loss: float | None = Field(
        None, ge=0, le=1, description="Chance a valid e-mail is lost to a spam filter"
    )
    absence: float | None = Field(
        None, ge=0, le=1, description="Chance a contact is on leave when the check arrives"
    )
    absence_duration: Distribution | None = None
    out_of_office_reply: float | None = Field(
        None, ge=0, le=1, description="Chance an absent contact's mailbox auto-replies"
    )
    responsiveness: float | None = Field(
        None, ge=0, le=1, description="Chance a noticed message is acted on at all"
    )
    mandate: float | None = Field(
        None, ge=0, le=1, description="Chance a contact may answer without clearance"
    )
    triage: Distribution | None = Field(
        None, description="Working time from arrival to noticing a message"
    )
    duty_triage: Distribution | None = Field(
        None, description="Time a 24/7 duty desk takes to notice a message (its own triage)"
    )
    ack_delay: Distribution | None = Field(
        None, description="Working time from noticing to acknowledging"
    )
    clearance: Distribution | None = Field(
        None, description="Working time to obtain internal clearance"
    )
    handoff: Distribution | None = Field(
        None, description="Working time for a colleague to pick up a hand-off"
    )
    task_work: Distribution | None = Field(
        None, description="Working time to complete the attached tasks"
    )
    translation: Distribution | None = Field(
        None, description="Extra working time when the message is not in a working language"
    )
    phone_reach: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of participants reachable by telephone at all over an exercise "
        "(a number that works and a desk that picks up)",
    )
    phone_answer: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Chance one call to a reachable participant's contact at work is answered",
    )
    announced_speedup: float | None = Field(
        None, gt=0, le=1, description="Triage multiplier for announced checks"
    )
    retry_delay: Duration | None = Field(
        None, description="Secretariat working time before retrying after a bounce"
    )


class Behaviour(BehaviourParams):
    """Scenario behaviour: overrides for every tier, plus per-tier, per-group and
    per-participant overrides."""

    tiers: dict[Literal["high", "medium", "low"], BehaviourParams] = Field(default_factory=dict)
    groups: dict[str, BehaviourParams] = Field(
        default_factory=dict, description="Overrides for the participants of one group")
    participants: dict[str, BehaviourParams] = Field(
        default_factory=dict, description="Overrides for one participant, by code")


class EffectiveBehaviour(Strict):
    """Behaviour of one capacity tier, every field resolved."""

    turnover_per_year: float
    unknown_age_years: float
    bounce_share: float
    spam_loss: float
    absence: float
    absence_duration: Distribution
    out_of_office_reply: float
    responsiveness: float
    mandate: float
    triage: Distribution
    duty_triage: Distribution
    ack_delay: Distribution
    clearance: Distribution
    handoff: Distribution
    task_work: Distribution
    translation: Distribution
    phone_reach: float
    phone_answer: float
    announced_speedup: float
    retry_delay: float


def _ln(median: float, sigma: float) -> LogNormal:
    return LogNormal(dist="lognormal", median=median, sigma=sigma)


# Defaults. Turnover 0.20/yr: WHO IHR focal points; phone reach 0.64 over an exercise: WHO
# Exercise Crystal (WPSAR 2025;16(2)), the same in every tier (one regional mean is
# published); the rest are documented assumptions (see README, "The model").
_BASE: dict[str, Any] = dict(
    turnover_per_year=0.20,
    unknown_age_years=3.0,
    bounce_share=0.6,
    spam_loss=0.02,
    absence=0.08,
    absence_duration=_ln(96.0, 0.6),
    out_of_office_reply=0.7,
    responsiveness=0.9,
    mandate=0.7,
    triage=_ln(4.0, 1.0),
    duty_triage=_ln(0.25, 1.0),
    ack_delay=Exponential(dist="exponential", mean=1.0),
    clearance=_ln(6.0, 0.8),
    handoff=_ln(3.0, 0.8),
    task_work=_ln(5.0, 0.7),
    translation=_ln(4.0, 0.6),
    phone_reach=0.64,
    phone_answer=0.9,
    announced_speedup=0.5,
    retry_delay=1.0,
)
TIER_DEFAULTS: dict[str, dict[str, Any]] = {
    "high": dict(
        turnover_per_year=0.15,
        absence=0.06,
        responsiveness=0.97,
        mandate=0.85,
        triage=_ln(2.0, 0.9),
        clearance=_ln(4.0, 0.7),
        task_work=_ln(4.0, 0.6),
        phone_answer=0.95,
        spam_loss=0.01,
    ),
    "medium": {},
    "low": dict(
        turnover_per_year=0.30,
        absence=0.10,
        responsiveness=0.8,
        mandate=0.5,
        triage=_ln(8.0, 1.1),
        clearance=_ln(12.0, 0.9),
        task_work=_ln(8.0, 0.8),
        phone_answer=0.8,
        spam_loss=0.04,
    ),
}


_SPECIFIC = ("tiers", "groups", "participants")


def effective_behaviour(
    behaviour: Behaviour, tier: str, group: str | None = None, code: str | None = None
) -> EffectiveBehaviour:
    """Tier defaults, then the scenario's general overrides, then its overrides of the
    tier, of the group and of the participant ``code``."""
    values = dict(_BASE)
    values.update(TIER_DEFAULTS.get(tier, {}))
    general = {k: getattr(behaviour, k) for k in behaviour.model_fields_set
               if k not in _SPECIFIC}
    values.update({k: v for k, v in general.items() if v is not None})
    for override in (behaviour.tiers.get(tier),  # type: ignore[call-overload]
                     behaviour.groups.get(group or "") if group is not None else None,
                     behaviour.participants.get(code) if code is not None else None):
        if override is not None:
            values.update({k: getattr(override, k) for k in override.model_fields_set})
    return EffectiveBehaviour(**values)


@cache
def _behaviour_cache(behaviour_json: str, tier: str) -> EffectiveBehaviour:
    return effective_behaviour(Behaviour.model_validate_json(behaviour_json), tier)


def tier_behaviours(behaviour: Behaviour) -> dict[str, EffectiveBehaviour]:
    """The effective behaviour of each tier (cached: sweeps resolve the same one often)."""
    js = behaviour.model_dump_json(exclude_unset=True)
    return {t: _behaviour_cache(js, t) for t in ("high", "medium", "low")}


@cache
def _specific_cache(behaviour_json: str, tier: str, group: str, code: str) -> EffectiveBehaviour:
    return effective_behaviour(Behaviour.model_validate_json(behaviour_json), tier, group, code)


def participant_behaviours(
    behaviour: Behaviour, participants: Iterable[_Member]
) -> dict[str, EffectiveBehaviour]:
    """The effective behaviour of each participant, by code: its tier's, unless the
    scenario overrides its group or itself (cached like :func:`tier_behaviours`)."""
    tiers = tier_behaviours(behaviour)
    if not behaviour.groups and not behaviour.participants:
        return {p.code: tiers[str(p.capacity)] for p in participants}
    js = behaviour.model_dump_json(exclude_unset=True)
    out = {}
    for p in participants:
        if p.group in behaviour.groups or p.code in behaviour.participants:
            out[p.code] = _specific_cache(js, str(p.capacity), p.group, p.code)
        else:
            out[p.code] = tiers[str(p.capacity)]
    return out

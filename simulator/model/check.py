"""Communication-check scenarios: which directory, the check, and how people behave.

A scenario file is YAML validated by these strict models (a typo is an error). Behaviour
has defaults per capacity tier; the scenario's ``behaviour`` overrides them for every tier,
and ``behaviour.tiers.<tier>`` overrides them for one tier::

    behaviour:
      triage: {dist: lognormal, median: 4h, sigma: 1.0}
      tiers:
        low: {mandate: 0.4}
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from simulator.model.durations import Distribution, Duration, Exponential, LogNormal

DEFAULT_RECIPIENTS = ["policy", "technical"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DirectorySpec(_Strict):
    """Where the directory comes from: a bundled profile filled with fictitious contacts
    (``{profile: osce, seed: 7}``) or a file (``{file: directories/my.yaml}``, relative to
    the scenario file)."""

    profile: Literal["osce", "arf", "oas", "un"] | None = None
    seed: int = 0
    deputy_share: float | None = Field(
        None, ge=0, le=1, description="Share of roles with a named deputy (profiles only)"
    )
    as_of: date | None = Field(None, description="Date the generated entries are aged from")
    file: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> DirectorySpec:
        if (self.profile is None) == (self.file is None):
            raise ValueError("give exactly one of profile (osce, arf, oas, un) or file")
        if self.file is not None and self.deputy_share is not None:
            raise ValueError("deputy_share applies to generated profiles only, not to a file")
        return self


class CheckSpec(_Strict):
    """The communication check the secretariat sends."""

    start: datetime = Field(
        description="When the check is sent (ISO 8601 with a zone, e.g. 2026-03-06T15:00:00Z)"
    )
    deadline: Duration = Field(72.0, description="Time allowed to answer")
    horizon: Duration | None = Field(
        None,
        description="How long to keep observing so late answers count "
        "(default: the deadline plus 72h)",
    )
    level: Literal["reachability", "task"] = "reachability"
    announced: bool = Field(
        False,
        description="Announced checks are expected: triage is faster (behaviour.announced_speedup)",
    )
    recipients: list[str] = Field(default_factory=lambda: list(DEFAULT_RECIPIENTS))
    language: str = Field("en", description="Language the check is written in")
    reminders: list[Duration] = Field(default_factory=list, description="Offsets from start")
    reminders_to_deputies: bool = False
    escalate_to_deputies: bool = False
    escalate_after: Duration | None = Field(
        None,
        description="When to escalate to deputies "
        "(default: the first reminder, else half the deadline)",
    )
    phone_follow_up: Duration | None = Field(
        None, description="Phone those who have not acknowledged after this long"
    )
    secretariat_timezone: str = "Europe/Vienna"
    secretariat_holidays: str | None = "AT"

    @field_validator("start")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("start needs a time zone, e.g. 2026-03-06T15:00:00Z")
        return v.astimezone(UTC)

    @field_validator("reminders")
    @classmethod
    def _sorted(cls, v: list[float]) -> list[float]:
        if len(set(v)) != len(v):
            raise ValueError("reminders repeat an offset")
        return sorted(v)

    @field_validator("language")
    @classmethod
    def _lang(cls, v: str) -> str:
        return v.strip().lower()

    @model_validator(mode="after")
    def _times(self) -> CheckSpec:
        if self.deadline <= 0:
            raise ValueError("deadline must be positive, e.g. 72h")
        if self.horizon is not None and self.horizon < self.deadline:
            raise ValueError("horizon must not end before the deadline")
        end = self.horizon_hours
        for r in self.reminders:
            if r <= 0 or r >= end:
                raise ValueError(
                    f"reminder at {r:g}h falls outside the observed window (0, {end:g}h)"
                )
        if self.phone_follow_up is not None and not 0 < self.phone_follow_up < end:
            raise ValueError(
                f"phone_follow_up at {self.phone_follow_up:g}h falls outside (0, {end:g}h)"
            )
        return self

    @property
    def horizon_hours(self) -> float:
        return self.horizon if self.horizon is not None else self.deadline + 72.0

    @property
    def escalation_hours(self) -> float:
        if self.escalate_after is not None:
            return self.escalate_after
        return self.reminders[0] if self.reminders else self.deadline / 2


class BehaviourParams(_Strict):
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
    phone_success: float | None = Field(
        None, ge=0, le=1, description="Chance a call to a person at work gets through"
    )
    announced_speedup: float | None = Field(
        None, gt=0, le=1, description="Triage multiplier for announced checks"
    )
    retry_delay: Duration | None = Field(
        None, description="Secretariat working time before retrying after a bounce"
    )


class Behaviour(BehaviourParams):
    """Scenario behaviour: overrides for every tier, plus per-tier overrides."""

    tiers: dict[Literal["high", "medium", "low"], BehaviourParams] = Field(default_factory=dict)


class EffectiveBehaviour(_Strict):
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
    ack_delay: Distribution
    clearance: Distribution
    handoff: Distribution
    task_work: Distribution
    translation: Distribution
    phone_success: float
    announced_speedup: float
    retry_delay: float


def _ln(median: float, sigma: float) -> LogNormal:
    return LogNormal(dist="lognormal", median=median, sigma=sigma)


# Defaults. Turnover 0.20/yr: WHO IHR focal points; phone reachability ~0.64: WHO Exercise
# Crystal; the rest are documented assumptions (see README, "Behaviour defaults").
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
    ack_delay=Exponential(dist="exponential", mean=1.0),
    clearance=_ln(6.0, 0.8),
    handoff=_ln(3.0, 0.8),
    task_work=_ln(5.0, 0.7),
    translation=_ln(4.0, 0.6),
    phone_success=0.64,
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
        phone_success=0.75,
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
        phone_success=0.5,
        spam_loss=0.04,
    ),
}


def effective_behaviour(behaviour: Behaviour, tier: str) -> EffectiveBehaviour:
    """Tier defaults, then the scenario's general overrides, then its tier overrides."""
    values = dict(_BASE)
    values.update(TIER_DEFAULTS.get(tier, {}))
    general = {k: getattr(behaviour, k) for k in behaviour.model_fields_set if k != "tiers"}
    values.update({k: v for k, v in general.items() if v is not None})
    override = behaviour.tiers.get(tier)  # type: ignore[call-overload]
    if override is not None:
        values.update({k: getattr(override, k) for k in override.model_fields_set})
    return EffectiveBehaviour(**values)


class CheckScenario(_Strict):
    """A communication check: a directory, the check and behaviour."""

    kind: Literal["check"] = "check"
    name: str
    description: str = ""
    directory: DirectorySpec
    check: CheckSpec
    behaviour: Behaviour = Field(default_factory=Behaviour)

    def validate_against(self, directory: Any, source: str = "<scenario>") -> None:
        """Check ``check.recipients`` against ``directory``: each role must be held by some
        contact (a typo would otherwise quietly send the check to first contacts)."""
        from simulator.model.errors import InputError, Problem

        held = sorted({c.role for p in directory.participants for c in p.contacts})
        problems = [
            Problem(source, f"check.recipients[{i}]",
                    f"no contact in the directory holds role {role!r}; roles held: "
                    + ", ".join(held))
            for i, role in enumerate(self.check.recipients) if role not in held
        ]
        if problems:
            raise InputError(problems)

    @property
    def deadline_hours(self) -> float:
        return self.check.deadline

    @property
    def horizon_hours(self) -> float:
        return self.check.horizon_hours


@cache
def _behaviour_cache(behaviour_json: str, tier: str) -> EffectiveBehaviour:
    return effective_behaviour(Behaviour.model_validate_json(behaviour_json), tier)


def tier_behaviours(behaviour: Behaviour) -> dict[str, EffectiveBehaviour]:
    """The effective behaviour of each tier (cached: sweeps resolve the same one often)."""
    js = behaviour.model_dump_json(exclude_unset=True)
    return {t: _behaviour_cache(js, t) for t in ("high", "medium", "low")}


def scenario_base_dir(path: str | Path | None) -> Path:
    return Path(path).resolve().parent if path is not None else Path.cwd()

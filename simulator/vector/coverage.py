"""Which engine runs a scenario: what the vector engine covers, and ``auto``'s choice.

The vector engine covers a whitelist: communication checks whose settings are all among
:data:`COVERED_CHECK_FIELDS` and whose behaviour sets only
:data:`COVERED_BEHAVIOUR_FIELDS`.
Anything else set away from its default is named as not covered, so a feature is never
silently dropped: ``auto`` then runs the SimPy engine and says why, and ``vector`` is an
input error naming the feature (exit status 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from simulator.model.check import CheckScenario, CheckSpec
from simulator.model.errors import InputError
from simulator.model.scenario import Scenario

Engine = Literal["auto", "simpy", "vector"]
ENGINES: tuple[str, ...] = ("auto", "simpy", "vector")

COVERED_CHECK_FIELDS = frozenset({
    "start", "deadline", "horizon", "announced", "recipients", "language", "reminders",
    "reminders_to_deputies", "escalate_to_deputies", "escalate_after", "secretariat",
    "send_email", "tasks", "level", "phone_follow_up",
})
"""Fields of ``check:`` the vector engine models."""

COVERED_BEHAVIOUR_FIELDS = frozenset({
    "turnover_per_year", "unknown_age_years", "bounce_share", "spam_loss", "absence",
    "absence_duration", "out_of_office_reply", "responsiveness", "triage", "duty_triage",
    "ack_delay", "translation", "announced_speedup", "retry_delay",
    "mandate", "clearance", "handoff", "task_work", "phone_reach", "phone_answer",
})
"""Behaviour fields the vector engine models (a field added later is not covered until
it is listed here)."""

_FEATURES: dict[str, str] = {}
"""How :func:`uncovered` names a ``check:`` field it does not cover (else ``check.<name>``)."""


def uncovered(scenario: Scenario, *, events: bool = False,
              task_events: bool = False) -> list[str]:
    """What in ``scenario`` (and in asking for an event log, or for the ``task_done``
    events per-task rates are read from: ``task_events``) the vector engine does not
    model; empty when it covers it all."""
    out = []
    if not isinstance(scenario, CheckScenario):
        return [f"{scenario.kind} scenarios (injects and expectations)"]
    if events:
        out.append("an event log (--events all, or a single run, which stores its events)")
    check = scenario.check
    if check.level == "task" and task_events and not events:
        out.append("per-task rates of results (task_done events)")
    for name, info in CheckSpec.model_fields.items():
        if name not in COVERED_CHECK_FIELDS and getattr(check, name) != info.get_default(
                call_default_factory=True):
            out.append(_FEATURES.get(name, f"check.{name}"))
    beh = scenario.behaviour
    for params, where in [(beh, "behaviour")] + [
            (p, f"behaviour.tiers.{t}") for t, p in beh.tiers.items()]:
        for name in sorted(params.model_fields_set - COVERED_BEHAVIOUR_FIELDS - {"tiers"}):
            out.append(f"{where}.{name}")
    return out


@dataclass(frozen=True)
class EngineChoice:
    """The engine that runs, and why (``reason`` says what made ``auto`` fall back)."""

    engine: Literal["simpy", "vector"]
    requested: str
    reason: str = ""

    def describe(self) -> str:
        """One line for the terminal: ``engine: vector (auto)``, or why not."""
        text = f"engine: {self.engine}"
        if self.requested == "stored":
            text += " (as the stored sweep or study began)"
        elif self.requested == "auto":
            text += " (auto" + (f": the vector engine does not cover {self.reason})"
                                if self.reason else ")")
        return text


def choose_engine(scenario: Scenario | Sequence[Scenario], requested: str, *,
                  events: bool = False, task_events: bool = False,
                  source: str = "<scenario>") -> EngineChoice:
    """The engine for ``requested`` (auto, simpy, vector) on ``scenario`` (a sweep: every
    point's scenario, which all run on one engine so that paired differences stay
    paired). ``--engine vector`` on what it does not cover is an :class:`InputError`
    naming the first such feature."""
    if requested not in ENGINES:
        raise InputError.single("--engine", "", f"{requested!r} is not one of "
                                + ", ".join(ENGINES))
    if requested == "simpy":
        return EngineChoice("simpy", requested)
    scenarios = [scenario] if not isinstance(scenario, Sequence) else list(scenario)
    missing: list[str] = []
    for s in scenarios:
        missing += [m for m in uncovered(s, events=events, task_events=task_events)
                    if m not in missing]
    if not missing:
        return EngineChoice("vector", requested)
    if requested == "vector":
        raise InputError.single(source, "--engine vector", f"the vector engine does not "
                                f"cover {missing[0]}; use --engine simpy (or auto)")
    return EngineChoice("simpy", requested, "; ".join(missing))

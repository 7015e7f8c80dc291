"""The parts of a tabletop exercise: actors, stages, injects, their triggers and what
participants are expected to do about them (see :mod:`simulator.model.tabletop`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from simulator.model.base import Name, Strict, Subject, normalise_code
from simulator.model.check import DEFAULT_RECIPIENTS
from simulator.model.durations import Duration

SECRETARIAT = "secretariat"
ACTIONS = (
    "acknowledge",
    "respond",
    "share_information",
    "request_consultation",
    "join_call",
    "escalate_internally",
)
Action = Literal[
    "acknowledge",
    "respond",
    "share_information",
    "request_consultation",
    "join_call",
    "escalate_internally",
]
Channel = Literal["email", "phone", "portal", "call", "public"]
ActorType = Literal[
    "cert", "cdn_provider", "hosting_provider", "infrastructure_operator", "media", "other"
]

_ID = r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$"


class Actor(Strict):
    """A non-state actor that sends injects (a CERT, a CDN provider, a newspaper ...).
    In the bundled scenarios actors are fictitious companies or exercise cells."""

    id: str = Field(
        pattern=r"^[a-z][a-z0-9_-]{1,39}$",
        description="Lower-case id used as an inject sender, e.g. northwind-cdn",
    )
    name: Name
    type: ActorType
    description: str = ""


class Stage(Strict):
    """A phase of the exercise, with the narrative and questions for the discussion."""

    id: str = Field(pattern=_ID)
    title: Subject
    narrative: str = ""
    questions: list[str] = Field(
        default_factory=list, description="Discussion questions for the facilitator"
    )


class Expectation(Strict):
    """What someone is expected to do once an inject reaches them, and how soon."""

    id: str = Field(pattern=_ID, description="Unique in the scenario; triggers refer to it")
    who: Literal["recipients"] | list[str] = Field(
        "recipients",
        description="Participant codes, or 'recipients' (every state the inject reaches)",
    )
    action: Action
    within: Duration = Field(description="Time allowed after the inject fires, e.g. 4h")
    to: str | None = Field(None, description="Counterpart: a participant code or an actor id")
    description: str = ""

    @field_validator("who")
    @classmethod
    def _who(cls, v: str | list[str]) -> str | list[str]:
        if isinstance(v, list):
            if not v:
                raise ValueError("who is empty; list participant codes or write 'recipients'")
            return [normalise_code(x) for x in v]
        return v

    @field_validator("within")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("within must be positive, e.g. 4h")
        return v


class ConditionTrigger(Strict):
    """Fire when an expectation is decided: ``met`` (at the moment the last one due met
    it), ``missed`` (at the moment its window closes unmet), ``late`` (at the moment the
    last one due completes it after its window), ``done`` (at the moment the last one due
    completes it, in time or late: "when A has actually sent its request")."""

    on: Literal["met", "missed", "late", "done"]
    expectation: str

    @model_validator(mode="before")
    @classmethod
    def _yaml_on(cls, data: Any) -> Any:
        """YAML 1.1 reads a bare ``on:`` key as the boolean true; take it as ``on``."""
        if isinstance(data, dict) and True in data and "on" not in data:
            return {("on" if k is True else k): v for k, v in data.items()}
        return data


class ManualTrigger(Strict):
    """Fired by the facilitator in a live exercise; never fires in a pure simulation."""

    manual: Literal[True]


def _trigger_tag(v: Any) -> str:
    if isinstance(v, dict):
        return "manual" if "manual" in v else "condition"
    return "manual" if isinstance(v, ManualTrigger) else "condition"


Trigger = Annotated[
    Annotated[ConditionTrigger, Tag("condition")] | Annotated[ManualTrigger, Tag("manual")],
    Discriminator(_trigger_tag),
]


class Inject(Strict):
    """A message the exercise control sends: at an offset, or when a trigger fires."""

    id: str = Field(pattern=_ID)
    stage: str
    at: Duration | None = Field(None, description="Offset from the start (give at or trigger)")
    trigger: Trigger | None = None
    delay: Duration = Field(0.0, description="Wait this long after the trigger fires")
    sender: str = Field(SECRETARIAT, description="secretariat, a participant code or an actor id")
    recipients: list[str] = Field(
        min_length=1,
        description="Participant or stakeholder codes, role:<role> (that contact of every "
        "state), group:<group>, directory:<key> (every state's entries in that one of the "
        "scenario's directories) or all (every state)",
    )
    roles: list[str] = Field(
        default_factory=lambda: list(DEFAULT_RECIPIENTS),
        min_length=1,
        description="Which contacts of a recipient state get it (role:<role> recipients override)",
    )
    channel: Channel = "email"
    subject: Subject
    body: str = ""
    expect: list[Expectation] = Field(default_factory=list)

    @field_validator("recipients")
    @classmethod
    def _recipients(cls, v: list[str]) -> list[str]:
        out = []
        for r in v:
            r = r.strip()
            if r.lower() == "all":
                out.append("all")
            elif r.startswith(("role:", "group:", "directory:")):
                out.append(r)
            else:
                out.append(normalise_code(r))
        return out

    @model_validator(mode="after")
    def _when(self) -> Inject:
        if (self.at is None) == (self.trigger is None):
            raise ValueError("give exactly one of at (an offset such as 2h) or trigger")
        if self.at is not None and self.delay:
            raise ValueError("delay applies to triggered injects; add it to at instead")
        return self

    @property
    def timed(self) -> bool:
        return self.at is not None

    @property
    def manual(self) -> bool:
        return isinstance(self.trigger, ManualTrigger)

    def literal_codes(self) -> list[str] | None:
        """The recipients when all are listed by code; None if any is all/role:/group:."""
        if any(r == "all" or ":" in r for r in self.recipients):
            return None
        return list(self.recipients)

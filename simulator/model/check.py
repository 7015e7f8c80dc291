"""Communication-check scenarios: which directory, the check the secretariat sends, and
how people behave (:mod:`simulator.model.behaviour`).

A scenario file is YAML validated by these strict models (a typo is an error). The text
of the e-mail a live check sends is its ``message`` (:mod:`simulator.model.message`).
:class:`DirectorySpec` (where the directory comes from) is shared with tabletop scenarios.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from simulator.model.base import Name, PlainDate, StartInstant, Strict, check_window
from simulator.model.behaviour import Behaviour
from simulator.model.directory import (
    DEPUTY_OF,
    Directory,
    Stakeholder,
)
from simulator.model.durations import Duration
from simulator.model.errors import InputError, Problem
from simulator.model.message import MessageSpec
from simulator.model.secretariat import SecretariatSpec
from simulator.model.tasks import DEFAULT_TASK, TaskSpec

DEFAULT_RECIPIENTS = ["policy", "technical"]


class DirectorySpec(Strict):
    """Where the directory comes from: a bundled profile filled with fictitious contacts
    (``{profile: osce, seed: 7}``) or a file (``{file: directories/my.yaml}``, relative to
    the scenario file)."""

    profile: Literal["osce", "arf", "oas", "un"] | None = None
    seed: int = 0
    deputy_share: float | None = Field(
        None, ge=0, le=1, description="Share of roles with a named deputy (profiles only)"
    )
    as_of: PlainDate | None = Field(
        None, description="Date the generated entries are aged from")
    file: str | None = None
    stakeholders: list[Stakeholder] = Field(
        default_factory=list, description="Stakeholders that are not states, added to the "
        "directory (CDNs, operators, national CERTs, ISACs): injects can go to them")

    @model_validator(mode="after")
    def _one_source(self) -> DirectorySpec:
        if (self.profile is None) == (self.file is None):
            raise ValueError("give exactly one of profile (osce, arf, oas, un) or file")
        if self.file is not None and self.deputy_share is not None:
            raise ValueError("deputy_share applies to generated profiles only, not to a file")
        return self


DirectoryKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,15}$")]
"""How a scenario names one of its directories: ``arf``, ``osce``."""

DIRECTORIES_HELP = (
    "Several directories by name, e.g. {arf: {profile: arf}, osce: {profile: osce}}: "
    "participants are matched by code and a state in more than one is reached through "
    "each entry (give directory or directories)")


def check_sources(directory: DirectorySpec | None,
                  directories: dict[str, DirectorySpec] | None) -> None:
    """A ValueError unless a scenario names exactly one of ``directory`` or ``directories``
    (and the latter at least one)."""
    if (directory is None) == (directories is None):
        raise ValueError("give exactly one of directory (one directory) or directories "
                         "(several by name, e.g. {arf: ..., osce: ...})")
    if directories is not None and not directories:
        raise ValueError("directories is empty; name at least one, e.g. {arf: {profile: arf}}")


class CheckSpec(Strict):
    """The communication check the secretariat sends."""

    start: StartInstant = Field(
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
        None,
        description="Phone those who have not answered after this long "
        "(0h with send_email: false makes a telephone check)",
    )
    send_email: bool = Field(
        True,
        description="Send the check by e-mail at the start (false: a telephone check, "
        "which needs phone_follow_up)",
    )
    secretariat: SecretariatSpec = Field(
        default_factory=SecretariatSpec,
        description="Where and when the secretariat works: its reminders, escalations and "
        "calls happen in its working time",
    )
    tasks: list[TaskSpec] = Field(
        default_factory=list,
        description="Tasks of a task-level check, each scored (default: one, the technical "
        "team's work, cleared)",
    )

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
        check_window(self.start, end, "horizon")
        for r in self.reminders:
            if r <= 0 or r >= end:
                raise ValueError(
                    f"reminder at {r:g}h falls outside the observed window (0, {end:g}h)"
                )
        if self.phone_follow_up is not None and not 0 <= self.phone_follow_up < end:
            raise ValueError(
                f"phone_follow_up at {self.phone_follow_up:g}h falls outside [0, {end:g}h)"
            )
        if not self.send_email and self.phone_follow_up is None:
            raise ValueError("send_email: false needs phone_follow_up (e.g. 0h: a telephone check)")
        if self.tasks and self.level != "task":
            raise ValueError("tasks apply to task-level checks only; set level: task")
        names = [t.name for t in self.tasks]
        if len(set(names)) != len(names):
            raise ValueError("tasks repeat a name; give each task its own name")
        return self

    @property
    def task_list(self) -> list[TaskSpec]:
        """The tasks the engine runs: those listed, else :data:`DEFAULT_TASK` (task level)."""
        if self.level != "task":
            return []
        return list(self.tasks) or [DEFAULT_TASK]

    @property
    def horizon_hours(self) -> float:
        return self.horizon if self.horizon is not None else self.deadline + 72.0

    @property
    def escalation_hours(self) -> float:
        if self.escalate_after is not None:
            return self.escalate_after
        return self.reminders[0] if self.reminders else self.deadline / 2


class CheckScenario(Strict):
    """A communication check: a directory, the check and behaviour."""

    kind: Literal["check"] = "check"
    name: Name
    description: str = ""
    directory: DirectorySpec | None = None
    directories: dict[DirectoryKey, DirectorySpec] | None = Field(
        None, description=DIRECTORIES_HELP)
    check: CheckSpec
    behaviour: Behaviour = Field(default_factory=Behaviour)
    message: MessageSpec | None = Field(
        None, description="The e-mail a live check sends (pocdrill live start); "
        "not needed to simulate")

    @model_validator(mode="after")
    def _sources(self) -> CheckScenario:
        check_sources(self.directory, self.directories)
        return self

    def validate_against(self, directory: Directory, source: str = "<scenario>") -> None:
        """Check ``check.recipients`` and ``check.tasks[].by`` against ``directory``: each
        role must be held by some contact (a typo would otherwise quietly send the check to
        first contacts, or leave a task nobody can do)."""
        held = sorted({c.role for p in directory.participants for c in p.contacts})
        problems = [
            Problem(source, f"check.recipients[{i}]",
                    f"no contact in the directory holds role {role!r}; roles held: "
                    + ", ".join(held))
            for i, role in enumerate(self.check.recipients) if role not in held
        ]
        problems += [
            Problem(source, f"check.tasks[{i}].by",
                    f"no contact in the directory holds role {t.by!r} (or deputises for it); "
                    "roles held: " + ", ".join(held))
            for i, t in enumerate(self.check.tasks)
            if not any(t.by in (r, DEPUTY_OF.get(r)) for r in held)
        ]
        if problems:
            raise InputError(problems)

    @property
    def deadline_hours(self) -> float:
        return self.check.deadline

    @property
    def horizon_hours(self) -> float:
        return self.check.horizon_hours

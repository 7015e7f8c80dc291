"""Tabletop exercises: stages, timed and triggered injects, and what participants are expected
to do about them.

A tabletop scenario file (``kind: tabletop``; a file with ``injects`` defaults to it)::

    kind: tabletop
    name: Cross-border outage
    directory: {profile: osce, seed: 7}
    participants: [DE, PL]
    start: 2026-05-12T07:00:00Z
    end: 48h
    stages:
      - {id: S1, title: Detection, questions: ["Who do you call first?"]}
    injects:
      - id: I1
        stage: S1
        at: 0h
        sender: secretariat
        recipients: [DE]
        channel: email
        subject: Substation alarms
        expect:
          - {id: E1, who: recipients, action: request_consultation, to: PL, within: 4h}
      - id: I2
        stage: S1
        trigger: {on: met, expectation: E1}
        sender: DE
        recipients: [PL]
        ...

Triggers: ``{on: met|missed|late|done, expectation: ID}`` fires when that expectation is
decided (see :class:`ConditionTrigger`), then waits ``delay``; ``{manual: true}`` waits
for the facilitator (never in a pure simulation).

The parts (actors, stages, injects, triggers, expectations) live in
:mod:`simulator.model.injects`; the timeline they define in :mod:`simulator.model.timeline`.

Checks in two steps. The model validators check the structure (duplicate ids, unknown
stages, triggers naming unknown expectations, trigger cycles, times after ``end``, an
expectation on someone the inject does not reach when recipients are listed by code).
:meth:`TabletopScenario.validate_against` checks the scenario against its directory
(participant codes, groups, roles; :mod:`simulator.model.audience`) and raises
:class:`~simulator.model.errors.InputError` naming the inject and field of each problem.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from simulator.model.audience import (
    directory_problems,
    inject_loc,
    participating,
    resolve_recipients,
)
from simulator.model.base import Name, ParticipantCode, StartInstant, Strict, check_window
from simulator.model.behaviour import Behaviour
from simulator.model.check import DIRECTORIES_HELP, DirectoryKey, DirectorySpec, check_sources
from simulator.model.directory import Directory
from simulator.model.durations import Duration
from simulator.model.errors import InputError
from simulator.model.injects import (
    SECRETARIAT,
    Actor,
    ConditionTrigger,
    Expectation,
    Inject,
    Stage,
)
from simulator.model.timeline import earliest_fire, trigger_cycle, trigger_parents
from simulator.text import hours_minutes


class TabletopScenario(Strict):
    """A tabletop exercise: a directory, a timeline of injects and expectations."""

    kind: Literal["tabletop"] = "tabletop"
    name: Name
    description: str = ""
    guide: str = Field(
        "", description="Facilitator's guide: objectives, CBMs exercised, how to run"
    )
    directory: DirectorySpec | None = None
    directories: dict[DirectoryKey, DirectorySpec] | None = Field(
        None, description=DIRECTORIES_HELP)
    participants: list[ParticipantCode] | None = Field(
        None, description="Codes taking part (default: all in the directory)"
    )
    start: StartInstant = Field(description="Exercise start (ISO 8601 with a zone)")
    end: Duration = Field(description="Length of the exercise, e.g. 48h")
    deadline: Duration | None = Field(
        None, description="Used for participant status (default: end)"
    )
    language: str = Field("en", description="Language the injects are written in")
    announced: bool = Field(
        True,
        description="Participants know the exercise is on: triage is faster "
        "(behaviour.announced_speedup); false to test an unannounced response",
    )
    behaviour: Behaviour = Field(default_factory=Behaviour)  # type: ignore[arg-type]
    actors: list[Actor] = Field(default_factory=list)
    human: list[ParticipantCode] = Field(
        default_factory=list, description="Participant codes played by people; not simulated"
    )
    stages: list[Stage] = Field(min_length=1)
    injects: list[Inject] = Field(min_length=1)

    @model_validator(mode="after")
    def _structure(self) -> TabletopScenario:
        check_sources(self.directory, self.directories)
        errors = structural_problems(self)
        if errors:
            raise ValidationError.from_exception_data("TabletopScenario", errors)
        return self

    # -- the API the engine and the TUI use ---------------------------------------------
    @property
    def deadline_hours(self) -> float:
        return self.deadline if self.deadline is not None else self.end

    @property
    def horizon_hours(self) -> float:
        return self.end

    def inject_by_id(self, inject_id: str) -> Inject:
        for inj in self.injects:
            if inj.id == inject_id:
                return inj
        raise KeyError(inject_id)

    def expectations_for(self, inject_id: str) -> list[Expectation]:
        return list(self.inject_by_id(inject_id).expect)

    def expectation_by_id(self, exp_id: str) -> tuple[Inject, Expectation]:
        for inj in self.injects:
            for e in inj.expect:
                if e.id == exp_id:
                    return inj, e
        raise KeyError(exp_id)

    def fire_order(self) -> list[Inject]:
        """Timed injects sorted by offset (file order among equal offsets)."""
        timed = [inj for inj in self.injects if inj.at is not None]
        return sorted(timed, key=lambda inj: inj.at or 0.0)

    def triggered_by(self, exp_id: str) -> list[Inject]:
        """Injects whose trigger names expectation ``exp_id``."""
        return [
            inj
            for inj in self.injects
            if isinstance(inj.trigger, ConditionTrigger) and inj.trigger.expectation == exp_id
        ]

    def earliest_fire(self) -> dict[str, float | None]:
        """The earliest offset each inject can fire at (None: never without a facilitator)."""
        return earliest_fire(self.injects)

    # -- checks against the directory ----------------------------------------------------
    def participating(self, directory: Directory) -> Directory:
        """The directory restricted to the participants taking part."""
        return participating(self.participants, directory)

    def resolve_recipients(self, inj: Inject, directory: Directory) -> dict[str, list[str]]:
        """Participant code -> the roles of its contacts that get ``inj`` (in directory order).
        ``directory`` should already be the participating one."""
        return resolve_recipients(inj, directory)

    def who(self, inj: Inject, exp: Expectation, directory: Directory) -> list[str]:
        """The participant codes expectation ``exp`` of ``inj`` falls on."""
        if exp.who == "recipients":
            return list(self.resolve_recipients(inj, directory))
        return list(exp.who)

    def validate_against(self, directory: Directory, source: str = "<scenario>") -> None:
        """Check codes, groups and roles against ``directory``; raise InputError listing all."""
        problems = directory_problems(self, directory, source)
        if problems:
            raise InputError(problems)


def _err(loc: tuple[str | int, ...], msg: str) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("tabletop", "{msg}", {"msg": msg}), loc=loc, input=None
    )


def structural_problems(sc: TabletopScenario) -> list[InitErrorDetails]:
    """Problems visible without the directory, each located at its inject and field."""
    errs = _id_problems(sc)
    errs += _inject_problems(sc)
    if errs:
        return errs
    cycle = trigger_cycle(sc.injects)
    if cycle is not None:
        i = next(i for i, inj in enumerate(sc.injects) if inj.id == cycle[0])
        errs.append(
            _err(
                (inject_loc(i, sc.injects[i]), "trigger"),
                "trigger cycle "
                + " -> ".join(cycle)
                + "; these injects wait for each other and can never fire",
            )
        )  # and go on: the times of the injects outside the cycle can still be checked
    errs += _time_problems(sc)
    return errs


def _id_problems(sc: TabletopScenario) -> list[InitErrorDetails]:
    """Duplicate stage and actor ids, and humans who do not take part."""
    errs: list[InitErrorDetails] = []
    stage_ids: set[str] = set()
    for i, s in enumerate(sc.stages):
        if s.id in stage_ids:
            errs.append(
                _err(
                    ("stages", i, "id"), f"duplicate stage id {s.id!r}; give each stage its own id"
                )
            )
        stage_ids.add(s.id)
    actor_ids: set[str] = set()
    for i, a in enumerate(sc.actors):
        if a.id in actor_ids or a.id == SECRETARIAT:
            errs.append(
                _err(
                    ("actors", i, "id"), f"duplicate actor id {a.id!r}; give each actor its own id"
                )
            )
        actor_ids.add(a.id)
    participants = set(sc.participants) if sc.participants is not None else None
    for j, h in enumerate(sc.human):
        if participants is not None and h not in participants:
            errs.append(
                _err(
                    ("human", j), f"{h!r} is not among participants; add it there or remove it here"
                )
            )
    return errs


def _inject_problems(sc: TabletopScenario) -> list[InitErrorDetails]:
    """Duplicate inject and expectation ids, unknown stages, expectations on someone a
    listed inject does not reach, and triggers naming unknown expectations."""
    errs: list[InitErrorDetails] = []
    stage_ids = {s.id for s in sc.stages}
    inject_ids: dict[str, int] = {}
    exp_owner: dict[str, str] = {}
    for i, inj in enumerate(sc.injects):
        here = inject_loc(i, inj)
        codes = inj.literal_codes()
        if inj.id in inject_ids:
            errs.append(
                _err(
                    (here, "id"),
                    f"duplicate inject id {inj.id!r}, "
                    f"already used by injects[{inject_ids[inj.id]}]",
                )
            )
        else:
            inject_ids[inj.id] = i
        if inj.stage not in stage_ids:
            errs.append(
                _err(
                    (here, "stage"),
                    f"unknown stage {inj.stage!r}; use one of {', '.join(s.id for s in sc.stages)}",
                )
            )
        for k, e in enumerate(inj.expect):
            if e.id in exp_owner:
                errs.append(
                    _err(
                        (here, "expect", k, "id"),
                        f"duplicate expectation id {e.id!r}, "
                        f"already used in inject {exp_owner[e.id]}",
                    )
                )
            else:
                exp_owner[e.id] = inj.id
            if codes is not None:
                errs += _unreached((here, "expect", k, "who"), e, codes)
    for i, inj in enumerate(sc.injects):
        if isinstance(inj.trigger, ConditionTrigger) and inj.trigger.expectation not in exp_owner:
            errs.append(
                _err(
                    (inject_loc(i, inj), "trigger", "expectation"),
                    f"unknown expectation {inj.trigger.expectation!r}; "
                    "name the id of an expectation of another inject",
                )
            )
    return errs


def _unreached(
    loc: tuple[str | int, ...], e: Expectation, codes: list[str]
) -> list[InitErrorDetails]:
    """Expectation ``e`` on a code the inject does not list (it lists ``codes``)."""
    if not isinstance(e.who, list):
        return []
    return [
        _err(
            loc,
            f"{w!r} does not receive this inject "
            f"(recipients: {', '.join(codes)}); "
            "add it to recipients or use who: recipients",
        )
        for w in e.who
        if w not in codes
    ]


def _time_problems(sc: TabletopScenario) -> list[InitErrorDetails]:
    """Injects and windows after ``end``, a deadline after it, and an end that is not positive."""
    errs: list[InitErrorDetails] = []
    earliest = earliest_fire(sc.injects)
    parent = trigger_parents(sc.injects)
    late_ids: set[str] = set()
    end = sc.end
    for i, inj in enumerate(sc.injects):
        here = inject_loc(i, inj)
        t = earliest[inj.id]
        if t is None:
            continue
        if t > end:
            late_ids.add(inj.id)
            if parent.get(inj.id) in late_ids:
                continue  # its trigger's inject is already too late

            field = "at" if inj.at is not None else "trigger"
            errs.append(
                _err(
                    (here, field),
                    f"fires at {hours_minutes(t)} at the earliest, "
                    f"after end ({hours_minutes(end)}); move it earlier or extend end",
                )
            )
            continue
        for k, e in enumerate(inj.expect):
            if t + e.within > end:
                errs.append(
                    _err(
                        (here, "expect", k, "within"),
                        f"window closes at {hours_minutes(t + e.within)} at the earliest, "
                        f"after end ({hours_minutes(end)}); shorten within or extend end",
                    )
                )
    if sc.deadline is not None and sc.deadline > end:
        errs.append(_err(("deadline",), "deadline falls after end; shorten it or extend end"))
    if end <= 0:
        errs.append(_err(("end",), "end must be positive, e.g. 48h"))
    try:
        check_window(sc.start, end, "end")
    except ValueError as e:
        errs.append(_err(("end",), str(e)))
    return errs

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

Checks in two steps. The model validators check the structure (duplicate ids, unknown
stages, triggers naming unknown expectations, trigger cycles, times after ``end``, an
expectation on someone the inject does not reach when recipients are listed by code).
:meth:`TabletopScenario.validate_against` checks the scenario against its directory
(participant codes, groups, roles) and raises :class:`~simulator.model.errors.InputError`
naming the inject and field of each problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from simulator.model.check import DEFAULT_RECIPIENTS, Behaviour, DirectorySpec
from simulator.model.directory import Directory
from simulator.model.durations import Duration
from simulator.model.errors import InputError, Problem

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Actor(_Strict):
    """A non-state actor that sends injects (a CERT, a CDN provider, a newspaper ...).
    In the bundled scenarios actors are fictitious companies or exercise cells."""

    id: str = Field(
        pattern=r"^[a-z][a-z0-9_-]{1,39}$",
        description="Lower-case id used as an inject sender, e.g. northwind-cdn",
    )
    name: str
    type: ActorType
    description: str = ""


class Stage(_Strict):
    """A phase of the exercise, with the narrative and questions for the discussion."""

    id: str = Field(pattern=_ID)
    title: str
    narrative: str = ""
    questions: list[str] = Field(
        default_factory=list, description="Discussion questions for the facilitator"
    )


class Expectation(_Strict):
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
            return [x.strip().upper() for x in v]
        return v

    @field_validator("within")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("within must be positive, e.g. 4h")
        return v


class ConditionTrigger(_Strict):
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


class ManualTrigger(_Strict):
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


class Inject(_Strict):
    """A message the exercise control sends: at an offset, or when a trigger fires."""

    id: str = Field(pattern=_ID)
    stage: str
    at: Duration | None = Field(None, description="Offset from the start (give at or trigger)")
    trigger: Trigger | None = None
    delay: Duration = Field(0.0, description="Wait this long after the trigger fires")
    sender: str = Field(SECRETARIAT, description="secretariat, a participant code or an actor id")
    recipients: list[str] = Field(
        min_length=1,
        description="Participant codes, "
        "role:<role> (that contact of every state), group:<group> or all",
    )
    roles: list[str] = Field(
        default_factory=lambda: list(DEFAULT_RECIPIENTS),
        min_length=1,
        description="Which contacts of a recipient state get it (role:<role> recipients override)",
    )
    channel: Channel = "email"
    subject: str
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
            elif r.startswith(("role:", "group:")):
                out.append(r)
            else:
                out.append(r.upper())
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


def _hm(hours: float) -> str:
    """``48.1667`` -> ``48h10m``; ``6`` -> ``6h``."""
    minutes = round(hours * 60)
    h, m = divmod(minutes, 60)
    return f"{h}h{m:02d}m" if m else f"{h}h"


def _err(loc: tuple[str | int, ...], msg: str) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("tabletop", "{msg}", {"msg": msg}), loc=loc, input=None
    )


def _inject_loc(i: int, inj: Inject) -> str:
    return f"injects[{i}] ({inj.id})"


class TabletopScenario(_Strict):
    """A tabletop exercise: a directory, a timeline of injects and expectations."""

    kind: Literal["tabletop"] = "tabletop"
    name: str
    description: str = ""
    guide: str = Field(
        "", description="Facilitator's guide: objectives, CBMs exercised, how to run"
    )
    directory: DirectorySpec
    participants: list[str] | None = Field(
        None, description="Codes taking part (default: all in the directory)"
    )
    start: datetime = Field(description="Exercise start (ISO 8601 with a zone)")
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
    human: list[str] = Field(
        default_factory=list, description="Participant codes played by people; not simulated"
    )
    stages: list[Stage] = Field(min_length=1)
    injects: list[Inject] = Field(min_length=1)

    @field_validator("start")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("start needs a time zone, e.g. 2026-03-06T15:00:00Z")
        return v.astimezone(UTC)

    @field_validator("participants", "human")
    @classmethod
    def _codes(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else [x.strip().upper() for x in v]

    @model_validator(mode="after")
    def _structure(self) -> TabletopScenario:
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

    def stage_by_id(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)

    def earliest_fire(self) -> dict[str, float | None]:
        """The earliest offset each inject can fire at (None: never without a facilitator)."""
        return _earliest(self)

    # -- checks against the directory ----------------------------------------------------
    def participating(self, directory: Directory) -> Directory:
        """The directory restricted to the participants taking part."""
        if self.participants is None:
            return directory
        wanted = set(self.participants)
        return directory.model_copy(
            update={"participants": [p for p in directory.participants if p.code in wanted]}
        )

    def resolve_recipients(self, inj: Inject, directory: Directory) -> dict[str, list[str]]:
        """Participant code -> the roles of its contacts that get ``inj`` (in directory order).
        ``directory`` should already be the participating one."""
        by_code: dict[str, list[str]] = {}

        def add(code: str, roles: Iterable[str]) -> None:
            have = by_code.setdefault(code, [])
            for r in roles:
                if r not in have:
                    have.append(r)

        for r in inj.recipients:
            if r == "all":
                for p in directory.participants:
                    add(p.code, inj.roles)
            elif r.startswith("group:"):
                g = r[len("group:") :]
                for p in directory.participants:
                    if p.group == g:
                        add(p.code, inj.roles)
            elif r.startswith("role:"):
                role = r[len("role:") :]
                for p in directory.participants:
                    add(p.code, [role])
            else:
                add(r, inj.roles)
        order = {p.code: i for i, p in enumerate(directory.participants)}
        return dict(sorted(by_code.items(), key=lambda kv: order.get(kv[0], len(order))))

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


def structural_problems(sc: TabletopScenario) -> list[InitErrorDetails]:
    """Problems visible without the directory, each located at its inject and field."""
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
    inject_ids: dict[str, int] = {}
    exp_owner: dict[str, str] = {}
    for i, inj in enumerate(sc.injects):
        here = _inject_loc(i, inj)
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
        codes = inj.literal_codes()
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
            if codes is not None and isinstance(e.who, list):
                for w in e.who:
                    if w not in codes:
                        errs.append(
                            _err(
                                (here, "expect", k, "who"),
                                f"{w!r} does not receive this inject "
                                f"(recipients: {', '.join(codes)}); "
                                "add it to recipients or use who: recipients",
                            )
                        )
    for i, inj in enumerate(sc.injects):
        if isinstance(inj.trigger, ConditionTrigger) and inj.trigger.expectation not in exp_owner:
            errs.append(
                _err(
                    (_inject_loc(i, inj), "trigger", "expectation"),
                    f"unknown expectation {inj.trigger.expectation!r}; "
                    "name the id of an expectation of another inject",
                )
            )
    if errs:
        return errs
    cycle = _trigger_cycle(sc)
    if cycle is not None:
        i = inject_ids[cycle[0]]
        errs.append(
            _err(
                (_inject_loc(i, sc.injects[i]), "trigger"),
                "trigger cycle "
                + " -> ".join(cycle)
                + "; these injects wait for each other and can never fire",
            )
        )  # and go on: the times of the injects outside the cycle can still be checked
    earliest = _earliest(sc)
    parent = _parent(sc)
    late_ids: set[str] = set()
    end = sc.end
    for i, inj in enumerate(sc.injects):
        here = _inject_loc(i, inj)
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
                    f"fires at {_hm(t)} at the earliest, after end ({_hm(end)}); "
                    "move it earlier or extend end",
                )
            )
            continue
        for k, e in enumerate(inj.expect):
            if t + e.within > end:
                errs.append(
                    _err(
                        (here, "expect", k, "within"),
                        f"window closes at {_hm(t + e.within)} at the earliest, "
                        f"after end ({_hm(end)}); shorten within or extend end",
                    )
                )
    if sc.deadline is not None and sc.deadline > end:
        errs.append(_err(("deadline",), "deadline falls after end; shorten it or extend end"))
    if end <= 0:
        errs.append(_err(("end",), "end must be positive, e.g. 48h"))
    return errs


def _parent(sc: TabletopScenario) -> dict[str, str]:
    """Inject id -> id of the inject owning the expectation its trigger names."""
    owner = {e.id: inj.id for inj in sc.injects for e in inj.expect}
    return {
        inj.id: owner[inj.trigger.expectation]
        for inj in sc.injects
        if isinstance(inj.trigger, ConditionTrigger) and inj.trigger.expectation in owner
    }


def _trigger_cycle(sc: TabletopScenario) -> list[str] | None:
    """A cycle of injects waiting for each other, as ``[I1, I2, I1]``; None if none."""
    parent = _parent(sc)
    index = {inj.id: i for i, inj in enumerate(sc.injects)}
    done: set[str] = set()
    for inj in sc.injects:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = inj.id
        while node is not None and node not in done:
            if node in on_path:
                k = path.index(node)
                # path runs child -> parent; show the cycle in firing order (parent first)
                cyc = list(reversed(path[k:]))
                # start at the member that comes first in the file
                first = min(range(len(cyc)), key=lambda j: index[cyc[j]])
                cyc = cyc[first:] + cyc[:first]
                return [*cyc, cyc[0]]
            path.append(node)
            on_path.add(node)
            node = parent.get(node)
        done.update(path)
    return None


def _earliest(sc: TabletopScenario) -> dict[str, float | None]:
    """Earliest possible fire offset of each inject: timed at ``at``; met and done at the
    parent's earliest fire (the expectation met at once) + delay; missed and late at the
    parent's earliest fire + within + delay; manual (and anything waiting on it) None."""
    by_id = {inj.id: inj for inj in sc.injects}
    within = {e.id: e.within for inj in sc.injects for e in inj.expect}
    parent = _parent(sc)
    memo: dict[str, float | None] = {}

    def fire(iid: str, depth: int = 0) -> float | None:
        if iid in memo:
            return memo[iid]
        inj = by_id[iid]
        out: float | None
        if inj.at is not None:
            out = inj.at
        elif isinstance(inj.trigger, ConditionTrigger) and iid in parent and depth <= len(by_id):
            p = fire(parent[iid], depth + 1)
            if p is None:
                out = None
            else:
                on = inj.trigger.on
                extra = 0.0 if on in ("met", "done") else within[inj.trigger.expectation]
                out = p + extra + inj.delay
        else:
            out = None
        memo[iid] = out
        return out

    return {iid: fire(iid) for iid in by_id}


def directory_problems(sc: TabletopScenario, directory: Directory, source: str) -> list[Problem]:
    """Problems only the directory reveals: unknown codes, empty groups, roles nobody holds."""
    problems: list[Problem] = []
    known = set(directory.codes)
    for j, code in enumerate(sc.participants or []):
        if code not in known:
            problems.append(
                Problem(
                    source,
                    f"participants[{j}]",
                    f"unknown participant code {code!r}; "
                    f"the directory {directory.name!r} has no such participant",
                )
            )
    taking_part = sc.participating(directory)
    codes = set(taking_part.codes)
    for j, code in enumerate(sc.human):
        if code not in codes:
            problems.append(
                Problem(
                    source,
                    f"human[{j}]",
                    f"unknown participant code {code!r}; humans must be participants",
                )
            )
    actors = {a.id for a in sc.actors}
    for a_i, a in enumerate(sc.actors):
        if a.id.upper() in codes:
            problems.append(
                Problem(
                    source,
                    f"actors[{a_i}].id",
                    f"actor id {a.id!r} clashes with a participant code; rename it",
                )
            )
    groups = {p.group for p in taking_part.participants}
    roles = {c.role for p in taking_part.participants for c in p.contacts}
    for i, inj in enumerate(sc.injects):
        here = _inject_loc(i, inj)
        if (
            inj.sender != SECRETARIAT
            and inj.sender not in actors
            and inj.sender.upper() not in codes
        ):
            problems.append(
                Problem(
                    source,
                    f"{here}.sender",
                    f"unknown sender {inj.sender!r}; use secretariat, a participant code or "
                    f"an actor id ({', '.join(sorted(actors)) or 'none declared'})",
                )
            )
        for k, r in enumerate(inj.recipients):
            loc = f"{here}.recipients[{k}]"
            if r.startswith("group:"):
                if r[6:] not in groups:
                    problems.append(
                        Problem(
                            source,
                            loc,
                            f"group {r[6:]!r} has no participating state; "
                            f"use one of {', '.join(sorted(g for g in groups if g))}",
                        )
                    )
            elif r.startswith("role:"):
                if r[5:] not in roles:
                    problems.append(
                        Problem(source, loc, f"no participating contact holds role {r[5:]!r}")
                    )
            elif r != "all" and r not in codes:
                problems.append(
                    Problem(
                        source,
                        loc,
                        f"unknown participant code {r!r}"
                        + ("" if r in known else " (not in the directory)")
                        + ("; add it to participants" if r in known else ""),
                    )
                )
        for k, role in enumerate(inj.roles):
            if role not in roles:
                problems.append(
                    Problem(
                        source,
                        f"{here}.roles[{k}]",
                        f"no participating contact holds role {role!r}",
                    )
                )
        reached = set(sc.resolve_recipients(inj, taking_part)) & codes
        if not reached and not any(p.location.startswith(f"{here}.recipients") for p in problems):
            problems.append(
                Problem(
                    source,
                    f"{here}.recipients",
                    "reaches no participating state; check the codes, groups and participants",
                )
            )
        for k, e in enumerate(inj.expect):
            loc = f"{here}.expect[{k}] ({e.id})"
            if isinstance(e.who, list):
                for w in e.who:
                    if w not in codes:
                        why = (
                            "; add it to participants" if w in known else " (not in the directory)"
                        )
                        problems.append(
                            Problem(source, f"{loc}.who", f"unknown participant code {w!r}{why}")
                        )
                    elif w not in reached:
                        problems.append(
                            Problem(
                                source,
                                f"{loc}.who",
                                f"{w!r} does not receive this inject; "
                                "add it to recipients or use who: recipients",
                            )
                        )
            if e.to is not None and e.to.upper() not in codes and e.to not in actors:
                problems.append(
                    Problem(
                        source,
                        f"{loc}.to",
                        f"unknown counterpart {e.to!r}; use a participant code or an actor id",
                    )
                )
    return problems


@dataclass(frozen=True, slots=True)
class ScheduledInject:
    """An inject not yet fired whose time is known: ``due_at`` hours from the start."""

    id: str
    due_at: float
    reason: str  # "at +6h00", "E1 missed", ...


def inject_schedule(
    sc: TabletopScenario,
    fired: Mapping[str, float],
    windows: Mapping[str, Sequence[tuple[float, float | None]]],
    now: float,
) -> list[ScheduledInject]:
    """When each unfired inject of a *live* exercise falls due, as far as ``now`` tells.

    ``fired`` maps inject ids to the hour they were fired. ``windows`` maps expectation
    ids to one ``(due_at, done_at)`` pair per participant due (``done_at`` None while
    not done). A timed inject is due at ``at``; a triggered one once its expectation is
    decided by ``now`` (the same rules as the simulation, see :class:`ConditionTrigger`)
    plus its ``delay``; a manual one, or one whose condition is still open, is left out.
    Sorted by due time, earliest first; due times may lie after ``now``.
    """
    owner = {e.id: (inj.id, e.within) for inj in sc.injects for e in inj.expect}
    out: list[ScheduledInject] = []
    for inj in sc.injects:
        if inj.id in fired:
            continue
        if inj.at is not None:
            out.append(ScheduledInject(inj.id, inj.at, f"at {_hm(inj.at)}"))
            continue
        trig = inj.trigger
        if not isinstance(trig, ConditionTrigger) or trig.expectation not in owner:
            continue
        parent, within = owner[trig.expectation]
        if parent not in fired:
            continue
        decided = _decided(trig.on, fired[parent] + within, windows.get(trig.expectation, ()), now)
        if decided is not None:
            out.append(ScheduledInject(inj.id, decided + inj.delay,
                                       f"{trig.expectation} {trig.on}"))
    return sorted(out, key=lambda s: (s.due_at, s.id))


def _decided(
    on: str, closes: float, pairs: Sequence[tuple[float, float | None]], now: float
) -> float | None:
    """The hour an expectation was decided ``on`` (met/missed/late/done), or None."""
    if on == "missed":
        if closes > now:
            return None
        if not pairs or any(done is None or done > due for due, done in pairs):
            return closes
        return None
    if not pairs or any(done is None or done > now for _, done in pairs):
        return None
    last = max(done for _, done in pairs if done is not None)
    late = any(done is not None and done > due for due, done in pairs)
    if on == "done" or (on == "late") == late:
        return last
    return None

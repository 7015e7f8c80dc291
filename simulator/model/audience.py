"""A tabletop scenario against its directory: who takes part, whom an inject reaches, and
the problems only the directory reveals (unknown codes, empty groups, roles nobody holds).

The functions read a scenario through :class:`TabletopCast`, the few fields they need, so
that :class:`~simulator.model.tabletop.TabletopScenario` can call them from its methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from simulator.model.directory import Directory, Participant, Stakeholder
from simulator.model.errors import Problem
from simulator.model.injects import SECRETARIAT, Actor, Inject


class TabletopCast(Protocol):
    """What the directory checks read of a tabletop scenario."""

    @property
    def participants(self) -> Sequence[str] | None: ...
    @property
    def human(self) -> Sequence[str]: ...
    @property
    def actors(self) -> Sequence[Actor]: ...
    @property
    def injects(self) -> Sequence[Inject]: ...


def participating(participants: Sequence[str] | None, directory: Directory) -> Directory:
    """``directory`` restricted to the ``participants`` taking part (None: all of them),
    with its stakeholders after them among the participants: the exercise's cast (a
    stakeholder is told from a state by being a :class:`Stakeholder`)."""
    if participants is None and not directory.stakeholders:
        return directory
    wanted = set(participants) if participants is not None else None
    states = [p for p in directory.participants if wanted is None or p.code in wanted]
    return directory.model_copy(
        update={"participants": [*states, *directory.stakeholders], "stakeholders": []}
    )


def is_state(p: Participant) -> bool:
    """Whether ``p`` is a state (``all``, ``group:`` and ``role:`` reach states only)."""
    return not isinstance(p, Stakeholder)


def resolve_recipients(inj: Inject, directory: Directory) -> dict[str, list[str]]:
    """Participant code -> the roles of its contacts that get ``inj`` (in directory order).
    ``directory`` should already be the participating one."""
    by_code: dict[str, list[str]] = {}

    def add(code: str, roles: Iterable[str]) -> None:
        have = by_code.setdefault(code, [])
        for r in roles:
            if r not in have:
                have.append(r)

    states = [p for p in directory.participants if is_state(p)]
    for r in inj.recipients:
        if r == "all":
            for p in states:
                add(p.code, inj.roles)
        elif r.startswith("group:"):
            g = r[len("group:") :]
            for p in states:
                if p.group == g:
                    add(p.code, inj.roles)
        elif r.startswith("role:"):
            role = r[len("role:") :]
            for p in states:
                add(p.code, [role])
        elif r.startswith("directory:"):  # roles as held there: Network.recipients
            key = r[len("directory:") :]
            for p in states:
                if any(c.listed_in == key for c in p.contacts):
                    add(p.code, [f"{role}@{key}" for role in inj.roles])
        else:
            add(r, inj.roles)
    order = {p.code: i for i, p in enumerate(directory.participants)}
    return dict(sorted(by_code.items(), key=lambda kv: order.get(kv[0], len(order))))


def inject_loc(i: int, inj: Inject) -> str:
    """How an error message names inject ``i``: ``injects[2] (I3)``."""
    return f"injects[{i}] ({inj.id})"


class _Known:
    """What the participating directory offers: codes, groups, roles and actor ids."""

    def __init__(self, sc: TabletopCast, directory: Directory, taking_part: Directory) -> None:
        self.in_directory = set(directory.codes)
        self.taking_part = taking_part
        self.codes = set(taking_part.codes)
        self.actors = {a.id for a in sc.actors}
        states = [p for p in taking_part.participants if is_state(p)]
        self.stakeholders = {p.code for p in directory.stakeholders}
        self.groups = {p.group for p in states}
        self.state_roles = {c.role for p in states for c in p.contacts}
        self.listings = {c.listed_in for p in states for c in p.contacts if c.listed_in}
        self.roles = {c.role for p in taking_part.participants for c in p.contacts}

    def why_not(self, code: str) -> str:
        """Why a code that is not taking part is refused, as the tail of a message."""
        if code in self.in_directory:
            return "; add it to participants"
        return " (not in the directory)"


def directory_problems(sc: TabletopCast, directory: Directory, source: str) -> list[Problem]:
    """Problems only the directory reveals: unknown codes, empty groups, roles nobody holds."""
    problems: list[Problem] = []
    stakeholders = {p.code for p in directory.stakeholders}
    for j, code in enumerate(sc.participants or []):
        if code in stakeholders:
            problems.append(Problem(source, f"participants[{j}]", (
                f"{code} is a stakeholder, and stakeholders always take part; "
                "list states only here")))
        elif code not in directory.codes:
            problems.append(
                Problem(
                    source,
                    f"participants[{j}]",
                    f"unknown participant code {code!r}; "
                    f"the directory {directory.name!r} has no such participant",
                )
            )
    known = _Known(sc, directory, participating(sc.participants, directory))
    for j, code in enumerate(sc.human):
        if code not in known.codes:
            problems.append(
                Problem(
                    source,
                    f"human[{j}]",
                    f"unknown participant code {code!r}; humans must be participants",
                )
            )
    for a_i, a in enumerate(sc.actors):
        if a.id.upper() in known.codes:
            problems.append(
                Problem(
                    source,
                    f"actors[{a_i}].id",
                    f"actor id {a.id!r} clashes with a participant code; rename it",
                )
            )
    for i, inj in enumerate(sc.injects):
        problems.extend(_inject_problems(inject_loc(i, inj), inj, known, source))
    return problems


def _inject_problems(here: str, inj: Inject, known: _Known, source: str) -> list[Problem]:
    """The problems of one inject: its sender, recipients, roles and expectations."""
    problems: list[Problem] = []
    if (
        inj.sender != SECRETARIAT
        and inj.sender not in known.actors
        and inj.sender.upper() not in known.codes
    ):
        problems.append(
            Problem(
                source,
                f"{here}.sender",
                f"unknown sender {inj.sender!r}; use secretariat, a participant code or "
                f"an actor id ({', '.join(sorted(known.actors)) or 'none declared'})",
            )
        )
    problems.extend(_recipient_problems(here, inj, known, source))
    reached = set(resolve_recipients(inj, known.taking_part)) & known.codes
    if not reached and not any(p.location.startswith(f"{here}.recipients") for p in problems):
        problems.append(
            Problem(
                source,
                f"{here}.recipients",
                "reaches no participating state; check the codes, groups and participants",
            )
        )
    problems.extend(_expectation_problems(here, inj, known, reached, source))
    return problems


def _recipient_problems(here: str, inj: Inject, known: _Known, source: str) -> list[Problem]:
    """Recipients and roles that name no participating state, group or contact."""
    problems: list[Problem] = []
    for k, r in enumerate(inj.recipients):
        loc = f"{here}.recipients[{k}]"
        if r.startswith("group:"):
            if r[6:] not in known.groups:
                problems.append(
                    Problem(
                        source,
                        loc,
                        f"group {r[6:]!r} has no participating state; "
                        f"use one of {', '.join(sorted(g for g in known.groups if g))}",
                    )
                )
        elif r.startswith("directory:"):
            if r[10:] not in known.listings:
                problems.append(Problem(source, loc, (
                    f"no participating state is listed in a directory {r[10:]!r}; use one of "
                    f"the scenario's directories: {', '.join(sorted(known.listings)) or 'none'}")))
        elif r.startswith("role:"):
            if r[5:] not in known.state_roles:
                problems.append(
                    Problem(source, loc, f"no participating contact holds role {r[5:]!r}")
                )
        elif r != "all" and r not in known.codes:
            problems.append(
                Problem(
                    source,
                    loc,
                    f"unknown participant code {r!r}{known.why_not(r)}",
                )
            )
    for k, role in enumerate(inj.roles):
        if role not in known.roles:
            problems.append(
                Problem(
                    source,
                    f"{here}.roles[{k}]",
                    f"no participating contact holds role {role!r}",
                )
            )
    return problems


def _expectation_problems(
    here: str, inj: Inject, known: _Known, reached: set[str], source: str
) -> list[Problem]:
    """Expectations on someone the inject does not reach, or with an unknown counterpart."""
    problems: list[Problem] = []
    for k, e in enumerate(inj.expect):
        loc = f"{here}.expect[{k}] ({e.id})"
        if isinstance(e.who, list):
            for w in e.who:
                if w not in known.codes:
                    problems.append(
                        Problem(
                            source,
                            f"{loc}.who",
                            f"unknown participant code {w!r}{known.why_not(w)}",
                        )
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
        if e.to is not None and e.to.upper() not in known.codes and e.to not in known.actors:
            problems.append(
                Problem(
                    source,
                    f"{loc}.to",
                    f"unknown counterpart {e.to!r}; use a participant code or an actor id",
                )
            )
    return problems

"""Several directories as one cast: the interregional idea.

A scenario may name several directories (``directories: {arf: ..., osce: ...}``). They
are combined into one :class:`~simulator.model.directory.Directory` that the engines run
unchanged: participants are matched by code; a state listed in more than one keeps every
entry, each contact marked with the directory it comes from (``listed_in``, so its key
reads ``US/policy@arf``), and so a message to the state goes through each organisation's
entries and an acknowledgement through either counts. The calendar, languages and tier of
a state in several directories are those of the first directory that lists it (a
difference is shown by :func:`simulator.directories.compare.compare_directories`).

Every contact is marked, even when a scenario names one directory under ``directories``:
its keys, and so its random streams, are then the same whether the other directory is
there or not (common random numbers across "through ARF alone", "through OSCE alone" and
"through both").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from simulator.model.directory import Contact, Directory, Participant, Stakeholder
from simulator.model.errors import InputError, Problem


def with_stakeholders(
    directory: Directory, stakeholders: Sequence[Stakeholder], *, where: str, source: str
) -> Directory:
    """``directory`` with ``stakeholders`` added (a scenario's ``<where>.stakeholders``);
    a code that is already used is an :class:`InputError`, one line each."""
    if not stakeholders:
        return directory
    used = {p.code: "state" for p in directory.participants}
    used |= {s.code: "stakeholder" for s in directory.stakeholders}
    problems = []
    for i, s in enumerate(stakeholders):
        if s.code in used:
            problems.append(Problem(
                source, f"{where}.stakeholders[{i}] ({s.code}).code",
                f"stakeholder code {s.code} clashes with a {used[s.code]}'s in the directory "
                f"{directory.name!r}; give the stakeholder its own code"))
        used[s.code] = "stakeholder"
    if problems:
        raise InputError(problems)
    return directory.model_copy(update={"stakeholders": [*directory.stakeholders,
                                                         *stakeholders]})


def _marked(p: Participant, key: str) -> list[Contact]:
    return [c.model_copy(update={"listed_in": key}) for c in p.contacts]


def combine_directories(named: Mapping[str, Directory], *, source: str) -> Directory:
    """One directory of every state and stakeholder in ``named`` (key -> directory),
    matched by code, each contact marked with its directory's key.

    A participant named differently in two directories, or a code that is a state in one
    and a stakeholder in another, is an :class:`InputError` (one line each, located at
    ``directories.<key>``)."""
    problems: list[Problem] = []
    states: dict[str, tuple[str, Participant, list[Contact]]] = {}
    others: dict[str, tuple[str, Participant, list[Contact]]] = {}
    for key, d in named.items():
        for field, members, here, there in (("participants", d.participants, states, others),
                                            ("stakeholders", d.stakeholders, others, states)):
            for i, p in enumerate(members):
                loc = f"directories.{key}: {field}[{i}] ({p.code})"
                if p.code in there:
                    problems.append(Problem(source, loc, (
                        f"{p.code} is a {'state' if there is states else 'stakeholder'} in "
                        f"directories.{there[p.code][0]} but a "
                        f"{'stakeholder' if there is states else 'state'} here; "
                        "give the stakeholder its own code")))
                elif p.code in here:
                    first, kept, contacts = here[p.code]
                    if kept.name != p.name:
                        problems.append(Problem(source, loc, (
                            f"named {p.name!r} here but {kept.name!r} in directories.{first}; "
                            "use one name for the same participant in both")))
                    contacts.extend(_marked(p, key))
                else:
                    here[p.code] = (key, p, _marked(p, key))
    if problems:
        raise InputError(problems)
    dirs = list(named.values())
    return Directory(
        name=" + ".join(d.name for d in dirs)[:200],
        organisation=" + ".join(d.organisation for d in dirs)[:200],
        description=f"Combined: {', '.join(named)} (participants matched by code)",
        custom_roles=list(dict.fromkeys(r for d in dirs for r in d.custom_roles)),
        participants=[p.model_copy(update={"contacts": cs}) for _, p, cs in states.values()],
        stakeholders=[p.model_copy(update={"contacts": cs}) for _, p, cs in others.values()
                      if isinstance(p, Stakeholder)],
    )


def listed_in(contact_key: str) -> str | None:
    """The directory a combined contact's key names (``US/policy@arf`` -> ``arf``)."""
    tail = contact_key.partition("/")[2].partition("#")[0]
    return tail.partition("@")[2] or None

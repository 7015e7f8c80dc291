"""The Directories section of a run on several directories (an interregional check): for
each state listed in more than one, through which directory it acknowledged, and where
the directories disagree about it.

A run on several directories is told by its contact keys (``US/policy@arf``,
:mod:`simulator.directories.combine`); any other run has no such section. The
disagreements need the directories themselves: they are found again from the stored
scenario text (:mod:`results.stored_scenario`), split back by directory and compared as
of the exercise's start (:func:`simulator.directories.compare.compare_directories`);
addresses are never named.
"""

from __future__ import annotations

from results.reports.document import Block, Para, Section, Sub, Table
from simulator.directories.combine import listed_in
from simulator.model.outcome import RunResult
from simulator.text import hours


def listings(result: RunResult) -> dict[str, list[str]]:
    """Participant code -> the directories its contacts are listed in (in order)."""
    out: dict[str, list[str]] = {}
    for c in result.contacts:
        key = listed_in(c.key)
        if key is not None and key not in out.setdefault(c.participant, []):
            out[c.participant].append(key)
    return out


def directories_section(result: RunResult, scenario_text: str | None) -> Section | None:
    """The section, or None when the run was not on several directories."""
    listed = listings(result)
    names = list(dict.fromkeys(k for keys in listed.values() for k in keys))
    if len(names) < 2:
        return None
    blocks: list[Block] = [Para(
        f"The run combined the directories {', '.join(names)}, matching participants by "
        "code. A state listed in more than one was sent each message through each of its "
        "entries; an acknowledgement through either counts.")]
    counts = []
    for name in names:
        members = [p for p in result.participants if name in listed.get(p.code, [])]
        through = [p for p in members if p.ack_by is not None and listed_in(p.ack_by) == name]
        counts.append(f"{len(through)} of {len(members)} listed in {name} acknowledged "
                      f"through it")
    blocks.append(Para("; ".join(counts) + "."))
    rows = [[p.code, p.name, ", ".join(listed[p.code]),
             (listed_in(p.ack_by) if p.ack_by else None) or "-",
             hours(p.ack_at) if p.ack_at is not None else "-"]
            for p in result.participants if len(listed.get(p.code, [])) > 1]
    if rows:
        blocks += [Sub("States in more than one directory"),
                   Table(["Code", "Name", "Listed in", "Acknowledged through", "When"], rows)]
    blocks += _disagreements(result, scenario_text)
    return Section("directories", "Directories", blocks)


def _disagreements(result: RunResult, scenario_text: str | None) -> list[Block]:
    """Where the first two directories disagree, if the directories are found again."""
    from results.stored_scenario import stored_scenario
    from simulator.directories.compare import compare_directories, split_combined
    from simulator.model.errors import InputError

    try:
        found = stored_scenario(scenario_text or "")
    except InputError:
        found = None
    if found is None or found.directory is None:
        return [Para("The directories could not be found again: their disagreements are "
                     "not shown (`pocdrill directory compare` compares two files).")]
    parts = list(split_combined(found.directory).items())[:2]
    if len(parts) < 2:
        return []
    (na, a), (nb, b) = parts
    cmp = compare_directories(a, b, names=(na, nb), as_of=result.start.date())
    blocks: list[Block] = [Sub(f"Where {na} and {nb} disagree")]
    if not cmp.differences:
        blocks.append(Para(f"The {len(cmp.shared)} states in both agree."))
        return blocks
    blocks.append(Table(
        ["Code", "Name", "What", "Role", "Detail"],
        [[d.code, cmp.state_names.get(d.code, d.code), d.kind.replace("_", " "),
          d.role or "-", d.detail] for d in cmp.differences],
        caption=f"{len(cmp.disagreeing)} of {len(cmp.shared)} states in both disagree, "
                f"as of {cmp.as_of.isoformat()}; addresses are not named"))
    return blocks

"""Past checks brought into the store (``pocdrill history import``).

:func:`import_history` reads a CSV or xlsx file of past checks (one row per participant
and check: :mod:`results.history.read`), checks every row against the scenario the checks
ran and its directory (:mod:`results.history.checks`) and stores each check as a completed
live run marked ``imported``, all in one transaction. Any problem is an
:class:`~simulator.model.errors.InputError` with one line per problem, and nothing is
stored. The store keeps participant codes, times and channels: no names or addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from results.history.checks import imported_checks, past_rows
from results.history.read import read_history
from results.live.contacts import live_contacts
from simulator.io.scenario_files import load_scenario
from simulator.model.check import CheckScenario
from simulator.model.errors import InputError

if TYPE_CHECKING:
    from results.store import Store


@dataclass(frozen=True)
class Imported:
    """One check stored: its name, run id, rows and acknowledgements."""

    check: str
    run_id: int
    participants: int
    acknowledged: int


def import_history(store: Store, path: Path, scenario_path: Path) -> list[Imported]:
    """Store the checks of ``path`` as live runs of ``scenario_path``'s scenario (see the
    module docstring)."""
    from results.store import PastRun

    loaded = load_scenario(scenario_path)
    if not isinstance(loaded.scenario, CheckScenario):
        raise InputError.single(str(scenario_path), "kind", "history import takes a "
                                "communication check scenario (kind: check)")
    directory = loaded.directory()
    rows = past_rows(str(path), read_history(path), directory)
    checks = imported_checks(loaded.scenario, directory, rows)
    people = {p.code: p for p in directory.participants}
    runs = []
    for c in checks:
        mine = [people[p.code] for p in c.result.participants]
        result = replace(c.result, contacts=live_contacts(loaded.scenario, mine, c.result.start))
        runs.append(PastRun(result, loaded.text, f"imported check {c.name!r} from {path.name}"))
    ids = store.record_imported(runs)
    return [Imported(c.name, i, len(c.result.participants),
                     sum(p.ack_at is not None for p in c.result.participants))
            for c, i in zip(checks, ids, strict=True)]

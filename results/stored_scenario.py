"""A stored run's scenario and directory, found again from the scenario text it stored.

A run stores the scenario's text, not its file. To show the run's people again (a
reopened live run's board, ``--redact`` scrubbing names out of notes), the directory the
scenario names has to be found again: a generated profile is rebuilt from its seed; a
directory file is looked for next to a scenario file with this very text among ``places``
(where the file it was loaded from usually still is), then relative to each of
``places``, the working directory and the bundled scenarios.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from simulator.io.scenario_files import (
    LoadedScenario,
    bundled_scenarios,
    scenario_directory,
    scenario_from_text,
)
from simulator.model.directory import Directory
from simulator.model.errors import InputError


@dataclass(frozen=True)
class StoredScenario:
    """A stored run's scenario and, when it was found again, its directory."""

    loaded: LoadedScenario
    directory: Directory | None


def search_places(places: Sequence[Path] = ()) -> list[Path]:
    """Where a stored scenario's files are looked for: ``places``, the working directory,
    then the bundled scenarios' folder."""
    bundled = bundled_scenarios()
    return [*places, Path.cwd()] + ([bundled[0].parent] if bundled else [])


def _same_text(text: str, folders: Sequence[Path]) -> Iterator[Path]:
    """Scenario files in ``folders`` whose text is ``text``."""
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            try:
                if path.read_text(encoding="utf-8") == text:
                    yield path
            except (OSError, UnicodeDecodeError):
                continue


def stored_scenario(
    text: str, *, places: Sequence[Path] = (), source: str = "<run>"
) -> StoredScenario:
    """The scenario of stored ``text`` and its directory (None when not found again).

    Raises :class:`~simulator.model.errors.InputError` when ``text`` is not a valid
    scenario (see the module docstring for where the directory is looked for)."""
    loaded = scenario_from_text(text, source)
    folders = search_places(places)
    for path in _same_text(text, folders):
        found = LoadedScenario(loaded.scenario, text, path)
        try:
            return StoredScenario(found, found.directory())
        except InputError:
            break
    for base in folders:
        try:
            return StoredScenario(loaded, scenario_directory(loaded.scenario, base,
                                                             source=source))
        except InputError:
            continue
    return StoredScenario(loaded, None)

"""Loading scenario files and resolving their directories.

A scenario YAML has a ``kind`` (``check`` by default; a file with ``injects`` is a
``tabletop``). Loading validates it strictly and reports every problem as
``FILE: LOCATION: MESSAGE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from simulator.directories.combine import combine_directories, with_stakeholders
from simulator.io.directory_files import load_directory
from simulator.io.yaml_strict import check_file_size, syntax_error
from simulator.io.yaml_strict import load as strict_yaml
from simulator.model.check import DirectorySpec
from simulator.model.directory import Directory
from simulator.model.errors import InputError, problems_from_validation
from simulator.model.scenario import SCENARIO_MODELS, Scenario, kind_of


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with its source text and where it came from."""

    scenario: Scenario
    text: str
    path: Path | None

    @property
    def base_dir(self) -> Path:
        return self.path.resolve().parent if self.path else Path.cwd()

    def directory(self) -> Directory:
        return scenario_directory(
            self.scenario, self.base_dir, source=str(self.path or "<scenario>")
        )


def parse_scenario(data: Any, source: str = "<scenario>") -> Scenario:
    """Validate already-parsed YAML data as a scenario of its kind."""
    if not isinstance(data, dict):
        raise InputError.single(
            source, "(top)", "a scenario must be a mapping with name, directory, ..."
        )
    kind = kind_of(data)
    model = SCENARIO_MODELS.get(kind)
    if model is None:
        raise InputError.single(
            source,
            "kind",
            f"unknown scenario kind {kind!r}; use one of {', '.join(SCENARIO_MODELS)}",
        )
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(problems_from_validation(source, e)) from None


def load_yaml(path: str | Path) -> tuple[Any, str]:
    """Parse a YAML file; errors name the file and the line."""
    p = Path(path)
    check_file_size(p, str(p))
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.single(str(p), "", "no such file") from None
    except IsADirectoryError:
        raise InputError.single(str(p), "", "is a folder; name a YAML file") from None
    except UnicodeDecodeError as e:
        raise InputError.single(str(p), "", f"is not UTF-8 text (byte {e.start}); "
                                "save it as UTF-8") from None
    except OSError as e:
        raise InputError.single(str(p), "", f"cannot read: {e.strerror or e}") from None
    try:
        return strict_yaml(text), text
    except yaml.YAMLError as e:
        raise syntax_error(str(p), e) from None


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load and validate a scenario file (any kind)."""
    data, text = load_yaml(path)
    return LoadedScenario(parse_scenario(data, str(path)), text, Path(path))


def scenario_from_text(text: str, source: str = "<scenario>") -> LoadedScenario:
    try:
        data = strict_yaml(text)
    except yaml.YAMLError as e:
        raise syntax_error(source, e) from None
    return LoadedScenario(parse_scenario(data, source), text, None)


@lru_cache(maxsize=32)
def _generated(
    profile: str, seed: int, deputy_share: float | None, as_of: date | None
) -> Directory:
    from simulator.directories.generate import generate_directory

    kwargs: dict[str, Any] = {}
    if deputy_share is not None:
        kwargs["deputy_share"] = deputy_share
    if as_of is not None:
        kwargs["as_of"] = as_of
    return generate_directory(profile, seed, **kwargs)


def resolve_directory(
    spec: DirectorySpec, base_dir: Path, *, source: str = "<scenario>", where: str = "directory"
) -> Directory:
    """The directory a scenario names: a generated profile or a file next to it, with the
    spec's stakeholders added (``where`` names the spec in error lines)."""
    if spec.profile is not None:
        found = _generated(spec.profile, spec.seed, spec.deputy_share, spec.as_of)
    else:
        assert spec.file is not None
        path = Path(spec.file)
        if not path.is_absolute():
            path = base_dir / path
        if not path.exists():
            raise InputError.single(
                source,
                f"{where}.file",
                f"no such directory file {str(path)!r}; "
                "fix the path (relative to the scenario file)",
            )
        found = load_directory(path)
    return with_stakeholders(found, spec.stakeholders, where=where, source=source)


def directory_specs(scenario: Scenario) -> dict[str, DirectorySpec]:
    """The directories a scenario names, by key (``""`` for a single ``directory:``)."""
    if scenario.directories is not None:
        return dict(scenario.directories)
    assert scenario.directory is not None
    return {"": scenario.directory}


def scenario_directory(
    scenario: Scenario, base_dir: Path, *, source: str = "<scenario>"
) -> Directory:
    """The directory ``scenario`` runs on: its one ``directory``, or its ``directories``
    combined (:func:`simulator.directories.combine.combine_directories`)."""
    if scenario.directories is None:
        assert scenario.directory is not None
        return resolve_directory(scenario.directory, base_dir, source=source)
    named = {key: resolve_directory(spec, base_dir, source=source, where=f"directories.{key}")
             for key, spec in scenario.directories.items()}
    return combine_directories(named, source=source)


def scenario_directories(
    scenario: Scenario, base_dir: Path, *, source: str = "<scenario>"
) -> dict[str, Directory]:
    """Each directory ``scenario`` names, by key, as found (not combined)."""
    return {key: resolve_directory(spec, base_dir, source=source,
                                   where=f"directories.{key}" if key else "directory")
            for key, spec in directory_specs(scenario).items()}


def bundled_scenarios() -> list[Path]:
    """The exercise files shipped in ``scenarios/``."""
    import scenarios

    root = Path(scenarios.__file__).parent
    return sorted(root.glob("*.yaml"))

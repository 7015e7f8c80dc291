"""What the home screen lists: scenario and directory files, bundled and local.

Local files are ``*.yaml`` in the working directory, ``scenarios/`` and
``directories/`` (and ``scenarios/directories/``) below it. A file is a *directory* when
its top level has ``participants``; a *scenario* when it has ``check``, ``injects``,
``stages`` or ``kind``. Anything else is ignored. Reading is cheap but done in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from simulator.io.yaml_strict import SafeLoader, check_file_size
from simulator.io.yaml_strict import load as strict_yaml
from simulator.model.errors import InputError


@dataclass(frozen=True)
class Source:
    """A scenario or directory file found on disk."""

    kind: str  # "scenario" | "directory"
    path: Path
    title: str
    detail: str  # e.g. "check, osce profile" / "57 participants"
    bundled: bool = False

    @property
    def label(self) -> str:
        return f"{self.title}  ({self.detail}{', bundled' if self.bundled else ''})"

    def matches(self, text: str) -> bool:
        t = text.strip().lower()
        return not t or any(t in x.lower() for x in (self.title, self.path.name, self.detail))


def _classify(path: Path, bundled: bool) -> Source | None:
    try:
        check_file_size(path, str(path))  # a huge file or an alias bomb is not listed
        data: Any = strict_yaml(path.read_text(encoding="utf-8"), SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, InputError):
        return None
    if not isinstance(data, dict):
        return None
    name = str(data.get("name") or path.stem)
    if any(k in data for k in ("check", "injects", "stages", "kind")):
        kind = data.get("kind") or ("tabletop" if "injects" in data else "check")
        d = data.get("directory") or {}
        where = ""
        if isinstance(d, dict):
            where = f"{d['profile']} profile" if d.get("profile") else str(d.get("file") or "")
        return Source("scenario", path, name, f"{kind}{', ' + where if where else ''}", bundled)
    people = data.get("participants")
    if isinstance(people, list) and all(isinstance(p, dict) and "contacts" in p for p in people):
        # a directory (a bundled membership profile has no contacts: it is not one)
        n = len(people)
        org = data.get("organisation") or ""
        detail = f"{org + ', ' if org else ''}{n} participants"
        return Source("directory", path, name, detail, bundled)
    return None


def local_folders(cwd: Path) -> list[Path]:
    """The folders local scenario and directory files are looked for in."""
    return [cwd, cwd / "scenarios", cwd / "directories", cwd / "scenarios" / "directories"]


def local_files(cwd: Path) -> list[Path]:
    """Candidate YAML files under ``cwd`` (not recursive beyond the usual folders)."""
    out: list[Path] = []
    for folder in local_folders(cwd):
        if folder.is_dir():
            out.extend(sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")))
    seen: set[Path] = set()
    unique = []
    for p in out:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(p)
    return unique


def discover(cwd: Path, *, bundled: bool = True) -> tuple[list[Source], list[Source]]:
    """(scenarios, directories): bundled first (unless not wanted), then local files."""
    from simulator.io.scenario_files import bundled_scenarios

    scenarios: list[Source] = []
    directories: list[Source] = []
    shipped = {p.resolve() for p in bundled_scenarios()}
    for p in sorted(shipped) if bundled else []:
        s = _classify(p, True)
        if s is not None and s.kind == "scenario":
            scenarios.append(s)
    for p in local_files(cwd):
        if p.resolve() in shipped:
            continue
        s = _classify(p, False)
        if s is None:
            continue
        (scenarios if s.kind == "scenario" else directories).append(s)
    return scenarios, directories

"""The bundled scenarios listed, and a scenario file checked end to end (its directory too)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.io.scenario_files import bundled_scenarios, load_scenario


def check_scenario_file(path: Path) -> str:
    """Load ``path`` fully (directory included); the ``ok (...)`` summary or InputError."""
    loaded = load_scenario(path)
    directory = loaded.directory()
    sc = loaded.scenario
    sc.validate_against(directory, str(path))
    if sc.kind == "tabletop":
        n = len(sc.injects)
        return f"ok (tabletop, {n} inject{'s' * (n != 1)})"
    n = len(directory.participants)
    return f"ok ({sc.kind}, {n} participant{'s' * (n != 1)})"


def first_sentence(text: str) -> str:
    """The text on one line, up to the end of its first sentence."""
    text = " ".join(text.split())
    cut = text.find(". ")
    return text if cut < 0 else text[: cut + 1]


def bundled_summaries() -> list[dict[str, Any]]:
    """File, path, name, kind and one-line description of each bundled scenario."""
    out = []
    for path in bundled_scenarios():
        sc = load_scenario(path).scenario
        out.append(
            {
                "file": path.name,
                "path": str(path),
                "name": sc.name,
                "kind": sc.kind,
                "description": first_sentence(sc.description),
            }
        )
    return out

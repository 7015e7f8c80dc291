"""pocdrill's simulator: the POC directory model, working-time calendars and the SimPy
engine for communication checks and tabletop exercises.

Pure domain code: no database, no screen. Nothing here imports ``results``, ``tui`` or
``pocdrill``. The names below are what a notebook needs::

    import simulator
    loaded = simulator.load_scenario("scenarios/osce-unannounced-72h.yaml")
    directory = loaded.directory()
    results = simulator.run_replications(loaded.scenario, directory, seed=1, replications=50)
    simulator.summarize(results)
    rows = simulator.sweep("scenarios/osce-unannounced-72h.yaml",
                           {"check.reminders": [[], ["24h"]]}, replications=100)
    sampled = simulator.sample_sweep("scenarios/osce-unannounced-72h.yaml", "sobol", 64,
                                     {"behaviour.turnover_per_year": (0.05, 0.4)})
    sampled.sensitivity.indices, sampled.sensitivity.rule   # Sobol' S1/ST with intervals

Importing ``simulator`` is cheap: each name imports its module on first use.
``simulator.sweep`` is the :mod:`simulator.sweep` package, callable as its
:func:`~simulator.sweep.sweep` function.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator import sweep
    from simulator.analysis.metrics import summarize
    from simulator.analysis.tabletop import summarize_expectations
    from simulator.directories.generate import generate_directory
    from simulator.directories.profiles import PROFILES, load_profile
    from simulator.engine.run import iter_replications, run, run_replications
    from simulator.io.directory_files import load_directory, save_directory
    from simulator.io.scenario_files import (
        LoadedScenario,
        bundled_scenarios,
        load_scenario,
        scenario_from_text,
    )
    from simulator.model.check import CheckScenario
    from simulator.model.directory import Directory
    from simulator.model.errors import InputError
    from simulator.model.outcome import RunResult
    from simulator.model.tabletop import TabletopScenario
    from simulator.sweep import sample_sweep

_HOMES: dict[str, str] = {
    "load_scenario": "simulator.io.scenario_files",
    "scenario_from_text": "simulator.io.scenario_files",
    "LoadedScenario": "simulator.io.scenario_files",
    "bundled_scenarios": "simulator.io.scenario_files",
    "load_directory": "simulator.io.directory_files",
    "save_directory": "simulator.io.directory_files",
    "generate_directory": "simulator.directories.generate",
    "load_profile": "simulator.directories.profiles",
    "PROFILES": "simulator.directories.profiles",
    "run": "simulator.engine.run",
    "iter_replications": "simulator.engine.run",
    "run_replications": "simulator.engine.run",
    "summarize": "simulator.analysis.metrics",
    "summarize_expectations": "simulator.analysis.tabletop",
    "CheckScenario": "simulator.model.check",
    "TabletopScenario": "simulator.model.tabletop",
    "Directory": "simulator.model.directory",
    "RunResult": "simulator.model.outcome",
    "InputError": "simulator.model.errors",
    "sample_sweep": "simulator.sweep",
}
"""The module each public name lives in."""

__all__ = [
    "PROFILES",
    "CheckScenario",
    "Directory",
    "InputError",
    "LoadedScenario",
    "RunResult",
    "TabletopScenario",
    "bundled_scenarios",
    "generate_directory",
    "iter_replications",
    "load_directory",
    "load_profile",
    "load_scenario",
    "run",
    "run_replications",
    "sample_sweep",
    "save_directory",
    "scenario_from_text",
    "summarize",
    "summarize_expectations",
    "sweep",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use."""
    if name == "sweep":
        # the package is callable (it forwards to ``simulator.sweep.sweep``), so the name
        # works the same before and after ``import simulator.sweep``
        return importlib.import_module("simulator.sweep")
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'simulator' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

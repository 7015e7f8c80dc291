"""pocdrill's simulator: the POC directory model, working-time calendars and the SimPy
engine for communication checks and tabletop exercises.

Pure domain code: no database, no screen. Nothing here imports ``results``, ``tui`` or
``pocdrill``.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    """Lazy exports: ``simulator.sweep(...)`` imports the sweep machinery on first use."""
    if name == "sweep":
        import importlib

        # the module is callable (it forwards to ``simulator.sweep.sweep``), so the name
        # works the same before and after ``import simulator.sweep``
        return importlib.import_module("simulator.sweep")
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")

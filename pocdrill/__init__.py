"""The ``pocdrill`` command line: a thin Typer face over simulator, results and tui.

``__version__`` is looked up when first asked for: importing the package imports nothing,
so a Ctrl-C during start-up lands in :func:`pocdrill.cli.run`, which ends it in one line.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module 'pocdrill' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pocdrill")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"

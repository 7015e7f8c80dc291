"""The ``pocdrill`` command line: a thin Typer face over simulator, results and tui."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pocdrill")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

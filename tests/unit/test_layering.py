"""The house stays easy to see: the simulator and results layers never reach upwards."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

from tests import ROOT


def _modules(package: str) -> list[str]:
    return [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(ROOT / package)])]


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("simulator", ("results", "tui", "pocdrill", "textual", "sqlmodel", "sqlalchemy")),
        ("results", ("tui", "pocdrill", "textual")),
    ],
)
def test_layer_imports_nothing_above_it(package: str, forbidden: tuple[str, ...]) -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {_modules(package)!r}:\n"
        "    importlib.import_module(m)\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {forbidden!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "", f"{package} imports {out.stdout.strip()}"

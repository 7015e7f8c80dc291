"""The public API a notebook uses: every name resolves, and importing ``simulator`` is
cheap (each name imports its module on first use)."""

from __future__ import annotations

import subprocess
import sys

import simulator
from tests import ROOT


def test_every_public_name_resolves() -> None:
    for name in simulator.__all__:
        assert getattr(simulator, name) is not None, name
    assert set(simulator.__all__) <= set(dir(simulator))


def test_sweep_is_the_callable_package() -> None:
    import simulator.sweep as package

    assert simulator.sweep is package
    assert callable(simulator.sweep)


def test_importing_simulator_imports_no_engine() -> None:
    code = (
        "import sys, simulator; "
        "print(sorted(m for m in ('simpy', 'pydantic', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"

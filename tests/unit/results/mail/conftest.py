"""A mail check's set-up: the workspace on disk, a store, the loaded scenario."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from results.store import Store
from simulator.io.scenario_files import LoadedScenario, load_scenario
from simulator.model.check import CheckScenario
from simulator.model.directory import Directory
from tests.mail_support import mail_directory, mail_workspace


@pytest.fixture()
def loaded(tmp_path: Path) -> LoadedScenario:
    return load_scenario(mail_workspace(tmp_path))


@pytest.fixture()
def scenario(loaded: LoadedScenario) -> CheckScenario:
    assert isinstance(loaded.scenario, CheckScenario)
    return loaded.scenario


@pytest.fixture()
def directory() -> Directory:
    return mail_directory()


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'results.db'}") as s:
        yield s

"""A live run's set-up: the tiny workspace on disk, a store on it, a session factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from results.live.session import LiveSession
from results.store import Store
from simulator.io.scenario_files import load_scenario
from tests.functional.tui.support import NOW, Workspace, make_workspace
from tests.live_support import SCORECARD, TABLETOP


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    ws = make_workspace(tmp_path)
    (ws.root / "scenarios" / "tiny-tabletop.yaml").write_text(TABLETOP, encoding="utf-8")
    (ws.root / "scenarios" / "tiny-scorecard.yaml").write_text(SCORECARD, encoding="utf-8")
    two = ws.scenario.read_text(encoding="utf-8").replace(
        "recipients: [policy]", "recipients: [policy, technical]")
    (ws.root / "scenarios" / "two-recipients.yaml").write_text(two, encoding="utf-8")
    return ws


@pytest.fixture()
def store(ws: Workspace) -> Iterator[Store]:
    with Store(ws.db_url) as s:
        yield s


StartSession = Callable[[str], LiveSession]


@pytest.fixture()
def start(ws: Workspace, store: Store) -> StartSession:
    """Start a live run of ``scenarios/<name>.yaml`` at :data:`NOW`, writing at once."""

    def start(name: str = "tiny-check") -> LiveSession:
        loaded = load_scenario(ws.root / "scenarios" / f"{name}.yaml")
        return LiveSession.start_run(store, loaded, loaded.directory(), start=NOW)

    return start

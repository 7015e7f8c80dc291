"""The app's one ordered write queue: a worker (the mail watcher) that asks for the
store waits its turn behind every write already queued, and gets its own failure back."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from tests.functional.tui.support import make_workspace, settle


async def test_a_worker_takes_its_place_behind_the_queued_writes(tmp_path: Path) -> None:
    app = make_workspace(tmp_path).app()
    order: list[str] = []
    async with app.run_test() as pilot:
        await settle(pilot)
        gate = threading.Event()
        app.db(lambda store: (gate.wait(10), order.append("first")))
        app.db(lambda store: order.append("second"))

        def watcher() -> int:
            gate.set()
            return app.db_in_order(lambda store: order.append("third") or len(order))

        assert await asyncio.to_thread(watcher) == 3
        assert order == ["first", "second", "third"]
        with pytest.raises(ZeroDivisionError):
            await asyncio.to_thread(app.db_in_order, lambda store: 1 / 0)
        await settle(pilot)
        assert not app._notifications  # raised to the worker, not shown as a store error

"""How long the status board takes per refresh: 193 participants at 10,000x.

Prints the mean and worst milliseconds per 10 Hz refresh for the cell-by-cell update the
app uses, and for rebuilding every row (clear + add_rows) for comparison.

    .venv/bin/python benchmarks/bench_tui.py  (or make bench)
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime

from rich.text import Text
from textual.app import App, ComposeResult

from simulator.model.outcome import Event, ParticipantOutcome
from tui.board import BoardModel
from tui.widgets.status_board import StatusBoard

ZONES = ["Europe/Berlin", "Asia/Tokyo", "America/New_York", "UTC", "Australia/Sydney"]
N = 193
DEADLINE, HORIZON = 72.0, 144.0
MAX_REFRESHES = 300  # per speed: enough for stable means, keeps make bench short


def model() -> BoardModel:
    rng = random.Random(1)
    parts, events = [], []
    for i in range(N):
        code = f"Q{i // 26 % 26 + 65:c}{i % 26 + 65:c}"
        d = rng.expovariate(1 / 2)
        ack = d + rng.expovariate(1 / 20) if rng.random() < 0.85 else None
        parts.append(ParticipantOutcome(code=code, name=f"State {code}", group=f"G{i % 5}",
                                        delivered=True, delivered_at=d, ack_at=ack))
        for r in (24.0, 48.0):
            if ack is None or ack > r:
                events.append(Event(r, "reminder", code))
    zones = {p.code: ZONES[i % len(ZONES)] for i, p in enumerate(parts)}
    return BoardModel(parts, start=datetime(2026, 3, 6, 15, tzinfo=UTC),
                      deadline=DEADLINE, zones=zones, reminder_offsets=[24.0, 48.0], events=events)


class Bench(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusBoard(model(), id="board")


async def _main() -> None:
    app = Bench()
    async with app.run_test(size=(140, 50)) as pilot:
        board = app.query_one(StatusBoard)
        board.refresh_board(0.0)
        await pilot.pause()
        for speed in (3600, 10_000):
            board.model.set_speed(speed)
            step = speed * 0.1 / 3600  # simulated hours per 0.1 s refresh
            times, cells, frames = [], [], []
            t = 0.0
            board.refresh_board(t)
            while t < HORIZON and len(times) < MAX_REFRESHES:
                t += step
                t0 = time.perf_counter()
                cells.append(board.refresh_board(t))
                t1 = time.perf_counter()
                await pilot.pause()  # let the table render the changes
                times.append(t1 - t0)
                frames.append(time.perf_counter() - t0)
            print(f"{speed:>6}x cell updates: {len(times)} refreshes, mean "
                  f"{1000 * sum(times) / len(times):.2f} ms (worst {1000 * max(times):.2f}); "
                  f"with rendering {1000 * sum(frames) / len(frames):.2f} ms; "
                  f"mean {sum(cells) / len(cells):.0f} cells changed")
        rebuild, frames = [], []
        for k in range(30):
            rows = board.model.rows(k * 2.0)
            t0 = time.perf_counter()
            board.clear()
            board.add_rows([[Text(c, style=s) for c, s in r.cells] for r in rows])
            t1 = time.perf_counter()
            await pilot.pause()
            rebuild.append(t1 - t0)
            frames.append(time.perf_counter() - t0)
        print(f"clear + add_rows: mean {1000 * sum(rebuild) / len(rebuild):.2f} ms per refresh; "
              f"with rendering {1000 * sum(frames) / len(frames):.2f} ms")


def main() -> None:
    asyncio.run(_main())


if __name__ == "__main__":
    main()

"""A tiny workspace for driving the TUI: a directory, a check scenario, a database, clocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from simulator.io.directory_files import save_directory
from simulator.model.directory import Contact, Directory, Participant

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
"""The wall clock every test app sees (a Tuesday noon UTC)."""

ZONES = ("Europe/Berlin", "Asia/Tokyo", "America/New_York", "UTC", "Europe/Vienna", "Asia/Dubai")
VERIFIED = (date(2026, 1, 5), date(2024, 11, 1), date(2023, 1, 1), None, date(2025, 6, 1),
            date(2025, 12, 1))

CHECK = """\
name: Tiny check
directory: {file: ../directories/tiny.yaml}
check:
  start: 2026-03-10T09:00:00Z
  deadline: 12h
  horizon: 24h
  recipients: [policy]
  reminders: [6h]
behaviour:
  turnover_per_year: 0.0
  spam_loss: 0.0
  absence: 0.0
  mandate: 1.0
  responsiveness: 1.0
  triage: {dist: exponential, mean: 6h}
  duty_triage: {dist: exponential, mean: 6h}
  ack_delay: {dist: fixed, value: 0}
"""


def tiny_directory() -> Directory:
    """Six states in two groups; policy desks 24/7; entries of every age."""
    parts = []
    for i, code in enumerate(("XA", "XB", "XC", "XD", "XE", "XF")):
        parts.append(Participant(
            code=code, name=f"State {code}", group="North" if i < 3 else "South",
            timezone=ZONES[i],
            contacts=[
                Contact(role="policy", email=f"p.{code.lower()}@mfa.example.org",
                        duty_24_7=True, last_verified=VERIFIED[i]),
                Contact(role="technical", email=f"t.{code.lower()}@cert.example.org",
                        phone="+00 555 0100", last_verified=date(2025, 12, 1)),
            ],
        ))
    return Directory(name="Tiny", organisation="custom", participants=parts)


@dataclass
class Workspace:
    root: Path
    scenario: Path
    directory: Path
    db_url: str

    def app(self, **kwargs: Any) -> Any:
        """The real app over this workspace, with frozen clocks and no bundled scenarios."""
        from tui.app import create_app

        kwargs.setdefault("clock", lambda: NOW)
        kwargs.setdefault("monotonic", lambda: 0.0)
        return create_app(self.db_url, cwd=self.root, bundled=False, **kwargs)

    def store(self) -> Any:
        from results.store import Store

        return Store(self.db_url)


def make_workspace(root: Path) -> Workspace:
    (root / "directories").mkdir(parents=True, exist_ok=True)
    (root / "scenarios").mkdir(exist_ok=True)
    directory = root / "directories" / "tiny.yaml"
    save_directory(tiny_directory(), directory)
    scenario = root / "scenarios" / "tiny-check.yaml"
    scenario.write_text(CHECK, encoding="utf-8")
    return Workspace(root, scenario, directory, f"sqlite:///{root / 'results.db'}")


def clock_at(hours: float) -> Any:
    """A wall clock fixed ``hours`` after :data:`NOW`."""
    t = NOW + timedelta(hours=hours)
    return lambda: t


async def settle(pilot: Any, rounds: int = 3) -> None:
    """Let workers finish and their results reach the screen."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

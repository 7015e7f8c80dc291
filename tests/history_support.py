"""Past checks simulated from known parameters, written as a history file.

Each participant's delay is drawn in **working hours** of its office calendar (the way
calibration reads it back) from a known distribution and turned into a wall-clock
acknowledgement; a delay that ends after the horizon is never acknowledged.
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

from simulator.calendar.work import calendar_for
from simulator.model.directory import Directory

HEADER = ["Check name", "Sent at", "Participant code", "Acknowledged at", "Completed at",
          "Channel"]

SCENARIO = """\
name: Calibration check
directory: {{profile: osce, seed: 7}}
check:
  start: 2026-03-06T15:00:00Z
  deadline: 72h
  horizon: {horizon}h
  level: reachability
  recipients: [policy]
  reminders: []
  escalate_to_deputies: false
{behaviour}"""
"""A plain reachability check: one recipient, no reminders, escalation or phone."""


def draw(rng: random.Random, family: str, a: float, b: float) -> float:
    """A delay of ``family`` (exponential: mean a; lognormal: median a, sigma b;
    weibull: scale a, shape b)."""
    if family == "exponential":
        return rng.expovariate(1.0 / a)
    if family == "lognormal":
        return a * pow(2.718281828459045, b * rng.gauss(0.0, 1.0))
    return rng.weibullvariate(a, b)


def history_rows(
    directory: Directory, *, checks: int, family: str, a: float, b: float = 1.0,
    seed: int = 1, horizon: float = 144.0, first: datetime | None = None,
) -> list[list[str]]:
    """Rows of ``checks`` past checks, four weeks apart (see the module docstring)."""
    rng = random.Random(seed)
    first = first or datetime.fromisoformat("2024-01-05T14:00:00+00:00")
    rows = []
    for k in range(checks):
        start = first + timedelta(days=28 * k)
        for p in directory.participants:
            cal = calendar_for(p, start, horizon + 1.0)
            at = cal.add_working(0.0, draw(rng, family, a, b))
            ack = (start + timedelta(hours=at)).isoformat() if at <= horizon else ""
            rows.append([f"check {k + 1}", start.isoformat(), p.code, ack, "", "email"])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for r in rows:
        sheet.append([c or None for c in r])
    book.save(path)
    return path


def write_scenario(path: Path, *, horizon: float = 144.0, behaviour: str = "") -> Path:
    path.write_text(SCENARIO.format(horizon=f"{horizon:g}", behaviour=behaviour),
                    encoding="utf-8")
    return path

"""A small communication check for sweep tests: 12 participants written to temp files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from simulator.io.directory_files import save_directory
from simulator.model.directory import Contact, Directory, Participant

ZONES = ["Europe/Vienna", "Asia/Tokyo", "America/New_York", "Africa/Nairobi"]

SCENARIO = """\
name: sweep test check
directory: {file: small.yaml}
check:
  start: 2026-03-06T15:00:00Z
  deadline: 72h
  level: task
  recipients: [policy, technical]
  reminders: [24h]
  escalate_to_deputies: true
behaviour:
  turnover_per_year: 0.2
"""


def small_directory(n: int = 12) -> Directory:
    parts = []
    for i in range(n):
        code = f"X{chr(65 + i)}"
        verified = date(2026 - i % 4, 1 + i % 12, 15)
        contacts = [
            Contact(
                role=role,
                email=f"{role}.{code.lower()}@mfa.example.org",
                phone="+00 555 0100",
                duty_24_7=(role == "technical" and i % 3 == 0),
                last_verified=verified,
            )
            for role in ("policy", "technical", "deputy_policy")
        ]
        parts.append(
            Participant(
                code=code,
                name=f"State {code}",
                group=f"G{i % 2}",
                timezone=ZONES[i % len(ZONES)],
                contacts=contacts,
            )
        )
    return Directory(name="small", organisation="custom", participants=parts)


def write_scenario(tmp: Path, text: str = SCENARIO) -> Path:
    """The small directory and a scenario using it, in ``tmp``; returns the scenario path."""
    save_directory(small_directory(), tmp / "small.yaml")
    path = tmp / "check.yaml"
    path.write_text(text, encoding="utf-8")
    return path

"""Stored runs as the screens show them (whatever shape the store returns)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


def field(row: Any, name: str, default: Any = None) -> Any:
    """``row.name`` or ``row[name]``: the store may hand back models or mappings."""
    if isinstance(row, dict):
        return row.get(name, default)
    return getattr(row, name, default)


def _fmt_time(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value:
        return value.replace("T", " ")[:16]
    return "-"


@dataclass(frozen=True)
class RunInfo:
    """One stored run, flattened for lists."""

    id: int
    scenario: str
    mode: str
    status: str
    started: str
    kind: str
    seed: int | None

    def matches(self, text: str) -> bool:
        t = text.strip().lower()
        fields = (str(self.id), self.scenario, self.mode, self.status)
        return not t or any(t in x.lower() for x in fields)


def run_info(row: Any) -> RunInfo:
    return RunInfo(
        id=int(field(row, "id")),
        scenario=str(field(row, "scenario", "") or ""),
        mode=str(field(row, "mode", "simulated") or "simulated"),
        status=str(field(row, "status", "") or ""),
        started=_fmt_time(field(row, "start") or field(row, "created_at")),
        kind=str(field(row, "kind", "check") or "check"),
        seed=field(row, "seed"),
    )

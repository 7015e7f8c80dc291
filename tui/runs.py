"""Stored runs as the screens list them: one flat row for each run the store returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from results.store import RunInfo


@dataclass(frozen=True)
class RunRow:
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
        fields = (str(self.id), self.scenario, self.mode, self.status, self.kind)
        return not t or any(t in x.lower() for x in fields)


def run_row(run: RunInfo) -> RunRow:
    """``run`` as a list shows it: when it was run (the wall clock, to the minute; a
    simulated run's scenario date is the same for every seed, so two runs could not be
    told apart by it)."""
    return RunRow(
        id=run.id,
        scenario=run.scenario or "",
        mode=run.mode or "simulated",
        status=run.status or "",
        started=run.started_at.strftime("%Y-%m-%d %H:%M") if run.started_at else "-",
        kind=run.kind or "check",
        seed=run.seed,
    )

"""A stored run's figures as far as it was observed, cut as the after-action report cuts them.

A run not observed to its horizon (interrupted, still running, a live run) is censored at
its last recorded instant (:func:`results.reports.run_report.observation`): nothing after
that instant
counts, and no deadline figure is claimed when the deadline was not reached. The TUI's
Results screens use :func:`load_observed` so they show what ``pocdrill report`` shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from results.reports.findings import Observation
from results.reports.run_report import NoteRow, censored, meta_of, observation
from simulator.analysis.metrics import summarize
from simulator.model.outcome import RunResult


@dataclass
class ObservedRun:
    """``result`` seen up to ``obs.until`` (censored), its summary, and the observation."""

    result: RunResult
    summary: dict[str, Any]
    obs: Observation


def observed(result: RunResult, meta: Any, notes: Any = ()) -> ObservedRun:
    """``result`` (with the report's :class:`~results.reports.run_report.RunMeta` ``meta``
    and notes)
    cut at its last observed instant, and the summary of what was observed."""
    obs = observation(result, meta, notes)
    seen = censored(result, obs)
    return ObservedRun(seen, summarize([seen]), obs)


def load_observed(store: Any, run_id: int) -> ObservedRun:
    """Stored run ``run_id`` as the report sees it (raises the store's NotFound)."""
    meta = meta_of(store.get_run(run_id))
    notes = [NoteRow(getattr(n, "t", None), getattr(n, "text", "")) for n in store.notes(run_id)]
    return observed(store.load_result(run_id), meta, notes)

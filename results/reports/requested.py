"""The report ``pocdrill report`` asks for, by what it names: one run's after-action
report, a sweep report, a comparison of runs or a scenario's trend (:func:`requested_report`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from results.db import NotFound
from results.reports.changes import THRESHOLD_HOURS
from results.reports.document import Report

if TYPE_CHECKING:
    from results.store import Store


@dataclass
class Requested:
    """A report and the warnings to show beside it (runs of different scenarios compared)."""

    report: Report
    warnings: list[str] = field(default_factory=list)


def requested_report(
    store: Store,
    *,
    run: int | None = None,
    sweep: int | None = None,
    compare: Sequence[int] = (),
    trend: str | None = None,
    redact: bool = False,
    threshold_hours: float = THRESHOLD_HOURS,
) -> Requested:
    """The trend of scenario ``trend``, else the comparison of the runs ``compare``, else
    the report of ``sweep``, else the after-action report of ``run`` (``redact``: without
    contact names, e-mails and phones). Raises NotFound for a missing run or sweep, or a
    scenario without completed runs."""
    if trend is not None:
        from results.reports.trend import trend as trend_of_store

        t = trend_of_store(store, trend, threshold_hours=threshold_hours)
        if not t.points:
            raise NotFound(f"no completed run of scenario {trend!r} in {store.display_url}")
        return Requested(t.to_report())
    if compare:
        from results.reports.compare import compare_runs

        c = compare_runs(store, compare, threshold_hours=threshold_hours)
        return Requested(c.to_report(), c.warnings)
    if sweep is not None:
        from results.reports.sweep import sweep_report

        return Requested(sweep_report(store, sweep))
    if run is None:
        raise ValueError("name a run, a sweep, runs to compare or a scenario's trend")
    from results.reports.run_report import build_report

    return Requested(build_report(store, run, redact=redact))

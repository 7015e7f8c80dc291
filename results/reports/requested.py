"""The report ``pocdrill report`` asks for, by what it names: one run's after-action
report, a study's report, a sweep report, a comparison of runs or a scenario's trend
(:func:`requested_report`).
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
    study: int | None = None,
    compare: Sequence[int] = (),
    trend: str | None = None,
    redact: bool = False,
    anonymise: bool = False,
    threshold_hours: float = THRESHOLD_HOURS,
) -> Requested:
    """The trend of scenario ``trend``, else the comparison of the runs ``compare``, else
    the report of ``sweep``, else that of ``study``, else the after-action report of
    ``run`` (``redact``: without contact names, e-mails and phones; ``anonymise``: states
    as letters, groups as neutral labels, one run's report only). Raises NotFound for a
    missing run, study or sweep (saying so when the id is a sweep's or a study's), or a
    scenario without completed runs."""
    if anonymise and run is None:
        raise ValueError("--anonymise works on one run's report; name one RUN")
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

        return Requested(sweep_report(store, _exists(store, "sweep", sweep)))
    if study is not None:
        from results.reports.study_report import build_study_report

        return Requested(build_study_report(store, _exists(store, "study", study)))
    if run is None:
        raise ValueError("name a run, a sweep, runs to compare or a scenario's trend")
    from results.reports.run_report import build_report

    return Requested(build_report(store, run, redact=redact, anonymise=anonymise))


def _exists(store: Store, kind: str, number: int) -> int:
    """``number`` if the store has that study or sweep; else NotFound, naming the other
    kind when the id is one of those (``study:5`` given for sweep 5)."""
    ids = {"study": {x.id for x in store.list_studies()},
           "sweep": {x.id for x in store.list_sweeps()}}
    if number in ids[kind]:
        return number
    other = "sweep" if kind == "study" else "study"
    hint = ""
    if number in ids[other]:
        hint = f"; {other} {number} is a {other}: pocdrill report {other}:{number}"
    raise NotFound(f"no {kind} {number} in {store.display_url}{hint}")

"""How much of a run was observed, and the run cut there, as the after-action report cuts it.

A completed simulated run was observed to its horizon. A run not observed to its horizon
(interrupted, still running, a live run) is censored at its last recorded instant
(:func:`observation`, :func:`censored`): nothing after that instant counts, and no
deadline figure is claimed when the deadline was not reached. The report and the TUI's
Results screens (:func:`load_observed`) show the same cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from results.reports.meta import NoteRow, RunMeta, meta_of
from simulator.analysis.figures import run_figures
from simulator.analysis.metrics import summarize
from simulator.model.outcome import RunResult
from simulator.text import hm

if TYPE_CHECKING:
    from results.store import Store


@dataclass(frozen=True)
class Observation:
    """How much of a run's window was observed.

    ``until`` is the last observed instant (hours since the start): the horizon for a
    completed simulated run, else the last recorded instant. ``why`` says why observation
    stopped before the horizon (``"run interrupted"``), empty when it did not. ``live``:
    recorded by hand, so delivery is never known.
    """

    until: float
    horizon: float
    deadline: float
    why: str = ""
    live: bool = False

    @property
    def cut(self) -> bool:
        """Observation stopped before the horizon."""
        return self.until < self.horizon - 1e-9

    @property
    def deadline_seen(self) -> bool:
        """The deadline was reached while observing."""
        return self.until >= self.deadline - 1e-9

    def phrase(self) -> str:
        """``observed for 1h00 (run interrupted)``."""
        return f"observed for {hm(self.until)}" + (f" ({self.why})" if self.why else "")




def _aware(d: datetime) -> datetime:
    return d if d.tzinfo is not None else d.replace(tzinfo=UTC)


def observation(result: RunResult, meta: RunMeta, notes: Sequence[NoteRow] = ()) -> Observation:
    """How much of ``result``'s window was observed.

    A completed simulated run was observed to its horizon. Any other run (interrupted,
    still running, or live) is censored at its last recorded instant: the latest of its
    events' and timed notes' ``t`` and, for a live run, its finish (or interruption) time
    minus its start; never beyond the horizon.
    """
    h, d = result.horizon_hours, result.deadline_hours
    live = meta.mode == "live"
    if meta.status == "completed" and not live:
        return Observation(h, h, d)
    last = max([e.t for e in result.events] + [n.t for n in notes if n.t is not None], default=0.0)
    if live and meta.finished_at is not None:
        wall = (_aware(meta.finished_at) - _aware(result.start)).total_seconds() / 3600.0
        last = max(last, wall)
    until = min(max(last, 0.0), h)
    why = "" if until >= h else {
        "completed": "live run closed",
        "running": "run still in progress",
        "interrupted": "run interrupted",
    }.get(meta.status, f"run {meta.status}")
    return Observation(until, h, d, why, live)


def censored(result: RunResult, obs: Observation) -> RunResult:
    """``result`` seen only up to ``obs.until`` (nothing after it; horizon moved there)."""
    if not obs.cut:
        return result
    u = obs.until

    def seen(t: float | None) -> float | None:
        return t if t is not None and t <= u else None

    ps = [
        replace(p, ack_at=seen(p.ack_at), completed_at=seen(p.completed_at))
        for p in result.participants
    ]
    return replace(
        result,
        horizon_hours=u,
        participants=ps,
        events=[e for e in result.events if e.t <= u],
    )


@dataclass
class ObservedRun:
    """``result`` seen up to ``obs.until`` (censored), its summary, the observation, and
    its figures (:func:`simulator.analysis.figures.run_figures`: what every face shows)."""

    result: RunResult
    summary: dict[str, Any]
    obs: Observation
    figures: dict[str, Any]


def observed(result: RunResult, meta: RunMeta, notes: Sequence[NoteRow] = ()) -> ObservedRun:
    """``result`` (with its :class:`~results.reports.meta.RunMeta` ``meta`` and notes) cut
    at its last observed instant, the summary of what was observed, and its figures.

    In a live run who answered is recorded per participant, not per address: its contacts
    are read as answered where their participant acknowledged through them."""
    from results.live.contacts import contacts_answered

    obs = observation(result, meta, notes)
    seen = censored(result, obs)
    if obs.live:
        seen = replace(seen, contacts=contacts_answered(seen.contacts, seen.participants))
    figures = run_figures(seen, observed_until=obs.until, live=obs.live,
                          reminders_sent=meta.stored_reminders, horizon=obs.horizon)
    return ObservedRun(seen, summarize([seen]), obs, figures)


def load_observed(store: Store, run_id: int) -> ObservedRun:
    """Stored run ``run_id`` as the report sees it (raises the store's NotFound)."""
    meta = meta_of(store.get_run(run_id))
    notes = [NoteRow(n.t, n.text) for n in store.notes(run_id)]
    return observed(store.load_result(run_id), meta, notes)

"""How a sweep is kept in the store while it runs, and read back to be resumed or shown.

A sweep is created with its grid points; each batch of replication rows is stored as it
arrives (idempotent); at the end each point gets its aggregates and the sweep is marked
completed. The baseline point is remembered by giving that point the aggregate
``{"baseline": true, "scenario_dir": DIR, "directory_hash": H}`` at creation (kept in its
final aggregates), so a resumed sweep measures differences against the same point, finds
a directory file named relative to the scenario, and refuses a directory changed since.
Read back, a sweep's point table is computed from its stored rows
(:func:`stored_sweep_table`), so a sweep still running or interrupted shows what it has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from results.store import Store, SweepInfo
from simulator.model.errors import InputError, Problem
from simulator.sweep.spec import SweepPlan, directory_fingerprint, plan_sweep
from simulator.sweep.stats import point_table

Row = dict[str, Any]
"""A replication row: ``point, replication, seed, metrics``."""

_MARKER_KEYS = ("baseline", "scenario_dir", "directory_hash", "engine")
_ROW_KEYS = ("point", "replication", "seed", "metrics")


@dataclass(frozen=True)
class SweepResume:
    """A stored sweep to complete: its plan, the (point, replication) pairs done and their
    rows."""

    sweep_id: int
    plan: SweepPlan
    done: set[tuple[int, int]]
    rows: list[Row]
    engine: str = "simpy"
    """The engine it began with (the rest runs on it too: rows of two engines would not
    pair); sweeps stored before the vector engine ran on SimPy."""


def start_sweep(store: Store, plan: SweepPlan, engine: str = "simpy") -> int:
    """Create the sweep and its points, the baseline marked (with the ``engine`` it runs
    on); return its id.

    The marker (baseline, scenario folder, directory fingerprint, engine) is computed first
    and written in the same transaction as the sweep: an interrupt cannot leave a sweep
    without it (a resume would silently measure against point 0, or look for the
    directory file in the wrong folder).
    """
    marker = {**_marker(plan), "engine": engine}
    return store.create_sweep(
        name=plan.name,
        scenario_text=plan.scenario_text,
        axes=plan.axes,
        replications=plan.replications,
        base_seed=plan.seed,
        points=plan.points,
        scenario=plan.scenario_name,
        design=plan.design,
        aggregates={plan.baseline: marker},
    )


def add_rows(store: Store, sweep_id: int, rows: Sequence[Mapping[str, Any]]) -> None:
    """Store replication rows at once (a pair already stored is kept as it was)."""
    store.add_replication_summaries(sweep_id, [_row(r) for r in rows])


def complete_sweep(store: Store, sweep_id: int, points: Sequence[Mapping[str, Any]]) -> None:
    """Store each point's aggregates (from ``sweep_json``) and mark the sweep completed, in
    one transaction; the baseline keeps its marker."""
    info = store.get_sweep(sweep_id)
    baseline = baseline_of(info.point_rows)
    aggregates: dict[int, dict[str, Any]] = {}
    for i, entry in enumerate(points):
        aggregates[i] = {k: v for k, v in entry.items() if k != "params"}
        if i == baseline:
            aggregates[i].update(_marker_of(info.point_rows))
    store.complete_sweep(sweep_id, aggregates)


def load_resume(
    store: Store,
    sweep_id: int,
    *,
    baseline: int | None = None,
    scenario_dir: str | Path | None = None,
) -> SweepResume:
    """The stored sweep's plan, the (point, replication) pairs done and their rows.

    ``scenario_dir`` is where a directory file named in the scenario is looked for
    (default: as stored, else the current directory).

    Raises :class:`results.db.NotFound` (a ``StoreError``) for an unknown sweep, and
    :class:`~simulator.model.errors.InputError` when the directory changed since the start.
    """
    info = store.get_sweep(sweep_id)
    points = [dict(r["params"]) for r in sorted(info.point_rows, key=lambda r: r["point"])]
    marker = _marker_of(info.point_rows)
    plan = plan_sweep(
        info.scenario_text or "",
        dict(info.axes),
        replications=info.replications,
        seed=info.base_seed,
        baseline=baseline if baseline is not None else baseline_of(info.point_rows),
        name=info.name,
        scenario_source=f"sweep {sweep_id}",
        source=f"sweep {sweep_id}",
        points=points,
        design=info.design,
        base_dir=scenario_dir or marker.get("scenario_dir") or Path.cwd(),
    )
    stored_hash = marker.get("directory_hash")
    # found here, before anything runs: a directory file missing (a resume from another
    # folder) is one line, not a failure in the middle of the run
    try:
        now_hash = directory_fingerprint(plan)
    except InputError as e:
        raise InputError([Problem(p.source, p.location, f"{p.message}, or give "
                                  "--scenario-dir, the folder of the sweep's scenario file")
                          for p in e.problems]) from None
    if stored_hash is not None and stored_hash != now_hash:
        raise InputError([Problem(
            f"sweep {sweep_id}", "directory",
            "the scenario's directory has changed since the sweep started, so its "
            "replications would mix two directories; restore the directory file, or "
            "start a new sweep",
        )])
    rows = stored_rows(store, sweep_id)
    done = {(r["point"], r["replication"]) for r in rows}
    return SweepResume(sweep_id, plan, done, rows, str(marker.get("engine", "simpy")))


def stored_rows(store: Store, sweep_id: int) -> list[Row]:
    """A sweep's stored replication rows, by point then replication."""
    return [_row(r) for r in store.replication_summaries(sweep_id)]


def stored_sweep_table(
    store: Store, sweep_id: int
) -> tuple[SweepInfo, list[dict[str, Any]], int]:
    """A stored sweep, its table (one dict per point, as
    :func:`~simulator.sweep.stats.point_table` gives, with ``replications_done``) computed
    from the stored replication rows, and its baseline.

    Works on a sweep still running or interrupted: each point counts what it has.
    """
    info = store.get_sweep(sweep_id)
    ordered = sorted(info.point_rows, key=lambda r: r["point"])
    baseline = baseline_of(ordered)
    table = point_table([dict(r["params"]) for r in ordered], stored_rows(store, sweep_id),
                        baseline)
    for entry, r in zip(table, ordered, strict=True):
        entry["replications_done"] = r["replications_done"]
    return info, table, baseline


def baseline_of(point_rows: Sequence[Mapping[str, Any]]) -> int:
    """The baseline point of a stored sweep's ``point_rows`` (0 if none is marked)."""
    for r in point_rows:
        if (r.get("aggregates") or {}).get("baseline"):
            return int(r["point"])
    return 0


def _row(r: Mapping[str, Any]) -> Row:
    """A replication row as sweeps keep it (the store's summary columns dropped)."""
    return {k: r[k] for k in _ROW_KEYS}


def _marker(plan: SweepPlan) -> dict[str, Any]:
    return {"baseline": True, "scenario_dir": plan.base_dir,
            "directory_hash": directory_fingerprint(plan)}


def _marker_of(point_rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    for r in point_rows:
        agg = r.get("aggregates") or {}
        if agg.get("baseline"):
            return {k: agg[k] for k in _MARKER_KEYS if k in agg}
    return {}

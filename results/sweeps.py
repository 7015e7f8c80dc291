"""Sweeps in the results store: record one as it runs, and rebuild its plan to resume it.

:class:`SweepRecorder` is the thin layer between :func:`simulator.sweep.run_sweep` and
:class:`results.store.Store`: it creates the sweep with its grid points, stores each batch
of replication rows as it arrives (idempotent), marks the sweep interrupted or stores the
point aggregates and finishes it. The baseline point is remembered by giving that point
the aggregate ``{"baseline": true, "scenario_dir": DIR}`` at creation (kept in its final
aggregates), so a resumed sweep measures differences against the same point and finds a
directory file named relative to the scenario.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from results.store import Store
from simulator.model.errors import InputError, Problem
from simulator.sweep.spec import SweepPlan, directory_fingerprint, plan_sweep


class SweepRecorder:
    """Stores one process's sweeps in a :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.display_url = store.display_url

    @classmethod
    def open(cls, url: str | None = None) -> SweepRecorder:
        return cls(Store(url))

    def start(self, plan: SweepPlan) -> int:
        """Create the sweep and its points; return its id."""
        sid = self.store.create_sweep(
            name=plan.name,
            scenario_text=plan.scenario_text,
            axes=plan.axes,
            replications=plan.replications,
            base_seed=plan.seed,
            points=plan.points,
            scenario=plan.scenario_name,
        )
        self.store.set_point_aggregates(sid, plan.baseline, _marker(plan))
        return sid

    def add(self, sweep_id: int, rows: Sequence[dict[str, Any]]) -> None:
        """Store replication rows (``point, replication, seed, metrics``) at once."""
        self.store.add_replication_summaries(
            sweep_id, [_row(r) for r in rows]
        )

    def resuming(self, sweep_id: int) -> None:
        """This process takes the sweep up again (it shows as running until done)."""
        self.store.claim_sweep(sweep_id)

    def interrupted(self, sweep_id: int) -> None:
        self.store.finish_sweep(sweep_id, status="interrupted")

    def finish(self, sweep_id: int, points: Sequence[dict[str, Any]]) -> None:
        """Store each point's aggregates (from ``sweep_json``) and mark the sweep completed."""
        info = self.store.get_sweep(sweep_id)
        baseline = _baseline_of(info.point_rows)
        for i, entry in enumerate(points):
            aggregates = {k: v for k, v in entry.items() if k != "params"}
            if i == baseline:
                aggregates.update(_marker_of(info.point_rows))
            self.store.set_point_aggregates(sweep_id, i, aggregates)
        self.store.finish_sweep(sweep_id)

    def load(
        self,
        sweep_id: int,
        *,
        baseline: int | None = None,
        scenario_dir: str | Path | None = None,
    ) -> tuple[SweepPlan, set[tuple[int, int]], list[dict[str, Any]]]:
        """The stored sweep's plan, the (point, replication) pairs done and their rows.

        ``scenario_dir`` is where a directory file named in the scenario is looked for
        (default: as stored, else the current directory).

        Raises :class:`results.db.NotFound` (a ``StoreError``) for an unknown sweep, and
        :class:`~simulator.model.errors.InputError` when the directory changed since the start.
        """
        info = self.store.get_sweep(sweep_id)
        points = [dict(r["params"]) for r in sorted(info.point_rows, key=lambda r: r["point"])]
        stored_baseline = _baseline_of(info.point_rows)
        where = scenario_dir or _marker_of(info.point_rows).get("scenario_dir") or Path.cwd()
        plan = plan_sweep(
            info.scenario_text or "",
            dict(info.axes),
            replications=info.replications,
            seed=info.base_seed,
            baseline=baseline if baseline is not None else stored_baseline,
            name=info.name,
            scenario_source=f"sweep {sweep_id}",
            source=f"sweep {sweep_id}",
            points=points,
            base_dir=where,
        )
        stored_hash = _marker_of(info.point_rows).get("directory_hash")
        if stored_hash is not None and stored_hash != directory_fingerprint(plan):
            raise InputError([Problem(
                f"sweep {sweep_id}", "directory",
                "the scenario's directory has changed since the sweep started, so its "
                "replications would mix two directories; restore the directory file, or "
                "start a new sweep",
            )])
        rows = stored_rows(self.store, sweep_id)
        done = {(r["point"], r["replication"]) for r in rows}
        return plan, done, rows


_MARKER_KEYS = ("baseline", "scenario_dir", "directory_hash")
_ROW_KEYS = ("point", "replication", "seed", "metrics")


def _row(r: dict[str, Any]) -> dict[str, Any]:
    """A replication row as sweeps keep it (the store's summary columns dropped)."""
    return {k: r[k] for k in _ROW_KEYS}


def stored_rows(store: Store, sweep_id: int) -> list[dict[str, Any]]:
    """A sweep's stored replication rows, by point then replication."""
    return [_row(r) for r in store.replication_summaries(sweep_id)]


def _marker(plan: SweepPlan) -> dict[str, Any]:
    return {"baseline": True, "scenario_dir": plan.base_dir,
            "directory_hash": directory_fingerprint(plan)}


def _marker_of(point_rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    for r in point_rows:
        agg = r.get("aggregates") or {}
        if agg.get("baseline"):
            return {k: agg[k] for k in _MARKER_KEYS if k in agg}
    return {}


def _baseline_of(point_rows: Sequence[dict[str, Any]]) -> int:
    for r in point_rows:
        if (r.get("aggregates") or {}).get("baseline"):
            return int(r["point"])
    return 0


def stored_sweep_table(store: Store, sweep_id: int) -> tuple[Any, list[dict[str, Any]], int]:
    """A stored sweep, its table (one dict per point, as :func:`point_table` gives, with
    ``replications_done``) computed from the stored replication rows, and its baseline.

    Works on a sweep still running or interrupted: each point counts what it has.
    """
    from simulator.sweep.stats import point_table

    info = store.get_sweep(sweep_id)
    ordered = sorted(info.point_rows, key=lambda r: r["point"])
    rows = stored_rows(store, sweep_id)
    baseline = _baseline_of(ordered)
    table = point_table([dict(r["params"]) for r in ordered], rows, baseline)
    for entry, r in zip(table, ordered, strict=True):
        entry["replications_done"] = r["replications_done"]
    return info, table, baseline


def short_labels(paths: Sequence[str]) -> dict[str, str]:
    """The shortest dotted suffix of each axis path that no other path ends with."""
    out = {}
    for path in paths:
        parts = path.split(".")
        label = path
        for n in range(1, len(parts) + 1):
            label = ".".join(parts[-n:])
            if not any(o != path and (o == label or o.endswith("." + label)) for o in paths):
                break
        out[path] = label
    return out


def _around(mean: float, lo: float, hi: float, sign: str = "") -> str:
    """``86.6 ±1.5`` for a symmetric interval; ``97.5 (94.0 to 100.0)`` for one clipped at
    a bound (percent or percentage points)."""
    m, a, b = mean * 100, lo * 100, hi * 100
    if abs((m - a) - (b - m)) < 0.05:
        return f"{m:{sign}.1f} ±{(b - a) / 2:.1f}"
    return f"{m:{sign}.1f} ({a:{sign}.1f} to {b:{sign}.1f})"


def format_rate(rate: float | None, ci: Sequence[float | None] | None) -> str:
    """``86.6 ±1.5`` (percent; the 95% t-interval), or ``97.5 (94.0 to 100.0)`` when the
    interval is clipped at 0 or 100%; just the rate without an interval (one replication)."""
    if rate is None:
        return "-"
    if not ci or ci[0] is None or ci[1] is None:
        return f"{rate * 100:.1f}"
    return _around(rate, ci[0], ci[1])


def format_diff(d: Sequence[float | None] | None) -> str:
    """A paired difference ``[mean, lo, hi]`` in percentage points: ``+3.2 ±1.1``."""
    if not d or d[0] is None:
        return "-"
    lo, hi = d[1], d[2]
    if lo is None or hi is None:
        return f"{d[0] * 100:+.1f}"
    return _around(d[0], lo, hi, "+")


def format_value(v: Any) -> str:
    """An axis value as a table cell (strings bare, the rest as compact JSON)."""
    import json

    if isinstance(v, str):
        return v
    return json.dumps(v, default=str).replace('"', "")

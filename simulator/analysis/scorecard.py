"""A tabletop in its own terms: a scorecard per expectation and participant.

Each expectation of each participant is *met* (done by its due time), *late* (done after
it), *missed* (its due time passed undone) or *open* (its inject never fired, or it is
not yet due). Injects are listed with the share of replications they fired in and when
(median hours). The time to first response is measured from each inject's firing: for
every inject that fired, the time from its firing to the first action done on an
expectation it set (rows stored before the inject was kept with each expectation have
none). Over many replications each cell counts replications. No check rates: a tabletop
measures actions against expectations, not acknowledgements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from simulator.analysis.pooled import TimeCounts
from simulator.model.outcome import RunResult

SCORES = ("met", "late", "missed", "open")
STATUSES = ("met", "late", "missed", "not_fired")


def score_of(status: str) -> str:
    """A stored expectation status as a scorecard cell (``not_fired`` is ``open``)."""
    return status if status in ("met", "late", "missed") else "open"


def _per_rep(v: int, n: int) -> float | int:
    return v if n == 1 else round(v / n, 2)


def _counts(cells: list[dict[str, int]], n: int) -> dict[str, Any]:
    raw = {s: sum(c[s] for c in cells) for s in STATUSES}
    fired = raw["met"] + raw["late"] + raw["missed"]
    out: dict[str, Any] = {s: _per_rep(v, n) for s, v in raw.items()}
    out["met_rate"] = round(raw["met"] / fired, 4) if fired else None
    return out


class Scorecard:
    """Counts per (expectation, participant) and inject firing times, replication by
    replication (rows as :func:`~simulator.analysis.replication.replication_row` keeps them)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, str], dict[str, int]] = {}
        self.injects: dict[str, TimeCounts] = {}
        self.first_response = TimeCounts()
        self.reps = 0

    def add(
        self, injects: Mapping[str, float | None], expectations: Sequence[Sequence[Any]]
    ) -> None:
        """One replication: when each inject fired, ``[id, participant, status, done_at,
        inject]`` per expectation."""
        self.reps += 1
        for iid, t in injects.items():
            if t is not None:
                self.injects.setdefault(iid, TimeCounts()).add(t, t)
        first: dict[str, float] = {}
        for eid, who, status, done_at, *inject in expectations:
            cell = self.cells.setdefault((str(eid), str(who)), dict.fromkeys(STATUSES, 0))
            cell[status if status in STATUSES else "not_fired"] += 1
            fired = injects.get(str(inject[0])) if inject else None
            if done_at is not None and fired is not None:
                took = max(0.0, float(done_at) - float(fired))
                first[str(inject[0])] = min(took, first.get(str(inject[0]), took))
        for took in first.values():
            self.first_response.add(took, took)

    def add_result(self, result: RunResult) -> None:
        from simulator.analysis.tabletop import fired_at

        self.add(fired_at(result), [[x.id, x.participant, x.status, x.done_at, x.inject]
                                    for x in result.expectations])

    def summary(self, reps: int | None = None) -> dict[str, Any]:
        """Totals (per replication: exact for one, the mean for many) with ``met_rate``
        (met of those whose inject fired), ``by_expectation``, the ``scorecard`` (one row
        per expectation and participant: met, late, missed, open), ``injects_fired`` (share
        of replications, median hour) and ``median_hours_to_first_response`` (from each
        inject's firing to the first action on it, over injects and replications)."""
        n = reps or self.reps or 1
        cells = list(self.cells.values())
        out: dict[str, Any] = {"replications": n, "total": _per_rep(sum(map(sum, (
            c.values() for c in cells))), n)}
        out.update(_counts(cells, n))
        by_exp: dict[str, list[tuple[str, dict[str, int]]]] = {}
        for (e, p), c in self.cells.items():
            by_exp.setdefault(e, []).append((p, c))
        out["by_expectation"] = {
            e: {"participants": sorted(p for p, _ in rows), **_counts([c for _, c in rows], n)}
            for e, rows in by_exp.items()
        }
        out["scorecard"] = [
            {"expectation": e, "participant": p, "met": c["met"], "late": c["late"],
             "missed": c["missed"], "open": c["not_fired"]}
            for (e, p), c in self.cells.items()
        ]
        out["injects_fired"] = {
            iid: {"share": round(sum(tc.events.values()) / n, 4),
                  "median_at_hours": tc.quantile_until(0.5, float("inf"))}
            for iid, tc in self.injects.items()
        }
        out["median_hours_to_first_response"] = self.first_response.quantile_until(
            0.5, float("inf"))
        return out

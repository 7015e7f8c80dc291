"""A study's figures, from its replication rows, in memory that does not grow with N.

:class:`StudyAggregate` takes the study's frame (:func:`~simulator.analysis.replication.
frame_of`) and each replication row in turn (:func:`~simulator.analysis.replication.
replication_row`, or the same row read back from the store) and gives the study summary:
the keys of ``pocdrill run --json`` for one run (rates, counts per replication, groups)
and what only many replications can say:

* rates pooled over participant-replications with a cluster-aware Wilson 95% interval
  (:mod:`~simulator.analysis.intervals`: it keeps its coverage near 0% and 100%);
* ``km_median_hours_to_ack`` (and ``_to_complete``): the Kaplan–Meier median of the
  pooled times, censored at the observation end: the headline median; the medians of
  ``median_hours_to_ack`` and ``p90_hours_to_ack`` count only those who answered in time;
* ``km_ack_curve``: the pooled cumulative share acknowledged ``[t, share, lower,
  upper]`` every hour, with its Greenwood (log-log) band;
* ``ack_rate_distribution``: quantiles of the per-replication rates;
* ``by_participant``: each participant's probability of acknowledging (completing) in time;
* for a tabletop, ``expectations``: the scorecard of :mod:`~simulator.analysis.scorecard`
  (a tabletop has no check: its check rates are there but no face shows them).

Times are pooled at :data:`~simulator.analysis.pooled.TIME_BIN` hours (36 s).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from simulator.analysis.pooled import RateSums, TimeCounts, binned, km_curve

COUNTS = ("late_acks", "never_acknowledged", "bounced_contacts", "stale_contacts",
          "reminders_sent")


class _Block:
    """Rates and times of a set of participants."""

    def __init__(self) -> None:
        self.ack = RateSums()
        self.done = RateSums()
        self.ack_times = TimeCounts()
        self.done_times = TimeCounts()

    def add(self, acks: list[float | None], dones: list[float | None], d: float, h: float,
            keys: tuple[list[float | None], list[float | None]]) -> None:
        """One replication: the raw times (for the rates) and the same times binned."""
        n = len(acks)
        self.ack.add(sum(1 for t in acks if t is not None and t <= d), n)
        self.done.add(sum(1 for t in dones if t is not None and t <= d), n)
        self.ack_times.add_binned(keys[0], h)
        self.done_times.add_binned(keys[1], h)

    def figures(self, participants: int, deadline: float, many: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "participants": participants,
            "ack_rate": _r(self.ack.rate),
            "completion_rate": _r(self.done.rate),
            "km_median_hours_to_ack": _r(self.ack_times.km_median()),
            "median_hours_to_ack": _r(self.ack_times.median_until(deadline)),
            "p90_hours_to_ack": _r(self.ack_times.quantile_until(0.9, deadline)),
            "km_median_hours_to_complete": _r(self.done_times.km_median()),
            "median_hours_to_complete": _r(self.done_times.median_until(deadline)),
        }
        if many:
            out["ack_rate_ci95"] = self.ack.interval()
            out["completion_rate_ci95"] = self.done.interval()
        return out


class StudyAggregate:
    """Feed it replication rows (:meth:`add`); read the study summary (:meth:`summary`)."""

    def __init__(self, frame: Mapping[str, Any], header: Mapping[str, Any]) -> None:
        self.frame = dict(frame)
        self.header = dict(header)
        self.codes: list[str] = list(frame["codes"])
        self.groups: list[str] = list(frame["groups"])
        self.group_names = list(dict.fromkeys(self.groups))
        self.members = {g: [i for i, x in enumerate(self.groups) if x == g]
                        for g in self.group_names}
        self.reps = 0
        self.all = _Block()
        self.by_group = {g: _Block() for g in self.group_names}
        self.counts: Counter[str] = Counter()
        self.rates: Counter[float] = Counter()
        self.p_ack = [0] * len(self.codes)
        self.p_done = [0] * len(self.codes)
        from simulator.analysis.scorecard import Scorecard

        self.scorecard = Scorecard() if frame.get("kind") == "tabletop" else None

    def add(self, metrics: Mapping[str, Any]) -> None:
        """One replication's metrics (a row's ``metrics``)."""
        d = float(self.frame["deadline_hours"])
        h = float(metrics.get("horizon_hours") or self.frame["horizon_hours"])
        acks: list[float | None] = list(metrics["ack_at"])
        dones: list[float | None] = list(metrics["completed_at"])
        self.reps += 1
        ka = [binned(t, h) for t in acks]
        kd = [binned(t, h) for t in dones]
        self.all.add(acks, dones, d, h, (ka, kd))
        for g, idx in self.members.items():
            self.by_group[g].add([acks[i] for i in idx], [dones[i] for i in idx], d, h,
                                 ([ka[i] for i in idx], [kd[i] for i in idx]))
        for i, (a, c) in enumerate(zip(acks, dones, strict=True)):
            self.p_ack[i] += a is not None and a <= d
            self.p_done[i] += c is not None and c <= d
        for k in COUNTS:
            self.counts[k] += metrics.get(k) or 0
        self.rates[round(float(metrics.get("ack_rate") or 0.0), 4)] += 1
        if self.scorecard is not None:
            self.scorecard.add(metrics.get("injects") or {}, metrics.get("expectations") or [])

    def add_all(self, rows: Iterable[Mapping[str, Any]]) -> StudyAggregate:
        for r in rows:
            self.add(r["metrics"])
        return self

    def summary(self) -> dict[str, Any]:
        """The study summary (see the module docstring); ValueError with no replication."""
        if not self.reps:
            raise ValueError("no replications to summarize")
        d = float(self.frame["deadline_hours"])
        many = self.reps > 1
        out: dict[str, Any] = {
            **self.header,
            "kind": self.frame.get("kind", "check"),
            "replications": self.reps,
            "level": self.frame.get("level"),
            "start": self.frame.get("start"),
            "deadline_hours": d,
            "horizon_hours": self.frame["horizon_hours"],
        }
        out.update(self.all.figures(len(self.codes), d, many))
        for k in COUNTS:
            out[k] = round(self.counts[k] / self.reps, 2)
        out["by_group"] = {
            g: self.by_group[g].figures(self.groups.count(g), d, many) for g in self.group_names
        }
        out["by_participant"] = {
            c: {"group": g, "p_ack_in_time": _r(a / self.reps),
                "p_complete_in_time": _r(b / self.reps)}
            for c, g, a, b in zip(self.codes, self.groups, self.p_ack, self.p_done, strict=True)
        }
        out["ack_rate_distribution"] = _distribution(self.rates)
        out["km_ack_curve"] = km_curve(self.all.ack_times.km(), float(self.frame["horizon_hours"]))
        if self.scorecard is not None:
            out["expectations"] = self.scorecard.summary(self.reps)
        return out


def _distribution(values: Counter[float]) -> dict[str, float]:
    """Quantiles of per-replication values (linear interpolation)."""
    from simulator.analysis.pooled import nth_time

    keys = sorted(values)
    n = sum(values.values())
    out = {}
    for name, q in (("min", 0.0), ("p05", 0.05), ("p25", 0.25), ("median", 0.5),
                    ("p75", 0.75), ("p95", 0.95), ("max", 1.0)):
        pos = q * (n - 1)
        i = math.floor(pos)
        lo, hi = nth_time(keys, values, i), nth_time(keys, values, min(i + 1, n - 1))
        out[name] = round(lo + (hi - lo) * (pos - i), 4)
    return out


def _r(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(x, 4)

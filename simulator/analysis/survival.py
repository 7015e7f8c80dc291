"""Time to acknowledge as survival data: the Kaplan–Meier estimator with a Greenwood band.

A participant that never acknowledged within the observation window is *censored* at the
horizon: we know only that it had not answered by then. Kaplan–Meier turns such data into
``S(t)``, the share still silent at ``t``; ``1 - S(t)`` is the cumulative share that had
acknowledged, which stays honest when runs have different horizons or late answers.

Conventions (the standard ones, as in R's ``survival`` and ``lifelines``):

* Ties: all events at a time are counted together, ``S(t) = S(t-) * (1 - d/n)``; a
  participant censored at the same time as an event is still *at risk* at that time
  (events happen before censoring).
* Greenwood variance: ``Var S(t) = S(t)^2 * sum_{t_i <= t} d_i / (n_i (n_i - d_i))``.
* 95% band: the log-log (Kalbfleisch–Prentice) transform, which stays inside [0, 1]:
  ``theta = log(-log S)``, ``se_theta = sqrt(sum d/(n(n-d))) / |log S|``, bounds
  ``S ** exp(+-1.96 se_theta)``. Where ``S = 1`` the band is the point 1; where ``S = 0``
  (everyone at risk had an event) it is the point 0. ``band="plain"`` gives
  ``S +- 1.96 sqrt(Var)`` clipped to [0, 1] instead.
* Median: the smallest event time with ``S(t) <= 0.5``; None when the curve never gets
  there (fewer than half acknowledged within the window).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from simulator.model.outcome import RunResult

Z975 = 1.959963984540054
"""The 97.5% quantile of the standard normal."""


@dataclass(frozen=True)
class KMStep:
    """The estimate just after time ``t`` (one row per distinct event time)."""

    t: float
    at_risk: int
    events: int
    censored: int  # censored at exactly t (still counted at risk at t)
    survival: float
    greenwood: float  # the running sum of d / (n (n - d))
    lower: float  # 95% band for S(t)
    upper: float


def _check(times: Sequence[float], observed: Sequence[bool]) -> None:
    if len(times) != len(observed):
        raise ValueError(f"{len(times)} times but {len(observed)} observed flags")
    for t in times:
        if t < 0 or math.isnan(t):
            raise ValueError(f"time {t!r} is negative or not a number")


def _band(s: float, gw: float, band: str) -> tuple[float, float]:
    if s >= 1.0:
        return 1.0, 1.0
    if s <= 0.0 or math.isinf(gw):
        return 0.0, 0.0
    if band == "plain":
        half = Z975 * s * math.sqrt(gw)
        return max(0.0, s - half), min(1.0, s + half)
    se_theta = math.sqrt(gw) / abs(math.log(s))
    k = math.exp(Z975 * se_theta)
    return s**k, s ** (1.0 / k)


def km_table(
    times: Sequence[float],
    observed: Sequence[bool],
    *,
    band: Literal["loglog", "plain"] = "loglog",
) -> list[KMStep]:
    """The Kaplan–Meier table: one :class:`KMStep` per distinct event time, ascending.

    ``times[i]`` is when participant ``i`` acknowledged (``observed[i]`` True) or was
    last seen silent (``observed[i]`` False: censored).
    """
    _check(times, observed)
    deaths: dict[float, int] = {}
    cens: dict[float, int] = {}
    for t, o in zip(times, observed, strict=True):
        bucket = deaths if o else cens
        bucket[t] = bucket.get(t, 0) + 1
    return km_table_counts(deaths, cens, band=band)


def km_table_counts(
    deaths: Mapping[float, int],
    censored: Mapping[float, int],
    *,
    band: Literal["loglog", "plain"] = "loglog",
) -> list[KMStep]:
    """:func:`km_table` from counts: ``deaths[t]`` subjects acknowledged at ``t``,
    ``censored[t]`` last seen silent at ``t`` (a study pools its replications this way,
    in memory that does not grow with the number of replications)."""
    if band not in ("loglog", "plain"):
        raise ValueError(f"band must be loglog or plain, not {band!r}")
    n = sum(deaths.values()) + sum(censored.values())
    s, gw = 1.0, 0.0
    steps: list[KMStep] = []
    for t in sorted(set(deaths) | set(censored)):
        d, c = deaths.get(t, 0), censored.get(t, 0)
        if d:
            s *= 1.0 - d / n
            gw = gw + d / (n * (n - d)) if n > d else math.inf
            lo, hi = _band(s, gw, band)
            steps.append(KMStep(t, n, d, c, s, gw, lo, hi))
        n -= d + c
    return steps


def km_median_of(steps: Sequence[KMStep]) -> float | None:
    """The median of a KM table: the first event time with ``S(t) <= 0.5``, or None."""
    for k in steps:
        if k.survival <= 0.5 + 1e-12:
            return k.t
    return None


def kaplan_meier(times: Sequence[float], observed: Sequence[bool]) -> list[tuple[float, float]]:
    """The KM step function ``[(0, 1), (t1, S(t1)), ...]`` at each distinct event time:
    ``S`` holds its value from ``t_i`` (included) until the next step."""
    return [(0.0, 1.0)] + [(k.t, k.survival) for k in km_table(times, observed)]


def km_cumulative_share(
    times: Sequence[float], observed: Sequence[bool]
) -> list[tuple[float, float]]:
    """``1 - S(t)``: the estimated cumulative share that had acknowledged by ``t``."""
    return [(t, 1.0 - s) for t, s in kaplan_meier(times, observed)]


def km_cumulative_band(
    times: Sequence[float],
    observed: Sequence[bool],
    *,
    band: Literal["loglog", "plain"] = "loglog",
) -> list[tuple[float, float, float, float]]:
    """``[(t, share, lower, upper), ...]`` for the cumulative share ``1 - S`` with its
    Greenwood 95% band (``lower = 1 - upper_S``), starting at ``(0, 0, 0, 0)``."""
    out = [(0.0, 0.0, 0.0, 0.0)]
    for k in km_table(times, observed, band=band):
        out.append((k.t, 1.0 - k.survival, 1.0 - k.upper, 1.0 - k.lower))
    return out


def km_median(times: Sequence[float], observed: Sequence[bool]) -> float | None:
    """The KM median: the first event time with ``S(t) <= 0.5``, or None."""
    return km_median_of(km_table(times, observed))


def step_value(curve: Sequence[tuple[float, float]], t: float) -> float:
    """The value of a right-continuous step function ``[(t0, v0), (t1, v1), ...]`` at ``t``
    (``v0`` before ``t0``)."""
    value = curve[0][1]
    for ti, vi in curve:
        if ti <= t:
            value = vi
        else:
            break
    return value


def time_to(
    result: RunResult, what: Literal["ack", "completed"] = "ack", codes: Iterable[str] | None = None
) -> tuple[list[float], list[bool]]:
    """Survival data for ``result``: per participant the time of its first acknowledgement
    (or completion), or the horizon, censored, if none was seen by then."""
    keep = None if codes is None else set(codes)
    times: list[float] = []
    observed: list[bool] = []
    for p in result.participants:
        if keep is not None and p.code not in keep:
            continue
        t = p.ack_at if what == "ack" else p.completed_at
        if t is not None and t <= result.horizon_hours:
            times.append(t)
            observed.append(True)
        else:
            times.append(result.horizon_hours)
            observed.append(False)
    return times, observed


def pooled_time_to(
    results: Sequence[RunResult], what: Literal["ack", "completed"] = "ack"
) -> tuple[list[float], list[bool]]:
    """Survival data pooled over replications (each participant-replication one subject)."""
    times: list[float] = []
    observed: list[bool] = []
    for r in results:
        t, o = time_to(r, what)
        times += t
        observed += o
    return times, observed


def share_by(
    result: RunResult, what: Literal["ack", "completed"], grid: Sequence[float]
) -> list[float]:
    """The observed share of ``result``'s participants that had acknowledged (completed) by
    each time in ``grid`` (no censoring issue within one run's horizon)."""
    n = len(result.participants)
    if n == 0:
        return [math.nan for _ in grid]
    ts = sorted(
        t
        for p in result.participants
        if (t := (p.ack_at if what == "ack" else p.completed_at)) is not None
    )
    out = []
    i = 0
    for g in grid:
        while i < len(ts) and ts[i] <= g:
            i += 1
        out.append(i / n)
    return out


def replication_band(
    results: Sequence[RunResult],
    what: Literal["ack", "completed"],
    grid: Sequence[float],
    *,
    lower_q: float = 0.025,
    upper_q: float = 0.975,
) -> tuple[list[float], list[float], list[float]]:
    """Pointwise median and ``lower_q``/``upper_q`` percentiles (linear interpolation)
    across replications of the cumulative share at each ``grid`` time."""
    from simulator.analysis.metrics import quantile

    per_rep = [share_by(r, what, grid) for r in results]
    med, lo, hi = [], [], []
    for j in range(len(grid)):
        col = [row[j] for row in per_rep if not math.isnan(row[j])]
        med.append(quantile(col, 0.5) if col else math.nan)
        lo.append(quantile(col, lower_q) if col else math.nan)
        hi.append(quantile(col, upper_q) if col else math.nan)
    return med, lo, hi  # type: ignore[return-value]

"""Intervals for rates that keep their coverage near 0% and 100%.

A rate here is a share of participants (acknowledged in time, completed in time), observed
in one replication or pooled over many. Student's t on the replications' rates collapses
to the point ``[1, 1]`` when every replication reads 100%, though the true rate may be
99.9%; these intervals do not:

* :func:`wilson`: the Wilson score interval for ``x`` successes in ``n`` independent
  trials (never a point unless ``n`` is 0);
* :func:`cluster_wilson`: the same for trials that come in clusters (participants within
  a replication), with the sample size shrunk by the design effect measured between the
  clusters (``deff = max(1, var_between / var_binomial)``), so replications that differ
  more than chance allows widen the interval, and identical ones never narrow it below
  Wilson's;
* :func:`replication_rate_interval`: the same from each replication's rate and size (a
  sweep point's stored rows), None from fewer than two replications.

Studies and sweep points use the same interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Z975 = 1.959963984540054
"""The 97.5% quantile of the standard normal."""


def wilson(x: float, n: float, z: float = Z975) -> tuple[float, float]:
    """The Wilson score interval for ``x`` successes in ``n`` trials (NaNs for no trial)."""
    if n <= 0:
        return (math.nan, math.nan)
    p = min(1.0, max(0.0, x / n))
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def design_effect(successes: Sequence[float], sizes: Sequence[float]) -> float:
    """The variance of the pooled rate between clusters over the binomial variance (at
    least 1; 1 when it cannot be measured: fewer than two clusters, or a rate of 0 or 1)."""
    k = len(sizes)
    total = sum(sizes)
    if k < 2 or total <= 0:
        return 1.0
    p = sum(successes) / total
    if p <= 0.0 or p >= 1.0:
        return 1.0
    mean_size = total / k
    between = sum((x - p * m) ** 2 for x, m in zip(successes, sizes, strict=True))
    var_cluster = between / (k * (k - 1) * mean_size**2)
    var_binomial = p * (1 - p) / total
    return max(1.0, var_cluster / var_binomial)


def cluster_wilson(
    successes: Sequence[float], sizes: Sequence[float], z: float = Z975
) -> tuple[float, float]:
    """A 95% interval for the pooled rate ``sum(successes) / sum(sizes)`` of clustered
    trials: Wilson's on the effective sample size ``sum(sizes) / design_effect``."""
    total = sum(sizes)
    if total <= 0:
        return (math.nan, math.nan)
    deff = design_effect(successes, sizes)
    p = sum(successes) / total
    n_eff = total / deff
    return wilson(p * n_eff, n_eff, z)


def rate_interval(
    successes: Sequence[float], sizes: Sequence[float], digits: int = 4
) -> list[float] | None:
    """:func:`cluster_wilson` rounded to ``digits``; None without trials."""
    if sum(sizes) <= 0:
        return None
    return [round(v, digits) for v in cluster_wilson(successes, sizes)]


def replication_rate_interval(
    rates: Sequence[float], sizes: Sequence[float], digits: int = 4
) -> list[float] | None:
    """:func:`rate_interval` of replications given as their rates ``rates`` of ``sizes``
    trials each (the successes are ``rate * size``); None from fewer than two."""
    if len(rates) < 2:
        return None
    return rate_interval([r * m for r, m in zip(rates, sizes, strict=True)], sizes, digits)

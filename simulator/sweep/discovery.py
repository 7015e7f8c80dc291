"""Scenario discovery: which parameter ranges lead to a low acknowledgement share.

A small, transparent version of PRIM (Friedman and Fisher's Patient Rule Induction
Method, 1999), the box-finding step scenario discovery uses:

1. Points whose output (the mean acknowledgement share over replications) is below the
   threshold are *cases of interest*.
2. Start from the box holding every point. Repeatedly *peel*: for each parameter, try
   removing the :data:`PEEL` share of the box's points with the lowest values, and the
   share with the highest; keep the one peel that raises the box's density (the share of
   its points that are cases) most. Stop when no peel raises the density, the density is
   1, or the box would hold fewer than :data:`MIN_SUPPORT` of all points.
3. *Simplify*: drop each restriction that, taken away, leaves the density as high
   (within :data:`SLACK`), so the rule names only parameters that matter.

The result is a :class:`Box`: one bound or two per parameter it restricts, with its
*coverage* (the share of all cases inside the box) and *density* (the share of the box's
points that are cases), read as "ack share < 0.7 when reminder_hours > 30 and
stale_share > 0.2 (coverage 80%, density 90%)". Bounds are the values of the points at
the box's edge, so a rule never claims more than the points show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PEEL = 0.05
MIN_SUPPORT = 0.05
SLACK = 0.005


@dataclass(frozen=True)
class Box:
    """A rule: ``bounds[path] = (low or None, high or None)`` for the parameters it
    restricts; the points inside are those with ``low <= x <= high`` on each."""

    bounds: dict[str, tuple[float | None, float | None]]
    coverage: float
    density: float
    inside: int
    cases: int
    points: int

    def to_json(self) -> dict[str, object]:
        return {"bounds": {k: list(v) for k, v in self.bounds.items()},
                "coverage": self.coverage, "density": self.density, "inside": self.inside,
                "cases": self.cases, "points": self.points}


def find_box(
    xs: Sequence[dict[str, float]],
    is_case: Sequence[bool],
    *,
    peel: float = PEEL,
    min_support: float = MIN_SUPPORT,
) -> Box | None:
    """The PRIM box of the cases among points ``xs`` (None when there is no case)."""
    n = len(xs)
    cases = sum(bool(c) for c in is_case)
    if not n or not cases:
        return None
    names = list(xs[0])
    inside = list(range(n))
    limits: dict[str, tuple[float | None, float | None]] = {}
    while True:
        best = _best_peel(xs, is_case, inside, names, peel, max(1, int(min_support * n)))
        if best is None or _density(is_case, best[1]) <= _density(is_case, inside):
            break
        (name, side, cut), inside = best[0], best[1]
        lo, hi = limits.get(name, (None, None))
        limits[name] = (cut, hi) if side == "low" else (lo, cut)
        if _density(is_case, inside) >= 1.0:
            break
    limits = _simplify(xs, is_case, limits)
    return _box(xs, is_case, limits, cases)


def _best_peel(
    xs: Sequence[dict[str, float]],
    is_case: Sequence[bool],
    inside: list[int],
    names: list[str],
    peel: float,
    min_count: int,
) -> tuple[tuple[str, str, float], list[int]] | None:
    k = max(1, int(round(peel * len(inside))))
    best: tuple[tuple[str, str, float], list[int]] | None = None
    best_key = (-1.0, 0)
    for name in names:
        vals = sorted(xs[i][name] for i in inside)
        for side in ("low", "high"):
            # remove the k lowest (highest) values and every point tied with them
            edge = vals[k - 1] if side == "low" else vals[-k]
            kept = [i for i in inside
                    if (xs[i][name] > edge if side == "low" else xs[i][name] < edge)]
            if len(kept) < min_count or not kept:
                continue
            kept_vals = [xs[i][name] for i in kept]
            cut = min(kept_vals) if side == "low" else max(kept_vals)
            key = (_density(is_case, kept), len(kept))
            if key > best_key:
                best_key, best = key, ((name, side, cut), kept)
    return best


def _simplify(
    xs: Sequence[dict[str, float]],
    is_case: Sequence[bool],
    limits: dict[str, tuple[float | None, float | None]],
) -> dict[str, tuple[float | None, float | None]]:
    """Drop bounds that do not raise the density, one at a time, the bound whose removal
    leaves the highest density first."""
    limits = dict(limits)
    while True:
        full = _density(is_case, _members(xs, limits))
        options = [_without(limits, name, side) for name, (lo, hi) in limits.items()
                   for side, v in (("low", lo), ("high", hi)) if v is not None]
        scored = [(_density(is_case, _members(xs, o)), o) for o in options]
        scored = [s for s in scored if s[0] >= full - SLACK]
        if not scored:
            return limits
        limits = max(scored, key=lambda s: s[0])[1]


def _without(
    limits: dict[str, tuple[float | None, float | None]], name: str, side: str
) -> dict[str, tuple[float | None, float | None]]:
    lo, hi = limits[name]
    lo, hi = (None, hi) if side == "low" else (lo, None)
    out = {k: v for k, v in limits.items() if k != name}
    if lo is not None or hi is not None:
        out[name] = (lo, hi)
    return out


def _members(
    xs: Sequence[dict[str, float]], limits: dict[str, tuple[float | None, float | None]]
) -> list[int]:
    return [i for i, x in enumerate(xs)
            if all((lo is None or x[k] >= lo) and (hi is None or x[k] <= hi)
                   for k, (lo, hi) in limits.items())]


def _density(is_case: Sequence[bool], members: Sequence[int]) -> float:
    return sum(bool(is_case[i]) for i in members) / len(members) if members else 0.0


def _box(
    xs: Sequence[dict[str, float]],
    is_case: Sequence[bool],
    limits: dict[str, tuple[float | None, float | None]],
    cases: int,
) -> Box:
    members = _members(xs, limits)
    hit = sum(bool(is_case[i]) for i in members)
    return Box(limits, coverage=hit / cases, density=_density(is_case, members),
               inside=len(members), cases=cases, points=len(xs))


def rule_text(box: Box, threshold: float, labels: dict[str, str] | None = None) -> str:
    """``ack share < 0.7 when reminders > 30 and stale_share <= 0.2 (coverage 80%,
    density 90%, 12 of 64 points)``; without restrictions: everywhere."""
    labels = labels or {}
    parts = []
    for name, (lo, hi) in box.bounds.items():
        label = labels.get(name, name)
        if lo is not None and hi is not None:
            parts.append(f"{_g(lo)} <= {label} <= {_g(hi)}")
        elif lo is not None:
            parts.append(f"{label} >= {_g(lo)}")
        elif hi is not None:
            parts.append(f"{label} <= {_g(hi)}")
    where = " and ".join(parts) if parts else "anywhere in the ranges"
    return (f"ack share < {threshold:g} when {where} (coverage {box.coverage:.0%}, density "
            f"{box.density:.0%}, {box.inside} of {box.points} points)")


def _g(v: float) -> str:
    return f"{v:.3g}"

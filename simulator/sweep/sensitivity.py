"""Sensitivity indices of a sampled sweep, computed once here for every face.

:func:`sensitivity_indices` takes a design (:class:`~simulator.sweep.sampling.SampleDesign`),
its points' parameter values and one output per point (the mean acknowledgement share
over the point's replications) and returns one :class:`ParameterIndex` per parameter:

- ``sobol``: first-order ``S1`` and total ``ST`` Sobol' indices (``SALib.analyze.sobol``,
  Saltelli/Jansen estimators, bootstrap 95% intervals);
- ``morris``: ``mu_star`` (mean absolute elementary effect, with a bootstrap 95%
  interval) and ``sigma`` (their spread: interactions or non-linearity), from
  ``SALib.analyze.morris``, in the output's units per parameter range;
- ``lhs``: the first-order index ``S1`` by RBD-FAST (``SALib.analyze.rbd_fast``, which
  works on a Latin hypercube; :data:`RBD_HARMONICS` harmonics), with a bootstrap 95%
  interval. (SALib's ``delta`` method would add a moment-independent measure but takes
  minutes on a few hundred points.)

An interval is the estimate plus or minus SALib's ``*_conf`` half-width. Bootstrap
resampling is seeded by the design's seed, so the same sweep gives the same intervals.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.sweep.sampling import MORRIS_LEVELS, SampleDesign

RESAMPLES = 200
"""Bootstrap resamples behind each interval."""
MEASURES = {
    "sobol": ("S1", "ST"),
    "morris": ("mu_star", "sigma"),
    "lhs": ("S1",),
}
"""The measures each method gives."""
RBD_HARMONICS = 4
"""RBD-FAST's interference factor M: 4 keeps small Latin hypercubes (30 points) usable."""


@dataclass(frozen=True)
class Estimate:
    """An index and its 95% interval (None where the method gives none, e.g. sigma)."""

    value: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class ParameterIndex:
    """One parameter's measures, e.g. ``{"S1": Estimate, "ST": Estimate}``."""

    parameter: str
    measures: dict[str, Estimate]

    def to_json(self) -> dict[str, object]:
        return {
            "parameter": self.parameter,
            **{k: {"value": e.value, "ci95": None if e.low is None else [e.low, e.high]}
               for k, e in self.measures.items()},
        }


def ranking_measure(method: str) -> str:
    """The measure parameters are ranked by (ST, mu*, S1)."""
    return {"sobol": "ST", "morris": "mu_star", "lhs": "S1"}[method]


def sensitivity_indices(
    design: SampleDesign, xs: Sequence[Sequence[float]], ys: Sequence[float]
) -> list[ParameterIndex]:
    """The design's indices from its points ``xs`` (in design order, columns as
    ``design.names``) and one output each; ranked by :func:`ranking_measure`, largest
    first. A ``ValueError`` if the outputs are not one finite number per design point."""
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    if len(y) != design.size or x.shape != (design.size, len(design.names)):
        raise ValueError(f"a {design.method} design of N={design.n} has {design.size} points; "
                         f"got {len(y)} outputs")
    if not np.all(np.isfinite(y)):
        raise ValueError("every point needs a finite output")
    raw = _analyse(design, x, y)
    out = []
    for i, name in enumerate(design.names):
        measures = {}
        for key in MEASURES[design.method]:
            v = _f(raw[key][i])
            conf = raw.get(f"{key}_conf")
            half = None if conf is None else _f(conf[i])
            lo = None if half is None or math.isnan(half) else v - half
            hi = None if half is None or math.isnan(half) else v + half
            measures[key] = Estimate(v, lo, hi)
        out.append(ParameterIndex(name, measures))
    rank = ranking_measure(design.method)
    return sorted(out, key=lambda p: -abs(p.measures[rank].value))


def _analyse(design: SampleDesign, x: object, y: object) -> dict[str, Any]:
    problem = design.problem()
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")  # SALib warns about constant outputs and small N
        if design.method == "sobol":
            from SALib.analyze import sobol

            return dict(sobol.analyze(problem, y, calc_second_order=False,
                                      num_resamples=RESAMPLES, seed=design.seed))
        if design.method == "morris":
            from SALib.analyze import morris

            return dict(morris.analyze(problem, x, y, num_resamples=RESAMPLES,
                                       num_levels=MORRIS_LEVELS, seed=design.seed))
        from SALib.analyze import rbd_fast

        try:
            return dict(rbd_fast.analyze(problem, x, y, M=RBD_HARMONICS,
                                         num_resamples=RESAMPLES, seed=design.seed))
        except ZeroDivisionError:  # a bootstrap resample too small for its harmonics
            raise ValueError("too few points for RBD-FAST; sample more (lhs N)") from None


def _f(v: object) -> float:
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan

"""Sampled sweeps: points drawn from a SALib design over parameter ranges, not a grid.

``--sample lhs|sobol|morris N`` with ``--range PATH=LOW:HIGH`` (repeatable) asks for a
design over the box the ranges span:

- ``lhs``: a Latin hypercube of N points (``SALib.sample.latin``), analysed by RBD-FAST
  (``SALib.analyze.rbd_fast``: first-order indices S1);
- ``sobol``: Saltelli's scheme, N * (D + 2) points (``SALib.sample.sobol``, without
  second-order terms), analysed by ``SALib.analyze.sobol`` (S1 and ST); N must be a power
  of two (the Sobol' sequence's balance needs it);
- ``morris``: N trajectories of D + 1 points on a 4-level grid (``SALib.sample.morris``),
  analysed by ``SALib.analyze.morris`` (mu*, sigma).

The design is plain data (:class:`SampleDesign`), stored with the sweep, so a resumed
sweep and its report rebuild exactly the same points (the design is seeded by the
sweep's seed). Every point runs the same replications with the same seeds as every
other (common random numbers), as grid points do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.model.errors import InputError, Problem
from simulator.sweep.axes import AXIS_PATH
from simulator.sweep.spec import SweepPlan, plan_sweep

SAMPLE_METHODS = ("lhs", "sobol", "morris")
MIN_N = {"lhs": 30, "sobol": 4, "morris": 2}
"""The fewest N each method accepts: LHS enough points for RBD-FAST's harmonics,
Sobol' a power of two of at least 4, Morris two trajectories (to have a spread, sigma)."""
MORRIS_LEVELS = 4
DEFAULT_THRESHOLD = 0.7
"""The acknowledgement share below which a point counts as a failure for scenario
discovery (``--threshold``)."""
_NUMBER = r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?"
_RANGE = re.compile(rf"^\s*({_NUMBER})\s*:\s*({_NUMBER})\s*$")


@dataclass(frozen=True)
class SampleDesign:
    """A sampled sweep's design: method, N, the ranges (in order), its seed and the
    discovery threshold."""

    method: str
    n: int
    ranges: dict[str, tuple[float, float]]
    seed: int = 1
    threshold: float = DEFAULT_THRESHOLD

    @property
    def names(self) -> list[str]:
        return list(self.ranges)

    def problem(self) -> dict[str, Any]:
        """The SALib problem: variables and bounds."""
        return {
            "num_vars": len(self.ranges),
            "names": self.names,
            "bounds": [[lo, hi] for lo, hi in self.ranges.values()],
        }

    @property
    def size(self) -> int:
        """How many points the design has."""
        d = len(self.ranges)
        return {"lhs": self.n, "sobol": self.n * (d + 2), "morris": self.n * (d + 1)}[
            self.method
        ]

    def points(self) -> list[dict[str, float]]:
        """The design's points, each ``{path: value}``, in SALib's order (analysis needs it)."""
        rows = sample_matrix(self)
        return [{name: float(v) for name, v in zip(self.names, row, strict=True)}
                for row in rows]

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "n": self.n,
            "ranges": {k: [lo, hi] for k, (lo, hi) in self.ranges.items()},
            "order": list(self.ranges),  # PostgreSQL's JSONB sorts a mapping's keys
            "seed": self.seed,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SampleDesign:
        """The design ``to_json`` wrote, its parameters in their first order (the order
        the design's columns and its indices follow), whatever the database did to the
        mapping."""
        raw = data["ranges"]
        order = [k for k in data.get("order", []) if k in raw] or list(raw)
        return cls(
            method=str(data["method"]),
            n=int(data["n"]),
            ranges={k: (float(raw[k][0]), float(raw[k][1])) for k in order},
            seed=int(data.get("seed", 1)),
            threshold=float(data.get("threshold", DEFAULT_THRESHOLD)),
        )


def sample_matrix(design: SampleDesign) -> Any:
    """The design as a NumPy array (rows: points, columns: :attr:`SampleDesign.names`)."""
    problem = design.problem()
    if design.method == "lhs":
        from SALib.sample import latin

        return latin.sample(problem, design.n, seed=design.seed)
    if design.method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, design.n, calc_second_order=False, seed=design.seed)
    from SALib.sample import morris

    return morris.sample(problem, design.n, num_levels=MORRIS_LEVELS, seed=design.seed)


def parse_range(text: str, source: str = "--range") -> tuple[str, tuple[float, float]]:
    """``PATH=LOW:HIGH`` -> ``(path, (low, high))``; LOW must be below HIGH."""
    path, sep, rest = text.partition("=")
    path = path.strip()
    if not sep or not path:
        raise InputError.single(source, text, "write PATH=LOW:HIGH e.g. "
                                "behaviour.turnover_per_year=0.1:0.4")
    if not AXIS_PATH.match(path):
        raise InputError.single(source, path, "not a dotted path like behaviour.turnover_per_year")
    m = _RANGE.match(rest)
    if not m:
        raise InputError.single(source, path, f"{rest!r} is not LOW:HIGH with two numbers, "
                                "e.g. 0.1:0.4")
    lo, hi = float(m.group(1)), float(m.group(5))
    message = range_problem(lo, hi)
    if message is not None:
        raise InputError.single(source, path, message)
    return path, (lo, hi)


def design_problem(method: str, n: int, threshold: float) -> tuple[str, str] | None:
    """The first thing wrong with a design's method, N or threshold, as ``(field,
    message)`` (field ``method``, ``n`` or ``threshold``), or None: the rules the command
    line's options, a sweep file's ``sample:`` block and the notebook share."""
    if method not in SAMPLE_METHODS:
        return "method", f"use one of {', '.join(SAMPLE_METHODS)}"
    if isinstance(n, bool) or n < MIN_N[method]:
        return "n", f"{method} needs N of at least {MIN_N[method]}"
    if method == "sobol" and n & (n - 1):
        up = 1 << (n - 1).bit_length()
        return "n", f"Sobol' sampling needs N a power of two; use {up // 2} or {up}"
    if not 0 < threshold < 1:
        return "threshold", "give an acknowledgement share between 0 and 1, e.g. 0.7"
    return None


def range_problem(lo: float, hi: float) -> str | None:
    """What is wrong with the range ``lo..hi`` (LOW must be below HIGH), or None."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        return f"LOW ({lo:g}) must be below HIGH ({hi:g})"
    return None


def make_design(
    method: str,
    n: int,
    ranges: list[str],
    *,
    seed: int = 1,
    threshold: float = DEFAULT_THRESHOLD,
) -> SampleDesign:
    """A validated design from the command line's ``--sample``, ``--range`` and
    ``--threshold`` (each problem names its option)."""
    bad = design_problem(method, n, threshold)
    if bad is not None:
        field, message = bad
        where = {"method": ("--sample", method), "n": ("--sample", f"{method} {n}"),
                 "threshold": ("--threshold", f"{threshold:g}")}[field]
        raise InputError.single(*where, message)
    if not ranges:
        raise InputError.single("--range", "(none)", "give at least one PATH=LOW:HIGH, e.g. "
                                "--range behaviour.turnover_per_year=0.1:0.4")
    parsed: dict[str, tuple[float, float]] = {}
    for item in ranges:
        path, bounds = parse_range(item)
        if path in parsed:
            raise InputError.single("--range", path, "given twice; give one range per path")
        parsed[path] = bounds
    return SampleDesign(method, n, parsed, seed=seed, threshold=threshold)


def design_from_mapping(
    method: str,
    n: int,
    ranges: Mapping[str, Sequence[float]],
    *,
    seed: int = 1,
    threshold: float | None = None,
    source: str = "sample_sweep",
    prefix: str = "",
) -> SampleDesign:
    """A validated design from a mapping of ranges ``{path: [low, high]}``: a sweep file's
    ``sample:`` block (``source`` the file, ``prefix`` ``"sample."``) or the notebook's
    :func:`simulator.sweep.sample_sweep`. Each problem names its field, e.g.
    ``sample.ranges.behaviour.spam_loss``."""
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    bad = design_problem(method, n, threshold)
    if bad is not None:
        raise InputError.single(source, prefix + bad[0], bad[1])
    if not ranges:
        raise InputError.single(source, prefix + "ranges", "give at least one range, e.g. "
                                "behaviour.turnover_per_year: [0.1, 0.4]")
    parsed: dict[str, tuple[float, float]] = {}
    for path, bounds in ranges.items():
        where = f"{prefix}ranges.{path}"
        if not AXIS_PATH.match(path):
            raise InputError.single(source, where, "not a dotted path like "
                                    "behaviour.turnover_per_year")
        try:
            lo, hi = (float(b) for b in bounds)
        except (TypeError, ValueError):
            raise InputError.single(source, where, "give [LOW, HIGH], two numbers") from None
        message = range_problem(lo, hi)
        if message is not None:
            raise InputError.single(source, where, message)
        parsed[path] = (lo, hi)
    return SampleDesign(method, n, parsed, seed=seed, threshold=threshold)


def plan_sampled(
    scenario_text: str,
    design: SampleDesign,
    *,
    replications: int,
    scenario_source: str = "<scenario>",
    base_dir: str | Path | None = None,
    name: str | None = None,
    source: str = "--range",
    where: str | None = None,
) -> SweepPlan:
    """The plan of a sampled sweep: the design's points, each validated like a grid point
    (a problem names the range's path: ``--range``'s, or ``where.PATH`` in ``source``, e.g.
    ``sample.ranges.PATH`` in a sweep file), replications seeded by ``design.seed``."""

    try:
        return plan_sweep(
            scenario_text,
            {path: [lo, hi] for path, (lo, hi) in design.ranges.items()},
            replications=replications,
            seed=design.seed,
            name=name,
            scenario_source=scenario_source,
            base_dir=base_dir,
            source=source,
            where=where,
            points=list(design.points()),
            design=design.to_json(),
        )
    except InputError as e:  # a grid's wording ("fix the axis values") said for a range
        raise InputError([Problem(p.source, p.location, re.sub(
            r"value (\S+) is not valid: (.*); fix the axis values",
            r"the range reaches \1, which is not valid: \2; narrow the range",
            p.message)) for p in e.problems]) from None

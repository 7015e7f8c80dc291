"""Durations (``90m``, ``24h``, ``3d``) and delay distributions.

All simulated times are float **hours**. A distribution is a small frozen pydantic model
with a ``sample(rng)`` method taking a ``random.Random``; ``mean_hours`` gives its mean
where one exists in closed form.
"""

from __future__ import annotations

import math
import random
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainSerializer

from simulator.model.base import Strict
from simulator.text import short_duration

_UNITS = {"s": 1 / 3600, "m": 1 / 60, "min": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(s|min|m|h|d|w)\s*$")


MAX_DURATION_HOURS = 100 * 8784.0
"""The longest duration a scenario may give: a hundred (leap) years, in hours."""


def parse_duration(value: Any) -> float:
    """Hours in a duration: ``'90m'`` -> 1.5, ``'3d'`` -> 72.0; a bare number is hours.

    A duration is finite (``.nan`` and ``.inf`` are errors), not negative and at most
    :data:`MAX_DURATION_HOURS`.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration; write e.g. 90m, 24h or 3d")
    hours: float | None = None
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"duration {value} is not a finite number; write e.g. 90m, 24h or 3d")
        if value < 0:
            raise ValueError(f"duration {value} is negative; durations are >= 0")
        hours = float(value)
    elif isinstance(value, str):
        m = _DURATION.match(value)
        if m:
            hours = float(m.group(1)) * _UNITS[m.group(2)]
            if not math.isfinite(hours):
                raise ValueError(f"duration {value[:40]!r} is not a finite number; "
                                 "write e.g. 90m, 24h or 3d")
    if hours is None:
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise ValueError(f"{shown} is not a duration; write e.g. 90m, 24h or 3d")
    if hours > MAX_DURATION_HOURS:
        raise ValueError(
            f"duration {short_duration(hours)} is longer than {MAX_DURATION_HOURS:g}h "
            "(a hundred years); shorten it"
        )
    return hours


Duration = Annotated[
    float,
    BeforeValidator(parse_duration),
    PlainSerializer(short_duration, return_type=str),
    Field(json_schema_extra={"type": "string", "examples": ["90m", "24h", "3d"]}),
]
"""A duration field: accepts '90m', '24h', '3d' or a number of hours; stores hours."""


class Exponential(Strict):
    """Memoryless delay with the given mean."""

    dist: Literal["exponential"]
    mean: Duration

    def sample(self, rng: random.Random) -> float:
        return rng.expovariate(1.0 / self.mean) if self.mean > 0 else 0.0

    @property
    def mean_hours(self) -> float:
        return self.mean


class LogNormal(Strict):
    """Right-skewed delay: most are quick, a few take very long."""

    dist: Literal["lognormal"]
    median: Duration
    sigma: float = Field(1.0, ge=0, le=10)

    def sample(self, rng: random.Random) -> float:
        if self.median <= 0:
            return 0.0
        return self.median * math.exp(self.sigma * rng.gauss(0.0, 1.0))

    @property
    def mean_hours(self) -> float:
        return self.median * math.exp(self.sigma**2 / 2)


class Weibull(Strict):
    """Delay with shape < 1 (decreasing hazard) or > 1 (increasing hazard)."""

    dist: Literal["weibull"]
    scale: Duration
    shape: float = Field(ge=0.1, le=100)

    def sample(self, rng: random.Random) -> float:
        return rng.weibullvariate(self.scale, self.shape) if self.scale > 0 else 0.0

    @property
    def mean_hours(self) -> float:
        return self.scale * math.gamma(1 + 1 / self.shape)


class Fixed(Strict):
    """Always the same delay."""

    dist: Literal["fixed"]
    value: Duration

    def sample(self, rng: random.Random) -> float:
        return self.value

    @property
    def mean_hours(self) -> float:
        return self.value


class Empirical(Strict):
    """Resample observed delays uniformly."""

    dist: Literal["empirical"]
    samples: list[Duration] = Field(min_length=1)

    def sample(self, rng: random.Random) -> float:
        return self.samples[int(rng.random() * len(self.samples))]

    @property
    def mean_hours(self) -> float:
        return sum(self.samples) / len(self.samples)


Distribution = Annotated[
    Exponential | LogNormal | Weibull | Fixed | Empirical,
    Field(discriminator="dist"),
]
"""A delay distribution, chosen by its ``dist`` key."""


def fixed(hours: float) -> Fixed:
    """A fixed delay (handy in code and tests)."""
    return Fixed(dist="fixed", value=hours)

"""Durations and the distributions of delays."""

from __future__ import annotations

import math
import statistics

import pytest
from pydantic import TypeAdapter, ValidationError

from simulator.engine.rng import Stream
from simulator.model.durations import Distribution, parse_duration
from simulator.text import short_duration


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("90m", 1.5),
        ("24h", 24.0),
        ("3d", 72.0),
        ("1w", 168.0),
        ("30s", 30 / 3600),
        (2, 2.0),
        ("0.5h", 0.5),
    ],
)
def test_parse_duration(text: object, hours: float) -> None:
    assert parse_duration(text) == pytest.approx(hours)


@pytest.mark.parametrize("bad", ["3 days", "-2h", "h", "", True, -1])
def test_bad_durations_are_rejected_with_an_example(bad: object) -> None:
    with pytest.raises(ValueError, match="90m|negative"):
        parse_duration(bad)


@pytest.mark.parametrize("hours", [72.0, 1.5, 36.0, 0.25, 0.0])
def test_format_round_trips(hours: float) -> None:
    assert parse_duration(short_duration(hours)) == pytest.approx(hours)


DIST = TypeAdapter(Distribution)


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "exponential", "mean": "24h"},
        {"dist": "lognormal", "median": "6h", "sigma": 0.5},
        {"dist": "weibull", "scale": "10h", "shape": 1.5},
        {"dist": "fixed", "value": "2h"},
        {"dist": "empirical", "samples": ["1h", "2h", "6h"]},
    ],
)
def test_sample_means_match_closed_form(spec: dict) -> None:
    d = DIST.validate_python(spec)
    rng = Stream("test", spec["dist"])
    xs = [d.sample(rng) for _ in range(20000)]
    sd = statistics.pstdev(xs) or 1e-9
    assert abs(statistics.fmean(xs) - d.mean_hours) < 5 * sd / math.sqrt(len(xs)) + 1e-9


def test_lognormal_median_is_the_median() -> None:
    d = DIST.validate_python({"dist": "lognormal", "median": "6h", "sigma": 1.0})
    rng = Stream(1)
    xs = sorted(d.sample(rng) for _ in range(20001))
    assert xs[10000] == pytest.approx(6.0, rel=0.05)


def test_unknown_distribution_names_the_choices() -> None:
    with pytest.raises(ValidationError, match="exponential"):
        DIST.validate_python({"dist": "gamma", "mean": "1h"})


def test_a_tiny_duration_reads_back_what_it_writes() -> None:
    # short_duration writes exponents ("2.77778e-08h"); they read back (once a traceback)
    hours = parse_duration("0.0001s")
    assert parse_duration(short_duration(hours)) == pytest.approx(hours)


@pytest.mark.parametrize("text", ["1e400h", "1e400s"])
def test_a_duration_that_overflows_is_not_finite(text: str) -> None:
    with pytest.raises(ValueError, match="is not a finite number"):
        parse_duration(text)


@pytest.mark.parametrize("spec", [{"dist": "lognormal", "median": "4h", "sigma": 1e308},
                                  {"dist": "weibull", "scale": "4h", "shape": 1e-308}])
def test_shapes_that_overflow_a_sample_are_refused(spec: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Distribution).validate_python(spec)

"""Numbers as text: the one spelling of shares, hours, instants and sweep cells, for every
face."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from simulator.text import (
    axis_value,
    compact_hm,
    diff_interval,
    hm,
    hours,
    hours_minutes,
    pct,
    plural,
    rate_interval,
    short_duration,
    t_plus,
    time_left,
    utc,
)


def test_shares_and_hours_read_a_dash_when_missing() -> None:
    assert pct(0.625) == "62.5%" and pct(1 / 3, 0) == "33%"
    assert hours(36) == "36.0 h" and hours(0.04) == "0.0 h"
    for missing in (None, math.nan):
        assert pct(missing) == "-" and hours(missing) == "-"


def test_utc() -> None:
    assert utc(datetime(2026, 3, 6, 15, 0, tzinfo=UTC)) == "2026-03-06 15:00 UTC"
    assert utc(None) == "-"


def test_plural() -> None:
    assert plural(1, "participant") == "1 participant"
    assert plural(2, "participant") == "2 participants"
    assert plural(2.5, "reply", "replies") == "2.5 replies"


def test_hm_rounds_and_never_goes_negative() -> None:
    assert hm(1.0) == "1h00" and hm(26.75) == "26h45" and hm(-1) == "0h00"
    assert hm(0.5) == "0h30" and hm(47 + 5 / 60) == "47h05"


def test_t_plus_truncates_minutes() -> None:
    assert t_plus(0) == "T+00:00" and t_plus(49.5) == "T+49:30"
    assert t_plus(0.1) == "T+00:06"  # truncated, and 0.1 h is 6 minutes despite rounding
    assert t_plus(47 + 5.9 / 60) == "T+47:05"


@pytest.mark.parametrize(("x", "text"), [
    (1.25, "1h15m"), (47 + 5.9 / 60, "47h05m"), (2, "2h00m"), (0.5, "0h30m"),
    (0, "over"), (-1, "over")])
def test_time_left_counts_down_then_reads_over(x: float, text: str) -> None:
    assert time_left(x) == text


@pytest.mark.parametrize(("x", "text"), [
    (6, "6h"), (48 + 10 / 60, "48h10m"), (0.5, "0h30m"), (0, "0h"), (1 + 59.6 / 60, "2h")])
def test_hours_minutes_always_names_the_hours(x: float, text: str) -> None:
    assert hours_minutes(x) == text


@pytest.mark.parametrize(("x", "text"), [
    (0, "0h"), (0.5, "30m"), (1.5, "1h30m"), (6, "6h"), (48 + 1 / 6, "48h10m")])
def test_compact_hm_leaves_a_zero_part_out(x: float, text: str) -> None:
    assert compact_hm(x) == text


@pytest.mark.parametrize(("x", "text"), [
    (0, "0h"), (72, "3d"), (36, "36h"), (1.5, "90m"), (0.25, "15m"), (1 / 7200, "0.000138889h")])
def test_short_duration_is_the_shortest_exact_spelling(x: float, text: str) -> None:
    assert short_duration(x) == text


def test_rates_and_differences_show_a_clipped_interval_as_a_range() -> None:
    assert rate_interval(0.866, [0.851, 0.881]) == "86.6 ±1.5"
    assert rate_interval(0.975, [0.94, 1.0]) == "97.5 (94.0 to 100.0)"  # clipped: not ±
    assert rate_interval(0.5, None) == "50.0"  # one replication: no interval
    assert rate_interval(None, None) == "-"
    assert diff_interval([-0.3, -0.548, -0.052]) == "-30.0 ±24.8"
    assert diff_interval([-0.9, -1.0, -0.7]) == "-90.0 (-100.0 to -70.0)"
    assert diff_interval([0.032, None, None]) == "+3.2"
    assert diff_interval(None) == "-" and diff_interval([None, None, None]) == "-"


def test_axis_values_read_bare() -> None:
    assert axis_value("high") == "high"
    assert axis_value([24, 48]) == "[24, 48]"
    assert axis_value({"a": "b"}) == "{a: b}"
    assert axis_value(0.6) == "0.6"


def test_shown_writes_controls_escapes_and_bidi_out_and_keeps_the_rest() -> None:
    from simulator.text import shown

    text = "a\x1b[31mb\u202ec\x00d\x7f\x9b e\u0301 \U0001f469\u200d\U0001f467 [b]x[/] <i>"
    assert shown(text) == ("a\\x1b[31mb\\u202ec\\x00d\\x7f\\x9b e\u0301 "
                           "\U0001f469\u200d\U0001f467 [b]x[/] <i>")
    assert shown("one\ntwo\tthree\r") == "one\ntwo\tthree\\r"
    assert shown("one\ntwo\tthree", lines=False) == "one\\ntwo\\tthree"
    assert shown(42) == "42" and shown("plain") == "plain"

"""Numbers as text: the one spelling of shares, hours and instants (reports, terminal, TUI)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from results.text import hm, hours, pct, plural, t_plus, utc


def test_shares_and_hours_read_a_dash_when_missing() -> None:
    assert pct(0.625) == "62.5%" and pct(1 / 3, 0) == "33%"
    assert hours(36) == "36.0 h" and hours(0.04) == "0.0 h"
    for missing in (None, math.nan):
        assert pct(missing) == "-" and hours(missing) == "-"


def test_clock_spellings() -> None:
    assert hm(1.0) == "1h00" and hm(26.75) == "26h45" and hm(-1) == "0h00"
    assert t_plus(0) == "T+00:00" and t_plus(49.5) == "T+49:30"
    assert t_plus(0.1) == "T+00:06"  # truncated, and 0.1 h is 6 minutes despite rounding
    assert utc(datetime(2026, 3, 6, 15, 0, tzinfo=UTC)) == "2026-03-06 15:00 UTC"
    assert utc(None) == "-"


def test_plural() -> None:
    assert plural(1, "participant") == "1 participant"
    assert plural(2, "participant") == "2 participants"
    assert plural(2.5, "reply", "replies") == "2.5 replies"

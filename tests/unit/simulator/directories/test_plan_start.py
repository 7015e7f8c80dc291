"""Choosing a start: on a directory whose answer is known (one zone, Monday-Friday
09:00-17:00, 72 hours), a Monday-morning start beats a Friday-evening one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulator.directories.plan_start import (
    best_starts,
    candidate_starts,
    fair_hours,
    start_scores,
)
from simulator.model.directory import Contact, Directory, Participant


def _directory(zones: list[str]) -> Directory:
    return Directory(name="one zone", organisation="custom", participants=[
        Participant(code=f"X{chr(65 + i)}", name=f"State {i}", timezone=zone,
                    contacts=[Contact(role="policy", email=f"p{i}@mfa.example.org")])
        for i, zone in enumerate(zones)])


VIENNA = _directory(["Europe/Vienna"] * 4)


def test_the_fair_share_is_half_a_40_hour_weeks_share_of_the_deadline() -> None:
    assert fair_hours(72) == pytest.approx(0.5 * 72 * 40 / 168)
    assert fair_hours(168) == pytest.approx(20.0)


def test_a_monday_morning_start_scores_higher_than_a_friday_evening_one() -> None:
    monday = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)   # 09:00 in Vienna
    friday = datetime(2026, 3, 6, 17, 0, tzinfo=UTC)  # 18:00 in Vienna
    mon, fri = start_scores(VIENNA, 72, [monday, friday])
    # Monday 09:00 + 72h = Thursday 09:00: Monday to Wednesday, 3 x 8 hours
    assert (mon.fair_share, mon.least_hours, mon.fair) == (1.0, 24.0, 4)
    # Friday 18:00 + 72h = Monday 18:00: Monday 09:00-17:00 only, under 8.6 hours
    assert (fri.fair_share, fri.least_hours, fri.fair) == (0.0, 8.0, 0)
    assert best_starts([fri, mon], top=1) == [mon]


def test_best_starts_are_early_in_the_week_and_unfair_ones_thursday_night_to_saturday() -> None:
    starts = candidate_starts(datetime(2026, 3, 2, tzinfo=UTC),
                              datetime(2026, 3, 8, 23, tzinfo=UTC), 1.0)
    assert len(starts) == 7 * 24
    scores = start_scores(VIENNA, 72, starts)
    best = best_starts(scores, top=3)
    assert all(s.fair_share == 1.0 and s.start.weekday() < 3 for s in best)
    saturday = [s for s in scores if s.start.weekday() == 5 and s.start.hour == 12]
    assert saturday[0].least_hours == 12.0  # 13:00 Saturday to 13:00 Tuesday: 8 + 4
    worst = [s for s in scores if s.fair_share == 0.0]
    # unfair: from Thursday 17:00 to Saturday 09:00 in Vienna, the 72 hours hold at most
    # one working day (8 hours, under the 8.6 of a fair share)
    thu_17 = datetime(2026, 3, 5, 16, tzinfo=UTC)
    sat_09 = datetime(2026, 3, 7, 8, tzinfo=UTC)
    assert {s.start for s in worst} == {s for s in starts if thu_17 <= s <= sat_09}


def test_a_participant_far_away_is_the_one_with_the_least_hours() -> None:
    mixed = _directory(["Europe/Vienna", "Pacific/Auckland"])
    (score,) = start_scores(mixed, 12, [datetime(2026, 3, 2, 8, 0, tzinfo=UTC)])
    # Vienna 09:00-21:00 Monday: 8 hours; Auckland 21:00 Monday to 09:00 Tuesday: none
    assert (score.least_code, score.least_hours, score.fair) == ("XB", 0.0, 1)


@pytest.mark.parametrize(
    ("first", "last", "step", "message"),
    [
        (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC), 1.0, "ends before"),
        (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC), 0.0, "positive"),
        (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 12, 1, tzinfo=UTC), 0.5, "candidate"),
    ],
)
def test_bad_windows_are_value_errors(
    first: datetime, last: datetime, step: float, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        candidate_starts(first, last, step)

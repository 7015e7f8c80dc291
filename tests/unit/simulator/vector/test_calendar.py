"""The array calendar answers exactly as ``WorkCalendar`` does, on random queries across
clock changes, holidays, split office hours and zones east and west of UTC."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time

import numpy as np
import pytest

from simulator.calendar.work import WorkCalendar
from simulator.vector.calendar import CalendarSet, VectorCalendar

ORIGIN = datetime(2026, 3, 20, 15, tzinfo=UTC)  # a week before Europe's clock change
HORIZON = 24 * 21.0
OFFICES = [
    ("Europe/Berlin", range(5), [(time(9), time(17))], "DE"),
    ("America/New_York", range(5), [(time(8, 30), time(12)), (time(13), time(17, 30))], "US"),
    ("Asia/Tehran", [5, 6, 0, 1, 2], [(time(7, 30), time(15))], None),
    ("Australia/Lord_Howe", range(5), [(time(9), time(17))], "AU"),
    ("Pacific/Kiritimati", range(4), [(time(22), time(23, 59))], None),
]


def scalar(tz: str, days: object, spans: list[tuple[time, time]], country: str | None,
           *, always: bool = False) -> WorkCalendar:
    return WorkCalendar(timezone=tz, work_weekdays=days, office_spans=spans,  # type: ignore[arg-type]
                        holiday_country=country, origin=ORIGIN, horizon_hours=HORIZON,
                        always=always)


def queries(seed: int, n: int = 3000) -> tuple[np.ndarray, np.ndarray]:
    rnd = random.Random(seed)
    t = [rnd.choice([rnd.uniform(-24, HORIZON), float(rnd.randrange(0, int(HORIZON)))])
         for _ in range(n)]
    h = [rnd.choice([0.0, rnd.expovariate(1 / 6), rnd.uniform(0, 80), 8.0]) for _ in range(n)]
    return np.array(t), np.array(h)


@pytest.mark.parametrize("office", OFFICES, ids=[o[0] for o in OFFICES])
def test_add_working_matches_the_scalar_calendar_exactly(office: tuple) -> None:
    cal = scalar(*office)
    vec = VectorCalendar(scalar(*office), until=HORIZON)
    t, h = queries(sum(map(ord, office[0])))
    got = vec.add_working_by(t, h, HORIZON)
    for ti, hi, gi in zip(t.tolist(), h.tolist(), got.tolist(), strict=True):
        want = cal.add_working_by(ti, hi, HORIZON)
        if want <= HORIZON:
            assert gi == want, (ti, hi)  # bit for bit
        else:
            assert gi > HORIZON, (ti, hi)
        full = cal.add_working(ti, hi)
        if full <= HORIZON:
            assert gi == full


@pytest.mark.parametrize("office", OFFICES, ids=[o[0] for o in OFFICES])
def test_next_working_and_is_working_match_exactly(office: tuple) -> None:
    cal = scalar(*office)
    vec = VectorCalendar(scalar(*office), until=HORIZON)
    t, _ = queries(7)
    nxt, on = vec.next_working(t), vec.is_working(t)
    for ti, ni, oi in zip(t.tolist(), nxt.tolist(), on.tolist(), strict=True):
        assert ni == cal.next_working(ti)
        assert oi == cal.is_working(ti)


def test_a_duty_desk_works_round_the_clock() -> None:
    vec = VectorCalendar(scalar("Europe/Berlin", (), [], None, always=True), until=HORIZON)
    t = np.array([0.0, 3.5, 100.0])
    assert vec.add_working_by(t, np.array([1.0, 0.0, 2.5]), HORIZON).tolist() == [1.0, 3.5, 102.5]
    assert vec.next_working(t).tolist() == t.tolist()


def test_a_set_of_calendars_answers_per_contact_column() -> None:
    cals = [scalar(*o) for o in OFFICES[:3]]
    vset = CalendarSet([VectorCalendar(c, HORIZON) for c in cals], np.array([2, 0, 1, 0]))
    t = np.array([[1.0, 30.0, 50.5, 70.0], [0.0, 5.0, 99.0, 200.0]])
    h = np.full(t.shape, 5.0)
    cols = np.broadcast_to(np.arange(4), t.shape)
    got = vset.add_working_by(t, h, HORIZON, cols)
    for r in range(2):
        for c, k in enumerate([2, 0, 1, 0]):
            want = cals[k].add_working_by(float(t[r, c]), 5.0, HORIZON)
            assert got[r, c] == want or (want > HORIZON and got[r, c] > HORIZON)
    assert not np.isnan(got).any()


def test_a_set_of_many_calendars_matches_each_scalar_calendar_exactly() -> None:
    """Random queries for every contact of a set mixing offices and a duty desk."""
    cals = [scalar(*o) for o in OFFICES]
    cals.append(scalar("Asia/Tokyo", (), [], None, always=True))
    rnd = random.Random(5)
    index = np.array([rnd.randrange(len(cals)) for _ in range(40)])
    vset = CalendarSet([VectorCalendar(c, HORIZON) for c in cals], index)
    t, h = queries(11, 40 * 50)
    t, h = t.reshape(50, 40), h.reshape(50, 40)
    t[::7] = np.floor(t[::7])  # whole hours: often exactly an office's opening
    cols = np.broadcast_to(np.arange(40), t.shape)
    got = vset.add_working_by(t, h, HORIZON, cols)
    on = vset.is_working(t, cols)
    for r in range(50):
        for c in range(40):
            cal, ti, hi = cals[index[c]], float(t[r, c]), float(h[r, c])
            want = cal.add_working_by(ti, hi, HORIZON)
            assert got[r, c] == want or (want > HORIZON and got[r, c] > HORIZON), (c, ti, hi)
            assert on[r, c] == cal.is_working(ti)

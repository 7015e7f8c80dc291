"""Working-time calendars: DST, holidays, work weeks, zones, and the algebra of working time."""

from __future__ import annotations

import pickle
import random
import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from simulator.calendar.work import WorkCalendar, calendar_for
from simulator.model.directory import WEEKDAYS, Contact, Participant

NINE_TO_FIVE = [(time(9), time(17))]
MON_FRI = range(5)
BERLIN = ZoneInfo("Europe/Berlin")


def cal(
    tz: str = "Europe/Berlin",
    *,
    days: range | list[int] = MON_FRI,
    spans: list[tuple[time, time]] | None = None,
    country: str | None = None,
    origin: datetime = datetime(2026, 3, 16, tzinfo=UTC),
    horizon: float = 24 * 14,
) -> WorkCalendar:
    return WorkCalendar(
        timezone=tz,
        work_weekdays=days,
        office_spans=NINE_TO_FIVE if spans is None else spans,
        holiday_country=country,
        origin=origin,
        horizon_hours=horizon,
    )


def local(c: WorkCalendar, *args: int) -> float:
    """Hours since origin of a local wall-clock time in the calendar's zone."""
    return c.to_hours(datetime(*args).replace(tzinfo=c.zone))  # type: ignore[arg-type]


def participant(**kw: object) -> Participant:
    base: dict[str, object] = {
        "code": "XX",
        "name": "Testland",
        "timezone": "Europe/Berlin",
        "contacts": [Contact.model_validate({"role": "policy", "email": "desk@example.org"})],
    }
    base.update(kw)
    return Participant(**base)  # type: ignore[arg-type]


# -- daylight-saving time ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "before_utc", "after_utc"),
    [(date(2026, 3, 29), 8, 7), (date(2026, 10, 25), 7, 8)],
    ids=["spring-forward", "fall-back"],
)
def test_dst_week_keeps_eight_hour_days_and_shifts_utc_by_one_hour(
    change: date, before_utc: int, after_utc: int
) -> None:
    c = cal(days=range(7), origin=datetime(change.year, change.month, 20, tzinfo=UTC))
    for k in range(-3, 4):
        d = change + timedelta(days=k)
        day0 = local(c, d.year, d.month, d.day)
        day1 = c.to_hours(datetime.combine(d + timedelta(days=1), time(0), tzinfo=BERLIN))
        assert c.working_hours_between(day0, day1) == pytest.approx(8.0)
        opens = c.next_working(day0)
        closes = c.add_working(opens, 8.0)
        assert c.to_datetime(opens).hour == (before_utc if k < 0 else after_utc)
        assert c.local_datetime(opens).time() == time(9)
        assert c.local_datetime(closes).time() == time(17)
        assert closes - opens == pytest.approx(8.0)
    # the change day itself is 23 or 25 real hours long, but still 8 working hours
    day0 = local(c, change.year, change.month, change.day)
    day1 = local(c, change.year, change.month, change.day + 1)
    assert day1 - day0 == (23.0 if change.month == 3 else 25.0)


def test_friday_afternoon_rolls_over_the_weekend_and_the_spring_change() -> None:
    c = cal()
    friday = local(c, 2026, 3, 20, 16)
    assert c.local_datetime(c.add_working(friday, 3)) == datetime(2026, 3, 23, 11, tzinfo=BERLIN)
    friday = local(c, 2026, 3, 27, 16)  # clocks go forward on Sunday 29 March
    monday = c.add_working(friday, 3)
    assert c.local_datetime(monday) == datetime(2026, 3, 30, 11, tzinfo=BERLIN)
    assert monday - friday == pytest.approx(66.0)  # 67 wall-clock hours, one of them skipped


def test_nonexistent_boundary_opens_when_clocks_jump_and_repeated_hour_counts_twice() -> None:
    spans = [(time(2, 30), time(4))]
    c = cal(days=range(7), spans=spans, origin=datetime(2026, 3, 25, tzinfo=UTC))
    spring = c.next_working(local(c, 2026, 3, 29))
    assert c.to_datetime(spring) == datetime(2026, 3, 29, 1, tzinfo=UTC)  # 03:00 CEST
    assert c.local_datetime(c.add_working(spring, 1)).time() == time(4)
    assert c.working_hours_between(spring, spring + 3) == pytest.approx(1.0)
    c = cal(days=range(7), spans=spans, origin=datetime(2026, 10, 20, tzinfo=UTC))
    autumn = c.next_working(local(c, 2026, 10, 25))
    assert c.to_datetime(autumn) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    assert c.working_hours_between(autumn, autumn + 5) == pytest.approx(2.5)
    assert c.local_datetime(c.add_working(autumn, 2.5)).time() == time(4)


def test_intervals_are_sorted_disjoint_and_positive_in_many_zones() -> None:
    zones = ["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "Asia/Tehran",
             "America/Havana", "Pacific/Chatham", "Asia/Kathmandu", "America/St_Johns"]
    spans = [(time(0), time(2, 30)), (time(2, 45), time(12)), (time(13), time(23, 59, 59, 999999))]
    for tz in zones:
        c = cal(tz, days=range(7), spans=spans, origin=datetime(2026, 1, 1, tzinfo=UTC))
        c.next_working(24 * 365)  # build a year, through every change
        iv = c.intervals
        assert len(iv) > 365
        assert all(a < b for a, b in iv), tz
        assert all(b1 < a2 for (_, b1), (a2, _) in zip(iv, iv[1:], strict=False)), tz


# -- work weeks, holidays, zones --------------------------------------------------------


def test_holiday_mondays_are_skipped_and_named() -> None:
    de = cal(country="DE", origin=datetime(2026, 3, 30, tzinfo=UTC))
    thursday = local(de, 2026, 4, 2, 16)  # Good Friday 3 April, Easter Monday 6 April
    assert de.local_datetime(de.add_working(thursday, 3)) == datetime(2026, 4, 7, 11, tzinfo=BERLIN)
    assert not de.is_working(local(de, 2026, 4, 6, 10))
    assert de.is_working(local(de, 2026, 5, 4, 10))
    assert de.holidays_between(date(2026, 4, 1), date(2026, 4, 7)) == [
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
    ]
    gb = cal("Europe/London", country="GB", origin=datetime(2026, 4, 27, tzinfo=UTC))
    assert not gb.is_working(local(gb, 2026, 5, 4, 10))  # early May bank holiday
    assert gb.is_working(local(gb, 2026, 5, 5, 10))
    assert [d for d, _ in gb.holidays_between(date(2026, 5, 1), date(2026, 5, 31))] == [
        date(2026, 5, 4),
        date(2026, 5, 25),
    ]
    assert cal().holidays_between(date(2026, 1, 1), date(2026, 12, 31)) == []


@pytest.mark.parametrize(("tz", "country"), [("Asia/Riyadh", "SA"), ("Asia/Jerusalem", "IL")])
def test_sunday_to_thursday_week(tz: str, country: str) -> None:
    p = participant(timezone=tz, work_week=["sun", "mon", "tue", "wed", "thu"],
                    office_hours="07:30-14:30", holiday_country=country)
    c = calendar_for(p, datetime(2026, 4, 27, tzinfo=UTC), 24 * 7)
    days = {d: c.is_working(local(c, 2026, 5, d, 10)) for d in range(3, 10)}  # Sun 3 .. Sat 9
    assert days == {3: True, 4: True, 5: True, 6: True, 7: True, 8: False, 9: False}
    thursday = local(c, 2026, 5, 7, 14)
    assert c.local_datetime(c.add_working(thursday, 1)).replace(tzinfo=None) == datetime(
        2026, 5, 10, 8
    )


def test_israel_closes_for_pesach() -> None:
    p = participant(timezone="Asia/Jerusalem", work_week=["sun", "mon", "tue", "wed", "thu"],
                    holiday_country="IL")
    c = calendar_for(p, datetime(2026, 3, 30, tzinfo=UTC), 24 * 7)
    assert not c.is_working(local(c, 2026, 4, 2, 10))  # Pesach, a Thursday
    assert c.is_working(local(c, 2026, 4, 1, 10))
    assert (date(2026, 4, 2), "Pesach") in c.holidays_between(date(2026, 4, 1), date(2026, 4, 3))


def test_half_hour_zone() -> None:
    c = cal("Asia/Kolkata")
    opens = c.next_working(0)
    assert c.to_datetime(opens) == datetime(2026, 3, 16, 3, 30, tzinfo=UTC)
    assert not c.is_working(opens - 1 / 60)
    assert c.is_working(opens)
    assert not c.is_working(opens + 8)  # half-open: closed at 17:00
    assert c.is_working(opens + 8 - 1e-6)


def test_zones_a_day_apart_see_different_days() -> None:
    origin = datetime(2026, 3, 16, tzinfo=UTC)
    kiri, pago = cal("Pacific/Kiritimati", origin=origin), cal("Pacific/Pago_Pago", origin=origin)
    t = kiri.to_hours(datetime(2026, 3, 20, 20, tzinfo=UTC))  # Friday 20:00 UTC
    assert kiri.local_datetime(t).date() == date(2026, 3, 21)  # Saturday 10:00, UTC+14
    assert pago.local_datetime(t).date() == date(2026, 3, 20)  # Friday 09:00, UTC-11
    assert not kiri.is_working(t) and pago.is_working(t)
    # Kiritimati's Monday opens on Sunday 19:00 UTC, 25 hours before Pago Pago's
    k, p = kiri.next_working(t), pago.next_working(t + 8)
    assert kiri.to_datetime(k) == datetime(2026, 3, 22, 19, tzinfo=UTC)
    assert pago.to_datetime(p) == datetime(2026, 3, 23, 20, tzinfo=UTC)


def test_split_office_hours_skip_lunch() -> None:
    p = participant(office_hours="08:00-12:00,13:00-16:30")
    c = calendar_for(p, datetime(2026, 3, 16, tzinfo=UTC), 24 * 7)
    eleven = local(c, 2026, 3, 17, 11)
    assert c.local_datetime(c.add_working(eleven, 2)).time() == time(14)
    assert not c.is_working(local(c, 2026, 3, 17, 12, 30))
    day = local(c, 2026, 3, 17)
    assert c.working_hours_between(day, day + 24) == pytest.approx(7.5)


def test_midnight_to_midnight_is_one_merged_interval() -> None:
    p = participant(work_week=["mon", "tue", "wed"], office_hours="00:00-24:00")
    c = calendar_for(p, datetime(2026, 3, 16, tzinfo=UTC), 24 * 7)
    monday, thursday = local(c, 2026, 3, 16), local(c, 2026, 3, 19)
    assert c.is_working(local(c, 2026, 3, 17))  # midnight between two working days
    assert (monday, thursday) in c.intervals
    assert c.add_working(monday - 5, 72) == thursday
    every_day = participant(work_week=list(WEEKDAYS), office_hours="00:00-24:00")
    c = calendar_for(every_day, datetime(2026, 3, 16, tzinfo=UTC), 1)
    assert c.next_working(5000.5) == 5000.5  # one endless interval, extended on demand
    assert c.add_working(-24 * 40, 24 * 41) == pytest.approx(24)
    assert c.working_hours_between(-24 * 50, 24 * 50) == pytest.approx(24 * 100)
    assert len(c.intervals) == 1


# -- duty desks and the algebra of working time -----------------------------------------


def test_duty_desk_is_always_at_work() -> None:
    p = participant(timezone="Asia/Tokyo", work_week=["mon"])
    c = calendar_for(p, datetime(2026, 3, 16, tzinfo=UTC), 72, duty_24_7=True)
    rng = random.Random(7)
    for _ in range(100):
        t, h = rng.uniform(-1e4, 1e4), rng.uniform(0, 500)
        assert c.is_working(t)
        assert c.next_working(t) == t
        assert c.add_working(t, h) == t + h
        assert c.working_hours_between(t, t + h) == (t + h) - t
    assert c.local_datetime(0).utcoffset() == timedelta(hours=9)
    assert c.intervals == []
    assert c.holidays_between(date(2026, 1, 1), date(2026, 12, 31)) == []


def test_next_working_inside_an_interval_is_the_instant_itself() -> None:
    c = cal(country="DE")
    rng = random.Random(11)
    for _ in range(300):
        t = rng.uniform(-100, 1000)
        n = c.next_working(t)
        assert n >= t and c.is_working(n)
        if c.is_working(t):
            assert n == t
        else:
            assert any(a == n for a, _ in c.intervals)
            assert c.working_hours_between(t, n) == 0.0


def test_add_working_composes_and_measures_back() -> None:
    c = cal("America/New_York", country="US", origin=datetime(2026, 3, 2, tzinfo=UTC))
    rng = random.Random(20260316)
    for _ in range(500):
        t, a, b = rng.uniform(-150, 2000), rng.uniform(0, 60), rng.uniform(0, 60)
        once = c.add_working(t, a + b)
        assert once == pytest.approx(c.add_working(c.add_working(t, a), b), abs=1e-9)
        assert c.working_hours_between(t, once) == pytest.approx(a + b, abs=1e-9)
        assert once >= c.add_working(t, a) >= t
    assert c.add_working(1.234, 0) == 1.234  # zero work: t unchanged, even off hours


def test_results_do_not_depend_on_the_horizon() -> None:
    origin = datetime(2026, 3, 16, tzinfo=UTC)
    rng = random.Random(5)
    queries = [(rng.uniform(-24 * 90, 24 * 400), rng.uniform(0, 300)) for _ in range(400)]
    for tz, country in [("Europe/Berlin", "DE"), ("Asia/Riyadh", "SA"), ("Pacific/Chatham", None)]:
        short = cal(tz, country=country, origin=origin, horizon=1)
        long = cal(tz, country=country, origin=origin, horizon=24 * 500)
        for t, h in queries:  # short calendar extends both ways on demand, in random order
            assert short.is_working(t) == long.is_working(t)
            assert short.next_working(t) == long.next_working(t)
            assert short.add_working(t, h) == pytest.approx(long.add_working(t, h), abs=1e-9)
            assert short.working_hours_between(t, t + h) == pytest.approx(
                long.working_hours_between(t, t + h), abs=1e-9
            )


def test_datetime_conveniences_round_trip() -> None:
    c = cal()
    dt = datetime(2026, 3, 20, 16, tzinfo=BERLIN)
    assert c.to_datetime(c.to_hours(dt)) == dt
    assert c.is_working_at(dt)
    assert not c.is_working_at(datetime(2026, 3, 21, 10, tzinfo=BERLIN))
    assert c.next_working_at(datetime(2026, 3, 21, 10, tzinfo=UTC)) == datetime(
        2026, 3, 23, 8, tzinfo=UTC
    )
    assert c.add_working_at(dt, 3) == datetime(2026, 3, 23, 10, tzinfo=UTC)
    with pytest.raises(ValueError, match="aware"):
        c.to_hours(datetime(2026, 3, 20, 16))


# -- construction, caching, sharing -----------------------------------------------------


def test_bad_calendars_are_refused() -> None:
    with pytest.raises(ValueError, match="no working day"):
        cal(days=[])
    with pytest.raises(ValueError, match="aware"):
        cal(origin=datetime(2026, 3, 16))
    with pytest.raises(ValueError, match="end must come after"):
        cal(spans=[(time(17), time(9))])
    with pytest.raises(ValueError, match="public-holiday calendar"):
        WorkCalendar(timezone="Europe/Berlin", work_weekdays=MON_FRI, office_spans=NINE_TO_FIVE,
                     holiday_country="DE", holiday_subdiv="XX",
                     origin=datetime(2026, 1, 1, tzinfo=UTC))


def test_calendar_for_builds_each_distinct_calendar_once() -> None:
    origin = datetime(2026, 3, 16, tzinfo=UTC)
    a = participant(code="AA", holiday_country="DE")
    b = participant(code="BB", name="Other", holiday_country="DE")
    c = participant(code="CC", holiday_country="AT")
    assert calendar_for(a, origin, 72) is calendar_for(b, origin, 72)
    assert calendar_for(a, origin, 72) is not calendar_for(c, origin, 72)
    duty = calendar_for(a, origin, 72, duty_24_7=True)
    assert duty is calendar_for(c, origin, 72, duty_24_7=True)
    assert calendar_for(a, origin, 72, duty_24_7=True) is not calendar_for(a, origin, 72)


def test_shared_calendar_answers_the_same_from_many_threads() -> None:
    rng = random.Random(3)
    queries = [(rng.uniform(-24 * 60, 24 * 300), rng.uniform(0, 100)) for _ in range(300)]
    reference = cal(horizon=24 * 400)
    expected = [reference.add_working(t, h) for t, h in queries]
    shared = cal(horizon=1)
    results: dict[int, list[float]] = {}

    def work(k: int) -> None:
        order = list(range(len(queries)))
        random.Random(k).shuffle(order)
        out = [0.0] * len(queries)
        for i in order:
            out[i] = shared.add_working(*queries[i])
        results[k] = out

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for out in results.values():
        assert out == pytest.approx(expected, abs=1e-9)


def test_calendar_pickles() -> None:
    c = cal(country="DE")
    c2 = pickle.loads(pickle.dumps(c))
    assert c2.intervals == c.intervals
    assert c2.add_working(5, 20) == c.add_working(5, 20)
    assert c2.add_working(24 * 100, 20) == c.add_working(24 * 100, 20)

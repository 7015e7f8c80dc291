"""Working-time calendar speed: build time per calendar, and queries per second for
``is_working``, ``next_working`` and ``add_working`` over ~193 varied participants (made up
here: a few dozen zones, Mon–Fri, Sun–Thu and Mon–Sat weeks, split office hours, holidays).

Queries are spread over a 72-hour check and a week either side, the range a communication
check touches; the calendars are built with that horizon, so the query loop measures the
bisect path, not extension. Target: a million queries/s or more for is_working,
next_working and add_working on this 2-core class of machine.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

from simulator.calendar.work import WorkCalendar, calendar_for
from simulator.model.directory import Contact, Participant

ZONES = [
    ("Europe/Berlin", "DE"), ("Europe/London", "GB"), ("Europe/Paris", "FR"),
    ("Europe/Moscow", "RU"), ("Europe/Kyiv", "UA"), ("Europe/Istanbul", "TR"),
    ("America/New_York", "US"), ("America/Chicago", "US"), ("America/Sao_Paulo", "BR"),
    ("America/Mexico_City", "MX"), ("America/Santiago", "CL"), ("America/St_Johns", "CA"),
    ("America/Bogota", "CO"), ("Asia/Tokyo", "JP"), ("Asia/Seoul", "KR"),
    ("Asia/Singapore", "SG"), ("Asia/Kolkata", "IN"), ("Asia/Kathmandu", "NP"),
    ("Asia/Tehran", None), ("Asia/Riyadh", "SA"), ("Asia/Jerusalem", "IL"),
    ("Asia/Dubai", "AE"), ("Asia/Jakarta", "ID"), ("Asia/Manila", "PH"),
    ("Australia/Sydney", "AU"), ("Australia/Lord_Howe", None), ("Pacific/Auckland", "NZ"),
    ("Pacific/Chatham", None), ("Pacific/Kiritimati", "KI"), ("Pacific/Pago_Pago", None),
    ("Africa/Lagos", "NG"), ("Africa/Nairobi", "KE"), ("Africa/Johannesburg", "ZA"),
    ("Africa/Cairo", "EG"), ("Atlantic/Azores", "PT"),
]
WEEKS = [
    ["mon", "tue", "wed", "thu", "fri"],
    ["sun", "mon", "tue", "wed", "thu"],
    ["mon", "tue", "wed", "thu", "fri", "sat"],
]
HOURS = ["09:00-17:00", "08:00-16:00", "07:30-14:30", "08:00-12:00,13:00-16:30", "10:00-18:00"]
ORIGIN = datetime(2026, 3, 25, 6, tzinfo=UTC)  # a check across the European spring change
HORIZON = 72.0
N_PARTICIPANTS = 193
N_QUERIES = 100_000


def participants(rng: random.Random) -> list[Participant]:
    """193 made-up participants with varied zones, weeks, hours and holidays."""
    contact = Contact.model_validate({"role": "policy", "email": "desk@example.org"})
    out = []
    for i in range(N_PARTICIPANTS):
        tz, country = ZONES[i % len(ZONES)]
        week = WEEKS[1] if country in {"SA", "IL"} else rng.choice([WEEKS[0]] * 5 + [WEEKS[2]])
        out.append(
            Participant.model_validate(
                {
                    "code": f"P{i:03d}",
                    "name": f"Participant {i}",
                    "timezone": tz,
                    "work_week": week,
                    "office_hours": rng.choice(HOURS),
                    "holiday_country": country,
                    "contacts": [contact],
                }
            )
        )
    return out


def build_calendars(people: list[Participant]) -> tuple[list[WorkCalendar], float, float]:
    """Calendars of every participant: (calendars, seconds per build, seconds per cached hit)."""
    from simulator.calendar import work as module

    module._cached.cache_clear()  # measure cold builds, as a fresh worker process does
    t0 = time.perf_counter()
    cals = [calendar_for(p, ORIGIN, HORIZON) for p in people]
    built = (time.perf_counter() - t0) / len(people)
    t0 = time.perf_counter()
    for p in people:
        calendar_for(p, ORIGIN, HORIZON)
    hit = (time.perf_counter() - t0) / len(people)
    return cals, built, hit


def rate(method: str, cals: list[WorkCalendar], ts: list[float], hs: list[float] | None) -> float:
    """Queries per second of ``WorkCalendar.<method>``, cycling through ``cals``."""
    k = len(cals)
    calls = [getattr(cals[i % k], method) for i in range(len(ts))]
    t0 = time.perf_counter()
    if hs is None:
        for f, t in zip(calls, ts, strict=True):
            f(t)
    else:
        for f, t, h in zip(calls, ts, hs, strict=True):
            f(t, h)
    return len(ts) / (time.perf_counter() - t0)


def main() -> None:
    rng = random.Random(20260325)
    people = participants(rng)
    cals, built, hit = build_calendars(people)
    distinct = len({id(c) for c in cals})
    print(f"calendar: {len(people)} participants, {distinct} distinct calendars, "
          f"{len({p.timezone for p in people})} zones")
    print(f"calendar: build {built * 1000:.2f} ms per calendar (cold holidays included), "
          f"cached lookup {hit * 1e6:.1f} us")
    ts = [rng.uniform(-24 * 7, HORIZON + 24 * 7) for _ in range(N_QUERIES)]
    hs = [rng.expovariate(1 / 6) for _ in range(N_QUERIES)]
    for c in cals:  # cover the query range once, so the loop measures lookups only
        c.add_working(HORIZON + 24 * 7, 24 * 7)
        c.next_working(-24 * 7)
    spans = [t + h for t, h in zip(ts, hs, strict=True)]
    queries = [
        ("is_working", None),
        ("next_working", None),
        ("add_working", hs),
        ("working_hours_between", spans),
    ]
    for name, extra in queries:
        best = max(rate(name, cals, ts, extra) for _ in range(3))
        print(f"calendar.{name}: {best:,.0f} queries/s")
    duty = calendar_for(people[0], ORIGIN, HORIZON, duty_24_7=True)
    best = max(rate("add_working", [duty], ts, hs) for _ in range(3))
    print(f"calendar.add_working (24/7 desk): {best:,.0f} queries/s")
    far = cal_far_extension(people[0])
    print(f"calendar: extending a 72-hour calendar to a year ahead: {far * 1000:.1f} ms")


def cal_far_extension(p: Participant) -> float:
    """Seconds for a fresh calendar to answer a query a year past its horizon."""
    c = WorkCalendar(timezone=p.timezone, work_weekdays=p.work_weekdays(),
                     office_spans=p.office_spans(), holiday_country=p.holiday_country,
                     origin=ORIGIN, horizon_hours=HORIZON)
    t0 = time.perf_counter()
    c.add_working(24 * 365, 8)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()

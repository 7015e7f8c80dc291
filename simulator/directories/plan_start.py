"""When to send a check: the start, within a window, that gives most participants a fair
share of working hours before the deadline.

A participant has a **fair share** when its office is open, between the start and the
deadline, for at least :data:`FAIR_SHARE` (half) of the working hours a Monday-Friday
09:00-17:00 office would have over a deadline of that length on average: 40 hours a week,
so ``deadline * 40 / 168`` hours (about 17 hours for 72 hours; the fair share is then
about 8.6 hours). Working hours come from each participant's own calendar (zone, work
week, office hours, public holidays, clock changes: :mod:`simulator.calendar`). A 24/7
duty desk does not count: the policy answer a check asks for is written in office hours.

:func:`start_scores` scores each candidate start: the share of participants with a fair
share, how many, and the fewest working hours anyone gets; :func:`best_starts` ranks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from simulator.calendar.work import calendar_for
from simulator.model.directory import Directory

FAIR_SHARE = 0.5
REFERENCE_WEEK_HOURS = 40.0
"""A Monday-Friday 09:00-17:00 office's working hours in a week."""
MAX_CANDIDATES = 10_000


@dataclass(frozen=True)
class StartScore:
    """One candidate start: the share (and number) of participants with a fair share of
    working hours before the deadline, and the fewest and median hours anyone gets."""

    start: datetime
    fair_share: float
    fair: int
    participants: int
    least_hours: float
    median_hours: float
    least_code: str

    def to_json(self) -> dict[str, object]:
        return {"start": self.start.isoformat(), "fair_share": self.fair_share,
                "fair": self.fair, "participants": self.participants,
                "least_hours": self.least_hours, "median_hours": self.median_hours,
                "least_code": self.least_code}


def fair_hours(deadline_hours: float) -> float:
    """The working hours that count as a fair share of a deadline this long."""
    return FAIR_SHARE * deadline_hours * REFERENCE_WEEK_HOURS / 168.0


def candidate_starts(first: datetime, last: datetime, step_hours: float) -> list[datetime]:
    """``first``, ``first + step``, ... up to and including ``last`` (in UTC).

    A ValueError if the window is empty, the step not positive, or the candidates more
    than :data:`MAX_CANDIDATES`."""
    if step_hours <= 0:
        raise ValueError("the step must be positive, e.g. 1h")
    if last < first:
        raise ValueError("the window ends before it starts; give --and after --between")
    n = int((last - first) / timedelta(hours=step_hours) + 1e-9) + 1
    if n > MAX_CANDIDATES:
        raise ValueError(f"{n:,} candidate starts; use a shorter window or a longer step "
                         f"(at most {MAX_CANDIDATES:,})")
    return [(first + timedelta(hours=step_hours * i)).astimezone(UTC) for i in range(n)]


def start_scores(
    directory: Directory, deadline_hours: float, starts: list[datetime]
) -> list[StartScore]:
    """Each start's score, in the order given. One calendar per participant covers the
    whole window (calendars are measured from the first start)."""
    if not starts:
        return []
    origin = min(starts)
    span = (max(starts) - origin) / timedelta(hours=1) + deadline_hours
    cals = [(p.code, calendar_for(p, origin, span)) for p in directory.participants]
    need = fair_hours(deadline_hours)
    out = []
    for start in starts:
        t0 = (start - origin) / timedelta(hours=1)
        hours = sorted(((cal.working_hours_between(t0, t0 + deadline_hours), code)
                        for code, cal in cals), key=lambda h: (h[0], h[1]))
        fair = sum(h >= need - 1e-9 for h, _ in hours)
        n = len(hours)
        out.append(StartScore(
            start=start, fair_share=round(fair / n, 4) if n else 0.0, fair=fair,
            participants=n, least_hours=round(hours[0][0], 2) if n else 0.0,
            median_hours=round(hours[n // 2][0], 2) if n else 0.0,
            least_code=hours[0][1] if n else "",
        ))
    return out


def best_starts(scores: list[StartScore], top: int = 5) -> list[StartScore]:
    """The ``top`` starts: most participants with a fair share, then the highest least
    hours, then the median, then the earliest."""
    return sorted(scores, key=lambda s: (-s.fair_share, -s.least_hours, -s.median_hours,
                                         s.start))[:top]

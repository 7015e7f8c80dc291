"""A scenario's moments as an iCalendar file (RFC 5545, written with the ``icalendar``
library) for the facilitators' own calendars.

A check gives its start, each reminder, the escalation to deputies and the phone
follow-up when it has them, the deadline and the end of observation; a tabletop gives its
start, each timed inject, each triggered inject at the earliest moment it can fire
(marked so), the deadline and the end. Every event is an instant in UTC (no end: RFC
5545 reads it as lasting no time) with a stable UID, so importing a newer file updates
the events instead of doubling them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from simulator.model.check import CheckScenario
from simulator.model.scenario import Scenario
from simulator.model.tabletop import TabletopScenario
from simulator.text import compact_hm


@dataclass(frozen=True)
class Moment:
    """One event of the calendar."""

    key: str
    hours: float
    summary: str
    description: str = ""


def check_moments(sc: CheckScenario) -> list[Moment]:
    c = sc.check
    out = [Moment("start", 0.0, f"Check sent: {sc.name}")]
    out += [Moment(f"reminder-{k}", r, f"Reminder {k} ({compact_hm(r)})")
            for k, r in enumerate(sorted(c.reminders), start=1)]
    if c.escalate_to_deputies:
        out.append(Moment("escalation", c.escalation_hours, "Escalation to deputies"))
    if c.phone_follow_up is not None:
        out.append(Moment("phone", c.phone_follow_up, "Phone follow-up of the silent"))
    out.append(Moment("deadline", c.deadline, f"Deadline ({compact_hm(c.deadline)})"))
    out.append(Moment("end", c.horizon_hours, "End of observation"))
    return out


def tabletop_moments(sc: TabletopScenario) -> list[Moment]:
    out = [Moment("start", 0.0, f"Exercise starts: {sc.name}")]
    earliest = sc.earliest_fire()
    for inj in sc.injects:
        t = earliest.get(inj.id)
        if t is None:
            continue  # a manual inject: the facilitator chooses its moment
        note = "" if inj.timed else " (earliest; triggered)"
        out.append(Moment(f"inject-{inj.id}", t, f"Inject {inj.id}: {inj.subject}{note}",
                          f"{inj.sender} -> {', '.join(inj.recipients)} by {inj.channel}"))
    out.append(Moment("deadline", sc.deadline_hours, "Deadline"))
    out.append(Moment("end", sc.end, "End of the exercise"))
    return out


def scenario_moments(sc: Scenario) -> list[Moment]:
    """The calendar's moments of ``sc``, in time order."""
    moments = tabletop_moments(sc) if isinstance(sc, TabletopScenario) else check_moments(sc)
    return sorted(moments, key=lambda m: m.hours)


def scenario_ics(sc: Scenario, *, stamp: datetime | None = None) -> bytes:
    """The iCalendar file of ``sc``; ``stamp`` (default now) is each event's DTSTAMP."""
    from icalendar import Calendar, Event

    slug = re.sub(r"[^a-z0-9]+", "-", sc.name.lower()).strip("-") or "scenario"
    start = sc.start if isinstance(sc, TabletopScenario) else sc.check.start
    first = start.astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", "-//pocdrill//scenario calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", sc.name)
    when = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    for m in scenario_moments(sc):
        ev = Event()
        ev.add("uid", f"{slug}-{m.key}-{first:%Y%m%dT%H%M%SZ}@pocdrill")
        ev.add("dtstamp", when)
        ev.add("dtstart", first + timedelta(hours=m.hours))
        ev.add("summary", m.summary)
        if m.description:
            ev.add("description", m.description)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()

"""The secretariat that runs a communication check, and when it works.

Reminders, escalations and phone calls are people's work: they happen in the
secretariat's working time, in its own zone, office hours, work week and public holidays,
unless it keeps a 24/7 desk. An action whose offset falls outside that time moves to the
next working moment (``off_hours: next_working``, the default) or goes out at its offset
anyway (``off_hours: as_scheduled``, an automated mailer)::

    secretariat:
      timezone: Europe/Vienna
      office_hours: "09:00-17:00"
      work_week: [mon, tue, wed, thu, fri]
      holidays: AT
"""

from __future__ import annotations

from datetime import time
from typing import Literal

from pydantic import Field, field_validator

from simulator.model.base import Strict
from simulator.model.directory import (
    WEEKDAYS,
    HolidayCountry,
    OfficeHours,
    TimeZoneName,
    check_work_week,
    parse_office_hours,
)


class SecretariatSpec(Strict):
    """Where and when the secretariat works (defaults: the OSCE Secretariat in Vienna)."""

    timezone: TimeZoneName = Field("Europe/Vienna", description="IANA time zone of the secretariat")
    office_hours: OfficeHours = Field("09:00-17:00", description="Local office hours")
    work_week: list[str] = Field(
        default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"],
        description="Working days (mon .. sun)",
    )
    holidays: HolidayCountry = Field(
        "AT", description="Country whose public holidays close the office (null: none)"
    )
    duty_24_7: bool = Field(
        False, description="A 24/7 desk: every moment is working time"
    )
    off_hours: Literal["next_working", "as_scheduled"] = Field(
        "next_working",
        description="An action due outside working time moves to the next working moment "
        "(next_working) or goes out at its offset (as_scheduled: an automated mailer)",
    )

    @field_validator("work_week")
    @classmethod
    def _week(cls, days: list[str]) -> list[str]:
        days = [d.strip().lower() for d in days]
        check_work_week(days)
        return sorted(days, key=WEEKDAYS.index)

    def weekdays(self) -> frozenset[int]:
        """Working days, Monday = 0."""
        return frozenset(WEEKDAYS.index(d) for d in self.work_week)

    def spans(self) -> list[tuple[time, time]]:
        """Office hours as (start, end) local times."""
        return parse_office_hours(self.office_hours)

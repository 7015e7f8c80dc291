"""What every input model shares: the strict pydantic base, the participant-code rule and
the rule of a scenario's start.

Scenario, directory, profile and sweep models derive from :class:`Strict`, so an unknown
field is an error (a typo is never a silent default), a validated model cannot change, a
number is finite (``.nan`` and ``.inf`` are errors wherever a float is read) and no string
runs beyond :data:`MAX_TEXT` characters; names and subjects keep to the shorter
:data:`Name` and :data:`Subject` limits.

A participant code names a state or organisation everywhere (directories, scenarios,
results): an ISO 3166 alpha-2 code such as ``DE``, or a short upper-case code for an
organisation such as ``EU`` or ``OSCE``. Input is trimmed and upper-cased first, so ``de``
is ``DE``. Bundled network profiles list states only and keep the narrower
:data:`CountryCode` (two upper-case letters, as written).

A scenario starts at an instant with a time zone (:data:`StartInstant`), kept in UTC, and
its observed window must end before :data:`LAST_END` (:func:`check_window`), so that no
date arithmetic overflows.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_TEXT = 100_000
"""The longest string any input model accepts (a message body, a guide, a narrative)."""

MAX_NAME = 200
"""The longest name (of a scenario, directory, participant, contact, actor, sweep)."""

MAX_SUBJECT = 500
"""The longest subject or title (of a message, an inject, a stage)."""


class Strict(BaseModel):
    """A frozen model that rejects unknown fields, non-finite numbers and endless strings."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, str_max_length=MAX_TEXT
    )


Name = Annotated[str, Field(max_length=MAX_NAME)]
"""A name: at most :data:`MAX_NAME` characters."""

Subject = Annotated[str, Field(max_length=MAX_SUBJECT)]
"""A subject or a title: at most :data:`MAX_SUBJECT` characters."""


PARTICIPANT_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
"""A normalised participant code: an upper-case letter, then 1 to 7 letters or digits."""


def normalise_code(code: str) -> str:
    """``" de "`` -> ``"DE"``: how a participant code is written before it is checked."""
    return code.strip().upper()


def is_participant_code(code: str) -> bool:
    """Whether ``code`` (already normalised) is a well-formed participant code."""
    return PARTICIPANT_CODE.match(code) is not None


def _check_participant_code(code: str) -> str:
    code = normalise_code(code)
    if not is_participant_code(code):
        raise ValueError(f"code {code!r} must be an ISO 3166 alpha-2 code such as DE")
    return code


def _check_country_code(code: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"code {code!r} must be two upper-case letters (ISO 3166 alpha-2)")
    return code


ParticipantCode = Annotated[str, AfterValidator(_check_participant_code)]
"""A participant code, trimmed and upper-cased, then checked against :data:`PARTICIPANT_CODE`."""

CountryCode = Annotated[str, AfterValidator(_check_country_code)]
"""A state's ISO 3166 alpha-2 code as a bundled profile writes it: exactly two upper-case
letters, not normalised."""


def _check_start(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("start needs a time zone, e.g. 2026-03-06T15:00:00Z")
    if moment.year < FIRST_DATE.year:
        raise ValueError(f"start {moment.date().isoformat()} is before "
                         f"{FIRST_DATE.isoformat()}; give a later start")
    return moment.astimezone(UTC)


StartInstant = Annotated[datetime, AfterValidator(_check_start)]
"""A scenario's ``start``: an instant with a time zone (a naive one is an error), in UTC."""


FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(8999, 12, 31)
"""The calendar dates people may write (an ``as_of``, ``--as-of``): years of arithmetic
either side stay within what Python can hold."""


def check_date(day: date) -> date:
    """``day``, or a ValueError if it lies outside :data:`FIRST_DATE`..:data:`LAST_DATE`."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"date {day.isoformat()} is outside {FIRST_DATE.isoformat()} to "
                         f"{LAST_DATE.isoformat()}; give a date in that range")
    return day


PlainDate = Annotated[date, AfterValidator(check_date)]
"""A calendar date within :data:`FIRST_DATE`..:data:`LAST_DATE`."""

LAST_END = datetime(9000, 1, 1, tzinfo=UTC)
"""Every scenario's observed window ends before this instant: calendars look days back and
ahead of it, and holiday tables years, all far from the largest date Python can hold."""


def check_window(start: datetime, hours: float, what: str) -> None:
    """A ValueError unless ``start`` plus ``hours`` (the ``what`` field) ends before
    :data:`LAST_END`."""
    room = (LAST_END - start).total_seconds() / 3600
    if hours > room:
        raise ValueError(
            f"start {start:%Y-%m-%d} plus the {hours:g}h {what} ends after "
            f"{LAST_END:%Y-%m-%d}; start earlier or shorten the {what}"
        )

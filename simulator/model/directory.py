"""The points-of-contact directory: participants (states or organisations) and their contacts.

A :class:`Directory` is what a secretariat keeps: for each participant its time zone, work
week, office hours, public-holiday country, languages and capacity tier, and its contacts
(policy, technical and their deputies) with channels and the date each entry was last
verified. Models are strict (unknown fields are errors) and frozen.

Loading and saving (YAML, CSV) lives in :mod:`simulator.io.directory_files`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, time
from enum import StrEnum
from functools import cache
from typing import Annotated, Literal, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from simulator.model.base import Name, ParticipantCode, Strict
from simulator.model.behaviour import BehaviourParams

STANDARD_ROLES = ("policy", "technical", "deputy_policy", "deputy_technical")
"""Roles every directory knows; others must be declared in ``Directory.custom_roles``."""

DEPUTY_OF = {"deputy_policy": "policy", "deputy_technical": "technical"}
"""The principal role each deputy role stands in for."""

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"(?=(?:\D*\d){4})\+?[0-9(][0-9 ()./-]{3,30}( *(ext\.?|x) *[0-9]{1,6})?")
"""A telephone number: digits with spaces, dots, dashes or brackets, optionally an extension."""
_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class Capacity(StrEnum):
    """How well resourced a participant's POC function is."""

    high = "high"
    medium = "medium"
    low = "low"


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _check_zone(name: str) -> str:
    if name not in _zones():
        try:
            if len(name) > 100:  # no zone is this long; nor may a file name be
                raise ValueError(name)
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            shown = repr(name) if len(name) <= 60 else repr(name[:57] + "...")
            raise ValueError(
                f"unknown time zone {shown}; use an IANA name such as Europe/Berlin"
            ) from None
    return name


@cache
def _holiday_countries() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())


@cache
def _holiday_subdivisions(country: str) -> list[str]:
    import holidays

    return list(holidays.list_supported_countries().get(country, []))


def _check_holiday_country(code: str | None) -> str | None:
    if code is None or code == "":
        return None
    code = code.upper()
    if code not in _holiday_countries():
        raise ValueError(
            f"no public-holiday calendar for {code!r}; use an ISO 3166 alpha-2 code the "
            "'holidays' package supports, or leave it empty"
        )
    return code


def check_work_week(days: Sequence[str]) -> None:
    """A ValueError unless each day is one of :data:`WEEKDAYS` and none is given twice."""
    for d in days:
        if d not in WEEKDAYS:
            raise ValueError(f"work_week day {d!r} must be one of {', '.join(WEEKDAYS)}")
    if len(set(days)) != len(days):
        raise ValueError("work_week repeats a day")


def parse_office_hours(spec: str) -> list[tuple[time, time]]:
    """``"09:00-17:00"`` or ``"08:00-12:00,13:00-16:30"`` -> list of (start, end) times."""
    spans = []
    for part in spec.split(","):
        m = _HOURS.match(part.strip())
        if not m:
            raise ValueError(f"office hours {spec!r} must look like 09:00-17:00")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2 != 0):
            raise ValueError(f"office hours {spec!r} contain an impossible time")
        start = time(h1, m1)
        end = time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
        if end <= start:
            raise ValueError(f"office hours {spec!r}: the end must come after the start")
        spans.append((start, end))
    spans.sort()
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        if s2 < e1:
            raise ValueError(f"office hours {spec!r} overlap")
    return spans


def _check_hours(spec: str) -> str:
    parse_office_hours(spec)
    return spec


TimeZoneName = Annotated[str, AfterValidator(_check_zone)]
"""An IANA time zone name such as ``Europe/Berlin``."""
OfficeHours = Annotated[str, AfterValidator(_check_hours)]
HolidayCountry = Annotated[str | None, AfterValidator(_check_holiday_country)]
"""A country the ``holidays`` package has a calendar for (upper-cased), or None."""


class Contact(Strict):
    """One person or desk a participant has named."""

    role: str = Field(
        description="policy, technical, deputy_policy, deputy_technical or a declared custom role"
    )
    name: Name | None = Field(None, description="Person or desk name (personal data)")
    email: str | None = Field(None, description="E-mail address (personal data)")
    phone: str | None = Field(None, description="Telephone number (personal data)")
    portal: bool = Field(False, description="Reachable through the organisation's secure portal")
    languages: list[str] = Field(
        default_factory=list,
        description="Working languages (ISO 639-1); empty means the participant's",
    )
    duty_24_7: bool = Field(
        False, description="A 24/7 duty desk (e.g. national CERT): office hours do not apply"
    )
    mandate: bool | None = Field(
        None,
        description="May answer without internal clearance; empty uses the scenario's behaviour",
    )
    last_verified: date | None = Field(
        None, description="When the secretariat last confirmed this entry"
    )
    listed_in: str | None = Field(
        None, description="The directory this entry comes from when a scenario names several "
        "(set when they are combined; leave it empty in a file)"
    )

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and v != "" and not _EMAIL.match(v):
            raise ValueError(f"{v!r} is not a valid e-mail address")
        return v or None

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        v = (v or "").strip()
        if v and not _PHONE.fullmatch(v):
            raise ValueError(f"{v!r} is not a telephone number; write e.g. +43 1 531 370")
        return v or None

    @field_validator("role")
    @classmethod
    def _role(cls, v: str) -> str:
        v = v.strip()
        if not re.fullmatch(r"[a-z][a-z0-9_]*", v):
            raise ValueError(f"role {v!r} must be lower-case letters, digits and _")
        return v

    @field_validator("languages")
    @classmethod
    def _langs(cls, v: list[str]) -> list[str]:
        return [x.strip().lower() for x in v if x.strip()]

    @property
    def channels(self) -> list[str]:
        """The channels this contact can be reached on, in the order tried."""
        out = []
        if self.email:
            out.append("email")
        if self.portal:
            out.append("portal")
        if self.phone:
            out.append("phone")
        return out


class Participant(Strict):
    """A state (or organisation) in the network."""

    code: ParticipantCode = Field(
        description="ISO 3166 alpha-2 code (or a short upper-case code for an organisation)"
    )
    name: Name
    group: Name = Field("", description="Regional group or sub-region, used for grouping results")
    timezone: TimeZoneName = Field(
        description="IANA time zone of the POCs' office, e.g. Europe/Berlin"
    )
    work_week: list[str] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    office_hours: OfficeHours = "09:00-17:00"
    holiday_country: HolidayCountry = Field(
        None, description="Country whose public holidays close the office"
    )
    holiday_subdiv: str | None = Field(
        None, description="Optional subdivision for holidays (e.g. a state)"
    )
    languages: list[str] = Field(default_factory=lambda: ["en"])
    capacity: Capacity = Capacity.medium
    contacts: list[Contact] = Field(default_factory=list)

    @field_validator("work_week")
    @classmethod
    def _week(cls, v: list[str]) -> list[str]:
        days = [d.strip().lower()[:3] for d in v]
        check_work_week(days)
        return sorted(days, key=WEEKDAYS.index)

    @field_validator("holiday_subdiv")
    @classmethod
    def _subdiv(cls, v: str | None, info: ValidationInfo) -> str | None:
        v = (v or "").strip() or None
        country = info.data.get("holiday_country")
        if v is None or country is None:
            return v  # without a holiday country there are no holidays to narrow down
        known = _holiday_subdivisions(country)
        if v not in known:
            fix = (f"use one of {', '.join(known[:12])}{' ...' if len(known) > 12 else ''}"
                   if known else "leave it empty (the holidays package knows none for it)")
            raise ValueError(f"{country} has no holiday subdivision {v!r}; {fix}")
        return v

    @field_validator("languages")
    @classmethod
    def _langs(cls, v: list[str]) -> list[str]:
        return [x.strip().lower() for x in v if x.strip()]

    @model_validator(mode="after")
    def _has_contact(self) -> Participant:
        if not self.contacts:
            raise ValueError(
                f"participant {self.code} has no contact; add at least one under contacts"
            )
        if not self.work_week and not all(c.duty_24_7 for c in self.contacts):
            raise ValueError(
                f"participant {self.code} has an empty work_week; give at least one day "
                "such as [mon, tue, wed, thu, fri] (or make every contact a 24/7 duty desk)"
            )
        return self

    def contact_keys(self) -> list[str]:
        """Stable keys for this participant's contacts: ``DE/policy``, ``DE/technical#2``;
        an entry combined from a named directory says which: ``US/policy@arf``."""
        seen: dict[str, int] = {}
        keys = []
        for c in self.contacts:
            role = c.role if c.listed_in is None else f"{c.role}@{c.listed_in}"
            seen[role] = seen.get(role, 0) + 1
            n = seen[role]
            keys.append(f"{self.code}/{role}" + (f"#{n}" if n > 1 else ""))
        return keys

    def work_weekdays(self) -> frozenset[int]:
        """Working days as ``date.weekday()`` numbers (Mon=0)."""
        return frozenset(WEEKDAYS.index(d) for d in self.work_week)

    def office_spans(self) -> list[tuple[time, time]]:
        return parse_office_hours(self.office_hours)


StakeholderKind = Literal["cert", "cdn", "operator", "hosting", "isac", "isp", "vendor", "other"]
"""What a stakeholder is: a national CERT, a CDN, an infrastructure operator, a hosting
firm, an information-sharing centre, an internet provider, a vendor, or something else."""


class Stakeholder(Participant):
    """A stakeholder that is not a state (a CDN, an operator, a national CERT, an ISAC):
    it has its own calendar and contacts, receives injects, answers them after the delays
    of its capacity tier and its own ``behaviour`` overrides, and expectations can fall on it.
    Communication checks go to states only."""

    kind: StakeholderKind = Field(description="cert, cdn, operator, hosting, isac, isp, "
                                  "vendor or other")
    group: Name = Field("stakeholders", description="Used for grouping results")
    behaviour: BehaviourParams | None = Field(
        None, description="Overrides of the scenario's behaviour for this stakeholder, "
        "e.g. {triage: {dist: fixed, value: 0h}}")


class Directory(Strict):
    """A POC directory of one organisation."""

    name: Name
    organisation: Name = Field(description="OSCE, ARF, OAS, UN, or any other name")
    description: str = ""
    custom_roles: list[str] = Field(
        default_factory=list, description="Roles allowed beyond the standard four"
    )
    participants: list[Participant] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(
        default_factory=list, description="Stakeholders that are not states (CDNs, "
        "operators, national CERTs, ISACs): they receive injects and answer them"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Directory:
        problems: list[str] = []
        seen: dict[str, str] = {}
        allowed = set(STANDARD_ROLES) | set(self.custom_roles)
        for field in ("participants", "stakeholders"):
            for i, p in enumerate(getattr(self, field)):
                here = f"{field}[{i}] ({p.code})"
                if p.code in seen:
                    problems.append(_clash(here, p.code, seen[p.code], field))
                else:
                    seen[p.code] = f"{field}[{i}]"
                problems += [
                    f"{here}.contacts[{j}].role: unknown role {c.role!r}; "
                    f"use one of {', '.join(STANDARD_ROLES)} or declare it in custom_roles"
                    for j, c in enumerate(p.contacts) if c.role not in allowed
                ]
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def members(self) -> list[Participant]:
        """The states, then the stakeholders: everyone an inject can reach."""
        return [*self.participants, *self.stakeholders]

    def participant(self, code: str) -> Participant:
        for p in self.participants:
            if p.code == code.upper():
                return p
        raise KeyError(code)

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.participants]

    def groups(self) -> list[str]:
        """Group names in order of first appearance."""
        return groups_in_order(self.participants)


def _clash(here: str, code: str, first: str, field: str) -> str:
    """The problem of a second entry with ``code``, first used at ``first``."""
    if field == "stakeholders" and first.startswith("participants"):
        return (f"{here}.code: stakeholder code {code} clashes with the state at {first}; "
                "give the stakeholder its own code")
    return (f"{here}: duplicate code {code}, already used by {first}; "
            "each participant needs its own code")


class HasGroup(Protocol):
    """Anything listed under a regional group (a participant, a profile's member)."""

    @property
    def group(self) -> str: ...


def groups_in_order(participants: Iterable[HasGroup]) -> list[str]:
    """The groups of ``participants`` in order of first appearance (directories and
    membership profiles list them so)."""
    return list(dict.fromkeys(p.group for p in participants))

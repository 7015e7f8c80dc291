"""Bundled membership lists of real POC networks (OSCE, ARF, OAS, UN).

Each profile is a YAML file in ``scenarios/directories/`` listing the participating states
of one organisation with the facts a POC directory needs for scheduling: ISO code, name,
a group (sub-region or regional group), the capital's IANA time zone, the usual work week
and office hours, the public-holiday calendar and working languages. The files carry no
contacts; the directory generator adds synthetic ones.

Sources and the choices made for each list are documented in each file's header comment.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.abc import Traversable
from importlib.resources import files
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from simulator.model.base import CountryCode, Strict
from simulator.model.directory import (
    OfficeHours,
    TimeZoneName,
    _check_holiday_country,
    check_work_week,
    groups_in_order,
)
from simulator.model.errors import InputError, problems_from_validation

PROFILES = ("osce", "arf", "oas", "un")
"""Names of the bundled profiles, as accepted by :func:`load_profile`."""

_LANG = re.compile(r"^[a-z]{2}$")


class ProfileEntry(Strict):
    """One participating state (or organisation, e.g. the EU in the ARF) of a network."""

    code: CountryCode = Field(description="ISO 3166 alpha-2 code (EU for the European Union)")
    name: str = Field(description="English short name")
    group: str = Field(description="Sub-region or regional group used to group results")
    timezone: TimeZoneName = Field(description="IANA time zone of the capital")
    work_week: list[str] = Field(description="Working days in local week order: [sun, mon, ...]")
    office_hours: OfficeHours = "09:00-17:00"
    holiday_country: str | None = Field(None, description="'holidays' calendar, or none")
    languages: list[str] = Field(min_length=1, description="Working languages, ISO 639-1")

    @field_validator("work_week")
    @classmethod
    def _week(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("work_week needs at least one day")
        check_work_week(v)
        return v

    @field_validator("holiday_country")
    @classmethod
    def _holidays(cls, v: str | None) -> str | None:
        return _check_holiday_country(v)

    @field_validator("languages")
    @classmethod
    def _langs(cls, v: list[str]) -> list[str]:
        for lang in v:
            if not _LANG.match(lang):
                raise ValueError(f"language {lang!r} must be an ISO 639-1 code such as en")
        return v

    def participant_fields(self) -> dict[str, Any]:
        """Keyword arguments for :class:`~simulator.model.directory.Participant` (no contacts)."""
        return self.model_dump()


class Profile(Strict):
    """The membership list of one organisation's network."""

    organisation: str
    name: str
    source: str = Field(description="Where the list comes from, with the date it was taken")
    participants: list[ProfileEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Profile:
        seen: set[str] = set()
        for i, p in enumerate(self.participants):
            if p.code in seen:
                raise ValueError(
                    f"participants[{i}]: duplicate code {p.code}; codes must be unique"
                )
            seen.add(p.code)
        return self

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.participants]

    def entry(self, code: str) -> ProfileEntry:
        """The entry for ``code``; ``KeyError`` if the state is not in this network."""
        for p in self.participants:
            if p.code == code.upper():
                return p
        raise KeyError(code)

    def groups(self) -> list[str]:
        """Group names in order of first appearance."""
        return groups_in_order(self.participants)


def _normalise(name: str) -> str:
    key = name.strip().lower()
    if key not in PROFILES:
        raise InputError.single(
            "profile",
            repr(name),
            f"unknown directory profile; use one of: {', '.join(PROFILES)}",
        )
    return key


def profile_path(name: str) -> Traversable:
    """The bundled YAML file of profile ``name`` (one of :data:`PROFILES`)."""
    return files("scenarios") / "directories" / f"{_normalise(name)}.yaml"


@cache
def _load(key: str) -> Profile:
    path = profile_path(key)
    source = f"scenarios/directories/{key}.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError.single(source, "", f"not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise InputError.single(source, "(top)", "expected a mapping with a participants list")
    labels: dict[tuple[int | str, ...], str] = {
        ("participants", i): str(p.get("code"))
        for i, p in enumerate(raw.get("participants") or [])
        if isinstance(p, dict)
    }
    try:
        return Profile.model_validate(raw)
    except ValidationError as err:
        raise InputError(problems_from_validation(source, err, labels)) from None


def load_profile(name: str) -> Profile:
    """Load the bundled profile ``name`` (``osce``, ``arf``, ``oas`` or ``un``; any case).

    Raises :class:`~simulator.model.errors.InputError` for an unknown name. The result is cached
    and shared between callers: treat it as read-only.
    """
    return _load(_normalise(name))

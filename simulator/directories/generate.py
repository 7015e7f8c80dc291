"""Fictitious points-of-contact directories for the bundled organisation profiles.

:func:`generate_directory` takes a profile (``osce``, ``arf``, ``oas``, ``un``: the real
participants with their time zones, work weeks, holidays and languages, from
:mod:`simulator.directories.profiles`) and fills each participant with invented contacts:

* a policy contact (foreign-ministry style, ``mfa.<cc>.example.org``) and a technical contact
  (national CERT, ``cert.<cc>.example.net``), a share of the CERTs being 24/7 duty desks
  (more in high-capacity states);
* deputies for ``deputy_share`` of those roles;
* a capacity tier per participant (high, medium, low), some contacts with an explicit
  mandate to answer (or explicitly without one), working languages, a secure-portal flag;
* realistic staleness: ``last_verified`` spread over the five years before ``as_of``
  (older in low-capacity states), a few entries never verified.

Names come from Faker in the participant's locale (:mod:`simulator.directories.names`);
e-mail addresses use reserved ``example`` domains and telephone numbers the non-existent
country code ``+00``. Nothing refers to a real person.

The same profile, seed and options give an identical directory on every machine: each
participant draws from its own named :class:`~simulator.engine.rng.Stream`, and each contact's
Faker is seeded from a CRC-32 of ``seed:code:role`` (never Python's salted ``hash``).
Decisions are drawn in a fixed order whatever their outcome, so raising ``deputy_share``
only adds deputies and leaves everything else as it was.
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from typing import Any

from simulator.directories.names import FAKER_LOCK, email_local_part, faker_locale, person_name
from simulator.directories.profiles import Profile, ProfileEntry, load_profile
from simulator.engine.rng import Stream
from simulator.model.directory import Capacity, Contact, Directory, Participant

DEFAULT_AS_OF = date(2026, 1, 1)
"""Reference date generated entries are aged from (fixed, so output is reproducible)."""

CAPACITY_WEIGHTS = {Capacity.high: 0.25, Capacity.medium: 0.45, Capacity.low: 0.30}
"""Share of participants in each capacity tier."""

DUTY_SHARE = {Capacity.high: 0.8, Capacity.medium: 0.45, Capacity.low: 0.15}
"""Chance a participant's technical contact is a 24/7 duty desk, by capacity tier."""

PORTAL_SHARE = {Capacity.high: 0.8, Capacity.medium: 0.6, Capacity.low: 0.35}
"""Chance a contact is reachable through the organisation's secure portal."""

MANDATE_STATED = 0.4
"""Chance a contact's mandate is recorded at all (otherwise the scenario's behaviour decides)."""

MANDATE_YES = {Capacity.high: 0.85, Capacity.medium: 0.7, Capacity.low: 0.45}
"""Chance a recorded mandate is a yes, by capacity tier."""

AGE_MODE_YEARS = {Capacity.high: 0.4, Capacity.medium: 1.2, Capacity.low: 2.5}
"""Most common age of an entry in years, by tier (ages are triangular on 0-5 years)."""

MAX_AGE_YEARS = 5.0
NEVER_VERIFIED = 0.03
"""Share of entries with no verification date at all."""

NO_PHONE = 0.1
"""Share of person contacts without a telephone number."""


def generate_directory(
    profile: str,
    seed: int,
    *,
    as_of: date | None = None,
    deputy_share: float = 0.5,
    duty_share: float | None = None,
) -> Directory:
    """A directory of ``profile``'s participants filled with fictitious contacts.

    ``deputy_share``: share of policy/technical roles with a named deputy (0-1).
    ``duty_share``: chance a technical contact is a 24/7 duty desk (default: by capacity).
    Raises :class:`~simulator.model.errors.InputError` for an unknown profile and ``ValueError``
    for a share outside 0-1.
    """
    return fill_directory(
        load_profile(profile), seed, as_of=as_of, deputy_share=deputy_share,
        duty_share=duty_share, key=profile.strip().lower(),
    )


def fill_directory(
    profile: Profile,
    seed: int,
    *,
    as_of: date | None = None,
    deputy_share: float = 0.5,
    duty_share: float | None = None,
    key: str | None = None,
) -> Directory:
    """Fill ``profile``'s participants with fictitious contacts (see module); ``key`` names
    the profile in the random streams (default: its organisation)."""
    if not 0 <= deputy_share <= 1:
        raise ValueError(f"deputy_share {deputy_share} must be between 0 and 1")
    if duty_share is not None and not 0 <= duty_share <= 1:
        raise ValueError(f"duty_share {duty_share} must be between 0 and 1")
    as_of = as_of or DEFAULT_AS_OF
    key = key or profile.organisation.lower()
    with FAKER_LOCK:
        participants = [
            _participant(entry, Stream("directory", key, seed, entry.code), seed, as_of,
                         deputy_share, duty_share)
            for entry in profile.participants
        ]
    return Directory(
        name=f"{profile.name} (fictitious contacts)",
        organisation=profile.organisation,
        description=(
            f"Generated by pocdrill from the {key} profile with seed {seed}, aged from "
            f"{as_of.isoformat()}. Every name, e-mail address and telephone number is invented."
        ),
        participants=participants,
    )


# --------------------------------------------------------------------------- participants


def _participant(
    entry: ProfileEntry,
    rng: Stream,
    seed: int,
    as_of: date,
    deputy_share: float,
    duty_share: float | None,
) -> Participant:
    code = entry.code
    languages = list(entry.languages) or ["en"]
    # Every decision is drawn here, in a fixed order, whatever its outcome.
    capacity = _choose(rng, CAPACITY_WEIGHTS)
    u_duty = rng.random()
    u_deputy = {"policy": rng.random(), "technical": rng.random()}
    duty = u_duty < (DUTY_SHARE[capacity] if duty_share is None else duty_share)
    locale = faker_locale(code, languages)
    ctx = _Ctx(code=code, seed=seed, as_of=as_of, capacity=capacity, locale=locale,
               languages=languages)
    contacts = [
        _person(ctx, rng.child("policy"), "policy", f"mfa.{code.lower()}.example.org"),
        _duty_desk(ctx, rng.child("technical")) if duty else
        _person(ctx, rng.child("technical"), "technical", f"cert.{code.lower()}.example.net"),
    ]
    for principal, domain in (("policy", "mfa"), ("technical", "cert")):
        if u_deputy[principal] < deputy_share:
            tld = "org" if principal == "policy" else "net"
            role = f"deputy_{principal}"
            contacts.append(
                _person(ctx, rng.child(role), role, f"{domain}.{code.lower()}.example.{tld}")
            )
    return Participant(
        code=code,
        name=entry.name,
        group=entry.group,
        timezone=entry.timezone,
        work_week=list(entry.work_week),
        office_hours=entry.office_hours,
        holiday_country=entry.holiday_country,
        languages=languages,
        capacity=capacity,
        contacts=contacts,
    )


class _Ctx:
    __slots__ = ("code", "seed", "as_of", "capacity", "locale", "languages")

    def __init__(self, **kw: Any) -> None:
        for k, v in kw.items():
            setattr(self, k, v)

    code: str
    seed: int
    as_of: date
    capacity: Capacity
    locale: str
    languages: list[str]


def _choose(rng: Stream, weights: dict[Capacity, float]) -> Capacity:
    u = rng.random() * sum(weights.values())
    for value, w in weights.items():
        u -= w
        if u < 0:
            return value
    return next(reversed(weights))


def _verified(ctx: _Ctx, rng: Stream, extra_years: float = 0.0) -> date | None:
    u_never = rng.random()
    age = rng.triangular(0.0, MAX_AGE_YEARS, min(MAX_AGE_YEARS, AGE_MODE_YEARS[ctx.capacity]
                                                   + extra_years))
    if u_never < NEVER_VERIFIED:
        return None
    return ctx.as_of - timedelta(days=int(age * 365.25))


def _mandate(ctx: _Ctx, rng: Stream) -> bool | None:
    u_stated, u_yes = rng.random(), rng.random()
    if u_stated >= MANDATE_STATED:
        return None
    return u_yes < MANDATE_YES[ctx.capacity]


def _phone(ctx: _Ctx, rng: Stream) -> str:
    area = zlib.crc32(ctx.code.encode()) % 1000
    return f"+00 {area:03d} 555 01{rng.randrange(100):02d}"


def _contact_languages(ctx: _Ctx, rng: Stream, technical: bool) -> list[str]:
    u = rng.random()
    if technical:
        # CERTs mostly work in English, often in the national language too.
        if u < 0.6:
            return list(dict.fromkeys(["en", ctx.languages[0]]))
        return ["en"] if u < 0.85 else []
    # Policy contacts mostly use the participant's languages; some add English.
    if u < 0.3 and "en" not in ctx.languages:
        return [*ctx.languages, "en"]
    return []


def _person(ctx: _Ctx, rng: Stream, role: str, domain: str) -> Contact:
    technical = role.endswith("technical")
    female = rng.random() < 0.5
    name = person_name(ctx.locale, female, f"{ctx.seed}:{ctx.code}:{role}")
    local = email_local_part(name) or f"poc.{role.replace('_', '-')}"
    phone = _phone(ctx, rng)
    u_phone = rng.random()
    u_portal = rng.random()
    deputy = role.startswith("deputy_")
    return Contact(
        role=role,
        name=name,
        email=f"{local}@{domain}",
        phone=None if u_phone < NO_PHONE else phone,
        portal=u_portal < PORTAL_SHARE[ctx.capacity],
        languages=_contact_languages(ctx, rng, technical),
        duty_24_7=False,
        mandate=_mandate(ctx, rng),
        # Deputies are checked less often than principals.
        last_verified=_verified(ctx, rng, extra_years=0.8 if deputy else 0.0),
    )


def _duty_desk(ctx: _Ctx, rng: Stream) -> Contact:
    phone = _phone(ctx, rng)
    u_portal = rng.random()
    return Contact(
        role="technical",
        name=f"CERT-{ctx.code} duty desk",
        email=f"duty@cert.{ctx.code.lower()}.example.net",
        phone=phone,
        portal=u_portal < PORTAL_SHARE[ctx.capacity],
        languages=_contact_languages(ctx, rng, True),
        duty_24_7=True,
        mandate=_mandate(ctx, rng),
        last_verified=_verified(ctx, rng),
    )

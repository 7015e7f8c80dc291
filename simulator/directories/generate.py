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

Names come from Faker in the participant's locale where Faker has one (romanised for
Cyrillic, Greek, Japanese and Chinese names); e-mail addresses use reserved ``example``
domains and telephone numbers the non-existent country code ``+00``. Nothing refers to a
real person.

The same profile, seed and options give an identical directory on every machine: each
participant draws from its own named :class:`~simulator.engine.rng.Stream`, and each contact's
Faker is seeded from a CRC-32 of ``seed:code:role`` (never Python's salted ``hash``).
Decisions are drawn in a fixed order whatever their outcome, so raising ``deputy_share``
only adds deputies and leaves everything else as it was.
"""

from __future__ import annotations

import threading
import unicodedata
import zlib
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Protocol

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


class ProfileLike(Protocol):
    """What the generator needs of a profile (see
    :class:`simulator.directories.profiles.Profile`); each
    participant needs ``code, name, group, timezone, work_week, office_hours,
    holiday_country, languages``."""

    @property
    def organisation(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def participants(self) -> Sequence[Any]: ...


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
    from simulator.directories.profiles import load_profile

    return fill_directory(
        load_profile(profile), seed, as_of=as_of, deputy_share=deputy_share,
        duty_share=duty_share, key=profile.strip().lower(),
    )


def fill_directory(
    profile: ProfileLike,
    seed: int,
    *,
    as_of: date | None = None,
    deputy_share: float = 0.5,
    duty_share: float | None = None,
    key: str | None = None,
) -> Directory:
    """Fill any profile-like object's participants with fictitious contacts (see module)."""
    if not 0 <= deputy_share <= 1:
        raise ValueError(f"deputy_share {deputy_share} must be between 0 and 1")
    if duty_share is not None and not 0 <= duty_share <= 1:
        raise ValueError(f"duty_share {duty_share} must be between 0 and 1")
    as_of = as_of or DEFAULT_AS_OF
    key = key or profile.organisation.lower()
    with _FAKER_LOCK:
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
    entry: Any,
    rng: Stream,
    seed: int,
    as_of: date,
    deputy_share: float,
    duty_share: float | None,
) -> Participant:
    code = entry.code.upper()
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
    work_week = entry.work_week
    if isinstance(work_week, str):
        work_week = work_week.replace(",", " ").split()
    return Participant(
        code=code,
        name=entry.name,
        group=entry.group or "",
        timezone=entry.timezone,
        work_week=list(work_week),
        office_hours=entry.office_hours,
        holiday_country=entry.holiday_country,
        holiday_subdiv=getattr(entry, "holiday_subdiv", None),
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


# --------------------------------------------------------------------------- names


_FAKER_LOCK = threading.RLock()
_FAKERS: dict[str, Any] = {}

# Faker locales whose person names fall back to US English: not used for their country.
_NO_OWN_NAMES = frozenset({
    "am_ET", "ar_AE", "ar_BH", "ar_EG", "ar_JO", "bs_BA", "dk_DK", "el_CY", "fil_PH", "it_CH",
    "la", "lb_LU", "mt_MT", "ng_NG", "sq_AL", "sr_BA", "tl_PH", "fr_QC", "en_MS",
})

# Countries without a Faker locale of their own: the nearest one with suitable names.
_NEAREST: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("AE", "BH", "EG", "JO", "KW", "QA", "OM", "IQ", "LY", "YE", "SY", "LB",
                     "SD", "PS"), ("ar_SA",)),
    **dict.fromkeys(("MA", "TN", "MR"), ("ar_DZ", "fr_DZ")),
    **dict.fromkeys(("PE", "VE", "EC", "BO", "PY", "UY", "CR", "PA", "GT", "HN", "SV", "NI",
                     "DO", "CU"), ("es_MX",)),
    **dict.fromkeys(("GQ", "AD"), ("es_ES",)),
    **dict.fromkeys(("AO", "MZ", "CV", "GW", "ST", "TL"), ("pt_PT",)),
    **dict.fromkeys(("SN", "CI", "ML", "BF", "NE", "TD", "CM", "CG", "CD", "GA", "BJ", "TG",
                     "GN", "MG", "HT", "KM", "DJ", "BI", "CF", "MC", "SC", "MU"), ("fr_FR",)),
    **dict.fromkeys(("ET", "ER", "SO", "SS", "UG", "TZ", "RW", "ZM", "ZW", "MW", "BW", "NA",
                     "LS", "SZ"), ("en_KE", "sw")),
    **dict.fromkeys(("SL", "LR", "GM"), ("en_NG",)),
    **dict.fromkeys(("RS", "ME", "BA"), ("hr_HR",)),
    **dict.fromkeys(("BY", "KZ", "KG", "TJ", "TM", "MN"), ("ru_RU",)),
    **dict.fromkeys(("SM", "VA"), ("it_IT",)),
    **dict.fromkeys(("MY", "BN"), ("id_ID",)),
    **dict.fromkeys(("FJ", "PG", "SB", "VU", "WS", "TO", "KI", "TV", "NR", "PW", "MH", "FM"),
                    ("en_AU", "en_NZ")),
    **dict.fromkeys(("JM", "TT", "BS", "BB", "BZ", "GY", "AG", "DM", "GD", "KN", "LC", "VC"),
                    ("en_GB",)),
    "SR": ("nl_NL",), "MD": ("ro_RO",), "CY": ("el_GR",), "MT": ("en_GB",), "AF": ("fa_IR",),
    "KP": ("ko_KR",), "SG": ("en_GB", "zh_CN"), "GH": ("tw_GH", "en_GB"), "EU": ("fr_BE",),
}


def _own_locales() -> dict[str, list[str]]:
    from faker.config import AVAILABLE_LOCALES

    out: dict[str, list[str]] = {}
    for loc in sorted(AVAILABLE_LOCALES):
        if "_" in loc and loc not in _NO_OWN_NAMES:
            out.setdefault(loc.split("_")[1], []).append(loc)
    return out


_OWN: dict[str, list[str]] | None = None


def faker_locale(code: str, languages: Sequence[str] = ()) -> str:
    """The Faker locale for a participant: its country's (in one of its languages if Faker
    has several), a neighbour's, or ``en_US``."""
    global _OWN
    if _OWN is None:
        _OWN = _own_locales()
    candidates = list(_OWN.get(code.upper(), [])) or list(_NEAREST.get(code.upper(), ()))
    if not candidates:
        return "en_US"
    for lang in languages:
        for loc in candidates:
            if loc.split("_")[0] == lang:
                return loc
    return candidates[0]


def _faker(locale: str) -> Any:
    fake = _FAKERS.get(locale)
    if fake is None:
        from faker import Faker

        # Names are all we need: loading only the person provider is ~20 times faster.
        fake = _FAKERS[locale] = Faker(locale, providers=["faker.providers.person"])
    return fake


def person_name(locale: str, female: bool, key: str) -> str:
    """An invented full name (given name first) from Faker, seeded by ``key``; romanised
    where that is easy (Cyrillic, Greek, Japanese, Chinese)."""
    with _FAKER_LOCK:
        fake = _faker(locale)
        fake.seed_instance(zlib.crc32(key.encode()))
        sex = "female" if female else "male"
        if hasattr(fake, "first_romanized_name"):
            first = getattr(fake, f"first_romanized_name_{sex}", fake.first_romanized_name)()
            return f"{first} {fake.last_romanized_name()}"
        first = getattr(fake, f"first_name_{sex}")()
        last = getattr(fake, f"last_name_{sex}")()
    return romanise(f"{first} {last}")


_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўјљњћџѓќѕ",
    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
     "i", "yi", "ye", "g", "w", "j", "lj", "nj", "ć", "dž", "gj", "kj", "dz"],
    strict=True,
))
_GREEK = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
    ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r",
     "s", "s", "t", "y", "f", "ch", "ps", "o", "a", "e", "i", "i", "o", "y", "o", "i", "y",
     "i", "y"],
    strict=True,
))


def romanise(text: str) -> str:
    """Latin letters for Cyrillic and Greek text; other scripts are left as they are."""
    out = []
    for ch in text:
        low = ch.lower()
        latin = _CYRILLIC.get(low, _GREEK.get(low))
        if latin is None:
            out.append(ch)
        else:
            out.append(latin.capitalize() if ch != low else latin)
    return "".join(out)


_ASCII = {"ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "þ": "th",
          "ð": "d", "ə": "e", "'": "", "’": ""}


def email_local_part(name: str) -> str:
    """``"Jürgen Müller-Lüdenscheidt"`` -> ``"jurgen.muller-ludenscheidt"``; empty if the
    name has no Latin letters."""
    text = "".join(_ASCII.get(c, c) for c in name.lower())
    text = unicodedata.normalize("NFKD", text)
    words = []
    for word in text.split():
        kept = "".join(c for c in word if c.isascii() and (c.isalnum() or c == "-")).strip("-")
        if kept:
            words.append(kept)
    local = ".".join(words)
    return local if sum(c.isalpha() for c in local) >= 2 else ""

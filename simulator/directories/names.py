"""Invented names for generated contacts: a Faker locale per participant, a seeded name
per contact, romanised to Latin letters, and the e-mail local part made from it.

Names come from Faker in the participant's locale where Faker has one (romanised for
Cyrillic, Greek, Japanese and Chinese names); locales whose names fall back to US English
are not used. Each name is seeded from a CRC-32 of its key (never Python's salted
``hash``), so the same key gives the same name on every machine.
"""

from __future__ import annotations

import threading
import unicodedata
import zlib
from collections.abc import Sequence
from typing import Any

FAKER_LOCK = threading.RLock()
"""Held while Faker instances are seeded and used (they are shared per locale)."""
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
    with FAKER_LOCK:
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

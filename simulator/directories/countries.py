"""Countries as a secretariat writes them, matched to the bundled membership profiles.

A secretariat's spreadsheet names a state by its ISO code (``DE``) or its name
(``Germany``, ``germany``, ``Türkiye`` or ``Turkiye``). :func:`find_country` finds its
profile entry among the bundled networks (a preferred one first, e.g. the OSCE's for an
OSCE directory, so its groups are used; then the UN's and the others: together every UN
member plus the few others those networks have), whose zone, work week, office hours,
holidays, group and languages fill what the file leaves out.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

from simulator.directories.profiles import PROFILES, ProfileEntry, load_profile


def name_key(text: str) -> str:
    """``"Côte d'Ivoire "`` -> ``"cote d ivoire"``: a name as compared (case, accents and
    punctuation ignored)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


@cache
def _index(prefer: str = "un") -> tuple[dict[str, ProfileEntry], dict[str, ProfileEntry]]:
    """Entries by code and by name key, those of profile ``prefer`` first (its groups and
    hours), then the UN's, then the others'."""
    by_code: dict[str, ProfileEntry] = {}
    by_name: dict[str, ProfileEntry] = {}
    for profile in dict.fromkeys((prefer, "un", *PROFILES)):
        for entry in load_profile(profile).participants:
            by_code.setdefault(entry.code, entry)
            by_name.setdefault(name_key(entry.name), entry)
    return by_code, by_name


def find_country(text: str, prefer: str = "un") -> ProfileEntry | None:
    """The profile entry ``text`` names by code or by name (profile ``prefer``'s first),
    or None."""
    by_code, by_name = _index(prefer)
    key = text.strip()
    return by_code.get(key.upper()) or by_name.get(name_key(key))


def known_codes() -> frozenset[str]:
    """Every code of the bundled networks' states."""
    return frozenset(_index()[0])


def country_by_code(code: str, prefer: str = "un") -> ProfileEntry | None:
    """The profile entry of participant code ``code``, or None (an organisation, say)."""
    return _index(prefer)[0].get(code.strip().upper())


def close_countries(text: str) -> list[str]:
    """Up to three country names close to ``text``, for a "did you mean" hint."""
    by_code, by_name = _index()
    names = {name_key(e.name): e.name for e in by_code.values()}
    return [names[k] for k in difflib.get_close_matches(name_key(text), list(by_name), n=3)]

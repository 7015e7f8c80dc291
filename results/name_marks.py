"""Recognising a run's people in free text without keeping their names.

When a run starts, the store keeps a keyed fingerprint (HMAC-SHA256 with a random per-run
key, cut to 64 bits) of each word of each person's name and of each pair of adjacent
words, normalised: accents stripped (Unicode NFKD, combining marks dropped) and
casefolded. Never the names themselves. ``--redact`` later tokenises a note the same way
(words and adjacent word pairs) and replaces each token whose fingerprint is among the
run's: ``JOHNSON``, ``johnson`` and ``Jöhnson`` all match ``Johnson``, whatever happened to
the directory file since.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.model.directory import Directory

_WORD = re.compile(r"\w+")
_JOIN = re.compile(r"[\s'’.\-]{1,3}")
"""What may stand between two words of one name (``O'Brien``, ``Jean-Pierre``, ``J. Roe``)."""

MARK_HEX = 16
"""Hex digits kept of each fingerprint (64 bits: no accidental match in a directory)."""


def normalise(word: str) -> str:
    """``word`` casefolded, without accents (``Núñez`` -> ``nunez``)."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _clean(text: str) -> str:
    """``text`` composed (NFC) and without invisible format characters (zero-width space)."""
    return "".join(c for c in unicodedata.normalize("NFC", text)
                   if unicodedata.category(c) != "Cf")


def name_keys(name: str) -> set[str]:
    """What a note may name someone by: each word of ``name`` (two letters or more) and each
    pair of adjacent words, normalised."""
    words = [normalise(w) for w in _WORD.findall(_clean(name))]
    keys = {w for w in words if len(w) >= 2}
    keys.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return keys


def people_names(directory: Directory) -> list[str]:
    """The names of the contacts of ``directory`` (what a note may name)."""
    return sorted({c.name for p in directory.members for c in p.contacts if c.name})


@lru_cache(maxsize=1 << 16)  # an export scrubs every event's detail: words repeat
def _mark(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode("utf-8"), hashlib.sha256).hexdigest()[:MARK_HEX]


@dataclass(frozen=True)
class NameMarks:
    """The fingerprints of a run's people under the run's key."""

    key: bytes
    marks: frozenset[str]

    @classmethod
    def of(cls, names: Iterable[str], key: bytes | None = None) -> NameMarks:
        """The marks of ``names`` under ``key`` (default: a new random key)."""
        key = key if key is not None else os.urandom(16)
        return cls(key, frozenset(_mark(key, k) for n in names for k in name_keys(n)))

    def plus(self, names: Iterable[str]) -> NameMarks:
        """These marks and those of ``names``."""
        return NameMarks(self.key, self.marks | NameMarks.of(names, self.key).marks)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` names one of the people (merged, in order)."""
        words = list(_WORD.finditer(text))
        hits: list[tuple[int, int]] = []
        for i, w in enumerate(words):
            if _mark(self.key, normalise(w.group())) in self.marks:
                hits.append(w.span())
            if i + 1 < len(words):
                nxt = words[i + 1]
                if (_JOIN.fullmatch(text, w.end(), nxt.start()) and _mark(
                        self.key, f"{normalise(w.group())} {normalise(nxt.group())}")
                        in self.marks):
                    hits.append((w.start(), nxt.end()))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(hits):
            if merged and (start <= merged[-1][1]
                           or _JOIN.fullmatch(text, merged[-1][1], start)):
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def scrub(self, text: str, placeholder: str = "[redacted]") -> str:
        """``text`` with each naming of one of the people replaced by ``placeholder``."""
        text = _clean(text)
        out, last = [], 0
        for start, end in self.spans(text):
            out += [text[last:start], placeholder]
            last = end
        return "".join([*out, text[last:]])

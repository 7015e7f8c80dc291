"""Named random streams, identical on every machine.

Every participant, contact and message draws from its own stream, derived from the run's
seed and a name (``"7/DE/policy/msg/reminder:24"``). A stream is a :class:`random.Random`
whose ``random()`` is SplitMix64 over a 64-bit key from BLAKE2b: cheap to create (no
Mersenne-Twister state to fill), so a run can afford one per message, which keeps common
random numbers exact: adding a reminder gives that reminder fresh draws and leaves every
other draw as it was.
"""

from __future__ import annotations

import hashlib
import random

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def stream_key(*parts: object) -> int:
    """A 64-bit key for a stream named by ``parts`` (stable across runs and machines)."""
    name = "/".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "little")


class Stream(random.Random):
    """A reproducible random stream named by ``parts``; all ``random.Random`` methods work."""

    def __init__(self, *parts: object) -> None:  # noqa: D107 - no Mersenne state on purpose
        self._state = stream_key(*parts)
        self._name = parts
        self.gauss_next = None

    def seed(self, *args: object, **kwargs: object) -> None:  # pragma: no cover - unused
        raise TypeError("a Stream is seeded by its name; create a new Stream instead")

    def child(self, *parts: object) -> Stream:
        """An independent stream named below this one."""
        return Stream(*self._name, *parts)

    def _next64(self) -> int:
        self._state = z = (self._state + _GOLDEN) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        return (self._next64() >> 11) * (1.0 / 9007199254740992.0)

    def getrandbits(self, k: int) -> int:
        if k <= 0:
            return 0
        out, bits = 0, 0
        while bits < k:
            out = (out << 64) | self._next64()
            bits += 64
        return out >> (bits - k)

    def getstate(self) -> tuple[object, ...]:
        return (self._state, self.gauss_next)

    def setstate(self, state: tuple[object, ...]) -> None:  # type: ignore[override]
        self._state, self.gauss_next = state  # type: ignore[assignment]

"""Named random streams, identical on every machine.

Every participant, contact and message draws from its own stream, derived from the run's
seed and a name (``"7/DE/policy/msg/reminder:24"``). A stream is a :class:`random.Random`
whose ``random()`` is BLAKE2b in counter mode, keyed by the stream's name: cheap to create
(no Mersenne-Twister state to fill), so a run can afford one per message, which keeps common
random numbers exact: adding a reminder gives that reminder fresh draws and leaves every
other draw as it was.
"""

from __future__ import annotations

import hashlib
import random
import struct
from typing import Any

_TO_UNIT = 1.0 / 9007199254740992.0
_UNPACK8 = struct.Struct("<8Q").unpack
_BLAKE2B = hashlib.blake2b
_BLOCK0 = (0).to_bytes(8, "little")


def first_block(name: str) -> tuple[bytes, list[int]]:
    """The key of the stream ``name`` and its first block of eight 64-bit words.

    :meth:`Stream.random` on a fresh stream discards ``words[7]`` and then returns
    ``words[6]``, ``words[5]``, ... (``(w >> 11) * 2**-53``): hot loops read their first
    draws straight from the words and build a :class:`Stream` with :meth:`Stream.resumed`
    only when they need more, so the values are exactly those of ``Stream.named(name)``.
    """
    key = _BLAKE2B(name.encode(), digest_size=16).digest()
    return key, list(_UNPACK8(_BLAKE2B(_BLOCK0, key=key, digest_size=64).digest()))


class Stream(random.Random):
    """A reproducible random stream named by ``parts``; all ``random.Random`` methods work."""

    __slots__ = ("_key", "_counter", "_buffer", "_name")

    def __init__(self, *parts: object) -> None:  # noqa: D107 - no Mersenne state on purpose
        name = "/".join(str(p) for p in parts)
        self._key = hashlib.blake2b(name.encode(), digest_size=16).digest()
        self._counter = 0
        self._buffer: list[int] = []
        self._name = name
        self.gauss_next = None

    @classmethod
    def named(cls, name: str) -> Stream:
        """The stream for an already-joined name (``Stream.named("7/0/DE/policy")`` is
        ``Stream(7, 0, "DE/policy")``); saves the join in hot loops."""
        self = cls.__new__(cls)
        self._key = hashlib.blake2b(name.encode(), digest_size=16).digest()
        self._counter = 0
        self._buffer = []
        self._name = name
        self.gauss_next = None
        return self

    @classmethod
    def resumed(cls, name: str, key: bytes, buffer: list[int]) -> Stream:
        """The stream ``name`` (whose key :func:`first_block` gave) after its first block was
        drawn down to ``buffer``: its next draws are those ``Stream.named(name)`` would give
        after the same draws."""
        self = cls.__new__(cls)
        self._key = key
        self._counter = 1
        self._buffer = buffer
        self._name = name
        self.gauss_next = None
        return self

    def seed(self, *args: object, **kwargs: object) -> None:  # pragma: no cover - unused
        raise TypeError("a Stream is seeded by its name; create a new Stream instead")

    def child(self, *parts: object) -> Stream:
        """An independent stream named below this one."""
        return Stream(self._name, *parts)

    def _next64(self) -> int:
        if not self._buffer:
            # BLAKE2b in counter mode: eight 64-bit words per call.
            block = _BLAKE2B(
                self._counter.to_bytes(8, "little"), key=self._key, digest_size=64
            ).digest()
            self._counter += 1
            self._buffer = list(_UNPACK8(block))
        return self._buffer.pop()

    def random(self) -> float:
        buffer = self._buffer
        if buffer:
            return (buffer.pop() >> 11) * _TO_UNIT
        self._next64()  # a fresh block: its last word goes to _next64, as it always has
        return (self._buffer.pop() >> 11) * _TO_UNIT

    def getrandbits(self, k: int) -> int:
        if k <= 0:
            return 0
        out, bits = 0, 0
        while bits < k:
            out = (out << 64) | self._next64()
            bits += 64
        return out >> (bits - k)

    def getstate(self) -> tuple[Any, ...]:
        return (self._counter, list(self._buffer), self.gauss_next)

    def setstate(self, state: tuple[Any, ...]) -> None:
        counter, buffer, gauss_next = state
        self._counter = counter
        self._buffer = list(buffer)
        self.gauss_next = gauss_next

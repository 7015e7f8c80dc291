"""Random numbers of the vector engine: one stream per named slot, blocks
per replication.

Each slot (``state``, ``act``, ``msg/initial``, ``msg/reminder:48``...) has a PCG64
stream seeded from the run seed and the slot's name; replication ``k`` reads the block of
:data:`WIDTH` uniforms per contact that starts ``k * contacts * WIDTH`` draws in (PCG64
jumps there in O(log k)). So a
replication's draws depend only on (seed, slot, k): the same whatever the batch, the
worker or the number of workers, and a slot that a sweep point adds (a reminder) leaves
every other draw as it was (common random numbers). Normal deviates come from two
uniforms by Box–Muller, so every draw uses a fixed number of words.
"""

from __future__ import annotations

import zlib

import numpy as np
from numpy.typing import NDArray

from simulator.model.durations import Empirical, Exponential, Fixed, LogNormal, Weibull

Floats = NDArray[np.float64]
WIDTH = 8
"""Uniforms per contact per slot (at most; a message slot uses fewer)."""


def uniforms(seed: int, slot: str, first: int, count: int, contacts: int,
             width: int = WIDTH) -> Floats:
    """Uniforms of ``slot`` for replications ``first .. first + count - 1``: shape
    ``(count, contacts, width)``."""
    ss = np.random.SeedSequence([seed & 0xFFFFFFFF, seed >> 32 & 0xFFFFFFFF,
                                 zlib.crc32(slot.encode())])
    key = ss.generate_state(2, dtype=np.uint64)
    words = contacts * width
    bits = np.random.PCG64(int(key[0]) << 64 | int(key[1]))
    bits.advance(first * words)
    gen = np.random.Generator(bits)
    return gen.random(count * words).reshape(count, contacts, width)


def normal(u1: Floats, u2: Floats) -> Floats:
    """Standard normal deviates from two uniforms (Box–Muller; ``1 - u1`` avoids log 0)."""
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)


def sample(dist: object, u: Floats, u1: Floats, u2: Floats) -> Floats:
    """Draws of ``dist`` from a uniform ``u`` (a log-normal: from the normal deviate that
    ``u1, u2`` make, computed only then)."""
    if isinstance(dist, Fixed):
        return np.full(u.shape, dist.value)
    if isinstance(dist, Exponential):
        return -dist.mean * np.log1p(-u) if dist.mean > 0 else np.zeros(u.shape)
    if isinstance(dist, LogNormal):
        if dist.median <= 0:
            return np.zeros(u.shape)
        return dist.median * np.exp(dist.sigma * normal(u1, u2))
    if isinstance(dist, Weibull):
        if dist.scale <= 0:
            return np.zeros(u.shape)
        return dist.scale * (-np.log1p(-u)) ** (1.0 / dist.shape)
    if isinstance(dist, Empirical):
        values = np.asarray(dist.samples, dtype=np.float64)
        return values[np.minimum((u * len(values)).astype(np.int64), len(values) - 1)]
    raise TypeError(f"no vector draw for {type(dist).__name__}")


def by_tier(dists: list[object], tier: NDArray[np.int64], u: Floats, u1: Floats,
            u2: Floats) -> Floats:
    """Draws where element ``i`` uses ``dists[tier[i]]`` (``tier`` shaped as ``u``, or as
    its last axis); ``u1, u2``: the uniforms of a log-normal's normal deviate."""
    out = np.empty(u.shape, dtype=np.float64)
    if tier.shape != u.shape:
        tier = np.broadcast_to(tier, u.shape)
    for k, dist in enumerate(dists):
        at = tier == k
        if at.any():
            out[at] = sample(dist, u[at], u1[at], u2[at])
    return out

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
"""Uniforms per contact per slot."""


def uniforms(seed: int, slot: str, first: int, count: int, contacts: int) -> Floats:
    """Uniforms of ``slot`` for replications ``first .. first + count - 1``: shape
    ``(count, contacts, WIDTH)``."""
    ss = np.random.SeedSequence([seed & 0xFFFFFFFF, seed >> 32 & 0xFFFFFFFF,
                                 zlib.crc32(slot.encode())])
    key = ss.generate_state(2, dtype=np.uint64)
    words = contacts * WIDTH
    bits = np.random.PCG64(int(key[0]) << 64 | int(key[1]))
    bits.advance(first * words)
    gen = np.random.Generator(bits)
    return gen.random(count * words).reshape(count, contacts, WIDTH)


def normal(u1: Floats, u2: Floats) -> Floats:
    """Standard normal deviates from two uniforms (Box–Muller; ``1 - u1`` avoids log 0)."""
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)


def sample(dist: object, u: Floats, z: Floats) -> Floats:
    """Draws of ``dist`` from a uniform ``u`` (or, for a log-normal, a normal ``z``)."""
    if isinstance(dist, Fixed):
        return np.full(u.shape, dist.value)
    if isinstance(dist, Exponential):
        return -dist.mean * np.log1p(-u) if dist.mean > 0 else np.zeros(u.shape)
    if isinstance(dist, LogNormal):
        return dist.median * np.exp(dist.sigma * z) if dist.median > 0 else np.zeros(u.shape)
    if isinstance(dist, Weibull):
        if dist.scale <= 0:
            return np.zeros(u.shape)
        return dist.scale * (-np.log1p(-u)) ** (1.0 / dist.shape)
    if isinstance(dist, Empirical):
        values = np.asarray(dist.samples, dtype=np.float64)
        return values[np.minimum((u * len(values)).astype(np.int64), len(values) - 1)]
    raise TypeError(f"no vector draw for {type(dist).__name__}")


def by_tier(dists: list[object], tier: NDArray[np.int64], u: Floats, z: Floats) -> Floats:
    """Draws where element ``i`` uses ``dists[tier[i]]`` (``tier`` shaped as ``u``, or as
    its last axis)."""
    out = np.empty(u.shape, dtype=np.float64)
    if tier.shape != u.shape:
        tier = np.broadcast_to(tier, u.shape)
    for k, dist in enumerate(dists):
        at = tier == k
        if at.any():
            out[at] = sample(dist, u[at], z[at])
    return out

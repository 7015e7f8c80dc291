"""A calibration written as a scenario's ``behaviour`` block.

What a recorded check measures is the whole time from sending to a participant's first
acknowledgement; it cannot tell a stale address from a slow desk or a missing mandate.
So the block describes that time as **one working-time delay**, ``triage`` (the time to
notice, counted in the contact's calendar as the fit was), and turns off the mechanisms
whose effect is already inside it (:data:`FOLDED_IN`: staleness, spam loss, leave,
non-response, clearance, the delay after noticing, translation, the announced speed-up).
Task work, hand-offs and the phone keep their defaults.

A participant acknowledges through the first of its contacts to answer, and each contact
draws its own delay; with ``k`` recipient contacts the participant's time is the minimum
of ``k`` draws. The per-contact delay is set so that this minimum follows the fit: exactly
for the exponential (mean times ``k``) and Weibull (scale times ``k ** (1/shape)``), and by
its median for the lognormal (median shifted by ``sigma * z``, ``z`` the normal quantile
of ``1 - 0.5 ** (1/k)``; sigma kept).
"""

from __future__ import annotations

import math
from typing import Any

from scipy import stats

from simulator.analysis.calibration import Calibration, shifted
from simulator.analysis.fitting import Fit
from simulator.model.behaviour import Behaviour

FOLDED_IN: dict[str, Any] = {
    "turnover_per_year": 0.0,
    "spam_loss": 0.0,
    "absence": 0.0,
    "responsiveness": 1.0,
    "mandate": 1.0,
    "ack_delay": {"dist": "fixed", "value": "0h"},
    "translation": {"dist": "fixed", "value": "0h"},
    "announced_speedup": 1.0,
}
"""What a calibrated block turns off: its effect is inside the fitted delay."""


def _hours(x: float) -> str:
    return f"{max(round(x, 3), 0.001):g}h"


def per_contact(fit: Fit, recipients: int = 1) -> dict[str, Any]:
    """``fit`` as one contact's delay distribution, when a participant's time is the
    first of ``recipients`` contacts' (see the module docstring)."""
    k = max(int(recipients), 1)
    p = fit.params
    if fit.family == "exponential":
        return {"dist": "exponential", "mean": _hours(p["mean"] * k)}
    if fit.family == "weibull":
        return {"dist": "weibull", "scale": _hours(p["scale"] * k ** (1 / p["shape"])),
                "shape": round(min(max(p["shape"], 0.1), 100.0), 4)}
    if fit.family == "lognormal":
        sigma = min(p["sigma"], 10.0)
        z = float(stats.norm.ppf(1 - 0.5 ** (1 / k))) if k > 1 else 0.0
        return {"dist": "lognormal", "median": _hours(p["median"] * math.exp(-sigma * z)),
                "sigma": round(sigma, 4)}
    raise ValueError(f"unknown family {fit.family!r}")


def behaviour_block(cal: Calibration, *, recipients: int = 1) -> dict[str, Any]:
    """The ``behaviour`` block of ``cal`` (validated as a scenario's behaviour)."""
    block: dict[str, Any] = dict(FOLDED_IN)
    block["triage"] = per_contact(cal.pooled, recipients)
    own = {name: per_contact(s.fit, recipients) for name, s in cal.strata.items()
           if not s.pooled}
    if cal.by == "tier" and own:
        block["tiers"] = {name: {"triage": d} for name, d in own.items()}
    elif own:
        block["groups"] = {name: {"triage": d} for name, d in own.items()}
    moved = {e.code: {"triage": per_contact(shifted(cal.strata[e.stratum].fit, e.shift),
                                            recipients)}
             for e in cal.effects if e.shift != 0.0}
    if moved:
        block["participants"] = moved
    Behaviour.model_validate(block)
    return block

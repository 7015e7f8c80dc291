"""Calibration: response-time distributions learnt from recorded checks.

Each participant of each recorded check is one :class:`Observation`: the time from the
check's start to its first acknowledgement, or, when it never answered, the time it was
observed silent (right-censored). Times are **working hours of the participant's own
calendar** (office hours, work week, holidays: :func:`observations_of`), as the model
counts the delays of people, so a check sent on a Friday evening is not held against a
state for its weekend.

:func:`calibrate` fits the families of :mod:`simulator.analysis.fitting` per stratum
(capacity tier or group), chooses one family for all strata by total AIC, and, with
``by="participant"``, estimates each participant's own effect and shrinks it toward its
group:

* the effect is a shift of the log scale, ``delta_i = log(scale_i / scale_group)``, the
  group's shape kept (:func:`~simulator.analysis.fitting.fit_offset`);
* it is shrunk by ``d_i / (d_i + k)`` (:data:`SHRINK_K`), ``d_i`` the participant's
  acknowledgements: the empirical-Bayes weight of a random effect whose prior holds as
  much as ``k`` acknowledgements. A state seen twice moves little from its group; one
  with no acknowledgement at all (every check censored) keeps its group's value.

A stratum with fewer than :data:`~simulator.analysis.fitting.MIN_EVENTS` acknowledgements
takes the fit of all the data (``Stratum.pooled``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from simulator.analysis.fitting import (
    FAMILIES,
    MIN_EVENTS,
    Fit,
    TooFewEvents,
    fit_best,
    fit_family,
    fit_offset,
)
from simulator.calendar.work import calendar_for
from simulator.model.directory import Directory
from simulator.model.outcome import RunResult

BY = ("tier", "group", "participant")
"""What :func:`calibrate` fits separately."""

SHRINK_K = 2.0
"""The prior's weight in acknowledgements: a participant's effect counts ``d / (d + k)``."""


@dataclass(frozen=True)
class Observation:
    """One participant in one recorded check."""

    code: str
    group: str
    tier: str
    hours: float
    """Working hours from the start to the acknowledgement (or to the end of observation)."""
    observed: bool
    """False: never acknowledged while observed (censored at ``hours``)."""
    check: str = ""
    working: bool = True
    """``hours`` are working hours (False: elapsed, its calendar unknown)."""


@dataclass(frozen=True)
class Stratum:
    """One tier or group: its fit (of the chosen family) and every family's fit."""

    name: str
    fit: Fit
    fits: tuple[Fit, ...] = ()
    pooled: bool = False
    """Too few acknowledgements: it takes the fit of all the data."""


@dataclass(frozen=True)
class Effect:
    """One participant's own effect, shrunk toward its group."""

    code: str
    stratum: str
    checks: int
    events: int
    raw: float | None
    """The unshrunk log-scale shift (None: never acknowledged)."""
    weight: float
    shift: float
    """The shrunk shift: ``weight * raw`` (0 without an acknowledgement)."""


@dataclass
class Calibration:
    """What :func:`calibrate` learnt."""

    by: str
    family: str
    pooled: Fit
    pooled_fits: list[Fit]
    strata: dict[str, Stratum]
    effects: list[Effect] = field(default_factory=list)
    aic: dict[str, float] = field(default_factory=dict)
    """Each family's total AIC over the strata fitted on their own."""
    observations: int = 0
    events: int = 0

    def fit_of(self, code: str, stratum: str) -> Fit:
        """The fit that describes participant ``code`` of ``stratum`` (its shift applied)."""
        base = self.strata[stratum].fit
        effect = next((e for e in self.effects if e.code == code), None)
        if effect is None or effect.shift == 0.0:
            return base
        return shifted(base, effect.shift)


def shifted(fit: Fit, delta: float) -> Fit:
    """``fit`` with its scale multiplied by ``exp(delta)`` (its shape kept)."""
    theta = (fit.theta[0] + delta, *fit.theta[1:])
    name = next(iter(fit.params))
    params = dict(fit.params)
    params[name] = math.exp(theta[0])
    return Fit(fit.family, params, {}, fit.log_likelihood, fit.n, fit.events, theta)


def observations_of(
    result: RunResult, directory: Directory | None, *, until: float, working: bool = True,
    label: str = "",
) -> list[Observation]:
    """``result``'s participants as observations, censored at ``until`` hours.

    Each participant's time runs from its own ``check_sent`` event (an imported check may
    have sent to some later than others; 0 without one). With ``working`` (and the
    participant in ``directory``), hours are working hours of the participant's office
    calendar; otherwise elapsed hours."""
    people = {p.code: p for p in directory.participants} if directory is not None else {}
    sent: dict[str, float] = {}
    for e in result.events:
        if e.kind == "check_sent" and e.participant is not None:
            sent.setdefault(e.participant, e.t)
    out = []
    for p in result.participants:
        seen = p.ack_at is not None and p.ack_at <= until
        t = p.ack_at if seen and p.ack_at is not None else until
        t0 = min(sent.get(p.code, 0.0), t)
        person = people.get(p.code)
        counted = working and person is not None
        if person is not None and counted:
            cal = calendar_for(person, result.start, max(until, t) + 1.0)
            hours = cal.working_hours_between(t0, t)
        else:
            hours = t - t0
        tier = str(person.capacity) if person is not None else "medium"
        group = person.group if person is not None else p.group
        out.append(Observation(p.code, group, tier, max(hours, 0.0), seen, label, counted))
    return out


def _key(o: Observation, by: str) -> str:
    return o.tier if by == "tier" else o.group


def _arrays(obs: Sequence[Observation]) -> tuple[list[float], list[bool]]:
    return [o.hours for o in obs], [o.observed for o in obs]


def calibrate(
    obs: Sequence[Observation], *, by: str = "tier", families: Sequence[str] = FAMILIES,
    k: float = SHRINK_K,
) -> Calibration:
    """Fit ``obs`` by ``by`` (see the module docstring). Raises
    :class:`~simulator.analysis.fitting.TooFewEvents` when all of them together hold
    fewer acknowledgements than a fit needs."""
    if by not in BY:
        raise ValueError(f"by {by!r}: use one of {', '.join(BY)}")
    events = sum(o.observed for o in obs)
    if events < MIN_EVENTS:
        raise TooFewEvents(f"{events} acknowledgement(s) in {len(obs)} participant-checks; "
                           f"calibrating needs at least {MIN_EVENTS}")
    best, pooled_fits = fit_best(*_arrays(obs), families)
    groups: dict[str, list[Observation]] = {}
    for o in obs:
        groups.setdefault(_key(o, by), []).append(o)
    own = {name: [fit_family(f, *_arrays(g)) for f in families]
           for name, g in groups.items() if sum(o.observed for o in g) >= MIN_EVENTS}
    aic = {f: sum(fits[i].aic for fits in own.values()) for i, f in enumerate(families)}
    family = min(aic, key=aic.__getitem__) if own else best.family
    if not own:
        aic = {f.family: f.aic for f in pooled_fits}
    pooled = next(f for f in pooled_fits if f.family == family)
    strata = {}
    for name in sorted(groups):
        if name in own:
            fits = tuple(own[name])
            strata[name] = Stratum(name, next(f for f in fits if f.family == family), fits)
        else:
            strata[name] = Stratum(name, pooled, (), pooled=True)
    cal = Calibration(by, family, pooled, pooled_fits, strata, aic=aic,
                      observations=len(obs), events=events)
    if by == "participant":
        cal.effects = _effects(obs, strata, k)
    return cal


def _effects(obs: Iterable[Observation], strata: dict[str, Stratum], k: float) -> list[Effect]:
    per: dict[str, list[Observation]] = {}
    for o in obs:
        per.setdefault(o.code, []).append(o)
    out = []
    for code in sorted(per):
        mine = per[code]
        stratum = mine[0].group
        d = sum(o.observed for o in mine)
        raw = fit_offset(strata[stratum].fit, *_arrays(mine))
        w = d / (d + k) if raw is not None else 0.0
        out.append(Effect(code, stratum, len(mine), d, raw, w, w * raw if raw else 0.0))
    return out


def fitted_share(cal: Calibration, obs: Sequence[Observation], grid: Sequence[float]
                 ) -> np.ndarray:
    """The share of ``obs``'s participants expected to have acknowledged by each time of
    ``grid`` (working hours), averaged over them with each one's own fit."""
    g = np.asarray(grid, dtype=float)
    total = np.zeros_like(g)
    for o in obs:
        stratum = o.tier if cal.by == "tier" else o.group
        total += 1.0 - cal.fit_of(o.code, stratum).survival(g)
    return total / max(len(obs), 1)

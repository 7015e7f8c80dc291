"""Response-time distributions fitted to censored times by maximum likelihood.

A participant that never acknowledged is *right-censored*: all we know is that it was still
silent when observation ended. Its contribution to the likelihood is the survival function
``S(t)``; an acknowledgement's is the density ``f(t)``. Three families, each with
parameters fitted on the log scale (so they stay positive and the intervals asymmetric):

* ``exponential``: ``mean``;
* ``lognormal``: ``median`` and ``sigma`` (the log-scale standard deviation);
* ``weibull``: ``scale`` and ``shape``.

:func:`fit_family` maximises the log-likelihood (``scipy.optimize.minimize``) and gives
95% Wald intervals from the observed information (the inverse Hessian of the negative
log-likelihood, by central differences, on the log scale). :func:`fit_best` fits all
three and picks the lowest AIC (``2k - 2 log L``).

Times of zero (an answer in the same non-working stretch as the message) are taken as
:data:`MIN_TIME` so that every family has a finite density.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special

FAMILIES = ("exponential", "lognormal", "weibull")
"""The families fitted, in the order reports list them."""

PARAMS = {"exponential": ("mean",), "lognormal": ("median", "sigma"),
          "weibull": ("scale", "shape")}
"""Each family's parameters (the first is the scale: hours)."""

MIN_TIME = 1.0 / 60.0
"""The shortest time fitted, in hours (one minute)."""

MIN_EVENTS = 5
"""The fewest acknowledgements a fit needs: below that the intervals mean nothing."""

Z95 = 1.959963984540054
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


class TooFewEvents(ValueError):
    """Fewer acknowledgements than :data:`MIN_EVENTS`."""


@dataclass(frozen=True)
class Fit:
    """One family fitted to censored times."""

    family: str
    params: dict[str, float]
    ci95: dict[str, tuple[float, float]]
    log_likelihood: float
    n: int
    events: int
    theta: tuple[float, ...] = field(repr=False, default=())
    """The fitted parameters on the log scale (log scale, log shape)."""

    @property
    def aic(self) -> float:
        return 2 * len(self.params) - 2 * self.log_likelihood

    def survival(self, t: np.ndarray | Sequence[float]) -> np.ndarray:
        """``S(t)``, the share still silent at ``t`` hours."""
        return np.exp(log_sf(self.family, self.theta, np.asarray(t, dtype=float)))


def _arrays(times: Sequence[float], observed: Sequence[bool]) -> tuple[np.ndarray, np.ndarray]:
    t = np.maximum(np.asarray(times, dtype=float), MIN_TIME)
    d = np.asarray(observed, dtype=bool)
    if t.shape != d.shape:
        raise ValueError(f"{t.size} times but {d.size} observed flags")
    return t, d


def log_sf(family: str, theta: Sequence[float] | np.ndarray, t: np.ndarray) -> np.ndarray:
    """``log S(t)`` of ``family`` at log-scale parameters ``theta`` (0 at ``t = 0``)."""
    if family == "exponential":
        return -t / math.exp(theta[0])
    if family == "lognormal":
        with np.errstate(divide="ignore"):
            z = (np.log(t) - theta[0]) / math.exp(theta[1])
        return np.asarray(special.log_ndtr(-z))
    if family == "weibull":
        return -((t / math.exp(theta[0])) ** math.exp(theta[1]))
    raise ValueError(f"unknown family {family!r}; use one of {', '.join(FAMILIES)}")


def log_pdf(family: str, theta: Sequence[float] | np.ndarray, t: np.ndarray) -> np.ndarray:
    """``log f(t)`` of ``family`` at log-scale parameters ``theta``."""
    if family == "exponential":
        return -theta[0] - t / math.exp(theta[0])
    if family == "lognormal":
        s = math.exp(theta[1])
        z = (np.log(t) - theta[0]) / s
        return -0.5 * z * z - _LOG_SQRT_2PI - theta[1] - np.log(t)
    if family == "weibull":
        k = math.exp(theta[1])
        u = t / math.exp(theta[0])
        return theta[1] - theta[0] + (k - 1) * np.log(u) - u**k
    raise ValueError(f"unknown family {family!r}; use one of {', '.join(FAMILIES)}")


def log_likelihood(
    family: str, theta: Sequence[float] | np.ndarray, t: np.ndarray, d: np.ndarray
) -> float:
    """The censored log-likelihood: densities of the events, survivals of the censored."""
    total = float(np.sum(log_pdf(family, theta, t[d]))) if d.any() else 0.0
    if (~d).any():
        total += float(np.sum(log_sf(family, theta, t[~d])))
    return total


def _start(family: str, t: np.ndarray, d: np.ndarray) -> np.ndarray:
    """A starting point: the exponential's closed-form MLE, shape 1."""
    mean = float(t.sum() / max(int(d.sum()), 1))
    if family == "exponential":
        return np.array([math.log(mean)])
    if family == "lognormal":
        return np.array([math.log(mean * math.log(2)), 0.0])
    return np.array([math.log(mean), 0.0])


def hessian(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """The Hessian of the scalar function ``f`` at ``x`` by central differences."""
    n = x.size
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            ei, ej = np.eye(n)[i] * h, np.eye(n)[j] * h
            v = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
            out[i, j] = out[j, i] = v
    return out


def fit_family(family: str, times: Sequence[float], observed: Sequence[bool]) -> Fit:
    """Fit ``family`` to ``times`` (hours; ``observed[i]`` False: censored there).

    Raises :class:`TooFewEvents` with fewer than :data:`MIN_EVENTS` acknowledgements.
    """
    t, d = _arrays(times, observed)
    events = int(d.sum())
    if events < MIN_EVENTS:
        raise TooFewEvents(f"{events} acknowledgement(s); a fit needs at least {MIN_EVENTS}")

    def nll(theta: np.ndarray) -> float:
        v = -log_likelihood(family, theta, t, d)
        return v if math.isfinite(v) else 1e300

    res = optimize.minimize(nll, _start(family, t, d), method="Nelder-Mead",
                            options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 4000})
    theta = np.asarray(res.x, dtype=float)
    cov = _covariance(hessian(nll, theta))
    names = PARAMS[family]
    params: dict[str, float] = {}
    ci: dict[str, tuple[float, float]] = {}
    for i, name in enumerate(names):
        se = math.sqrt(cov[i, i]) if cov is not None and cov[i, i] > 0 else math.inf
        params[name] = math.exp(theta[i])
        lo = theta[i] - Z95 * se
        hi = theta[i] + Z95 * se
        ci[name] = (math.exp(lo) if math.isfinite(lo) else 0.0,
                    math.exp(hi) if hi < 700 else math.inf)
    return Fit(family, params, ci, -float(res.fun), int(t.size), events, tuple(theta))


def _covariance(h: np.ndarray) -> np.ndarray | None:
    try:
        cov = np.linalg.inv(h)
    except np.linalg.LinAlgError:
        return None
    return cov if np.all(np.isfinite(cov)) else None


def fit_best(
    times: Sequence[float], observed: Sequence[bool], families: Sequence[str] = FAMILIES
) -> tuple[Fit, list[Fit]]:
    """Every family in ``families`` fitted; the one with the lowest AIC first."""
    fits = [fit_family(f, times, observed) for f in families]
    return min(fits, key=lambda f: f.aic), fits


def fit_offset(fit: Fit, times: Sequence[float], observed: Sequence[bool]) -> float | None:
    """The log-scale shift of ``fit``'s scale that fits ``times`` best, its shape kept:
    a participant's own effect (``log(scale_i / scale)``). None without an
    acknowledgement (all censored: no finite estimate)."""
    t, d = _arrays(times, observed)
    if not d.any():
        return None
    theta = np.asarray(fit.theta, dtype=float)

    def nll(delta: float) -> float:
        shifted = theta.copy()
        shifted[0] += delta
        return -log_likelihood(fit.family, shifted, t, d)

    res = optimize.minimize_scalar(nll, bounds=(-12.0, 12.0), method="bounded")
    return float(res.x)

"""A calibration in words (``pocdrill calibrate``) and as JSON: the families by AIC, each
stratum's fit with its 95% intervals, and the participants' shrunk effects."""

from __future__ import annotations

import math
from typing import Any

from results.calibrate import CalibrationRun
from simulator.analysis.fitting import MIN_EVENTS, Fit


def _num(x: float, unit: str = "") -> str:
    if math.isinf(x):
        return "inf"
    return f"{x:.3g}{unit}"


def fit_text(fit: Fit) -> str:
    """``lognormal median 5.4h (95% 4.86h to 6h), sigma 1.08 (1 to 1.16)``."""
    parts = []
    for i, (name, value) in enumerate(fit.params.items()):
        unit = "h" if i == 0 else ""
        lo, hi = fit.ci95.get(name, (math.nan, math.nan))
        parts.append(f"{name} {_num(value, unit)} (95% {_num(lo, unit)} to {_num(hi, unit)})")
    return f"{fit.family} " + ", ".join(parts)


def calibration_lines(run: CalibrationRun) -> list[str]:
    """What ``pocdrill calibrate`` prints."""
    cal = run.calibration
    lines = [f"calibrated from {len(run.runs)} run(s): {cal.observations} participant-checks, "
             f"{cal.events} acknowledged; times in working hours of each participant's "
             "calendar, the never-answered censored at the end of observation",
             f"families by total AIC (by {cal.by}):"]
    best = min(cal.aic.values())
    for family, aic in sorted(cal.aic.items(), key=lambda kv: kv[1]):
        mark = "  chosen" if family == cal.family else ""
        lines.append(f"  {family:<12} AIC {aic:10.1f}  dAIC {aic - best:7.1f}{mark}")
    lines.append(f"all: {fit_text(cal.pooled)}; {cal.pooled.events} of {cal.pooled.n}")
    for name, s in cal.strata.items():
        if s.pooled:
            lines.append(f"{name}: fewer than {MIN_EVENTS} acknowledgements; takes the fit "
                         "of all")
        else:
            lines.append(f"{name}: {fit_text(s.fit)}; {s.fit.events} of {s.fit.n}")
    if cal.effects:
        moved = sorted(cal.effects, key=lambda e: -abs(e.shift))
        lines.append(f"participants: {len(cal.effects)} effects on the log scale, shrunk "
                     "toward their group by d/(d+2) (d: acknowledgements)")
        for e in moved[:5]:
            lines.append(f"  {e.code:<6} x{math.exp(e.shift):.2f} of {e.stratum}'s scale "
                         f"({e.events} of {e.checks} checks answered, weight {e.weight:.2f})")
    lines.append(f"behaviour per contact for {run.recipients} recipient(s) a participant")
    elapsed = sum(not o.working for o in run.observations)
    if elapsed:
        lines.append(f"note: {elapsed} participant-checks counted in elapsed hours, their "
                     "calendars unknown (directory not found again: give --scenario-dir)")
    return lines


def _fit_dict(fit: Fit) -> dict[str, Any]:
    return {"family": fit.family, "params": fit.params,
            "ci95": {k: list(v) for k, v in fit.ci95.items()}, "aic": fit.aic,
            "log_likelihood": fit.log_likelihood, "n": fit.n, "events": fit.events}


def calibration_dict(run: CalibrationRun) -> dict[str, Any]:
    """The calibration as JSON-ready values (infinite bounds as None)."""
    from results.store import jsonable

    cal = run.calibration
    return jsonable({
        "runs": run.runs, "by": cal.by, "family": cal.family, "aic": cal.aic,
        "observations": cal.observations, "events": cal.events,
        "all": _fit_dict(cal.pooled),
        "strata": {n: {**_fit_dict(s.fit), "pooled": s.pooled} for n, s in cal.strata.items()},
        "effects": [{"code": e.code, "group": e.stratum, "checks": e.checks,
                     "events": e.events, "raw": e.raw, "weight": e.weight, "shift": e.shift}
                    for e in cal.effects],
        "recipients": run.recipients, "behaviour": run.block,
        "elapsed_hours": sum(not o.working for o in run.observations),
    })

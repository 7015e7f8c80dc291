"""Calibrating a scenario's behaviour from stored live runs (``pocdrill calibrate``).

:func:`calibrate_runs` reads each live run as the report sees it (censored at its last
observed instant: :func:`results.reports.observed.load_observed`), turns its participants
into observations in working hours of their own calendars (the run's directory found
again from its stored scenario; elapsed hours for a participant it no longer lists), fits
them (:func:`simulator.analysis.calibration.calibrate`) and writes the ``behaviour`` block
(:func:`simulator.analysis.calibration_block.behaviour_block`), per contact for the
scenario's number of recipient roles. :func:`fit_chart` draws the Kaplan–Meier curve of
the observations against each family's fitted curve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from simulator.analysis.calibration import (
    Calibration,
    Observation,
    calibrate,
    observations_of,
)
from simulator.analysis.calibration_block import behaviour_block
from simulator.analysis.fitting import TooFewEvents
from simulator.model.check import CheckScenario
from simulator.model.errors import InputError

if TYPE_CHECKING:
    from results.store import Store


@dataclass
class CalibrationRun:
    """What ``pocdrill calibrate`` prints and writes."""

    calibration: Calibration
    observations: list[Observation]
    block: dict[str, Any]
    recipients: int
    runs: list[int]

    def yaml(self) -> str:
        """The ``behaviour:`` block as YAML, with a comment saying where it came from."""
        head = (f"# pocdrill calibrate: runs {', '.join(map(str, self.runs))}, by "
                f"{self.calibration.by}, {self.calibration.family} chosen by AIC;\n"
                "# the fitted delay is the whole time to acknowledge (see README: "
                "calibration)\n")
        return head + yaml.safe_dump({"behaviour": self.block}, sort_keys=False)


def _run_observations(store: Store, run_id: int, places: Sequence[Path]
                      ) -> tuple[list[Observation], int]:
    from results.reports.observed import load_observed
    from results.stored_scenario import stored_scenario

    info = store.get_run(run_id)
    if info.mode != "live":
        raise InputError.single(f"run {run_id}", "mode", f"a {info.mode} run; calibrate "
                                "learns from live runs (recorded or imported) only")
    if info.kind != "check":
        raise InputError.single(f"run {run_id}", "kind", "a tabletop; calibrate learns from "
                                "communication checks only")
    seen = load_observed(store, run_id)
    directory, recipients = None, 1
    try:
        found = stored_scenario(info.scenario_text or "", places=places)
        directory = found.directory
        sc = found.loaded.scenario
        if isinstance(sc, CheckScenario):
            recipients = len(sc.check.recipients)
    except InputError:
        pass
    obs = observations_of(seen.result, directory, until=seen.obs.until, label=str(run_id))
    return obs, recipients


def calibrate_runs(
    store: Store, run_ids: Sequence[int], *, by: str = "tier", places: Sequence[Path] = (),
) -> CalibrationRun:
    """Fit the live runs ``run_ids`` (see the module docstring); an :class:`InputError`
    for a run that is not a live check, or too few acknowledgements to fit."""
    obs: list[Observation] = []
    recipients = 1
    for rid in run_ids:
        mine, recipients = _run_observations(store, rid, places)
        obs.extend(mine)
    try:
        cal = calibrate(obs, by=by)
    except TooFewEvents as e:
        raise InputError.single(f"runs {', '.join(map(str, run_ids))}", "", f"{e}; add "
                                "more checks (pocdrill history import)") from None
    return CalibrationRun(cal, obs, behaviour_block(cal, recipients=recipients), recipients,
                          list(run_ids))


def fit_chart(run: CalibrationRun) -> str:
    """An SVG: the Kaplan–Meier share acknowledged (with its 95% band) against each
    family's fitted share, over working hours."""
    import numpy as np

    from results.reports.charts.cumulative import Curve, cumulative_chart
    from simulator.analysis.calibration import shifted
    from simulator.analysis.survival import km_cumulative_band

    obs = run.observations
    times = [o.hours for o in obs]
    band = km_cumulative_band(times, [o.observed for o in obs])
    horizon = max(times) if times else 1.0
    grid = np.linspace(0.0, horizon, 200)
    curves = [Curve("Kaplan–Meier (observed)", [(t, s) for t, s, _, _ in band],
                    [(t, lo, hi) for t, _, lo, hi in band])]
    for fit in run.calibration.pooled_fits:
        chosen = " (chosen)" if fit.family == run.calibration.family else ""
        shares = 1.0 - shifted(fit, 0.0).survival(grid)
        curves.append(Curve(f"{fit.family}, AIC {fit.aic:.1f}{chosen}",
                            list(zip(grid.tolist(), shares.tolist(), strict=True)),
                            dashed=True))
    return cumulative_chart(curves, deadline=None, horizon=horizon,
                            title="Time to acknowledge: observed and fitted (working hours)",
                            chart_id="calibration", ylabel="share acknowledged")

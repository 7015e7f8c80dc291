"""``pocdrill sweep --sample``: the plan of a sampled sweep from the command line's
``--sample``, ``--range`` and ``--threshold`` (the rules: :mod:`simulator.sweep.sampling`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pocdrill.common import fail, input_errors

if TYPE_CHECKING:
    from simulator.sweep.spec import SweepPlan


def sampled_plan(
    scenario: Path,
    vary: list[str] | None,
    sample: tuple[str, int] | None,
    ranges: list[str],
    threshold: float | None,
    *,
    replications: int | None,
    seed: int | None,
    baseline: int | None = None,
) -> SweepPlan:
    """The sampled sweep ``--sample`` and ``--range`` describe over a scenario file."""
    from simulator.io.scenario_files import load_yaml
    from simulator.sweep import is_sweep_data
    from simulator.sweep.sampling import DEFAULT_THRESHOLD, make_design, plan_sampled

    if sample is None:
        raise fail("error: --sample: --range and --threshold need --sample lhs|sobol|morris N")
    if baseline is not None:
        raise fail("error: --baseline: a sampled sweep has no baseline point (its points "
                   "are analysed together); drop --baseline")
    if vary:
        raise fail("error: --vary: a sampled sweep draws its points from --range; give its "
                   "parameters as --range PATH=LOW:HIGH instead of a grid axis")
    with input_errors():
        data, text = load_yaml(scenario)
        if is_sweep_data(data) and "axes" in data:
            raise fail(f"error: {scenario}: axes: a sweep file has grid axes; sample a "
                       "scenario file with --range, or give the sweep file a sample: block "
                       "instead of axes")
        if is_sweep_data(data):
            raise fail(f"error: {scenario}: sample: the sweep file has its design; drop "
                       "--sample, --range and --threshold (or edit its sample: block)")
        design = make_design(sample[0], sample[1], ranges, seed=1 if seed is None else seed,
                             threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
        return plan_sampled(text, design, replications=replications or 100,
                            scenario_source=str(scenario), base_dir=scenario.resolve().parent)

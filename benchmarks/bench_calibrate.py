"""Calibration from 20 live checks of the 193 UN states (issue 16).

Twenty past checks (delays lognormal, median 6 working hours, sigma 1.2) are imported
into a fresh SQLite store with ``pocdrill history import``'s library call, then
``calibrate_runs`` fits them by tier and by participant (working time of each state's
calendar, families chosen by AIC, participants shrunk toward their group). Prints the
wall time of each against the target: calibrating under 10 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHECKS = 20
TARGET_S = 10.0


def main() -> None:
    from results.calibrate import calibrate_runs
    from results.history import import_history
    from results.store import Store
    from simulator.directories.generate import generate_directory
    from tests.history_support import history_rows, write_csv, write_scenario

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenario = folder / "check.yaml"
        write_scenario(scenario)
        scenario.write_text(scenario.read_text().replace("{profile: osce, seed: 7}",
                                                         "{profile: un, seed: 7}"))
        rows = history_rows(generate_directory("un", seed=7), checks=CHECKS,
                            family="lognormal", a=6.0, b=1.2, seed=1)
        path = write_csv(folder / "past.csv", rows)
        with Store(f"sqlite:///{folder}/b.db") as store:
            t0 = time.perf_counter()
            done = import_history(store, path, scenario)
            imported = time.perf_counter() - t0
            ids = [d.run_id for d in done]
            print(f"   import {len(rows):,} rows ({CHECKS} checks x 193): {imported:.2f} s")
            for by in ("tier", "group", "participant"):
                t0 = time.perf_counter()
                cal = calibrate_runs(store, ids, by=by).calibration
                took = time.perf_counter() - t0
                fit = cal.pooled
                print(f"   calibrate --by {by:<11} {took:6.2f} s (target < {TARGET_S:g} s; "
                      f"{took / TARGET_S:.2f} of it): {cal.family}, "
                      + ", ".join(f"{k} {v:.3g}" for k, v in fit.params.items()))


if __name__ == "__main__":
    main()

"""Tabletop speed: validation and one replication of each bundled tabletop (median of 10
replications after a warm-up), events per replication. Target: a replication well under
100 ms, so a 100-replication sweep of any bundled exercise takes seconds."""

from __future__ import annotations

import statistics
import time

from simulator.engine.run import run
from simulator.io.scenario_files import bundled_scenarios, load_scenario


def main() -> None:
    for path in bundled_scenarios():
        loaded = load_scenario(path)
        sc = loaded.scenario
        if sc.kind != "tabletop":
            continue
        directory = loaded.directory()
        t0 = time.perf_counter()
        sc.validate_against(directory, str(path))
        validate_ms = 1000 * (time.perf_counter() - t0)
        run(sc, directory, seed=0)  # warm caches (calendars, behaviours)
        times, events = [], []
        for k in range(1, 11):
            t0 = time.perf_counter()
            r = run(sc, directory, seed=k)
            times.append(time.perf_counter() - t0)
            events.append(len(r.events))
        med = statistics.median(times)
        print(
            f"   {path.name:<36} {len(r.participants):>3} states  "
            f"validate {validate_ms:6.1f} ms  replication {1000 * med:6.1f} ms (target < 100)  "
            f"{statistics.median(events):>6.0f} events"
        )


if __name__ == "__main__":
    main()

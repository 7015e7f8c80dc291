"""A study report's cost against its horizon (issue 14): the same study of a tiny directory
(three participants)
observed for one week and for 100 years, simulated and stored (2 replications, one
process), then its report built and rendered to HTML.

Prints, per horizon, the points of the study's time-to-acknowledge curve, the seconds to
run and store the study, the seconds to build and render its report and the HTML's size.
Target: the 100-year report within 2x the one-week report (before: about 8 s and 95 MB;
curves were computed every hour, and a sweep's every 2 hours, over the whole horizon).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

WEEK, CENTURY = 168, 876_000
SCENARIO = """\
name: long check
directory: {{file: tiny.yaml}}
check:
  start: 2026-03-06T15:00:00Z
  deadline: 72h
  horizon: {horizon}h
  reminders: [24h, 48h]
"""


def _measure(folder: Path, horizon: int) -> dict[str, float]:
    from results.reports.render import render_html
    from results.reports.study_report import build_study_report
    from results.runs import SweepExecution, study_and_store
    from results.store import Store
    from simulator.directories.generate import generate_directory
    from simulator.io.directory_files import save_directory
    from simulator.io.scenario_files import load_scenario

    osce = generate_directory("osce", seed=1)  # three of its participants: a calendar of
    # working time over 100 years costs ~1 s a participant to build (the engine's cost)
    save_directory(osce.model_copy(update={"participants": osce.participants[:3]}),
                   folder / "tiny.yaml")
    path = folder / f"h{horizon}.yaml"
    path.write_text(SCENARIO.format(horizon=horizon), encoding="utf-8")
    with Store(f"sqlite:///{folder}/h{horizon}.db") as store:
        t0 = time.perf_counter()
        done = study_and_store(load_scenario(path), seed=1, replications=2, store=store,
                               execution=SweepExecution(workers=1))
        ran = time.perf_counter() - t0
        assert done.status == "completed" and done.study_id is not None
        reported = float("inf")
        for _ in range(2):  # the first pays for importing matplotlib
            t0 = time.perf_counter()
            html = render_html(build_study_report(store, done.study_id))
            reported = min(reported, time.perf_counter() - t0)
    points = len((done.summary or {})["km_ack_curve"])
    return {"points": points, "run": ran, "report": reported, "kb": len(html.encode()) / 1024}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        week = _measure(Path(tmp), WEEK)
        century = _measure(Path(tmp), CENTURY)
    for name, m in (("1 week", week), ("100 years", century)):
        print(f"   {name:>9} horizon: curve {m['points']:.0f} points, study run+store "
              f"{m['run']:.2f} s, report {m['report']:.2f} s, {m['kb']:.0f} KB HTML")
    print(f"   100 years / 1 week: report time {century['report'] / week['report']:.2f}x "
          "(target <= 2x)")


if __name__ == "__main__":
    main()

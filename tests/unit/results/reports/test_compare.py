"""Comparisons of stored runs: run labels, and the warning for runs of different scenarios."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from results.reports.compare import compare_runs, run_label
from results.reports.meta import RunMeta
from results.reports.render import render_markdown
from results.store import Store
from tests.report_support import CHECK_TEXT, check_run, live_result


def test_compare_warns_about_runs_of_different_scenarios(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/r.db") as store:
        a = store.record_run(check_run(), scenario_text=CHECK_TEXT)
        b = store.record_run(check_run(scenario="Other check", seed=4), scenario_text=CHECK_TEXT)
        c = store.record_run(check_run(seed=5), scenario_text=CHECK_TEXT)
        cmp = compare_runs(store, [a, b, c])
    warning = "runs of different scenarios: Test check (runs 1, 3); Other check (run 2)"
    assert cmp.warnings == [warning]
    md = render_markdown(cmp, charts=False)
    assert f"Warning: {warning}." in md
    # two simulated runs recorded the same day are told apart by id and seed
    assert len(set(cmp.labels)) == 3 and all("seed" in x for x in cmp.labels)

def test_run_labels_name_live_runs_and_later_replications() -> None:
    when = datetime(2026, 6, 9, 10, 0, tzinfo=UTC)
    live = RunMeta(id=8, mode="live", started_at=when)
    assert run_label(live, live_result({})) == "run 8 (recorded 2026-06-09, live)"
    rep2 = RunMeta(id=9, started_at=when)
    assert run_label(rep2, check_run(seed=3, replication=2)) == (
        "run 9 (recorded 2026-06-09, seed 3, replication 2)")
    # no recording date known: the exercise's start date
    assert run_label(RunMeta(id=1), check_run()) == "run 1 (started 2026-03-06, seed 1)"

"""A scenario's trend (and a comparison) from the store: replication batches are one exercise,
labels alike, per-participant history."""

from __future__ import annotations

from pathlib import Path

from results.reports.compare import compare_runs
from results.reports.render import render_markdown
from results.reports.trend import trend
from results.store import Store
from tests.report_support import CHECK_TEXT, check_run, run_b


def test_compare_and_trend_from_the_store(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/r.db") as store:
        a = store.record_run(check_run(), scenario_text=CHECK_TEXT)
        a2 = store.record_run(check_run(replication=1), scenario_text=CHECK_TEXT)
        b = store.record_run(run_b(), scenario_text=CHECK_TEXT)
        cmp = compare_runs(store, [a, b])
        tr = trend(store, "Test check")
        day = store.get_run(a).started_at.date().isoformat()  # recorded (today), not 2026-03-06
    assert sorted(cmp.improved) == ["CC", "EE", "FF"]
    assert sorted(cmp.fell_back) == ["AA", "HH"]
    md = render_markdown(cmp, charts=False)
    assert f"| run 1 (recorded {day}, seed 1) | 8 | 62.5% |" in md
    assert f"| run 3 (recorded {day}, seed 2) | 8 |" in md
    assert cmp.warnings == [] and "Warning" not in md
    # the trend labels its exercises the same way
    assert [p.label for p in tr.points] == [f"run 1 (recorded {day}, seed 1) x2",
                                            f"run 3 (recorded {day}, seed 2)"]
    assert "| EE | State EE | never | 10.0 h | never -> in time |" in md
    # a and a2 are replications 0 and 1 of one exercise: two points, not three
    assert [p.run_ids for p in tr.points] == [[a, a2], [b]]
    assert sorted(tr.improved) == ["CC", "EE", "FF"] and sorted(tr.fell_back) == ["AA", "HH"]
    assert tr.persistent == ["GG"]  # never in time in either exercise
    tmd = render_markdown(tr, charts=False)
    assert "## Per-participant history" in tmd and "| GG | - | - |" in tmd
    assert "| HH | ok | - |" in tmd

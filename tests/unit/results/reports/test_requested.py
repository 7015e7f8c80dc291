"""The report ``pocdrill report`` asks for: a run's, a sweep's, a comparison or a trend."""

from __future__ import annotations

from pathlib import Path

import pytest

from results.db import NotFound
from results.reports.requested import requested_report
from results.store import Store
from tests.report_support import CHECK_TEXT, check_run


def test_each_kind_of_request_gives_its_report(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/r.db") as store:
        a = store.record_run(check_run(), scenario_text=CHECK_TEXT)
        b = store.record_run(check_run(scenario="Other check", seed=4), scenario_text=CHECK_TEXT)
        run = requested_report(store, run=a)
        cmp = requested_report(store, compare=[a, b], threshold_hours=6.0)
        tr = requested_report(store, trend="Test check")
        with pytest.raises(NotFound, match=r"no completed run of scenario 'Nope' in "):
            requested_report(store, trend="Nope")
        with pytest.raises(NotFound):
            requested_report(store, run=99)
    assert run.report.title == "After-action report: Test check" and run.warnings == []
    assert cmp.report.title == "Comparison of 2 runs"
    assert cmp.warnings == ["runs of different scenarios: Test check (run 1); Other check (run 2)"]
    assert tr.report.title == "Trend: Test check" and tr.warnings == []

"""A sweep's numbers per point: differences from the baseline, paired by replication."""

from __future__ import annotations

import pytest

from results.reports.sweep_stats import baseline_differences


def test_sweep_differences_are_paired_by_replication_against_the_baseline() -> None:
    rates = {0: (0.5, 0.7, 0.6), 1: (0.8, 0.9, 1.0), 2: (0.8, None, 1.0)}
    rows = [{"point": p, "replication": k, "metrics": {"ack_rate": v, "completion_rate": 0.5}}
            for p, vs in rates.items() for k, v in enumerate(vs)]
    diffs = baseline_differences(rows, baseline=1)
    assert sorted(diffs) == [0, 2]  # not the baseline itself
    # point 0 - point 1: -0.3, -0.2, -0.4 -> mean -0.3, 95% CI -0.3 -+ 4.303 * 0.1 / sqrt(3)
    mean, lo, hi = diffs[0]["ack_rate"] or []
    assert mean == pytest.approx(-0.3) and lo == pytest.approx(-0.5484, abs=1e-4)
    assert hi == pytest.approx(-0.0516, abs=1e-4)
    # point 2 lacks replication 1: paired over replications 0 and 2 only (both 0)
    assert diffs[2]["ack_rate"] == [0.0, 0.0, 0.0]
    assert diffs[0]["completion_rate"] == [0.0, 0.0, 0.0]

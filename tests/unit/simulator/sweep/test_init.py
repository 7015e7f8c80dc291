"""The notebook entry point: ``simulator.sweep(...)`` gives tidy rows."""

from __future__ import annotations

import math
from pathlib import Path

from tests.sweep_support import write_scenario

# -- --vary ---------------------------------------------------------------------------------


def test_notebook_api_gives_tidy_rows(tmp_path: Path) -> None:
    import simulator

    path = write_scenario(tmp_path)
    rows = simulator.sweep(
        path, {"check.deadline": ["24h", "72h"]}, replications=3, seed=2, workers=1, baseline=1
    )
    assert [r["check.deadline"] for r in rows] == ["24h", "72h"]
    assert [r["baseline"] for r in rows] == [False, True]
    assert rows[1]["ack_rate_diff_vs_baseline"] == [0.0, 0.0, 0.0]
    assert rows[0]["ack_rate"] <= rows[1]["ack_rate"]  # a shorter deadline never helps
    per_rep = simulator.sweep(
        path,
        {"check.deadline": ["24h", "72h"]},
        replications=3,
        seed=2,
        workers=1,
        per="replication",
    )
    assert len(per_rep) == 6
    assert {r["replication"] for r in per_rep} == {0, 1, 2}
    mean = sum(r["ack_rate"] for r in per_rep if r["point"] == 1) / 3
    assert math.isclose(mean, rows[1]["ack_rate"], abs_tol=1e-4)

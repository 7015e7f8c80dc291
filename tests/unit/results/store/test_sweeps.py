"""Sweeps in the store: points, idempotent replication summaries, aggregates, listing."""

from __future__ import annotations

import pytest

from results.db import NotFound
from results.store import Store
from tests.store_support import SCENARIO_TEXT, count_rows


def test_sweeps(store: Store) -> None:
    points = [{"reminder_hours": 24}, {"reminder_hours": 48}]
    sid = store.create_sweep(name="reminders", scenario_text=SCENARIO_TEXT,
                             axes={"reminder_hours": [24, 48]}, replications=2, base_seed=5,
                             points=points, scenario="tiny-check")
    rows = [{"point": p, "replication": r, "seed": 100 * p + r,
             "metrics": {"ack_rate": 0.5 + 0.1 * p + 0.01 * r, "completion_rate": 0.25,
                         "by_group": {"g": {"ack_rate": 1.0}}}}
            for p in (1, 0) for r in (1, 0)]
    store.add_replication_summaries(sid, rows[:3])
    assert store.done_replications(sid) == {(1, 1), (1, 0), (0, 1)}
    changed = [{**rows[0], "metrics": {"ack_rate": 0.0}}]
    store.add_replication_summaries(sid, changed + rows)  # idempotent: first write stays
    assert store.done_replications(sid) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    summaries = store.replication_summaries(sid)
    assert [(s["point"], s["replication"]) for s in summaries] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert summaries[3]["ack_rate"] == pytest.approx(0.61)
    assert summaries[3]["metrics"]["by_group"] == {"g": {"ack_rate": 1.0}}
    store.set_point_aggregates(sid, 1, {"ack_rate": 0.605})
    with pytest.raises(NotFound):
        store.set_point_aggregates(sid, 7, {})
    store.finish_sweep(sid)
    (listed,) = store.list_sweeps()
    assert (listed.id, listed.points, listed.status, listed.scenario) == (
        sid, 2, "completed", "tiny-check")
    sweep = store.get_sweep(sid)
    assert [p["params"] for p in sweep.point_rows] == points
    assert [p["replications_done"] for p in sweep.point_rows] == [2, 2]
    assert sweep.point_rows[1]["aggregates"] == {"ack_rate": 0.605}
    assert sweep.axes == {"reminder_hours": [24, 48]} and sweep.scenario_text == SCENARIO_TEXT
    store.delete_sweep(sid)
    assert store.list_sweeps() == [] and count_rows(store, "replication_summaries") == 0
    with pytest.raises(NotFound, match=f"no sweep {sid} in "):
        store.get_sweep(sid)

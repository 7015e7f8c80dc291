"""Reading runs back: listings, filters and a scenario's history."""

from __future__ import annotations

from results.store import Store
from tests.store_support import make_result


def test_list_filters_and_history(store: Store) -> None:
    a = store.record_run(make_result(scenario="alpha", seed=1), scenario_text="a")
    b = store.record_run(make_result(scenario="beta", seed=2), scenario_text="b")
    c = store.record_run(make_result(scenario="alpha", seed=3), scenario_text="a")
    d = store.start_run(scenario="alpha", scenario_text="a", seed=4)
    assert [r.id for r in store.list_runs()] == [d, c, b, a]  # newest first
    assert [r.id for r in store.list_runs(limit=2)] == [d, c]
    assert [r.id for r in store.list_runs(scenario="alpha")] == [d, c, a]
    assert [r.id for r in store.list_runs(status="running")] == [d]
    assert [r.id for r in store.scenario_history("alpha")] == [a, c]  # completed, oldest first
    assert all(r.scenario_text is None for r in store.list_runs())

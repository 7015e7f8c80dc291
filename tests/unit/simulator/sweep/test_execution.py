"""Running sweeps: batches, determinism whatever the workers and batching, common random
numbers, and the scheduler."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.sweep import (
    make_batches,
    plan_sweep,
    run_sweep,
)
from tests.sweep_support import SCENARIO, write_scenario

# -- --vary ---------------------------------------------------------------------------------


def test_batches_cover_pending_pairs_once(tmp_path: Path) -> None:
    plan = plan_sweep(SCENARIO, {"check.deadline": ["48h", "72h"]}, replications=23)
    skip = {(0, 3), (1, 0), (1, 22)}
    batches = make_batches(plan, skip, batch_size=10)
    pairs = [(b.point, k) for b in batches for k in b.replications]
    assert sorted(pairs) == sorted(set(plan.units()) - skip)
    assert max(len(b.replications) for b in batches) == 10
    assert all(b.params == plan.points[b.point] for b in batches)


AXES = {"behaviour.turnover_per_year": [0.1, 0.5], "check.reminders": [[], ["12h", "36h"]]}


def test_results_do_not_depend_on_workers_or_batching(tmp_path: Path) -> None:
    path = write_scenario(tmp_path)
    plan = plan_sweep(path.read_text(), AXES, replications=4, seed=5, base_dir=tmp_path)
    one = run_sweep(plan, workers=1)
    two = run_sweep(plan, workers=2, batch_size=3)
    assert one.executor == "in-process" and two.executor == "processes"
    assert len(one.rows) == 16
    assert one.rows == two.rows
    assert one.table() == two.table()
    # a resumed sweep (skip + previous rows) ends with the same rows
    first = [r for r in one.rows if (r["point"] + r["replication"]) % 3 == 0]
    rest = run_sweep(
        plan, workers=1, skip={(r["point"], r["replication"]) for r in first}, previous_rows=first
    )
    assert rest.computed == 16 - len(first)
    assert rest.rows == one.rows


def test_common_random_numbers_give_monotone_effects(tmp_path: Path) -> None:
    """Per replication, more turnover never raises the acknowledged share and more
    reminders never lower it. Every contact is a recipient: otherwise a stale address's
    bounce makes the secretariat try an untried deputy, which can (rightly) help."""
    text = SCENARIO.replace(
        "recipients: [policy, technical]", "recipients: [policy, technical, deputy_policy]"
    )
    path = write_scenario(tmp_path, text)
    axes = {
        "behaviour.turnover_per_year": [0.0, 0.2, 0.5],
        "check.reminders": [[], ["24h"], ["24h", "48h"]],
    }
    plan = plan_sweep(path.read_text(), axes, replications=6, seed=3, base_dir=tmp_path)
    out = run_sweep(plan, workers=2)
    acked = {(r["point"], r["replication"]): r["metrics"]["ack_rate"] for r in out.rows}
    index = {
        (p["behaviour.turnover_per_year"], len(p["check.reminders"])): i
        for i, p in enumerate(plan.points)
    }
    strict_turnover = strict_reminders = 0
    for k in range(plan.replications):
        for n_rem in (0, 1, 2):
            seq = [acked[index[(t, n_rem)], k] for t in (0.0, 0.2, 0.5)]
            assert seq[0] >= seq[1] >= seq[2], (k, n_rem, seq)
            strict_turnover += seq[0] > seq[2]
        for t in (0.0, 0.2, 0.5):
            seq = [acked[index[(t, n)], k] for n in (0, 1, 2)]
            assert seq[0] <= seq[1] <= seq[2], (k, t, seq)
            strict_reminders += seq[0] < seq[2]
    assert strict_turnover > 0 and strict_reminders > 0  # the effects are real, not flat


def test_an_unreachable_scheduler_is_a_scheduler_error_within_the_timeout() -> None:
    import socket

    from simulator.sweep import SchedulerError, connect_dask

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(SchedulerError) as e:
        connect_dask(address, timeout=0.3)
    assert e.value.scheduler == address and e.value.reason
    assert str(e.value).startswith(f"cannot reach the Dask scheduler at {address}: ")
    assert "\n" not in str(e.value)


def test_default_batches_end_small_so_workers_finish_together() -> None:
    plan = plan_sweep(SCENARIO, {"check.deadline": ["48h", "72h"]}, replications=1000)
    batches = make_batches(plan, workers=2)
    sizes = [len(b.replications) for b in batches]
    pairs = [(b.point, k) for b in batches for k in b.replications]
    assert sorted(pairs) == sorted(plan.units()) and len(pairs) == len(set(pairs))
    assert set(sizes[:-16]) == {50} and max(sizes[-16:]) <= 13  # the last 4 in quarters
    assert all(b.params == plan.points[b.point] for b in batches)
    # an explicit size is kept as given; one worker gets no small batches
    assert {len(b.replications) for b in make_batches(plan, batch_size=50, workers=2)} == {50}
    assert {len(b.replications) for b in make_batches(plan, workers=1)} == {50}

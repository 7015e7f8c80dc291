"""The vector engine: deterministic whatever the batching, its rows are the rows the rest
of pocdrill computes from a run, and common random numbers keep effects monotone."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.analysis.replication import replication_row
from simulator.io.scenario_files import LoadedScenario
from simulator.model.outcome import Event
from simulator.sweep.stats import replication_metrics
from simulator.vector.engine import simulate
from simulator.vector.outcome import metric_rows
from simulator.vector.run import (
    _layout,
    vector_metric_rows,
    vector_results,
    vector_study_rows,
)
from tests.unit.simulator.vector.conftest import check_variant


def test_same_seed_same_rows_whatever_the_blocks(osce_ping: LoadedScenario) -> None:
    sc, d = osce_ping.scenario, osce_ping.directory()
    whole = vector_study_rows(sc, d, seed=3, replications=range(12))
    pieces = [row for k in (range(0, 5), [5], range(6, 12))
              for row in vector_study_rows(sc, d, seed=3, replications=k)]
    gappy = vector_study_rows(sc, d, seed=3, replications=[2, 7, 8, 11])
    assert whole == pieces
    assert gappy == [whole[k] for k in (2, 7, 8, 11)]
    assert vector_study_rows(sc, d, seed=4, replications=[0]) != whole[:1]


def test_metric_rows_are_replication_metrics_of_its_results(osce_ping: LoadedScenario) -> None:
    sc, d = osce_ping.scenario, osce_ping.directory()
    rows = vector_metric_rows(sc, d, seed=1, replications=range(6))
    for row, result in zip(rows, vector_results(sc, d, seed=1, replications=range(6)),
                           strict=True):
        # the engine counts reminder messages; a run counts its "reminder" events
        result.events = [Event(0.0, "reminder")] * row["reminders_sent"]
        assert replication_metrics(result) == row
    assert sum(r["reminders_sent"] for r in rows) > 0


def test_study_rows_are_replication_rows_of_its_results(osce_ping: LoadedScenario) -> None:
    sc, d = osce_ping.scenario, osce_ping.directory()
    rows = vector_study_rows(sc, d, seed=2, replications=range(4))
    for row, result in zip(rows, vector_results(sc, d, seed=2, replications=range(4)),
                           strict=True):
        result.events = [Event(0.0, "reminder")] * row["metrics"]["reminders_sent"]
        assert replication_row(result) == row


def test_outcomes_hang_together(osce_ping: LoadedScenario) -> None:
    """Acknowledged after noticing, within the horizon; a bounce only for a stale entry."""
    sc, d = osce_ping.scenario, osce_ping.directory()
    out = simulate(_layout(sc, d), sc, seed=5, first=0, count=30)
    acked = np.isfinite(out.ack)
    assert acked.any() and (out.ack[acked] >= out.notice[acked]).all()
    assert (out.ack[acked] <= sc.check.horizon_hours).all()
    assert not (out.bounced & ~out.stale).any()
    assert (out.party_ack == np.minimum.reduceat(out.ack, _layout(sc, d).starts, axis=1)).all()


@pytest.mark.parametrize("extra", [
    {"reminders": ["24h", "48h"]},
    {"reminders_to_deputies": True},
    {"reminders": ["24h", "30h"], "reminders_to_deputies": True},
    {"escalate_to_deputies": True},
    {"reminders": ["12h", "24h"], "escalate_to_deputies": True, "level": "task"},
])
def test_more_follow_up_never_makes_an_answer_later(extra: dict) -> None:
    """Common random numbers: each message has its own draws, so adding reminders or an
    escalation only adds messages (an escalation never takes a retry's place), and no
    participant answers later in any replication (at task level: completes)."""
    base = check_variant(level=extra.get("level", "reachability"))
    more = check_variant(**extra)
    a = _acks(base)
    b = _acks(more)
    assert (b <= a).all()
    assert (b < a).any()


def _acks(loaded: LoadedScenario) -> np.ndarray:
    sc = loaded.scenario
    return simulate(_layout(sc, loaded.directory()), sc, seed=9, first=0, count=40).party_done


def test_an_announced_check_is_answered_sooner() -> None:
    plain, announced = check_variant(), check_variant(announced=True)
    med = [np.nanmedian([r["median_hours_to_ack"] for r in
                         metric_rows(x.scenario, simulate(_layout(x.scenario, x.directory()),
                                                          x.scenario, seed=1, first=0,
                                                          count=40))])
           for x in (plain, announced)]
    assert med[1] < med[0]


def test_a_phone_follow_up_never_makes_an_answer_later() -> None:
    a = _acks(check_variant())
    b = _acks(check_variant(phone_follow_up="50h"))
    assert (b <= a).all() and (b < a).any()


def test_the_phone_retry_moment_is_the_secretariats_overlap_exactly() -> None:
    """Per participant, the vectorised search equals ``Secretariat.overlap``."""
    from simulator.engine.contacts import prepared
    from simulator.engine.secretariat import WorkCalendarAt
    from simulator.vector.engine import _Batch
    from simulator.vector.phone import Phone

    loaded = check_variant(phone_follow_up="50h", behaviour={"absence": 0.5})
    sc, d = loaded.scenario, loaded.directory()
    lay = _layout(sc, d)
    batch = _Batch(lay, sc, 4, 0, 6)
    phone = Phone(batch)
    phone.left = np.broadcast_to(lay.phone, batch.notice.shape).copy()
    need = batch.per_party(phone.left) > 0
    got = phone._overlap(51.0, need)
    cals = [st.calendar for _, statics in prepared(d, sc.check.start, sc.check.horizon_hours,
                                                   sc.check.language) for st in statics]
    for r in range(6):
        for p in range(len(lay.codes)):
            cs = [c for c in range(lay.size) if lay.party[c] == p and phone.left[r, c]]
            if not cs:
                continue  # nobody left to call: no retry (CheckModel._phone returns)
            want = lay.secretariat.overlap(
                51.0, [WorkCalendarAt(cals[c], float(batch.absent_until[r, c])) for c in cs])
            assert got[r, p] == want

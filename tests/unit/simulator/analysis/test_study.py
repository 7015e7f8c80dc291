"""A study's figures from compact rows: pooled times, the aggregate, the scorecard, and the
figures every face shows."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from simulator.analysis.figures import run_figures, study_figures
from simulator.analysis.metrics import quantile, summarize
from simulator.analysis.pooled import TimeCounts
from simulator.analysis.replication import frame_of, replication_row
from simulator.analysis.scorecard import Scorecard
from simulator.analysis.study import StudyAggregate
from simulator.analysis.survival import km_median
from simulator.model.outcome import RunResult
from tests.store_support import make_result


def _variants(n: int, seed: int = 1) -> list[RunResult]:
    """``n`` replications of the small run with acknowledgement times moved at random."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        r = make_result(replication=k)
        ps = []
        for p in r.participants:
            ack = None if rng.random() < 0.2 else round(rng.uniform(0, 96), 2)
            ps.append(replace(p, ack_at=ack, completed_at=None if ack is None else ack + 1))
        out.append(replace(r, participants=ps))
    return out


def test_pooled_quantiles_and_km_median_equal_the_unpooled_ones_on_the_grid() -> None:
    rng = random.Random(3)
    times = [round(rng.uniform(0, 50), 2) for _ in range(101)]
    tc = TimeCounts()
    for t in times:
        tc.add(t, 60.0)
    for _ in range(20):
        tc.add(None, 60.0)
    for q in (0.1, 0.5, 0.9):
        assert tc.quantile_until(q, 60.0) == pytest.approx(quantile(times, q))
    assert tc.km_median() == km_median(times + [60.0] * 20, [True] * 101 + [False] * 20)


def test_the_study_summary_agrees_with_summarize_on_the_same_replications() -> None:
    runs = _variants(12)
    agg = StudyAggregate(frame_of(runs[0]), {"scenario": "tiny-check", "seed": 7})
    agg.add_all(replication_row(r) for r in runs)
    s = agg.summary()
    plain = summarize(runs)
    for key in ("participants", "ack_rate", "completion_rate", "late_acks",
                "never_acknowledged", "bounced_contacts", "stale_contacts"):
        assert s[key] == plain[key], key
    assert s["median_hours_to_ack"] == pytest.approx(plain["median_hours_to_ack"], abs=0.011)
    assert s["ack_rate_ci95"] == plain["ack_rate_ci95"]  # one interval, whichever path
    acks = [p.ack_at for r in runs for p in r.participants]
    assert s["km_median_hours_to_ack"] == km_median(
        [t if t is not None else 96.0 for t in acks], [t is not None for t in acks])
    assert set(s["by_participant"]) == {"XA", "XB", "XC"}
    assert s["by_group"]["south"]["participants"] == 2
    dist = s["ack_rate_distribution"]
    assert dist["min"] <= dist["median"] <= dist["max"]
    assert s["km_ack_curve"][0] == [0.0, 0.0, 0.0, 0.0] and len(s["km_ack_curve"]) == 97


def test_order_does_not_matter_and_memory_does_not_grow_with_replications() -> None:
    runs = _variants(30, seed=5)
    rows = [replication_row(r) for r in runs]
    a = StudyAggregate(frame_of(runs[0]), {}).add_all(rows)
    b = StudyAggregate(frame_of(runs[0]), {}).add_all(reversed(rows))
    assert a.summary() == b.summary()
    size = len(a.all.ack_times.events) + len(a.rates)
    for _ in range(20):  # the same replications again: nothing new to remember
        a.add_all(rows)
    assert len(a.all.ack_times.events) + len(a.rates) == size and a.reps == 630


def test_a_run_observed_to_its_horizon_has_never_acknowledged_a_cut_one_not_observed() -> None:
    r = make_result()  # XA in time at 2.5 h, XB late at 80 h, XC never; horizon 96 h
    f = run_figures(r)
    assert (f["ack_rate"], f["acknowledged_in_time"], f["late_acks"]) == (0.3333, 1, 1)
    assert (f["never_acknowledged"], f["not_observed"]) == (1, 0)
    assert f["km_median_hours_to_ack"] == 80.0 and f["median_hours_to_ack_in_time"] == 2.5
    assert f["reminders_sent"] == 0 and run_figures(r, reminders_sent=5)["reminders_sent"] == 5
    assert [c["contact"] for c in f["contacts_to_fix_list"]] == ["XB/policy", "XC/policy"]
    assert f["contacts_to_fix_list"][1]["reasons"] == ["message lost (spam filter?)"]
    cut = run_figures(r, observed_until=10.0)
    assert cut["never_acknowledged"] is None and cut["not_observed"] == 2
    assert cut["ack_rate"] is None and cut["acknowledged_by_end"] == 1


def test_a_tabletop_has_its_scorecard_and_no_check_rates() -> None:
    r = make_result(kind="tabletop")
    f = run_figures(r)
    assert "ack_rate" not in f and f["kind"] == "tabletop"
    e = f["expectations"]
    assert (e["met"], e["not_fired"], e["met_rate"]) == (1, 1, 1.0)
    assert {(c["expectation"], c["open"]) for c in e["scorecard"]} == {("e1", 0), ("e2", 1)}
    card = Scorecard()
    card.add({"i1": 1.0}, [["e1", "XA", "met", 3.0]])
    card.add({}, [["e1", "XA", "missed", None]])
    s = card.summary()
    assert s["scorecard"] == [{"expectation": "e1", "participant": "XA", "met": 1, "late": 0,
                               "missed": 1, "open": 0}]
    assert s["injects_fired"] == {"i1": {"share": 0.5, "median_at_hours": 1.0}}


def test_time_to_first_response_runs_from_each_inject_firing() -> None:
    card = Scorecard()
    card.add({"i1": 2.0, "i2": 26.0}, [["e1", "XA", "met", 3.0, "i1"],
                                       ["e2", "XA", "met", 27.5, "i2"],
                                       ["e3", "XB", "late", 30.0, "i2"]])
    card.add({"i1": 10.0}, [["e1", "XA", "late", 14.0, "i1"], ["e2", "XA", "open", None, "i2"]])
    # first responses: i1 1.0 h and 4.0 h, i2 1.5 h (not 3.0 h or 27.5 h from the start)
    assert card.summary()["median_hours_to_first_response"] == 1.5
    old = Scorecard()  # rows stored without the inject: no time measured from the start
    old.add({"i1": 2.0}, [["e1", "XA", "met", 3.0]])
    assert old.summary()["median_hours_to_first_response"] is None


def test_study_figures_keep_the_study_summary_figures() -> None:
    runs = _variants(4)
    s = StudyAggregate(frame_of(runs[0]), {}).add_all(replication_row(r) for r in runs).summary()
    f = study_figures(s)
    assert f["what"] == "study" and f["replications"] == 4
    assert f["ack_rate_ci95"] == s["ack_rate_ci95"]
    assert f["median_hours_to_ack_in_time"] == s["median_hours_to_ack"]

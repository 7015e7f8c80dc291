"""The vector engine and the SimPy engine agree in distribution.

For each bundled check the vector engine covers and for behaviour variants of a 57-state
check (each a different part of the model), replications of both engines (different
random numbers) are compared: two-sample Kolmogorov–Smirnov and Anderson–Darling on every
per-replication figure a study reports, and a chi-square test that each participant
acknowledges with the same probability. Seeds are fixed, so the verdicts are too; each
test asks p > 0.001 (about 150 comparisons in all: the engines would have to differ for
one to fail). Larger comparisons: ``benchmarks/bench_vector.py``.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from scipy import stats

from simulator.engine.run import run
from simulator.io.scenario_files import LoadedScenario, load_scenario
from simulator.model.check import CheckScenario
from simulator.sweep.stats import replication_metrics
from simulator.vector.run import vector_metric_rows, vector_results
from tests.unit.simulator.vector.conftest import BUNDLED, check_variant

METRICS = ("ack_rate", "completion_rate", "median_hours_to_complete",
           "median_hours_to_ack", "p90_hours_to_ack", "late_acks",
           "never_acknowledged", "bounced_contacts", "stale_contacts", "reminders_sent")
ALPHA = 0.001

VARIANTS: dict[str, dict[str, Any]] = {
    "plain": {},
    "announced": {"announced": True},
    "escalation and reminders to deputies": {
        "reminders": ["24h", "48h"], "escalate_to_deputies": True, "escalate_after": "30h",
        "reminders_to_deputies": True},
    "translation": {"language": "fr"},
    "task level, one task": {"level": "task", "escalate_to_deputies": True},
    "task level, hand-offs and clearance": {
        "level": "task", "tasks": [
            {"name": "details", "by": "policy", "clearance": False,
             "work": {"dist": "fixed", "value": "30m"}},
            {"name": "CERT channel", "by": "technical"},
            {"name": "deputy's", "by": "deputy_technical"}],
        "behaviour": {"mandate": 0.3, "turnover_per_year": 0.4}},
    "phone follow-up and its retry": {
        "phone_follow_up": "50h", "behaviour": {"phone_reach": 0.8, "responsiveness": 0.7}},
    "24/7 secretariat sending as scheduled": {
        "reminders": ["20h"], "secretariat": {"duty_24_7": True, "off_hours": "as_scheduled"}},
    "stale, away, slow": {"behaviour": {
        "turnover_per_year": 0.5, "absence": 0.4, "out_of_office_reply": 0.9,
        "responsiveness": 0.6, "bounce_share": 0.9, "retry_delay": "3h",
        "triage": {"dist": "weibull", "scale": "6h", "shape": 0.8},
        "ack_delay": {"dist": "empirical", "samples": ["10m", "1h", "5h"]},
        "tiers": {"high": {"triage": {"dist": "fixed", "value": "2h"}}}}},
}


def _compare(loaded: LoadedScenario, reps: int, seed: int = 11) -> None:
    sc, d = loaded.scenario, loaded.directory()
    assert isinstance(sc, CheckScenario)
    simpy_runs = [run(sc, d, seed=seed, replication=k) for k in range(reps)]
    simpy_rows = [replication_metrics(r) for r in simpy_runs]
    vector_rows = vector_metric_rows(sc, d, seed=seed, replications=range(reps))
    for m in METRICS:
        a = np.array([r[m] for r in simpy_rows if r[m] is not None], dtype=float)
        b = np.array([r[m] for r in vector_rows if r[m] is not None], dtype=float)
        if np.ptp(np.concatenate([a, b])) == 0:
            continue  # the same constant in both (e.g. no reminder at all)
        assert stats.ks_2samp(a, b).pvalue > ALPHA, m
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # p is capped to [0.001, 0.25]
            ad = stats.anderson_ksamp([a, b])
        assert ad.statistic < ad.critical_values[-1], m  # the 0.1% critical value
    vector_runs = vector_results(sc, d, seed=seed, replications=range(reps))
    _per_participant(sc.check.deadline, simpy_runs, vector_runs, reps, "ack_at")
    _per_participant(sc.check.deadline, simpy_runs, vector_runs, reps, "completed_at")


def _per_participant(deadline: float, simpy_runs: list, vector_runs: list, reps: int,
                     field: str) -> None:
    """Each participant's chance to answer by the deadline: a sum of 2x2 chi-squares."""
    acked_s, acked_v = (np.array([[getattr(p, field) is not None
                                   and getattr(p, field) <= deadline
                                   for p in r.participants] for r in runs])
                        for runs in (simpy_runs, vector_runs))
    total, df = 0.0, 0
    for s_col, v_col in zip(acked_s.T, acked_v.T, strict=True):
        table = np.array([[s_col.sum(), reps - s_col.sum()], [v_col.sum(), reps - v_col.sum()]])
        if (table.sum(axis=0) == 0).any():
            continue  # acknowledged always (or never) by both
        total += stats.chi2_contingency(table, correction=False)[0]
        df += 1
    assert df > 0 and stats.chi2.sf(total, df) > ALPHA, field


@pytest.mark.parametrize("name", list(VARIANTS))
def test_the_engines_agree_on_a_57_state_check(name: str) -> None:
    _compare(check_variant(**VARIANTS[name]), reps=80)


@pytest.mark.parametrize("path", ["un-directory-ping.yaml", "validation/crystal-email.yaml",
                                  "validation/crystal-phone.yaml", "osce-unannounced-72h.yaml"])
def test_the_engines_agree_on_each_bundled_check_they_both_run(path: str) -> None:
    _compare(load_scenario(BUNDLED / path), reps=60)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(VARIANTS))
def test_the_engines_agree_on_many_replications(name: str) -> None:
    _compare(check_variant(**VARIANTS[name]), reps=600, seed=12)

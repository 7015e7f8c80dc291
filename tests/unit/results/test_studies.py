"""results.runs.study: ``run -r N`` as one stored study, interrupted, resumed, refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from results.db import NotFound
from results.runs import (
    SweepExecution,
    load_study,
    resume_study,
    run_and_store,
    study_and_store,
    study_summary,
)
from results.store import Store
from simulator.analysis.metrics import step_quantile
from simulator.io.scenario_files import LoadedScenario, load_scenario
from simulator.model.errors import InputError
from tests.store_support import count_rows

IN_PROCESS = SweepExecution(workers=1, batch_size=2)


@pytest.fixture
def loaded(sweep_scenario: Path) -> LoadedScenario:
    return load_scenario(sweep_scenario)


class StopAfter:
    """A progress that presses Ctrl-C once ``n`` replications are done."""

    def __init__(self, n: int) -> None:
        self.n, self.done, self.stopped = n, 0, False

    def start(self, total: int, done: int) -> None:
        self.done = done

    def advance(self, n: int) -> None:
        self.done += n
        if self.done >= self.n:
            raise KeyboardInterrupt

    def stop(self) -> None:
        self.stopped = True


def test_a_study_is_one_stored_result_with_compact_rows(
    store: Store, loaded: LoadedScenario
) -> None:
    out = study_and_store(loaded, seed=3, replications=5, store=store, execution=IN_PROCESS)
    assert (out.status, out.done, out.replications) == ("completed", 5, 5)
    assert out.study_id is not None and out.summary is not None
    info = store.get_study(out.study_id)
    assert (info.status, info.done, info.seed, info.events_stored) == ("completed", 5, 3, False)
    assert info.aggregates is not None and info.aggregates["replications"] == 5
    assert count_rows(store, "runs") == 0 and count_rows(store, "events") == 0
    assert count_rows(store, "study_replications") == 5
    assert out.summary["study_id"] == out.study_id
    assert study_summary(store, out.study_id)["ack_rate"] == out.summary["ack_rate"]


def test_its_rates_and_counts_are_those_of_the_same_replications_run_one_by_one(
    loaded: LoadedScenario,
) -> None:
    # run_and_store runs the SimPy engine: so does this study (auto would pick the vector one)
    study = study_and_store(loaded, seed=5, replications=4, store=None,
                            execution=SweepExecution(workers=1, engine="simpy"))
    runs = run_and_store(loaded, seed=5, replications=4)
    assert study.summary is not None and runs.summary is not None
    for key in ("participants", "ack_rate", "completion_rate", "late_acks",
                "never_acknowledged", "bounced_contacts", "stale_contacts", "reminders_sent"):
        assert study.summary[key] == runs.summary[key], key
    assert study.summary["p90_hours_to_ack"] == pytest.approx(  # pooled at 36 s
        runs.summary["p90_hours_to_ack"], abs=0.011)
    # the in-time median follows the Kaplan-Meier rule (the smallest time with half at or
    # before it), not the interpolated median of summarize()
    in_time = [p.ack_at for r in runs.results for p in r.participants
               if p.ack_at is not None and p.ack_at <= r.deadline_hours]
    assert study.summary["median_hours_to_ack"] == pytest.approx(
        step_quantile(in_time, 0.5), abs=0.011)


def test_same_seed_same_study_for_any_number_of_workers(loaded: LoadedScenario) -> None:
    one = study_and_store(loaded, seed=9, replications=6, store=None, execution=IN_PROCESS)
    two = study_and_store(loaded, seed=9, replications=6, store=None,
                          execution=SweepExecution(workers=2, batch_size=1))
    assert one.summary == two.summary


def test_an_interrupted_study_resumes_to_the_figures_of_an_uninterrupted_one(
    store: Store, loaded: LoadedScenario
) -> None:
    whole = study_and_store(loaded, seed=4, replications=7, store=None, execution=IN_PROCESS)
    progress = StopAfter(3)
    cut = study_and_store(loaded, seed=4, replications=7, store=store, execution=IN_PROCESS,
                          progress=progress)
    assert cut.status == "interrupted" and progress.stopped and cut.study_id is not None
    assert 3 <= cut.done < 7 and cut.summary is None
    assert store.get_study(cut.study_id).status == "interrupted"
    partial = study_summary(store, cut.study_id)  # what it has so far
    assert partial["replications"] == cut.done

    done = resume_study(load_study(store, cut.study_id), store=store, execution=IN_PROCESS)
    assert (done.status, done.done, done.study_id) == ("completed", 7, cut.study_id)
    assert done.summary is not None and whole.summary is not None
    strip = ("study_id", "database")
    assert ({k: v for k, v in done.summary.items() if k not in strip}
            == {k: v for k, v in whole.summary.items() if k not in strip})
    assert count_rows(store, "study_replications") == 7


def test_a_completed_or_unknown_study_is_not_resumed(
    store: Store, loaded: LoadedScenario
) -> None:
    out = study_and_store(loaded, seed=1, replications=2, store=store, execution=IN_PROCESS)
    assert out.study_id is not None
    with pytest.raises(InputError, match="is completed; there is nothing to resume"):
        load_study(store, out.study_id)
    with pytest.raises(NotFound, match="no study 99"):
        load_study(store, 99)


def test_events_all_keeps_each_replication_whole_linked_to_the_study(
    store: Store, loaded: LoadedScenario
) -> None:
    out = study_and_store(loaded, seed=2, replications=3, store=store, events=True,
                          execution=IN_PROCESS)
    assert out.study_id is not None
    ids = store.study_run_ids(out.study_id)
    assert [store.get_run(r).replication for r in ids] == [0, 1, 2]
    assert all(store.get_run(r).study_id == out.study_id for r in ids)
    assert count_rows(store, "events") > 0
    assert store.list_runs() == []  # listed as one study, not three runs
    assert len(store.list_runs(study_runs=True)) == 3
    store.delete_study(out.study_id)
    assert count_rows(store, "runs") == 0 and count_rows(store, "study_replications") == 0


def test_a_crash_marks_the_study_interrupted_and_propagates(
    store: Store, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    import simulator.sweep as sweep_mod

    def crash(plan: Any, **kw: Any) -> Any:
        raise ZeroDivisionError

    monkeypatch.setattr(sweep_mod, "run_sweep", crash)
    with pytest.raises(ZeroDivisionError):
        study_and_store(loaded, seed=1, replications=3, store=store, execution=IN_PROCESS)
    (info,) = store.list_studies()
    assert info.status == "interrupted" and info.done == 1  # replication 0 is kept

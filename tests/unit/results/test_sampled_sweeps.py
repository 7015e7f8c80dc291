"""A sampled sweep end to end through the library: stored with its design, interrupted
and resumed to the same rows, every point on the same seeds, and a report with indices,
a tornado chart and the discovery rule."""

from __future__ import annotations

from pathlib import Path

from results.reports.render import render_markdown
from results.reports.sweep import sweep_report
from results.runs import SweepExecution, load_resume, resume_and_store, sweep_and_store
from results.runs.sweep_record import stored_rows
from results.store import Store
from simulator.sweep.sampling import make_design, plan_sampled
from simulator.sweep.spec import SweepPlan
from tests.unit.results.test_runs import StopAfter

IN_PROCESS = SweepExecution(workers=1, batch_size=2)


def _plan(scenario: Path) -> SweepPlan:
    design = make_design("sobol", 4, ["behaviour.turnover_per_year=0.05:0.9",
                                      "behaviour.spam_loss=0:0.3"], seed=5, threshold=0.8)
    return plan_sampled(scenario.read_text(), design, replications=2,
                        scenario_source=str(scenario), base_dir=scenario.parent)


def test_a_sampled_sweep_is_stored_with_its_design_and_resumes_to_the_same_rows(
    store: Store, sweep_scenario: Path
) -> None:
    plan = _plan(sweep_scenario)
    assert len(plan.points) == 4 * (2 + 2) and plan.design is not None
    whole = sweep_and_store(plan, store=None, execution=IN_PROCESS)
    assert whole.result is not None and whole.summary is not None
    cut = sweep_and_store(plan, store=store, execution=IN_PROCESS, progress=StopAfter(9))
    assert cut.status == "interrupted" and cut.sweep_id is not None
    info = store.get_sweep(cut.sweep_id)
    assert info.design == plan.design
    assert [r["params"] for r in info.point_rows] == plan.points

    resume = load_resume(store, cut.sweep_id)
    assert resume.plan.design == plan.design and resume.plan.points == plan.points
    done = resume_and_store(resume, store=store, execution=IN_PROCESS)
    assert done.status == "completed" and done.summary is not None
    assert stored_rows(store, cut.sweep_id) == whole.result.rows
    assert done.summary["sensitivity"] == whole.summary["sensitivity"]
    indices = done.summary["sensitivity"]["indices"]
    assert {i["parameter"] for i in indices} == set(plan.axes)
    assert all(set(i) == {"parameter", "S1", "ST"} for i in indices)


def test_every_sample_point_runs_the_same_replication_seeds(sweep_scenario: Path) -> None:
    plan = _plan(sweep_scenario)
    rows = sweep_and_store(plan, store=None, execution=IN_PROCESS).result.rows  # type: ignore[union-attr]
    seeds = {}
    for r in rows:
        seeds.setdefault(r["point"], []).append((r["replication"], r["seed"]))
    assert len(seeds) == len(plan.points)
    assert all(s == seeds[0] for s in seeds.values())
    # common random numbers: a point's replication k sees the same world as any other's,
    # so two points with the same parameters give the same rows
    twin = plan_sampled(sweep_scenario.read_text(), make_design(
        "lhs", 30, ["behaviour.turnover_per_year=0.2:0.2000001"]), replications=2,
        base_dir=sweep_scenario.parent)
    twin_rows = sweep_and_store(twin, store=None, execution=IN_PROCESS).result.rows  # type: ignore[union-attr]
    by_rep: dict[int, set[float]] = {}
    for r in twin_rows:
        by_rep.setdefault(r["replication"], set()).add(r["metrics"]["ack_rate"])
    assert all(len(v) == 1 for v in by_rep.values())


def test_the_report_of_a_sampled_sweep_has_indices_a_tornado_and_the_rule(
    store: Store, sweep_scenario: Path
) -> None:
    out = sweep_and_store(_plan(sweep_scenario), store=store, execution=IN_PROCESS)
    assert out.sweep_id is not None
    rep = sweep_report(store, out.sweep_id)
    section = next(s for s in rep.sections if s.id == "sensitivity")
    assert "chart-sweep-tornado" in rep.charts
    assert rep.data["sensitivity"]["rule"].startswith(("ack share < 0.8 when", "no point"))
    text = render_markdown(rep)
    assert "| Parameter | S1 | 95% CI | ST | 95% CI |" in text
    assert "Scenario discovery: " in text and "<svg" in rep.charts["chart-sweep-tornado"].render()
    assert section.title == "Sensitivity and scenario discovery"

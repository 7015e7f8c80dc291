"""The bundled exercise library: every file validates, runs with a fixed seed, and keeps
its promises (a guide, stages with questions, triggers that fire when they should)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from simulator.analysis.tabletop import summarize_expectations
from simulator.engine.run import run
from simulator.io.scenario_files import LoadedScenario, bundled_scenarios, load_scenario
from simulator.model.directory import Directory
from simulator.model.injects import ConditionTrigger
from simulator.model.outcome import RunResult
from simulator.model.tabletop import TabletopScenario

BUNDLED = bundled_scenarios()
TABLETOPS = [p for p in BUNDLED if "injects:" in p.read_text(encoding="utf-8")]
REQUIRED = {
    "osce-unannounced-72h.yaml",
    "un-directory-ping.yaml",
    "arf-osce-interregional-check.yaml",
    "election-ddos.yaml",
    "cross-border-ci-incident.yaml",
    "misattribution-defusal.yaml",
}


@cache
def loaded(path: Path) -> tuple[LoadedScenario, Directory]:
    ls = load_scenario(path)
    return ls, ls.directory()


@cache
def simulated(path: Path, seed: int) -> RunResult:
    ls, d = loaded(path)
    return run(ls.scenario, d, seed=seed)


def test_the_library_is_complete() -> None:
    assert REQUIRED <= {p.name for p in BUNDLED}
    assert len(TABLETOPS) >= 4


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_each_file_has_a_facilitators_guide_in_its_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    header = text[: text.index("\nname:")] if "\nname:" in text else text
    assert header.startswith("#") and "Facilitator's guide" in header
    assert "Objective" in header and "How to run" in header


@pytest.mark.parametrize("path", TABLETOPS, ids=lambda p: p.name)
def test_tabletop_is_complete_and_validates(path: Path) -> None:
    ls, d = loaded(path)
    sc = ls.scenario
    assert isinstance(sc, TabletopScenario)
    sc.validate_against(d, str(path))
    assert "Objectives" in sc.guide and "CBMs exercised" in sc.guide and "How to run" in sc.guide
    assert 3 <= len(sc.stages) <= 4
    assert all(s.questions for s in sc.stages)
    assert 6 <= len(sc.injects) <= 12
    assert {i.stage for i in sc.injects} == {s.id for s in sc.stages}
    assert all(i.expect for i in sc.injects)
    # actors are fictitious companies or an exercise cell
    assert all("fictitious" in a.name or "exercise cell" in a.name for a in sc.actors)


@pytest.mark.parametrize("path", TABLETOPS, ids=lambda p: p.name)
def test_tabletop_runs_and_every_expectation_is_scored(path: Path) -> None:
    ls, _ = loaded(path)
    sc = ls.scenario
    r = simulated(path, 1)
    assert r.kind == "tabletop" and r.horizon_hours == sc.end
    fired = {e.detail: e.t for e in r.events if e.kind == "inject"}
    # every timed inject fires at its offset
    for inj in sc.fire_order():
        assert fired[inj.id] == pytest.approx(inj.at)
    for x in r.expectations:
        assert x.status in {"met", "late", "missed", "not_fired"}
        if x.status == "not_fired":
            assert x.inject not in fired and x.due_at is None
            continue
        within = sc.inject_by_id(x.inject).expect
        w = next(e.within for e in within if e.id == x.id)
        assert x.due_at == pytest.approx(fired[x.inject] + w)
        if x.status == "met":
            assert x.done_at is not None and fired[x.inject] <= x.done_at <= x.due_at + 1e-9
        elif x.status == "late":
            assert x.done_at is not None and x.due_at < x.done_at <= sc.end + 1e-9
        else:
            assert x.done_at is None
    s = summarize_expectations(r)
    assert s["met"] + s["late"] + s["missed"] + s["not_fired"] == len(r.expectations) == s["total"]
    assert simulated(path, 1) is r  # cached; a fresh run must match it exactly
    again = run(sc, loaded(path)[1], seed=1)
    assert again.events == r.events and again.expectations == r.expectations


@pytest.mark.parametrize("path", TABLETOPS, ids=lambda p: p.name)
def test_triggered_injects_fire_exactly_when_their_condition_is_decided(path: Path) -> None:
    ls, _ = loaded(path)
    sc = ls.scenario
    for seed in (1, 2):
        r = simulated(path, seed)
        fired = {e.detail: e.t for e in r.events if e.kind == "inject"}
        for inj in sc.injects:
            trig = inj.trigger
            if not isinstance(trig, ConditionTrigger):
                continue
            owner, _ = sc.expectation_by_id(trig.expectation)
            rows = [x for x in r.expectations if x.id == trig.expectation]
            if owner.id not in fired:
                assert inj.id not in fired
                continue
            due = rows[0].due_at
            done = [x.done_at for x in rows]
            if trig.on == "met":
                when = max(done) if all(x.status == "met" for x in rows) else None  # type: ignore[type-var]
            elif trig.on == "missed":
                when = due if any(x.status != "met" for x in rows) else None
            elif trig.on == "late":
                ok = all(x.done_at is not None for x in rows) and any(
                    x.status == "late" for x in rows
                )
                when = max(done) if ok else None  # type: ignore[type-var]
            else:  # done
                ok = all(x.done_at is not None for x in rows)
                when = max(done) if ok else None  # type: ignore[type-var]
            if when is None or when + inj.delay > sc.end:
                assert inj.id not in fired, (seed, inj.id)
            else:
                assert fired[inj.id] == pytest.approx(when + inj.delay), (seed, inj.id)


def test_the_unanswered_consultation_makes_the_minister_speak() -> None:
    """cross-border-ci-incident: I5 (the statement) fires iff FI has not answered I4 in 6h."""
    path = next(p for p in TABLETOPS if p.name == "cross-border-ci-incident.yaml")
    seen = set()
    for seed in range(1, 7):
        r = simulated(path, seed)
        fired = {e.detail: e.t for e in r.events if e.kind == "inject"}
        e5 = [x for x in r.expectations if x.id == "E5"]
        if "I4" not in fired:
            seen.add("no consultation")
            continue
        (row,) = e5
        if row.status == "met":
            seen.add("answered")
            assert "I5" not in fired
        else:
            seen.add("silence")
            assert fired["I5"] == pytest.approx(fired["I4"] + 6 + 0.5)
    assert seen  # at least one branch exercised


@pytest.mark.parametrize(
    "name", ["osce-unannounced-72h.yaml", "un-directory-ping.yaml"], ids=lambda n: n
)
def test_bundled_checks_validate_and_run(name: str) -> None:
    path = next(p for p in BUNDLED if p.name == name)
    r = simulated(path, 1)
    ls, d = loaded(path)
    assert r.kind == "check" and len(r.participants) == len(d.participants)
    assert any(p.ack_at is not None for p in r.participants)

"""Runs not observed to their horizon: the observation window of each kind of run, and the
report of a run cut where observation stopped."""

from __future__ import annotations

from datetime import timedelta

import pytest

from results.reports.document import Report, Table
from results.reports.meta import NoteRow, RunMeta
from results.reports.observed import observation
from results.reports.render import render_markdown
from results.reports.run_report import build_report, run_report
from simulator.text import hm
from tests.report_support import LIVE_START, LiveRun, check_run, live_result


def _timeline_of(rep: Report) -> list[str]:
    table = next(b for b in rep.section("timeline").blocks if isinstance(b, Table))
    return [row[2] for row in table.rows]

def test_interrupted_live_run_is_censored_where_the_facilitator_left() -> None:
    # a 12h-deadline live check left after 1h: AA answered at 0.5h, 5 silent
    meta = RunMeta(id=4, scenario="Live ping", mode="live", status="interrupted",
                   started_at=LIVE_START, finished_at=LIVE_START + timedelta(hours=1))
    rep = run_report(live_result({"AA": 0.5}), meta)
    assert rep.data["observed_hours"] == 1.0
    assert rep.data["observation"] == "observed for 1h00 (run interrupted)"
    timeline = _timeline_of(rep)
    assert not any(x.startswith(("Deadline", "Observation ends")) for x in timeline)
    assert timeline[-1] == ("Observation stops: observed for 1h00 (run interrupted), before the "
                            "12-hour deadline; 1 of 6 participants had acknowledged, 5 had no "
                            "answer recorded.")
    areas = " ".join(rep.data["areas"])
    assert "5 of 6 participants (83.3%) had no acknowledgement recorded" in areas
    assert "observed for 1h00 (run interrupted)" in areas
    assert "deadline was not reached" in areas
    md = render_markdown(rep, charts=False)
    for claim in ("hours observed", "never acknowledged", "no message reached any contact",
                  "Observation ends", "Deadline: "):
        assert claim not in md, claim
    assert "| Acknowledged within the deadline | not observed" in md
    assert "| Acknowledged after the deadline | - |" in md
    # the Kaplan-Meier curve stops at 1h: its chart's axis and title say so
    svg = rep.chart_svg("chart-cumulative")
    assert "observed for 1h00 (run interrupted)" in svg

def test_observation_window_of_each_kind_of_run() -> None:
    r = live_result({"AA": 0.5, "BB": 3.0})
    full = check_run()
    done = RunMeta(mode="simulated", status="completed")
    assert observation(full, done).until == 144.0 and not observation(full, done).cut
    # a run recovered as interrupted has no finish time: its last event ends it
    recovered = observation(r, RunMeta(mode="live", status="interrupted"))
    assert (recovered.until, recovered.why) == (3.0, "run interrupted")
    # a timed note is a recorded instant too
    noted = observation(r, RunMeta(mode="live", status="running"), [NoteRow(5.5, "rang BB")])
    assert (noted.until, noted.why) == (5.5, "run still in progress")
    # a live run closed after its horizon was observed to the horizon
    late = RunMeta(mode="live", status="completed", finished_at=LIVE_START + timedelta(hours=30))
    assert observation(r, late).until == 24.0 and not observation(r, late).cut
    # an interrupted simulated run: its last event
    stopped = observation(full, RunMeta(mode="simulated", status="interrupted"))
    assert stopped.until == 90.0 and stopped.deadline_seen and stopped.cut

def test_stored_interrupted_live_run_is_censored_at_its_interruption(live_run: LiveRun) -> None:
    store, run_id = live_run.store, live_run.run_id
    store.mark_interrupted(run_id, "closed by the facilitator")
    info = store.get_run(run_id)
    rep = build_report(store, run_id)
    assert info.status == "interrupted" and info.finished_at is not None
    expected = (info.finished_at - live_run.start).total_seconds() / 3600
    assert rep.data["observed_hours"] == pytest.approx(expected)
    assert rep.data["observation"] == f"observed for {hm(expected)} (run interrupted)"
    md = render_markdown(rep, charts=False)
    assert "no message reached any contact" not in md and "Deadline: " not in md
    assert "Observation ends" not in md and "hours observed" not in md

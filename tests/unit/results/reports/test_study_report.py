"""A study's report: the pooled Kaplan-Meier curve drawn as a chart (and kept as a table),
each participant's probability of acknowledging and completing in time, and the one
line saying why a study lists no contacts to fix; the terminal shows the same rows."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from pocdrill.render import print_summary
from results.reports.figure_lines import least_likely
from results.reports.render import render_html, render_markdown
from results.reports.study_report import CONTACTS_NOT_KEPT, build_study_report
from results.runs import SweepExecution, study_and_store
from results.store import Store
from simulator.io.scenario_files import load_scenario
from simulator.text import pct


def test_a_study_report_draws_its_pooled_curve_and_lists_who_is_least_likely(
    store: Store, sweep_scenario: Path
) -> None:
    done = study_and_store(load_scenario(sweep_scenario), seed=3, replications=5, store=store,
                           execution=SweepExecution(workers=1, batch_size=2))
    assert done.study_id is not None and done.summary is not None
    report = build_study_report(store, done.study_id)
    html = render_html(report)
    assert '<figure class="chart" id="chart-study-cumulative"><svg' in html
    assert "Hours since the start" in html  # the table stays beside the chart
    s = report.data["summary"]
    people = s["by_participant"]
    rows = least_likely(s)
    assert len(rows) == min(20, len(people))
    keys = [(people[r[0]]["p_ack_in_time"], people[r[0]]["p_complete_in_time"]) for r in rows]
    assert keys == sorted(keys)  # least likely to acknowledge, then to complete, first
    first = rows[0]
    assert first[2] == pct(people[first[0]]["p_ack_in_time"])
    assert first[3] == pct(people[first[0]]["p_complete_in_time"])  # a task-level check
    section = report.section("participants")
    assert section.title == "Least likely to acknowledge (and complete) in time"
    md = render_markdown(report, charts=False)
    assert f"| {first[0]} | {first[1]} | {first[2]} | {first[3]} |" in md
    assert CONTACTS_NOT_KEPT in md
    out = io.StringIO()
    print_summary(s, Console(file=out, width=200))
    assert "Least likely to acknowledge (and complete) in time" in out.getvalue()
    assert f"{first[0]} " in out.getvalue() and first[3] in out.getvalue()

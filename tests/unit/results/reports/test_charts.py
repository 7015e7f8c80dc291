"""Charts: the per-participant timeline's rows and drawing, the scorecard's bars."""

from __future__ import annotations

from results.reports.charts.bars import scorecard_chart
from results.reports.charts.timeline import timeline_rows
from results.reports.render import render_markdown
from results.reports.run_report import run_report
from tests.report_support import many


def test_timeline_mixes_silent_and_slowest_answered_participants() -> None:
    # like the 193-state ping: 146 answered, 47 silent, 40 rows -> 20 and 20
    rows, n = timeline_rows(many(146, 47), limit=40)
    assert n == 193 and len(rows) == 40
    assert [r.label for r in rows[:20]] == [f"A{i:03d}" for i in range(126, 146)]  # slowest
    assert [r.label for r in rows[20:]] == [f"S{i:03d}" for i in range(20)]
    assert all(r.answered for r in rows[:20]) and not any(r.answered for r in rows[20:])
    assert rows[0].marks["acknowledged"] == [127.0] and rows[0].marks["completed"] == [128.0]
    # few answered: silent ones fill the rows left free
    rows, _ = timeline_rows(many(5, 60), limit=40)
    assert sum(r.answered for r in rows) == 5 and len(rows) == 40
    # everyone fits: all shown, answered in order of acknowledgement, then the silent
    rows, _ = timeline_rows(many(3, 2), limit=40)
    assert [r.label for r in rows] == ["A000", "A001", "A002", "S000", "S001"]

def test_timeline_chart_draws_and_lists_acknowledgements() -> None:
    result = many(146, 47)
    # without acknowledgement events in the log the outcomes still give the marks
    result.events = [e for e in result.events if e.kind not in ("acknowledged", "completed")]
    rep = run_report(result)
    md = render_markdown(rep, charts=False)
    assert ("The per-participant chart shows the 20 slowest that acknowledged and 20 that "
            "never did, of 193 participants.") in md
    svg = rep.chart_svg("chart-timeline")
    legend = svg[svg.index('id="chart-timeline-legend_1"'):]
    for label in ("acknowledged", "completed", "reminder"):
        assert f">{label}</text>" in legend, label

def test_scorecard_chart_draws_open_expectations_only_when_there_are_some() -> None:
    with_open = scorecard_chart([("S1 Detection", 2, 1, 0, 0, 3)], title="t")
    without = scorecard_chart([("S1 Detection", 2, 1, 0, 0, 0)], title="t")
    assert ">open<" in with_open and ">open<" not in without
    assert ">missed<" in with_open and ">missed<" in without

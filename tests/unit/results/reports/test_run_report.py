"""The after-action report of a run, section by section, on hand-built runs in a temp SQLite
store (``tests/report_support.py``): every count in them was chosen, so the numbers parsed
back out of the reports are checked against the store's summary and against counts made
by eye.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from results.reports.render import render_html, render_markdown
from results.reports.run_report import build_report, run_report
from results.store import Store
from results.store.queries import replication_runs
from simulator.analysis.metrics import summarize
from tests.report_support import (
    CHECK_ROWS,
    CHECK_TEXT,
    check_run,
    row_value,
    tabletop_run,
)

EMAIL = re.compile(r"@[A-Za-z0-9-]+\.[A-Za-z]{2,}")  # anchored on "@": linear time
PHONE = re.compile(r"\+\d{2}[\d ]{6,}")
RUN_SECTIONS = ["overview", "objectives", "timeline", "strengths", "areas", "plan", "contacts",
                "notes"]
RUN_TITLES = ["Overview", "Objectives", "Timeline", "Strengths", "Areas for improvement",
              "Improvement plan", "Contacts to fix", "Facilitator notes"]


def test_run_report_has_every_section_in_html_and_markdown(stored: dict[str, Any]) -> None:
    for sid, title in zip(RUN_SECTIONS, RUN_TITLES, strict=True):
        assert f'<section id="{sid}"><h2>{title}</h2>' in stored["check_html"]
        assert f"\n## {title}\n" in stored["check_md"]
    assert "Expectation scorecard" not in stored["check_md"]  # a check has none

def test_numbers_in_the_report_equal_the_stores(stored: dict[str, Any]) -> None:
    summary = stored["store"].get_run(stored["check_id"]).summary
    h, md = stored["check_html"], stored["check_md"]
    rate = row_value(h, "ack_rate")
    m = re.fullmatch(r"([\d.]+)% \((\d+) of (\d+)\)", rate)
    assert m is not None
    assert float(m.group(1)) == pytest.approx(summary["ack_rate"] * 100, abs=0.05)
    # by eye: AA BB CC DD HH in time, of 8
    assert (int(m.group(2)), int(m.group(3))) == (5, 8)
    assert f"| Acknowledged within the deadline | {rate} |" in md
    comp = re.fullmatch(r"([\d.]+)% \((\d+) of 8\)", row_value(h, "completion_rate"))
    assert comp is not None
    assert float(comp.group(1)) == pytest.approx(summary["completion_rate"] * 100, abs=0.05)
    for key in ("late_acks", "never_acknowledged", "bounced_contacts", "stale_contacts",
                "reminders_sent"):
        assert int(row_value(h, key)) == summary[key], key
    assert (row_value(h, "median_hours_to_ack_in_time")
            == f"{summary['median_hours_to_ack']:.1f} h")
    # Kaplan-Meier median by hand: acks at 2,5,12,30,40,80 of 8 (2 censored at 144):
    # S drops by 1/8 each -> S(30) = 4/8 = 0.5 -> median 30 h
    assert row_value(h, "km_median_hours_to_ack") == "30.0 h"

def test_objectives_come_from_the_guide_comment(stored: dict[str, Any]) -> None:
    assert "- Verify that every POC answers within 72 hours." in stored["check_md"]
    assert "- Re-verify stale entries." in stored["check_md"]
    assert "OSCE CBM 8" in stored["check_md"]

def test_timeline_lists_reminders_calls_and_deadline(stored: dict[str, Any]) -> None:
    md = stored["check_md"]
    assert "| 2026-03-07 15:00 UTC | 24.0 | Reminder: sent to 5 participants still silent. |" in md
    assert "Phone follow-up: 4 calls to 4 participants, 4 answered." in md
    assert "| 72.0 | Deadline: 5 of 8 participants had acknowledged. |" in md

def test_contacts_to_fix_show_stored_details_unless_redacted(stored: dict[str, Any]) -> None:
    md = stored["check_md"]
    assert "| EE | EE/policy | policy | bounced | Erika Example | erika.example@example.org |" in md
    assert "| FF | FF/policy | policy | stale: messages lost silently |" in md
    assert "| GG | GG/technical | technical | unanswered | Gus Grey |" in md
    red = build_report(stored["store"], stored["check_id"], redact=True)
    for text in (render_markdown(red, charts=False), render_html(red)):
        assert not EMAIL.search(text)
        assert not PHONE.search(text)
        assert "Erika Example" not in text and "Gus Grey" not in text
        assert "EE/policy" in text  # the role key stays

def test_tabletop_report_has_the_scorecard_per_stage(stored: dict[str, Any]) -> None:
    h, md = stored["tt_html"], stored["tt_md"]
    for sid, title in zip(RUN_SECTIONS, RUN_TITLES, strict=True):
        assert f'<section id="{sid}"><h2>{title}</h2>' in h
    assert '<section id="scorecard"><h2>Expectation scorecard</h2>' in h
    assert re.search(r'<figure class="chart" id="chart-scorecard"><svg', h)
    assert "| S1 | Detection | 1 | 0 | 0 | 0 | 100.0% |" in md
    assert "| S2 | Escalation | 0 | 0 | 1 | 0 | 0.0% |" in md
    assert "### Stage S2: Escalation" in md and "- When do you go public?" in md
    assert "| E2 | I2 | FI | respond | 12.0 | - | missed |" in md
    assert "Inject I2 (stage S2: Escalation): Minister asks." in md
    assert "FI: 1 expectation missed (E2 respond, stage S2)" in md
    assert row_value(h, "expectations_met") == "50.0% (1 of 2 fired)"

def test_stage_titles_fall_back_to_ids_without_scenario_text(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/r.db") as store:
        rid = store.record_run(tabletop_run(), scenario_text="not: [valid")
        md = render_markdown(build_report(store, rid), charts=False)
    assert "| S1 | S1 | 1 | 0 | 0 | 0 | 100.0% |" in md
    assert "The scenario states no objectives" in md

def test_replication_batches_get_a_band_section(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/r.db") as store:
        lone = store.record_run(check_run(seed=9), scenario_text=CHECK_TEXT)
        ids = []
        for k in range(3):
            rows = [(c, g, None if (c == "AA" and k == 1) else a, d, s)
                    for c, g, a, d, s in CHECK_ROWS]
            ids.append(store.record_run(check_run(rows, replication=k), scenario_text=CHECK_TEXT))
        again = store.record_run(check_run(), scenario_text=CHECK_TEXT)  # a new batch
        assert replication_runs(store, ids[1]) == ids
        assert replication_runs(store, lone) == [lone]
        assert replication_runs(store, again) == [again]
        rep = build_report(store, ids[1])
    md = render_markdown(rep, charts=False)
    assert "## Replications" in md and "| Replications | 3 |" in md
    # ack rates 5/8, 4/8, 5/8 -> mean 0.5833
    assert "| Acknowledged in time (mean) | 58.3% (95% CI" in md
    assert "chart-replications" in rep.charts
    # per group, in time by eye: west 4/4, 3/4 (AA silent in replication 1), 4/4 -> mean
    # 0.9167, sd 0.1443, t(2) = 4.303 -> 55.8% to 127.5% (shown to 100%); east 1/4 each
    # (HH; FF late, EE GG never) -> 25.0%, an interval of width 0
    assert "| west | 4 | 91.7% (95% CI 55.8% to 100.0%) |" in md
    assert "| east | 4 | 25.0% (95% CI 25.0% to 25.0%) |" in md
    svg = rep.chart_svg("chart-replications-groups")
    assert "by group over 3 replications" in svg and svg.count("<path") > 4


def test_contacts_to_fix_read_alike_in_the_summary_and_the_report() -> None:
    # the terminal and the TUI show the summary's reasons, the report its Problem column:
    # one wording (simulator.analysis.metrics.contact_problem)
    result = check_run()
    reasons = {c["contact"]: c["reasons"] for c in summarize([result])["contacts_to_fix"]}
    assert reasons == {"EE/policy": ["bounced"], "FF/policy": ["stale: messages lost silently"]}
    md = render_markdown(run_report(result), charts=False)
    for key, (why,) in reasons.items():
        assert f"| {key[:2]} | {key} | policy | {why} |" in md


def test_a_contact_lost_without_being_stale_or_unanswered_is_listed_too() -> None:
    from simulator.model.outcome import ContactOutcome

    result = check_run()
    result.contacts.append(ContactOutcome("HH", "HH/extra", "extra", lost=True))
    result.contacts.append(ContactOutcome("GG", "GG/extra", "extra"))
    md = render_markdown(run_report(result), charts=False)
    assert "| HH | HH/extra | extra | message lost (spam filter?) |" in md
    assert "| GG | GG/extra | extra | unanswered |" in md
    # the summary lists only the directory's bounced and stale entries
    fixes = [c["contact"] for c in summarize([result])["contacts_to_fix"]]
    assert fixes == ["EE/policy", "FF/policy"]


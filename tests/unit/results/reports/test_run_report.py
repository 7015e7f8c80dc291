"""After-action reports, comparisons and trends on hand-built runs in a temp SQLite store.

The runs come from ``tests/report_support.py``: every count in them was chosen, so the
numbers parsed back out of the reports can be checked against the store's summary and
against counts made by eye. Charts are drawn only for a few renders (they cost ~1 s).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from results.reports.compare import changes_between, compare_runs, trend
from results.reports.document import Table, hm
from results.reports.run_report import (
    NoteRow,
    RunMeta,
    build_report,
    observation,
    render_html,
    render_markdown,
    run_report,
)
from results.store import Store
from results.store.queries import replication_runs
from tests.report_support import (
    CHECK_ROWS,
    LIVE_CODES,
    TABLETOP_TEXT,
    check_run,
    live_events,
    store_live_run,
    tabletop_run,
)

LIVE_START = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)

CHECK_TEXT = """\
# Facilitator's guide
#   Objective: verify that every POC answers within 72 hours; re-verify stale entries.
#   CBMs exercised: OSCE CBM 8.
name: Test check
directory: {profile: osce, seed: 7}
check: {start: 2026-03-06T15:00:00Z, deadline: 72h, horizon: 144h, level: task}
"""
DETAILS = {
    "EE/policy": {"name": "Erika Example", "email": "erika.example@example.org",
                  "phone": "+00 30 5550123"},
    "GG/technical": {"name": "Gus Grey", "email": "gus@example.net", "phone": "+00 61 5550999"},
}
EMAIL = re.compile(r"@[A-Za-z0-9-]+\.[A-Za-z]{2,}")  # anchored on "@": linear time
PHONE = re.compile(r"\+\d{2}[\d ]{6,}")
RUN_SECTIONS = ["overview", "objectives", "timeline", "strengths", "areas", "plan", "contacts",
                "notes"]
RUN_TITLES = ["Overview", "Objectives", "Timeline", "Strengths", "Areas for improvement",
              "Improvement plan", "Contacts to fix", "Facilitator notes"]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One store (per module) with a check run (details + notes) and a tabletop run."""
    db = tmp_path_factory.mktemp("report") / "r.db"
    store = Store(f"sqlite:///{db}")
    check_id = store.record_run(check_run(), scenario_text=CHECK_TEXT, contact_details=DETAILS)
    store.add_note(check_id, "Phoned Erika Example on +00 30 5550123, erika.example@example.org",
                   t=30.0, participant="EE")
    tt_id = store.record_run(tabletop_run(), scenario_text=TABLETOP_TEXT)
    check = build_report(store, check_id)
    tab = build_report(store, tt_id)
    out = {"store": store, "check_id": check_id, "tt_id": tt_id,
           "check_html": render_html(check), "check_md": render_markdown(check, charts=False),
           "tt_html": render_html(tab), "tt_md": render_markdown(tab, charts=False),
           "check_report": check}
    yield out
    store.close()


def _row(html_text: str, key: str) -> str:
    pattern = rf'<tr data-key="{re.escape(key)}"><td>[^<]*</td><td>([^<]*)</td></tr>'
    m = re.search(pattern, html_text)
    assert m, f"no row {key}"
    return html.unescape(m.group(1))


def test_run_report_has_every_section_in_html_and_markdown(stored: dict[str, Any]) -> None:
    for sid, title in zip(RUN_SECTIONS, RUN_TITLES, strict=True):
        assert f'<section id="{sid}"><h2>{title}</h2>' in stored["check_html"]
        assert f"\n## {title}\n" in stored["check_md"]
    assert "Expectation scorecard" not in stored["check_md"]  # a check has none


def test_run_report_embeds_each_chart_as_inline_svg(stored: dict[str, Any]) -> None:
    for cid in ("chart-cumulative", "chart-groups", "chart-timeline"):
        m = re.search(rf'<figure class="chart" id="{cid}"><svg[^>]*>(.*?)</svg>',
                      stored["check_html"], re.S)
        assert m and "<path" in m.group(1), cid
    # ids inside the charts are prefixed, so two charts never share one
    ids = re.findall(r'\bid="([^"]+)"', stored["check_html"])
    assert len(ids) == len(set(ids))


def test_numbers_in_the_report_equal_the_stores(stored: dict[str, Any]) -> None:
    summary = stored["store"].get_run(stored["check_id"]).summary
    h, md = stored["check_html"], stored["check_md"]
    rate = _row(h, "ack_rate")
    m = re.fullmatch(r"([\d.]+)% \((\d+) of (\d+)\)", rate)
    assert m is not None
    assert float(m.group(1)) == pytest.approx(summary["ack_rate"] * 100, abs=0.05)
    # by eye: AA BB CC DD HH in time, of 8
    assert (int(m.group(2)), int(m.group(3))) == (5, 8)
    assert f"| Acknowledged within the deadline | {rate} |" in md
    comp = re.fullmatch(r"([\d.]+)% \((\d+) of 8\)", _row(h, "completion_rate"))
    assert comp is not None
    assert float(comp.group(1)) == pytest.approx(summary["completion_rate"] * 100, abs=0.05)
    for key in ("late_acks", "never_acknowledged", "bounced_contacts", "stale_contacts",
                "reminders_sent"):
        assert int(_row(h, key)) == summary[key], key
    assert _row(h, "median_hours_to_ack") == f"{summary['median_hours_to_ack']:.1f} h"
    # Kaplan-Meier median by hand: acks at 2,5,12,30,40,80 of 8 (2 censored at 144):
    # S drops by 1/8 each -> S(30) = 4/8 = 0.5 -> median 30 h
    assert _row(h, "km_median_hours_to_ack") == "30.0 h"


def test_findings_state_their_numbers_and_feed_the_plan(stored: dict[str, Any]) -> None:
    rep = stored["check_report"]
    areas = " ".join(rep.data["areas"])
    assert "2 of 8 participants (25.0%) never acknowledged" in areas and "EE, GG" in areas
    assert "FF (80.0 h)" in areas
    assert "1 of 16 contacts (6.2%) bounced: EE/policy" in areas
    assert "Group east: 1 of 4 (25.0%) acknowledged in time, below the overall 62.5%" in areas
    # CC answered after the 24h reminder, DD after the 36h call, FF after the 48h reminder
    assert rep.data["prompted"] == {"CC": "reminder at 24h", "DD": "phone call at 36h",
                                    "FF": "reminder at 48h"}
    plan = {(p["issue"], p["owner"], p["severity"]) for p in rep.data["plan"]}
    assert ("EE/policy: bounced", "EE national POC", "high") in plan
    due = {p["issue"]: (p["due"] - rep.generated).days for p in rep.data["plan"]}
    assert due["EE/policy: bounced"] == 30 and due["FF: acknowledged late (80.0 h)"] == 60
    assert "Re-verify EE/policy: bounced" in stored["check_md"]
    assert "Group west: 4 of 4 (100.0%) acknowledged in time" in " ".join(rep.data["strengths"])


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


def test_html_is_self_contained(stored: dict[str, Any]) -> None:
    for h in (stored["check_html"], stored["tt_html"]):
        assert "http://" not in h and "https://" not in h
        low = h.lower()
        assert "<script" not in low and "<link" not in low and "<img" not in low
        assert "@import" not in low and "url(http" not in low
        assert "@media print" in h and h.startswith("<!DOCTYPE html>")


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
    assert _row(h, "expectations_met") == "50.0% (1 of 2 fired)"


def test_stage_titles_fall_back_to_ids_without_scenario_text(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/r.db") as store:
        rid = store.record_run(tabletop_run(), scenario_text="not: [valid")
        md = render_markdown(build_report(store, rid), charts=False)
    assert "| S1 | S1 | 1 | 0 | 0 | 0 | 100.0% |" in md
    assert "The scenario states no objectives" in md


def test_markdown_embeds_charts_as_data_uris_when_asked(stored: dict[str, Any]) -> None:
    md = render_markdown(stored["check_report"])  # charts already drawn for the HTML
    for cid in ("chart-cumulative", "chart-groups", "chart-timeline"):
        assert re.search(rf"<!-- chart: {cid} -->\n!\[[^\]]+\]\(data:image/svg\+xml;base64,", md)


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


# -- compare and trend ---------------------------------------------------------------------

# B against A (deadline 72 h, threshold 12 h):
#   AA 2 -> 30   slower by 28 h         fell back
#   BB 5 -> 10   within the threshold   neither
#   CC 30 -> 3   faster by 27 h         improved
#   EE never -> 10                      improved
#   FF 80 (late) -> 50 (in time)        improved
#   GG never -> never                   neither
#   HH 12 -> never                      fell back
B_ACKS = {"AA": 30.0, "BB": 10.0, "CC": 3.0, "DD": 40.0, "EE": 10.0, "FF": 50.0, "GG": None,
          "HH": None}


def _run_b() -> Any:
    rows = [(c, g, B_ACKS[c], None, "ok") for c, g, _, _, _ in CHECK_ROWS]
    return check_run(rows, seed=2)


def test_changes_between_follow_the_rules() -> None:
    ch = changes_between(check_run(), _run_b())
    assert sorted(c.code for c in ch.improved) == ["CC", "EE", "FF"]
    assert sorted(c.code for c in ch.fell_back) == ["AA", "HH"]
    reasons = {c.code: c.reason for c in ch.improved + ch.fell_back}
    assert reasons == {"CC": "faster by 27.0 h", "EE": "never -> in time",
                       "FF": "late -> in time", "AA": "slower by 28.0 h",
                       "HH": "in time -> never"}
    wide = changes_between(check_run(), _run_b(), threshold_hours=30)
    assert sorted(c.code for c in wide.improved) == ["EE", "FF"]


def test_participants_in_one_run_only_are_listed_apart() -> None:
    a = check_run()
    b = _run_b()
    b.participants = [replace(p) for p in b.participants if p.code != "GG"]
    ch = changes_between(a, b)
    assert ch.only_in_a == ["GG"] and ch.only_in_b == []


def test_compare_and_trend_from_the_store(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/r.db") as store:
        a = store.record_run(check_run(), scenario_text=CHECK_TEXT)
        a2 = store.record_run(check_run(replication=1), scenario_text=CHECK_TEXT)
        b = store.record_run(_run_b(), scenario_text=CHECK_TEXT)
        cmp = compare_runs(store, [a, b])
        tr = trend(store, "Test check")
        day = store.get_run(a).started_at.date().isoformat()  # recorded (today), not 2026-03-06
    assert sorted(cmp.improved) == ["CC", "EE", "FF"]
    assert sorted(cmp.fell_back) == ["AA", "HH"]
    md = render_markdown(cmp, charts=False)
    assert f"| run 1 (recorded {day}, seed 1) | 8 | 62.5% |" in md
    assert f"| run 3 (recorded {day}, seed 2) | 8 |" in md
    assert cmp.warnings == [] and "Warning" not in md
    # the trend labels its exercises the same way
    assert [p.label for p in tr.points] == [f"run 1 (recorded {day}, seed 1) x2",
                                            f"run 3 (recorded {day}, seed 2)"]
    assert "| EE | State EE | never | 10.0 h | never -> in time |" in md
    # a and a2 are replications 0 and 1 of one exercise: two points, not three
    assert [p.run_ids for p in tr.points] == [[a, a2], [b]]
    assert sorted(tr.improved) == ["CC", "EE", "FF"] and sorted(tr.fell_back) == ["AA", "HH"]
    assert tr.persistent == ["GG"]  # never in time in either exercise
    tmd = render_markdown(tr, charts=False)
    assert "## Per-participant history" in tmd and "| GG | - | - |" in tmd
    assert "| HH | ok | - |" in tmd


# -- runs not observed to their horizon ----------------------------------------------------


def _live_result(acks: dict[str, float]) -> Any:
    from results.live.events import participants_from_events
    from simulator.model.outcome import ParticipantOutcome, RunResult

    r = RunResult("Live ping", 0, 0, LIVE_START, 12.0, 24.0, "reachability")
    base = [ParticipantOutcome(c, f"State {c}", "all", human=True) for c in LIVE_CODES]
    r.events = live_events(acks)
    r.participants = participants_from_events(base, r.events)
    return r


def _timeline_of(rep: Any) -> list[str]:
    table = next(b for b in rep.section("timeline").blocks if isinstance(b, Table))
    return [row[2] for row in table.rows]


def test_interrupted_live_run_is_censored_where_the_facilitator_left() -> None:
    # a 12h-deadline live check left after 1h: AA answered at 0.5h, 5 silent
    meta = RunMeta(id=4, scenario="Live ping", mode="live", status="interrupted",
                   started_at=LIVE_START, finished_at=LIVE_START + timedelta(hours=1))
    rep = run_report(_live_result({"AA": 0.5}), meta)
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
    r = _live_result({"AA": 0.5, "BB": 3.0})
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


def test_completed_live_run_never_claims_no_message_reached_a_contact() -> None:
    meta = RunMeta(id=7, scenario="Live ping", mode="live", status="completed",
                   started_at=LIVE_START, finished_at=LIVE_START + timedelta(hours=24))
    rep = run_report(_live_result({"AA": 0.5, "BB": 2.0, "CC": 14.0}), meta)
    md = render_markdown(rep, charts=False)
    assert "no message reached any contact" not in md
    assert "3 of 6 participants (50.0%) had no acknowledgement recorded in the 24 hours observed" \
        in md
    issues = [p["issue"] for p in rep.data["plan"]]
    assert "DD: no answer recorded (in the 24 hours observed)" in issues
    assert "| 12.0 | Deadline: 2 of 6 participants had acknowledged. |" in md


def test_live_stale_contacts_are_an_upkeep_item_not_lost_messages() -> None:
    from simulator.model.outcome import ContactOutcome

    # AA acknowledged at 0.5h from an entry not verified for years; BB never answered
    r = _live_result({"AA": 0.5})
    r.contacts = [ContactOutcome("AA", "AA/policy", "policy", stale=True),
                  ContactOutcome("BB", "BB/policy", "policy", stale=True),
                  ContactOutcome("CC", "CC/policy", "policy")]
    meta = RunMeta(id=9, scenario="Live ping", mode="live", status="completed",
                   started_at=LIVE_START, finished_at=LIVE_START + timedelta(hours=24))
    rep = run_report(r, meta)
    md = render_markdown(rep, charts=False)
    for claim in ("lost messages", "lost silently", "were stale", "| stale"):
        assert claim not in md, claim
    assert ("[low] 2 of 3 contacts (66.7%) were not verified recently and are likely out of "
            "date (an estimate from their last verification; no message is known lost): "
            "AA/policy, BB/policy.") in md
    plan = {p["issue"]: p["severity"] for p in rep.data["plan"]}
    assert plan["AA/policy: not verified recently (likely out of date)"] == "low"
    assert "| AA | AA/policy | policy | not verified recently (likely out of date) |" in md
    assert "| Contacts likely out of date (not verified recently) | 2 |" in md
    # a simulated run's stale contacts did lose messages: still a high finding
    sim = run_report(r, RunMeta(scenario="Live ping", mode="simulated"))
    assert any(a.startswith("2 of 3 contacts (66.7%) were stale and lost messages")
               for a in sim.data["areas"])


def test_stored_interrupted_live_run_is_censored_at_its_interruption(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/live.db") as store:
        start = datetime.now(UTC) - timedelta(hours=1)
        run_id = store_live_run(store, start, {"AA": 0.5})
        store.mark_interrupted(run_id, "closed by the facilitator")
        info = store.get_run(run_id)
        rep = build_report(store, run_id)
    assert info.status == "interrupted" and info.finished_at is not None
    expected = (info.finished_at - start).total_seconds() / 3600
    assert rep.data["observed_hours"] == pytest.approx(expected)
    assert rep.data["observation"] == f"observed for {hm(expected)} (run interrupted)"
    md = render_markdown(rep, charts=False)
    assert "no message reached any contact" not in md and "Deadline: " not in md
    assert "Observation ends" not in md and "hours observed" not in md


def test_sweep_differences_are_paired_by_replication_against_the_baseline() -> None:
    from results.reports.sweep import baseline_differences

    rates = {0: (0.5, 0.7, 0.6), 1: (0.8, 0.9, 1.0), 2: (0.8, None, 1.0)}
    rows = [{"point": p, "replication": k, "metrics": {"ack_rate": v, "completion_rate": 0.5}}
            for p, vs in rates.items() for k, v in enumerate(vs)]
    diffs = baseline_differences(rows, baseline=1)
    assert sorted(diffs) == [0, 2]  # not the baseline itself
    # point 0 - point 1: -0.3, -0.2, -0.4 -> mean -0.3, 95% CI -0.3 -+ 4.303 * 0.1 / sqrt(3)
    mean, lo, hi = diffs[0]["ack_rate"] or []
    assert mean == pytest.approx(-0.3) and lo == pytest.approx(-0.5484, abs=1e-4)
    assert hi == pytest.approx(-0.0516, abs=1e-4)
    # point 2 lacks replication 1: paired over replications 0 and 2 only (both 0)
    assert diffs[2]["ack_rate"] == [0.0, 0.0, 0.0]
    assert diffs[0]["completion_rate"] == [0.0, 0.0, 0.0]


# -- the per-participant timeline ------------------------------------------------------------


def _many(answered: int, silent: int) -> Any:
    rows = [(f"A{i:03d}", "all", 1.0 + i, 2.0 + i, "ok") for i in range(answered)]
    rows += [(f"S{i:03d}", "all", None, None, "ok") for i in range(silent)]
    return check_run(rows)


def test_timeline_mixes_silent_and_slowest_answered_participants() -> None:
    from results.reports.charts import timeline_rows

    # like the 193-state ping: 146 answered, 47 silent, 40 rows -> 20 and 20
    rows, n = timeline_rows(_many(146, 47), limit=40)
    assert n == 193 and len(rows) == 40
    assert [r.label for r in rows[:20]] == [f"A{i:03d}" for i in range(126, 146)]  # slowest
    assert [r.label for r in rows[20:]] == [f"S{i:03d}" for i in range(20)]
    assert all(r.answered for r in rows[:20]) and not any(r.answered for r in rows[20:])
    assert rows[0].marks["acknowledged"] == [127.0] and rows[0].marks["completed"] == [128.0]
    # few answered: silent ones fill the rows left free
    rows, _ = timeline_rows(_many(5, 60), limit=40)
    assert sum(r.answered for r in rows) == 5 and len(rows) == 40
    # everyone fits: all shown, answered in order of acknowledgement, then the silent
    rows, _ = timeline_rows(_many(3, 2), limit=40)
    assert [r.label for r in rows] == ["A000", "A001", "A002", "S000", "S001"]


def test_timeline_chart_draws_and_lists_acknowledgements() -> None:
    result = _many(146, 47)
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


def test_compare_warns_about_runs_of_different_scenarios(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path}/r.db") as store:
        a = store.record_run(check_run(), scenario_text=CHECK_TEXT)
        b = store.record_run(check_run(scenario="Other check", seed=4), scenario_text=CHECK_TEXT)
        c = store.record_run(check_run(seed=5), scenario_text=CHECK_TEXT)
        cmp = compare_runs(store, [a, b, c])
    warning = "runs of different scenarios: Test check (runs 1, 3); Other check (run 2)"
    assert cmp.warnings == [warning]
    md = render_markdown(cmp, charts=False)
    assert f"Warning: {warning}." in md
    # two simulated runs recorded the same day are told apart by id and seed
    assert len(set(cmp.labels)) == 3 and all("seed" in x for x in cmp.labels)


def test_run_labels_name_live_runs_and_later_replications() -> None:
    from results.reports.compare import run_label

    when = datetime(2026, 6, 9, 10, 0, tzinfo=UTC)
    live = RunMeta(id=8, mode="live", started_at=when)
    assert run_label(live, _live_result({})) == "run 8 (recorded 2026-06-09, live)"
    rep2 = RunMeta(id=9, started_at=when)
    assert run_label(rep2, check_run(seed=3, replication=2)) == (
        "run 9 (recorded 2026-06-09, seed 3, replication 2)")
    # no recording date known: the exercise's start date
    assert run_label(RunMeta(id=1), check_run()) == "run 1 (started 2026-03-06, seed 1)"


def test_scorecard_chart_draws_open_expectations_only_when_there_are_some() -> None:
    from results.reports import charts

    with_open = charts.scorecard_chart([("S1 Detection", 2, 1, 0, 0, 3)], title="t")
    without = charts.scorecard_chart([("S1 Detection", 2, 1, 0, 0, 0)], title="t")
    assert ">open<" in with_open and ">open<" not in without
    assert ">missed<" in with_open and ">missed<" in without

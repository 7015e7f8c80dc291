"""The TUI's UI-free parts: the simulation clock, the board model, live replay, charts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from results.live.expectations import OpenExpectation
from results.store import Store
from simulator.model.outcome import Event, ParticipantOutcome
from tui.board import BoardModel, sort_key, status_at, stops
from tui.runs import RunRow, run_row
from tui.simclock import SPEEDS, SimClock
from tui.summary import comparison_rows
from tui.widgets.ack_chart import histogram

START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_clock_advances_at_speed_only_while_running() -> None:
    mono = FakeMonotonic()
    clock = SimClock(72.0, monotonic=mono, speed=3600)
    mono.t += 10
    assert clock.now() == 0.0  # not started
    clock.start()
    mono.t += 10  # 10 s at 3600x = 10 simulated hours
    assert clock.now() == pytest.approx(10.0)
    clock.pause()
    mono.t += 50
    assert clock.now() == pytest.approx(10.0)
    clock.set_speed(10_000)
    clock.start()
    mono.t += 3.6  # 3.6 s at 10,000x = 10 h
    assert clock.now() == pytest.approx(20.0)


def test_clock_speed_change_keeps_time_and_steps_through_speeds() -> None:
    mono = FakeMonotonic()
    clock = SimClock(100.0, monotonic=mono, speed=SPEEDS[0])
    clock.start()
    mono.t += 3600  # one real hour at 1x
    assert clock.now() == pytest.approx(1.0)
    assert clock.faster() == SPEEDS[1]
    assert clock.now() == pytest.approx(1.0)  # no jump when the speed changes
    for _ in range(20):
        clock.faster()
    assert clock.speed == SPEEDS[-1] == 10_000
    for _ in range(20):
        clock.slower()
    assert clock.speed == 1


def test_clock_stops_at_end_and_jumps_to_stops() -> None:
    mono = FakeMonotonic()
    clock = SimClock(48.0, monotonic=mono)
    assert clock.jump_next([6.0, 24.0, 48.0]) == 6.0
    assert clock.jump_next([6.0, 24.0, 48.0]) == 24.0
    assert clock.jump_next([6.0, 24.0, 48.0]) == 48.0
    assert clock.finished
    assert clock.jump_next([6.0, 24.0, 48.0]) is None
    clock.jump(40.0)
    clock.start()
    mono.t += 3600
    assert clock.now() == 48.0 and not clock.running


def _p(code: str, group: str = "G1", **kw: object) -> ParticipantOutcome:
    return ParticipantOutcome(code=code, name=f"State {code}", group=group, **kw)  # type: ignore[arg-type]


def test_status_at_replays_final_outcome() -> None:
    p = _p("XA", delivered=True, delivered_at=2.0, ack_at=5.0)
    assert status_at(p, 1.0, 12.0) == "pending"
    assert status_at(p, 3.0, 12.0) == "delivered"
    assert status_at(p, 5.0, 12.0) == "acknowledged"
    q = _p("XB", delivered=True, delivered_at=20.0)
    # past the deadline but not yet delivered at that moment: unreachable, not late
    assert status_at(q, 15.0, 12.0) == "unreachable"
    # delivered after the deadline, never answered: overdue (late means answered late)
    assert status_at(q, 21.0, 12.0) == "overdue"


def test_board_counts_reminders_up_to_now_and_flags_due_and_expiring() -> None:
    parts = [_p("XA", ack_at=1.0, delivered=True, delivered_at=0.5), _p("XB", group="G2")]
    events = [Event(6.0, "reminder", "XB"), Event(9.0, "reminder", "XB")]
    m = BoardModel(parts, start=START, deadline=12.0, zones={"XA": "Asia/Tokyo"},
                   reminder_offsets=[6.0, 9.0], events=events, expiring_hours=2.0)
    assert m.reminders_at("XB", 5.9) == 0
    assert m.reminders_at("XB", 6.0) == 1
    assert m.reminders_at("XB", 11.0) == 2
    assert m.row("XB", 11.0).expiring and not m.row("XB", 9.0).expiring
    assert not m.row("XA", 11.0).expiring  # answered
    # a due reminder not (yet) sent is flagged; XA answered, so never
    m2 = BoardModel(parts, start=START, deadline=12.0, reminder_offsets=[6.0])
    assert m2.row("XB", 7.0).reminder_due
    assert not m2.row("XA", 7.0).reminder_due
    assert m.local_time("XA", 0.0) == "Tue 18:00"  # 09:00 UTC in Tokyo
    assert m.counts(2.0) == {"pending": 1, "delivered": 0, "acknowledged": 1, "completed": 0,
                             "late": 0, "overdue": 0, "unreachable": 0}
    assert m.groups() == ["G1", "G2"]


def test_sort_keys_order_status_and_time_left() -> None:
    parts = [_p("XA", ack_at=1.0), _p("XB"), _p("XC", delivered=True, delivered_at=0.0)]
    m = BoardModel(parts, start=START, deadline=12.0)
    rows = m.rows(2.0)
    by_status = [r.code for r in sorted(rows, key=lambda r: sort_key("status", r))]
    assert by_status == ["XB", "XC", "XA"]  # pending, delivered, acknowledged
    by_left = [r.code for r in sorted(rows, key=lambda r: sort_key("left", r))]
    assert by_left[-1] == "XA"  # answered rows sort last


def test_stops_are_injects_reminders_deadline_and_end() -> None:
    events = [Event(0.0, "check_sent", "XA"), Event(6.0, "reminder", "XA"),
              Event(6.0, "reminder", "XB"), Event(3.0, "inject", None, detail="I2"),
              Event(2.0, "acknowledged", "XA")]
    assert stops(events, 12.0, 24.0) == [3.0, 6.0, 12.0, 24.0]


def test_histogram_counts_every_value_in_range() -> None:
    centres, counts = histogram([0.0, 1.0, 2.5, 9.9, 10.0, 11.0], 0.0, 10.0, 5)
    assert centres == [1.0, 3.0, 5.0, 7.0, 9.0]
    assert counts == [2, 1, 0, 0, 2]  # 11.0 is out of range; 10.0 falls in the last bin


def test_comparison_rows_show_change_from_a_to_b() -> None:
    a = {"ack_rate": 0.5, "median_hours_to_ack": 4.0, "late_acks": 2,
         "by_group": {"G1": {"ack_rate": 0.25}}}
    b = {"ack_rate": 0.75, "median_hours_to_ack": 3.0, "late_acks": 1,
         "by_group": {"G1": {"ack_rate": 0.5}}}
    rows = {r[0]: r for r in comparison_rows(a, b)}
    assert rows["Acknowledged in time"] == ("Acknowledged in time", "50.0%", "75.0%", "+25.0 pts")
    assert rows["Median h to acknowledge"][3] == "-1.0 h"
    assert rows["Late acknowledgements"][3] == "-1"
    assert rows["  G1"][1:] == ("25.0%", "50.0%", "+25.0 pts")


def test_fast_replay_coarsens_clock_cells() -> None:
    m = BoardModel([_p("XA")], start=START, deadline=12.0, zones={"XA": "UTC"})
    assert m.local_time("XA", 0.5) == "Tue 09:30"
    m.set_speed(10_000, 0.1)  # ~17 simulated minutes per refresh: whole hours
    assert m.resolution_minutes == 60
    assert m.local_time("XA", 0.9) == "Tue 09:00"
    assert m.row("XA", 0.9).cells[5][0] == "12h00m"
    m.set_speed(60, 0.1)  # 6 simulated seconds per refresh: minute by minute
    assert m.resolution_minutes == 1
    assert m.row("XA", 0.9).cells[5][0] == "11h06m"


def test_open_expectations_show_in_time_left_and_flag_when_nearly_due() -> None:
    m = BoardModel([_p("XA"), _p("XB")], start=START, deadline=48.0)
    e1 = OpenExpectation("E1", fired_at=2.0, due_at=6.0)
    m.add_expectation("XA", e1)
    assert m.row("XA", 1.0).cells[5][0] == "47h00m"  # not fired yet: deadline
    assert m.row("XA", 3.0).cells[5][0] == "E1 3h00m" and not m.row("XA", 3.0).expiring
    assert m.row("XA", 5.5).expiring  # last quarter of its 4-hour window
    assert m.row("XA", 7.0).cells[5][0] == "E1 overdue"
    assert [e.id for e in m.open_expectations("XA", 7.0)] == ["E1"]
    e1.done_at = 7.0  # done (see tests/unit/results/live for what closes it)
    assert m.row("XA", 8.0).cells[5][0] == "40h00m"
    assert m.open_expectations("XA", 8.0) == [] and m.open_expectations("XB", 7.0) == []


def test_home_lists_every_bundled_scenario_tabletops_included(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from simulator.io.scenario_files import bundled_scenarios
    from tui.sources import discover

    scenarios, directories = discover(tmp_path)
    assert {s.path.resolve() for s in scenarios} == {p.resolve() for p in bundled_scenarios()}
    assert any("tabletop" in s.detail for s in scenarios)
    assert directories == []


def test_membership_profiles_are_not_offered_as_directories(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from simulator.directories.profiles import profile_path
    from tui.sources import discover

    (tmp_path / "scenarios" / "directories").mkdir(parents=True)
    shutil.copy(str(profile_path("osce")), tmp_path / "scenarios" / "directories" / "osce.yaml")
    (tmp_path / "mine.yaml").write_text(
        "name: Mine\norganisation: custom\nparticipants:\n"
        "  - {code: DE, name: Germany, timezone: Europe/Berlin, contacts: [{role: policy}]}\n"
    )
    _, directories = discover(tmp_path, bundled=False)
    assert [d.path.name for d in directories] == ["mine.yaml"]


@pytest.mark.parametrize("name", ["un-directory-ping", "osce-unannounced-72h"])
def test_board_statuses_and_reminder_rounds_agree_with_the_summary(name: str) -> None:
    from simulator.analysis.metrics import summarize
    from simulator.engine.run import run
    from simulator.io.scenario_files import bundled_scenarios, load_scenario

    path = next(p for p in bundled_scenarios() if p.stem == name)
    loaded = load_scenario(path)
    r = run(loaded.scenario, loaded.directory(), seed=1)
    s = summarize([r])
    n, d, end = len(r.participants), r.deadline_hours, r.horizon_hours
    m = BoardModel(r.participants, start=r.start, deadline=d, events=r.events,
                   reminder_offsets=loaded.scenario.check.reminders, contacts=r.contacts)
    counts = m.counts(end)
    assert counts["late"] == s["late_acks"]
    assert counts["overdue"] + counts["unreachable"] == s["never_acknowledged"]
    assert counts["acknowledged"] + counts["completed"] == round(s["ack_rate"] * n)
    for p in r.participants:
        status = m.status(p.code, end)
        assert (status == "late") == (p.ack_at is not None and p.ack_at > d)
        assert (status == "unreachable") == (p.ack_at is None and not p.delivered)
        # rounds, not messages: as many as the engine counted, at most one per offset
        assert m.reminders_at(p.code, end) == p.reminders <= len(loaded.scenario.check.reminders)
        assert not m.row(p.code, end).reminder_due


def test_reminder_rounds_count_once_per_slot_and_without_messages() -> None:
    parts = [_p("XA", delivered=True, delivered_at=0.5, reminders=2),
             _p("XB", reminders=1),  # every address bounced: reminded, nothing sent
             _p("XC", human=True)]
    events = [Event(6.0, "reminder", "XA", "XA/policy", detail="reminder:6"),
              Event(6.0, "reminder", "XA", "XA/technical", detail="reminder:6"),
              Event(9.0, "reminder", "XA", "XA/policy", detail="reminder:9"),
              Event(7.0, "reminder", "XC"), Event(8.0, "reminder", "XC")]
    m = BoardModel(parts, start=START, deadline=12.0, reminder_offsets=[9.0, 6.0],
                   events=events)
    assert [m.reminders_at("XA", t) for t in (5.0, 6.0, 9.0)] == [0, 1, 2]
    assert [m.reminders_at("XB", t) for t in (5.0, 6.0, 9.0)] == [0, 1, 1]
    assert m.row("XB", 6.5).cells[6][0] == "1"  # not "0 +due"
    assert [m.reminders_at("XC", t) for t in (6.5, 7.0, 8.0)] == [0, 1, 2]


def test_live_silence_is_overdue_unless_every_address_bounced() -> None:
    from simulator.model.outcome import ContactOutcome

    parts = [_p("XA", human=True), _p("XB", human=True), _p("XC", human=True, ack_at=13.0)]
    contacts = [ContactOutcome("XA", "XA/policy", "policy"),
                ContactOutcome("XA", "XA/technical", "technical"),
                ContactOutcome("XB", "XB/policy", "policy")]
    events = [Event(1.0, "bounced", "XA", "XA/policy"), Event(14.0, "bounced", "XA",
                                                                "XA/technical")]
    m = BoardModel(parts, start=START, deadline=12.0, contacts=contacts, events=events)
    assert [m.status("XA", t) for t in (11.0, 13.0, 14.0)] == ["pending", "overdue",
                                                                "unreachable"]
    assert m.status("XB", 13.0) == "overdue"  # silent, nothing bounced: never unreachable
    assert m.status("XC", 12.5) == "overdue" and m.status("XC", 13.0) == "late"
    m.add_events([Event(15.0, "bounced", "XB", "XB/policy")])
    assert m.status("XB", 15.0) == "unreachable"
    # without its contacts known, a live participant is never unreachable
    bare = BoardModel(parts, start=START, deadline=12.0, events=events)
    assert bare.status("XA", 20.0) == "overdue"
    # a task answered late after an in-time acknowledgement is still acknowledged in time
    q = _p("XD", delivered=True, delivered_at=1.0, ack_at=2.0, completed_at=20.0)
    assert [status_at(q, t, 12.0) for t in (3.0, 21.0)] == ["acknowledged", "acknowledged"]


def test_board_columns_fit_narrow_terminals() -> None:
    from tui.board import COLUMNS, column_label, column_widths, counts_text

    def used(w: dict[str, int]) -> int:
        return sum(v + 2 for v in w.values() if v)

    wide = column_widths(158, 32, 27)
    assert all(wide.values()) and [column_label(k, wide[k]) for k, _ in COLUMNS] == [
        label for _, label in COLUMNS]
    at80 = column_widths(78, 32, 27)  # 80 columns, less the scrollbar
    assert used(at80) <= 78 and all(at80.values())
    assert at80["status"] >= len("acknowledged") and at80["left"] >= len("47h05m")
    assert all(len(column_label(k, at80[k])) <= at80[k] for k in at80)  # headers fit
    assert column_label("reminders", at80["reminders"]) == "Rem."
    at60 = column_widths(60, 32, 27)
    assert used(at60) <= 60 and at60["local"] == 0 and at60["reminders"] and at60["left"]
    counts = {"pending": 1, "delivered": 41, "acknowledged": 3, "completed": 7, "late": 2,
              "overdue": 3, "unreachable": 0}
    assert counts_text(counts) == ("pending 1  delivered 41  acknowledged 3  completed 7  "
                                   "late 2  overdue 3")
    short = counts_text(counts, 52)
    assert len(short) <= 52 and short.startswith("pend 1 deliv 41 ack 3")


def test_results_figures_of_a_run_stopped_before_its_deadline_are_not_claimed() -> None:
    from rich.console import Console

    from results.reports.observed import Observation
    from simulator.analysis.figures import run_figures
    from tests.store_support import make_result
    from tui.summary import summary_table

    s = {"scenario": "S", "participants": 4, "deadline_hours": 72.0, "level": "reachability",
         "ack_rate": 0.5, "median_hours_to_ack": 2.0, "late_acks": 0, "never_acknowledged": 2,
         "by_group": {"G1": {"ack_rate": 0.5}}}
    cut = Observation(10.0, 144.0, 72.0, "run interrupted")
    result = make_result()  # 3 participants: one acknowledged at 2 h, one at 80 h, one never

    def text(obs: Observation | None) -> str:
        con = Console(width=200, record=True)
        figures = run_figures(result, observed_until=None if obs is None else obs.until)
        con.print(summary_table(s, figures, obs))
        return con.export_text()

    shown = text(cut)
    assert "not observed (stopped at 10h00, before the 72 h deadline); 1 of 3 by then" in shown
    assert "33.3%" not in shown and "No acknowledgement by 10h00 (not observed after)" in shown
    assert "33.3% (1 of 3)" in text(None) and "not observed" not in text(None)
    seen = Observation(80.0, 144.0, 72.0, "run interrupted")  # cut after the deadline
    assert "33.3%" in text(seen) and "Observed for" in text(seen)
    rows = {r[0]: r for r in comparison_rows(s, s, cut, None)}
    assert rows["Acknowledged in time"][1:] == ("not observed", "50.0%", "")
    assert rows["Never acknowledged"][1:] == ("2", "2", "+0")
    assert rows["  G1"][1:] == ("not observed", "50.0%", "")


def test_inject_picker_labels_put_due_first_and_mark_fired() -> None:
    from simulator.io.scenario_files import scenario_from_text
    from tests.live_support import TABLETOP
    from tui.inject_text import inject_options, injects_line

    sc = scenario_from_text(TABLETOP).scenario
    assert inject_options(None) == []
    options = inject_options(sc, {"I1": 0.0}, due={"I3"})  # type: ignore[arg-type]
    assert options == [
        ("I3", "DUE I3 Second wave (at T+05:00)"),
        ("I1", "I1 Outage reported (at T+00:00)  fired at T+00:00"),
        ("I2", "I2 Minister speaks (when E1 missed)"),
    ]
    assert injects_line([], 1.0, {}).plain == "no inject due; i opens the injects to fire one"


def test_a_stored_run_lists_as_one_flat_row(sqlite_url: str) -> None:
    from tests.store_support import START, make_result

    with Store(sqlite_url) as store:
        sim = store.record_run(make_result(seed=7), scenario_text="a")
        live = store.start_run(scenario="live", scenario_text="x", seed=1, mode="live")
        rows = {r.id: r for r in map(run_row, store.list_runs())}
        ran = {rid: f"{store.get_run(rid).started_at:%Y-%m-%d %H:%M}" for rid in (sim, live)}
    # when it was run, not the scenario's (simulated) start: two seeds differ by it
    assert START.strftime("%Y-%m-%d %H:%M") != ran[sim]
    assert rows[sim] == RunRow(sim, "tiny-check", "simulated", "completed", ran[sim],
                               "check", 7)
    assert rows[live] == RunRow(live, "live", "live", "running", ran[live], "check", 1)
    assert rows[live].matches("LIVE") and not rows[sim].matches("live")


def test_the_injects_line_shows_a_subject_as_text() -> None:
    from simulator.engine.schedule import ScheduledInject
    from tui.inject_text import injects_line

    due = ScheduledInject("I1", 0.0, "at +0h00")
    line = injects_line([due], 1.0, {"I1": "[/bold]\x1b[2J<b>"})  # crashed as markup
    assert " DUE  I1 [/bold]\\x1b[2J<b> (at +0h00, due " in line.plain

"""A live check against its expected band: computed once and cached, the warning below the
band, whom to phone first, and the band under the observed curve in the report."""

from __future__ import annotations

from pathlib import Path

import pytest

import results.live.expected as expected
from results.live.expected import band_of_run, expected_status, live_expected
from results.store import Store
from tests.functional.tui.support import NOW, Workspace
from tests.unit.results.live.conftest import StartSession


def test_the_band_is_computed_once_then_read_from_the_cache(
    ws: Workspace, store: Store, start: StartSession, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    session = start("tiny-check")
    calls: list[int] = []
    real = expected.expected_band

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(expected, "expected_band", counted)
    places = [ws.root / "scenarios"]
    first = band_of_run(store, session.run_id, places=places, replications=40)
    again = band_of_run(store, session.run_id, places=places, replications=40)
    assert first is not None and again is not None and calls == [1]
    assert (again.ack == first.ack).all()
    other = band_of_run(store, session.run_id, places=places, replications=50)
    assert other is not None and other.replications == 50 and calls == [1, 1]
    assert len(list(expected.cache_dir().glob("*.json"))) == 2


def test_a_silent_board_is_below_the_band_and_the_least_likely_come_first(
    ws: Workspace, store: Store, start: StartSession
) -> None:
    from datetime import timedelta

    session = start("tiny-check")
    places = [ws.root / "scenarios"]
    ex = expected_status(store, session.run_id, places=places, now=NOW + timedelta(hours=10),
                         replications=60)
    assert ex is not None and ex.acknowledged == 0 and ex.share == 0.0
    assert ex.expected[0] > 0 and ex.below
    assert ex.warning() is not None and ex.warning().startswith("warning: 0% acknowledged")  # type: ignore[union-attr]
    chances = [p for _, p in ex.silent]
    assert chances == sorted(chances) and all(0 < p < 1 for p in chances)
    assert len(ex.lines()) == 3 and "phone these first" in ex.lines()[2]
    band = band_of_run(store, session.run_id, places=places, replications=60)
    assert band is not None
    acked = [p for p in session.participants.values()]
    for p in acked:
        p.ack_at = 1.0
    all_in = live_expected(band, acked, 10.0)
    assert all_in.share == 1.0 and not all_in.below and all_in.silent == []
    assert all_in.warning() is None


def test_no_band_for_a_tabletop_or_a_lost_scenario(ws: Workspace, store: Store,
                                                   start: StartSession) -> None:
    session = start("tiny-tabletop")
    assert band_of_run(store, session.run_id, places=[ws.root / "scenarios"]) is None
    check = start("tiny-check")
    assert band_of_run(store, check.run_id, places=[]) is None  # its directory file is away


def test_the_report_of_a_live_check_draws_the_band_under_its_curve(
    ws: Workspace, store: Store, start: StartSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from results.reports.run_report import build_report

    session = start("tiny-check")
    session.record("acknowledged", "XA", 1.0)
    session.finish(12.0)
    monkeypatch.chdir(ws.root / "scenarios")  # where the report finds the directory again
    report = build_report(store, session.run_id)
    chart = report.charts["chart-cumulative"]
    assert "expected from 500 replications" in chart.title
    assert "expected (90% band, 500 replications)" in chart.render()

"""Shared set-up of the report tests: one store (per test package and worker) holding the
hand-built check run (with contact details and a note) and tabletop run of
``tests/report_support.py``, and their reports rendered once (charts cost ~1 s); a live
check stored the way the TUI stores one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from results.live.events import participants_from_events
from results.reports.render import render_html, render_markdown
from results.reports.run_report import build_report
from results.store import Store
from simulator.model.outcome import ParticipantOutcome
from tests.report_support import (
    CHECK_TEXT,
    DETAILS,
    LIVE_CODES,
    TABLETOP_TEXT,
    LiveRun,
    check_run,
    live_events,
    tabletop_run,
)

LIVE_TEXT = """\
name: Live ping
directory: {profile: osce, seed: 7}
check: {start: 2026-05-04T08:00:00Z, deadline: 12h, horizon: 24h, level: reachability}
"""


@pytest.fixture(scope="package")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A store with a check run (details + notes) and a tabletop run, and their reports:
    ``store``, ``check_id``, ``tt_id``, ``check_report``, ``check_html``, ``check_md``
    (no charts), ``tt_html``, ``tt_md``."""
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


@pytest.fixture
def live_run(tmp_path: Path) -> Iterator[LiveRun]:
    """A live check stored the way the TUI stores one (mode ``live``, participants upserted
    as answers come, events appended), started an hour ago, AA's answer at 0.5 h recorded,
    left ``running``."""
    start = datetime.now(UTC) - timedelta(hours=1)
    with Store(f"sqlite:///{tmp_path}/live.db") as store:
        run_id = int(
            store.start_run(
                scenario="Live ping", scenario_text=LIVE_TEXT, seed=0, mode="live", kind="check",
                start=start, deadline_hours=12.0, horizon_hours=24.0, level="reachability",
            )
        )
        base = [ParticipantOutcome(c, f"State {c}", "all", human=True) for c in LIVE_CODES]
        events = live_events({"AA": 0.5})
        for p in participants_from_events(base, events):
            store.upsert_participant(run_id, p)
        store.append_events(run_id, events)
        yield LiveRun(store, run_id, start)

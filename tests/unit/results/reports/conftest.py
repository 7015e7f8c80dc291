"""Shared set-up of the report tests: one store (per test package and worker) holding the
hand-built check run (with contact details and a note) and tabletop run of
``tests/report_support.py``, and their reports rendered once (charts cost ~1 s)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from results.reports.render import render_html, render_markdown
from results.reports.run_report import build_report
from results.store import Store
from tests.report_support import CHECK_TEXT, DETAILS, TABLETOP_TEXT, check_run, tabletop_run


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


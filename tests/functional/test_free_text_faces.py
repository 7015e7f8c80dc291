"""What the store keeps as free text, at its worst, through every face (issue 14).

A live tabletop is stored with markup (Rich, Textual, HTML), control characters and ANSI
escapes, bidirectional overrides, emoji and combining characters, Markdown and mathtext
and very long strings in every free-text field (:mod:`tests.fuzz_support`). Then: the HTML
and Markdown reports render, HTML escapes it all (the one script is the figures' data
block), Markdown opens no raw HTML and no second figures block, the terminal (``results
show``, ``results list``) gets no raw control character, JSON (``results show --json``,
``results export -f json``) gives the notes back as typed, and the TUI's results and run
detail screens open the run without a crash or a markup error."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402

from tests.cli_support import invoke  # noqa: E402
from tests.fuzz_support import FRAGMENTS, nasty_run, texts  # noqa: E402

FUZZ = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
EVERYTHING: dict[str, Any] = {k: "".join(FRAGMENTS) for k in (
    "name", "description", "guide", "stage", "narrative", "subject", "body", "expectation",
    "participant", "group", "contact", "note", "detail")} | {"long": True}
"""Every fragment in every field, notes and bodies very long."""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                 "\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal or a report raw (line feed and tab may)."""


def _raw(text: str) -> list[str]:
    return sorted({repr(c) for c in RAW.findall(text)})


def _cli(db: str, *args: str) -> str:
    result = invoke(*args, "--db", db, env={"COLUMNS": "160"})
    assert result.code == 0, result.err
    return result.out


def _notes(db: str, run_id: int) -> list[str]:
    from results.store import Store

    with Store(db) as store:
        return [n.text for n in store.notes(run_id)]


def _reports(db: str, run_id: int) -> tuple[str, str]:
    from results.reports.render import render_html, render_markdown
    from results.reports.requested import requested_report
    from results.store import Store

    with Store(db) as store:
        report = requested_report(store, run=run_id).report
    return render_html(report), render_markdown(report)


def _check_reports(html: str, md: str) -> None:
    from results.reports.render import embedded_figures

    assert html.count("<script") == 1 and "<script>" not in html  # the figures' data only
    assert not re.search(r"(?<!\\)<(script|b>|/script)", md), "raw HTML in Markdown"
    assert md.count("```json pocdrill-figures") == 1
    assert _raw(html) == [] and _raw(md) == []
    figures = embedded_figures(html)
    assert figures is not None and figures == embedded_figures(md)


@FUZZ
@given(t=texts)
@example(t=EVERYTHING)
def test_reports_terminal_and_json_keep_free_text_as_text(t: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = f"sqlite:///{folder / 'store.db'}"
        run_id = nasty_run(folder / "w", db, t)
        _check_reports(*_reports(db, run_id))
        for args in (("results", "show", str(run_id)), ("results", "list")):
            assert _raw(_cli(db, *args)) == [], args
        notes = _notes(db, run_id)
        shown = json.loads(_cli(db, "results", "show", str(run_id), "--json"))
        assert [n["text"] for n in shown["notes"]] == notes
        _cli(db, "results", "export", str(run_id), "-f", "json", "-o", str(folder / "e.json"))
        exported = json.loads((folder / "e.json").read_text(encoding="utf-8"))
        assert [n["text"] for n in exported["notes"]] == notes


async def _open_in_tui(db: str, run_id: int) -> str:
    """The results screen and the run's detail, opened; the notes as the detail shows them."""
    from textual.widgets import Static

    from tests.functional.tui.support import settle
    from tui.app import create_app
    from tui.screens.results import ResultsScreen
    from tui.screens.run_detail import RunDetailScreen

    app = create_app(db, bundled=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        app.open_results()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        app.open_run_detail(run_id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunDetailScreen) and screen.figures is not None
        return str(screen.query_one("#notes", Static).render())


@settings(FUZZ, max_examples=4)
@given(t=texts)
@example(t=EVERYTHING)
def test_the_tui_opens_the_run_without_a_crash_or_a_markup_error(t: dict[str, Any]) -> None:
    import asyncio

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'store.db'}"
        run_id = nasty_run(Path(tmp) / "w", db, t)
        notes = asyncio.run(_open_in_tui(db, run_id))
        assert _raw(notes) == []
        assert "[/bold]" not in t["note"] or "[/bold]" in notes  # shown, not applied

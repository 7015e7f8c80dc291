"""Find a row in a table that has no search box of its own (a run's detail, a sweep, a
comparison): type some text, enter jumps to the first row holding it."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static

from tui.forms.base import Form
from tui.widgets.inputs import SteadyInput
from tui.widgets.tables import find_row


class FindForm(Form[str]):
    """Ask what to find; returns the text (None when cancelled or empty)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Find a row (enter jumps to the first that holds it)",
                        classes="dialog-title")
            yield SteadyInput(placeholder="text in any cell", id="find")
            yield Static("", id="error", classes="error")

    @on(Input.Submitted)
    def action_submit(self) -> None:
        text = self.query_one("#find", Input).value.strip()
        self.dismiss(text or None)


def find_in_tables(screen: Screen[Any]) -> None:
    """Ask what to find, then jump to the first row of ``screen``'s shown tables that
    holds it (:func:`tui.widgets.tables.find_row`), or say that none does."""
    def found(text: object) -> None:
        tables = [t for t in screen.query(DataTable) if t.display and t.row_count]
        if isinstance(text, str) and find_row(tables, text) is None:
            screen.notify(f"no row holds {text!r}", severity="warning", timeout=2)

    screen.app.push_screen(FindForm(), found)

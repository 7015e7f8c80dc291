"""A yes/no question before anything that cannot be undone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from tui.forms.base import Form


class ConfirmForm(Form[bool]):
    """Ask a yes/no question; returns True (y, enter on Yes) or None (n, escape)."""

    BINDINGS = [
        Binding("y", "submit", "Yes"),
        Binding("n", "cancel", "No"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question, id="question")
            yield Horizontal(
                Button("Yes (y)", variant="primary", id="ok"),
                Button("No (n)", id="cancel"),
                classes="buttons",
            )

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def action_submit(self) -> None:
        self.dismiss(True)

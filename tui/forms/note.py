"""A facilitator's note in a live run."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from results.live.session import MAX_NOTE
from tui.forms.base import Form
from tui.widgets.inputs import SteadyInput


class NoteForm(Form[str]):
    """A facilitator's note, optionally about one participant; returns the text."""

    def __init__(self, participant: str | None = None) -> None:
        super().__init__()
        self.participant = participant

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            about = f" about {self.participant}" if self.participant else ""
            yield Label(f"Note{about}", classes="dialog-title")
            yield SteadyInput(placeholder="What happened (no personal data needed)", id="note",
                              max_length=MAX_NOTE)
            yield Static("", id="error", classes="error")
            yield self.buttons()

    @on(Input.Submitted)
    def action_submit(self) -> None:
        text = self.query_one("#note", Input).value.strip()
        if not text:
            self.show_error("the note is empty; type something or press escape")
            return
        self.dismiss(text)

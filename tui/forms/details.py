"""A row in full (a participant's contacts, channels, local time, whom to phone and
history): read-only, escape or enter closes it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class DetailsPanel(ModalScreen[None]):
    """Show ``body`` under ``title``; escape, enter or q closes."""

    DEFAULT_CLASSES = "form"
    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="details"):
            yield Label(f"{self.title_text}  (esc closes)", classes="dialog-title")
            with VerticalScroll(id="details-body"):
                yield Static(self.body, id="details-text")

    def on_mount(self) -> None:
        self.query_one("#details-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

"""The form every dialog builds on: a centred modal, OK (enter on the last field, or
ctrl+s) or cancel (escape); it returns a typed value, or None when cancelled."""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

T = TypeVar("T")


class Form(ModalScreen[T | None]):
    """A centred dialog: OK (enter on the last field, or ctrl+s) or cancel (escape)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "OK"),
    ]
    DEFAULT_CLASSES = "form"

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def buttons(self) -> Horizontal:
        return Horizontal(
            Button("OK", variant="primary", id="ok"),
            Button("Cancel", id="cancel"),
            classes="buttons",
        )

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

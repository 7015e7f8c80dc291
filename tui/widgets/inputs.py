"""Inputs with a steady cursor (no blink timer: calmer, and screenshots are repeatable),
and search boxes that escape clears instead of leaving the screen."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Input


class SteadyInput(Input):
    """An :class:`~textual.widgets.Input` whose cursor does not blink."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_blink = False


class SearchInput(SteadyInput):
    """A search box: escape clears it and hands the focus back to ``back_to`` (a
    selector: the table it filters), so escape never leaves the screen from here."""

    BINDINGS = [Binding("escape", "leave", "Clear search", show=False)]

    def __init__(self, *args: Any, back_to: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.back_to = back_to

    def action_leave(self) -> None:
        self.value = ""
        self.screen.query_one(self.back_to).focus()

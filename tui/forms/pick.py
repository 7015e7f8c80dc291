"""Picking one of several options (an inject to fire, an expectation met)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.forms.base import Form
from tui.text import plain


class PickForm(Form[str]):
    """Pick one of several options; returns its id."""

    def __init__(self, title: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*(Option(plain(label), id=key) for key, label in self.options),
                             id="pick")
            yield Static("", id="error", classes="error")
            yield self.buttons()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_submit(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is None:
            self.show_error("nothing selected")
            return
        self.dismiss(ol.get_option_at_index(ol.highlighted).id)

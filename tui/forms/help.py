"""The ``?`` help: the keys of the screen under it, generated from its bindings (so it
cannot drift from what the keys do), with what each does."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.keys import KEYMAP

HelpRow = tuple[str, str, str]
"""(key as shown, label, what it does)."""


def help_rows(active: Sequence[tuple[object, Binding, bool]], owners: Sequence[object]
              ) -> list[HelpRow]:
    """The rows of the help for ``active`` bindings ((node, binding, enabled)): those of
    the key map, or bound by one of ``owners`` (the screen, the app), one per action, the
    enabled ones first."""
    known = set(KEYMAP)
    seen: set[str] = set()
    rows: list[tuple[bool, HelpRow]] = []
    for node, b, enabled in active:
        if not b.description or b.action in seen or b.system:
            continue
        if b.action not in known and not any(node is o for o in owners):
            continue
        seen.add(b.action)
        rows.append((enabled, (b.key_display or _key(b.key), b.description, b.tooltip or "")))
    return [r for e, r in rows if e] + [r for e, r in rows if not e]  # stable otherwise


def _key(key: str) -> str:
    first = key.split(",")[0]
    names = {"question_mark": "?", "slash": "/", "escape": "esc", "equals_sign": "=",
             "space": "space", "plus": "+", "minus": "-"}
    return names.get(first, first)


class HelpScreen(ModalScreen[None]):
    """The current screen's keys; any of escape, ``?`` or ``q`` closes it."""

    DEFAULT_CLASSES = "form"
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, title: str, rows: Sequence[HelpRow]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for key, label, tip in self.rows:
            table.add_row(key, label, tip)
        with Vertical(classes="dialog wide", id="help"):
            yield Label(f"Keys: {self.title_text}  (esc closes)", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)

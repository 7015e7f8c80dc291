"""Asking for the seed of a simulated run."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from tui.forms.base import Form
from tui.widgets.inputs import SteadyInput


class SeedForm(Form[int]):
    """Ask for the seed of a simulated run; returns the seed (int)."""

    def __init__(self, title: str, seed: int = 1) -> None:
        super().__init__()
        self.title_text = title
        self.seed = seed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Simulate: {self.title_text}", classes="dialog-title")
            yield Label("Seed (the run is fully determined by scenario and seed)")
            yield SteadyInput(str(self.seed), id="seed", type="integer")
            yield Static("", id="error", classes="error")
            yield self.buttons()

    @on(Input.Submitted)
    def action_submit(self) -> None:
        raw = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(raw)
        except ValueError:
            self.show_error(f"{raw!r} is not a whole number; type a seed such as 1")
            return
        self.dismiss(seed)

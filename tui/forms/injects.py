"""The inject panel: a tabletop's injects, each in full (its stage's narrative and
discussion questions, its body, what it expects) and the facilitator's guide; in a live
run, ``f`` or enter fires the highlighted inject (the panel returns its id)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from simulator.model.tabletop import TabletopScenario
from tui.inject_text import GUIDE, inject_detail, inject_options


class InjectPanel(ModalScreen[str | None]):
    """Read the injects; with ``can_fire``, fire one (returns its id) or close (None)."""

    DEFAULT_CLASSES = "form"
    BINDINGS = [
        Binding("escape,i", "close", "Close"),
        Binding("f", "fire", "Fire", tooltip="Fire the highlighted inject"),
    ]

    def __init__(self, scenario: TabletopScenario, *, fired_at: Mapping[str, float],
                 due: Collection[str] = (), can_fire: bool = False) -> None:
        super().__init__()
        self.scenario = scenario
        self.fired_at = dict(fired_at)
        self.due = set(due)
        self.can_fire = can_fire

    def compose(self) -> ComposeResult:
        options = [Option("Facilitator's guide", id=GUIDE)]
        options += [Option(label, id=key) for key, label in
                    inject_options(self.scenario, self.fired_at, self.due)]
        with Vertical(classes="dialog wide", id="inject-panel"):
            fire = "  f or enter fires it" if self.can_fire else ""
            yield Label(f"Injects: {self.scenario.name}  (esc closes){fire}",
                        classes="dialog-title")
            yield OptionList(*options, id="inject-list")
            with VerticalScroll(id="inject-body"):
                yield Static("", id="inject-text")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ol.highlighted = 1 if ol.option_count > 1 else 0
        ol.focus()

    @on(OptionList.OptionHighlighted)
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        key = event.option.id or GUIDE
        self.query_one("#inject-text", Static).update(
            inject_detail(self.scenario, key, self.fired_at))
        self.query_one("#inject-body", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_fire()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.can_fire if action == "fire" else True

    def action_fire(self) -> None:
        ol = self.query_one(OptionList)
        if not self.can_fire or ol.highlighted is None:
            return
        key = ol.get_option_at_index(ol.highlighted).id
        if key and key != GUIDE:
            self.dismiss(key)

    def action_close(self) -> None:
        self.dismiss(None)

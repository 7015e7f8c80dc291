"""Small modal forms; each returns a typed value (or None when cancelled)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from simulator.model.directory import STANDARD_ROLES, Contact
from simulator.model.errors import problems_from_validation
from tui.widgets.inputs import SteadyInput


class _Form(ModalScreen[object]):
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


class SeedForm(_Form):
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


class NoteForm(_Form):
    """A facilitator's note, optionally about one participant; returns the text."""

    def __init__(self, participant: str | None = None) -> None:
        super().__init__()
        self.participant = participant

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            about = f" about {self.participant}" if self.participant else ""
            yield Label(f"Note{about}", classes="dialog-title")
            yield SteadyInput(placeholder="What happened (no personal data needed)", id="note")
            yield Static("", id="error", classes="error")
            yield self.buttons()

    @on(Input.Submitted)
    def action_submit(self) -> None:
        text = self.query_one("#note", Input).value.strip()
        if not text:
            self.show_error("the note is empty; type something or press escape")
            return
        self.dismiss(text)


class PickForm(_Form):
    """Pick one of several options; returns its id."""

    def __init__(self, title: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*(Option(label, id=key) for key, label in self.options), id="pick")
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


class ConfirmForm(_Form):
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


class ContactForm(_Form):
    """Edit one contact; returns the validated :class:`Contact`."""

    def __init__(
        self, contact: Contact, *, title: str, roles: Sequence[str] = STANDARD_ROLES,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.contact = contact
        self.title_text = title
        self.roles = list(dict.fromkeys([*roles, contact.role]))
        self.today = today or date.today()

    def compose(self) -> ComposeResult:
        c = self.contact
        with Vertical(classes="dialog wide"):
            yield Label(self.title_text, classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Role", classes="field-label")
                yield Select([(r, r) for r in self.roles], value=c.role, allow_blank=False,
                             id="role")
            for key, label, value in (
                ("name", "Name", c.name),
                ("email", "E-mail", c.email),
                ("phone", "Phone", c.phone),
                ("languages", "Languages", ", ".join(c.languages)),
                ("last_verified", "Verified on",
                 c.last_verified.isoformat() if c.last_verified else ""),
            ):
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield SteadyInput(value or "", id=key,
                                placeholder="YYYY-MM-DD" if key == "last_verified" else "")
            with Horizontal(classes="field"):
                yield Checkbox("Secure portal", c.portal, id="portal")
                yield Checkbox("24/7 duty desk", c.duty_24_7, id="duty_24_7")
                yield Button("Verified today", id="today")
            yield Static("", id="error", classes="error")
            yield self.buttons()

    @on(Button.Pressed, "#today")
    def _today(self) -> None:
        self.query_one("#last_verified", Input).value = self.today.isoformat()

    def value(self) -> Contact:
        """The contact the form describes (raises ValidationError)."""
        def text(key: str) -> str | None:
            return self.query_one(f"#{key}", Input).value.strip() or None

        data = self.contact.model_dump()
        data.update(
            role=str(self.query_one("#role", Select).value),
            name=text("name"),
            email=text("email"),
            phone=text("phone"),
            languages=[
                x for x in (text("languages") or "").replace(";", ",").split(",") if x.strip()
            ],
            last_verified=text("last_verified"),
            portal=self.query_one("#portal", Checkbox).value,
            duty_24_7=self.query_one("#duty_24_7", Checkbox).value,
        )
        return Contact.model_validate(data)

    @on(Input.Submitted)
    def action_submit(self) -> None:
        try:
            contact = self.value()
        except ValidationError as e:
            self.show_error("\n".join(f"{p.location}: {p.message}"
                                      for p in problems_from_validation("contact", e)))
            return
        if contact.last_verified is not None and contact.last_verified > self.today:
            # a facilitator records when the entry was confirmed: never a day to come
            self.show_error(f"last_verified: {contact.last_verified.isoformat()} is after "
                            f"today ({self.today.isoformat()}); give the day it was confirmed")
            return
        self.dismiss(contact)

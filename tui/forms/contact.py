"""Editing one contact of a directory."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from simulator.model.directory import STANDARD_ROLES, Contact
from simulator.model.errors import problems_from_validation
from tui.forms.base import Form
from tui.widgets.inputs import SteadyInput


class ContactForm(Form[Contact]):
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

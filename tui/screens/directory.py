"""The directory screen: every contact by group, where and when it is, and how fresh.

One row per contact: group, participant, role, channels, time zone, local time now,
whether it is at work now (its calendar: work week, office hours, public holidays; duty
desks always), and when it was last verified, coloured by age (under a year green, one
to two years yellow, older or never red). Personal data (names, e-mails, phones) shows
only in the edit form. Edits are saved back to the directory file.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from simulator.model.check import CheckScenario
from simulator.model.directory import STANDARD_ROLES, Contact, Directory
from tui.forms.contact import ContactForm
from tui.forms.details import DetailsPanel
from tui.keys import binds
from tui.people import at_work_map, freshness, local_now, participant_card
from tui.services import services
from tui.widgets.inputs import SearchInput
from tui.widgets.tables import SortedTable, fit

COLUMNS = (("code", "Code", 5), ("state", "State", 0), ("local", "Local now", 9),
           ("work", "At work", 7), ("verified", "Verified", 10), ("role", "Role", 16),
           ("channels", "Channels", 16), ("group", "Group", 16), ("tz", "Time zone", 20))
"""(key, label, width): what a facilitator needs most first (who, their local time, at
work, how fresh), so 80 columns show it; the rest is to the right (the right arrow
scrolls there, enter shows a row in full). The state takes what the others leave."""
FIRST_FIVE = 5 * 2 + 5 + 9 + 7 + 10 + 4  # the fixed first columns with padding, scrollbar


class DirectoryScreen(Screen[None]):
    """Review and edit a POC directory."""

    CSS_PATH = "directory.tcss"
    BINDINGS = binds("back", "edit", "search", "focus_filters", "details", "health")
    help_title = "directory"

    def __init__(self, directory: Directory, path: Path | None,
                 scenario: CheckScenario | None = None) -> None:
        super().__init__()
        self.directory = directory
        self.path = path
        self.scenario = scenario  # the check it was opened from: its health simulates it
        self.working: dict[tuple[str, bool], bool | None] = {}
        self._minute: datetime | None = None  # the wall-clock minute the time cells show

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="dir-title")
        with Horizontal(id="dir-filters"):
            yield SearchInput(placeholder="Search code, state, role, time zone ( / )",
                              id="dir-search", back_to="#contacts")
            yield Select([(g or "-", g) for g in self.directory.groups()], prompt="All groups",
                         id="dir-group")
        yield SortedTable(id="contacts")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#contacts", DataTable)
        self._columns()
        table.focus()
        self.compute_work()
        self.set_interval(5.0, self.tick)

    def _columns(self) -> None:
        """Lay the columns out: the state's width is what 80 columns leave it (at least
        12), so code, state, local time, at work and verified always show."""
        table = self.query_one("#contacts", DataTable)
        width = max(12, min(24, self.app.size.width - FIRST_FIVE - 2))
        table.clear(columns=True)
        for key, label, w in COLUMNS:
            table.add_column(label, key=key, width=w or width)
        self.fill()

    def on_resize(self) -> None:
        state = self.query_one("#contacts", DataTable).columns.get("state")  # type: ignore[call-overload]
        want = max(12, min(24, self.app.size.width - FIRST_FIVE - 2))
        if state is not None and state.width != want:
            self._columns()

    def tick(self) -> None:
        """When the wall-clock minute turns, bring local times and at-work cells up to date."""
        minute = self.now.replace(second=0, microsecond=0)
        if minute != self._minute:
            self.compute_work()

    @property
    def now(self) -> datetime:
        return services(self.app).clock()

    @work(thread=True, exclusive=True, group="dir-calendars", exit_on_error=False)
    def compute_work(self) -> None:
        working = at_work_map(self.directory, self.now)
        self.app.call_from_thread(self._worked, working)

    def _worked(self, working: dict[tuple[str, bool], bool | None]) -> None:
        first = not self.working
        self.working = working
        if first:
            self.fill()
        else:
            self.update_times()

    def _work_cell(self, code: str, duty: bool) -> Text:
        w = self.working.get((code, duty))
        return (Text("?", style="dim") if w is None else
                Text("yes", style="green3") if w else Text("no", style="dim"))

    def update_times(self) -> None:
        """Rewrite the local-time and at-work cells in place (cursor and scroll stay)."""
        from zoneinfo import ZoneInfo

        table = self.query_one("#contacts", DataTable)
        now = self.now
        self._minute = now.replace(second=0, microsecond=0)
        by_code = {p.code: p for p in self.directory.participants}
        for row_key in list(table.rows):
            code, _, index = str(row_key.value).partition("#")
            p = by_code[code]
            c = p.contacts[int(index)]
            local = now.astimezone(ZoneInfo(p.timezone)).strftime("%a %H:%M")
            table.update_cell(row_key, "local", local)
            table.update_cell(row_key, "work", self._work_cell(p.code, c.duty_24_7))

    def fill(self) -> None:
        """(Re)fill the table from the directory, the filters and the current time."""
        from zoneinfo import ZoneInfo

        table = self.query_one("#contacts", DataTable)
        keep = table.cursor_row
        table.clear()
        text = self.query_one("#dir-search", Input).value.strip().lower()
        group_value = self.query_one("#dir-group", Select).value
        group = None if group_value == Select.NULL else group_value
        now = self.now
        self._minute = now.replace(second=0, microsecond=0)
        today = now.date()
        counts = {"green3": 0, "bold dark_orange": 0, "bold red3": 0}
        ordered = sorted(self.directory.participants, key=lambda p: (p.group, p.code))
        state_w = table.columns["state"].width if "state" in table.columns else 24  # type: ignore[index]
        for p in ordered:
            if group is not None and p.group != group:
                continue
            local = now.astimezone(ZoneInfo(p.timezone)).strftime("%a %H:%M")
            for i, c in enumerate(p.contacts):
                hay = f"{p.code} {p.name} {p.group} {c.role} {p.timezone}".lower()
                if text and text not in hay:
                    continue
                label, style = freshness(c.last_verified, today)
                work_cell = self._work_cell(p.code, c.duty_24_7)
                table.add_row(
                    Text(p.code, style="bold"), fit(p.name, state_w), local, work_cell,
                    Text(label, style=style), fit(c.role + " (24/7)" * c.duty_24_7, 16),
                    fit(", ".join(c.channels), 16) or Text("none", style="bold red3"),
                    fit(p.group or "-", 16), p.timezone, key=f"{p.code}#{i}",
                )
        for p in self.directory.participants:  # the whole directory, whatever is shown
            for c in p.contacts:
                counts[freshness(c.last_verified, today)[1]] += 1
        n_contacts = sum(len(p.contacts) for p in self.directory.participants)
        where = self._where()
        self.query_one("#dir-title", Static).update(
            f"[b]{self.directory.name}[/b]  {self.directory.organisation}  "
            f"{len(self.directory.participants)} participants, {n_contacts} contacts  "
            f"verified <1y [green3]{counts['green3']}[/]  1-2y "
            f"[dark_orange]{counts['bold dark_orange']}[/]  older/never "
            f"[red3]{counts['bold red3']}[/]  ({where})"
        )
        table.resort()  # type: ignore[attr-defined]
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def _where(self) -> str:
        if self.path is None:
            return "generated (edits save to a new file)"
        try:
            return str(self.path.resolve().relative_to(services(self.app).cwd))
        except ValueError:
            return str(self.path)

    @on(Input.Changed, "#dir-search")
    @on(Select.Changed, "#dir-group")
    def _filter(self) -> None:
        self.fill()

    @on(Input.Submitted, "#dir-search")
    def _search_done(self) -> None:
        self.query_one("#contacts", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#dir-search", Input).focus()

    def action_focus_filters(self) -> None:
        self.query_one("#dir-group", Select).focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_health(self) -> None:
        """The network-health screen of this directory (as edited so far)."""
        services(self.app).open_health(self.directory, self.scenario)

    # -- editing ---------------------------------------------------------------------
    def selected(self) -> tuple[str, int] | None:
        table = self.query_one("#contacts", DataTable)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        code, _, index = key.partition("#")
        return code, int(index)

    @on(DataTable.RowSelected, "#contacts")
    def _chosen(self) -> None:
        self.action_details()

    def action_details(self) -> None:
        """The selected row's participant in full: every contact, whom to phone."""
        sel = self.selected()
        if sel is None:
            return
        p = self.directory.participant(sel[0])
        now = self.now
        card = participant_card(p, p.code, status="-", local=local_now(p, now), events=(),
                                working=self.working, today=now.date(),
                                redact=services(self.app).redact)
        self.app.push_screen(DetailsPanel(f"{p.code} {p.name} (e edits a contact)", card))

    def action_edit(self) -> None:
        sel = self.selected()
        if sel is None:
            return
        code, index = sel
        p = self.directory.participant(code)

        def edited(contact: object) -> None:
            if isinstance(contact, Contact):
                self.replace_contact(code, index, contact)

        self.app.push_screen(
            ContactForm(p.contacts[index], title=f"{p.code} {p.name}: {p.contacts[index].role}",
                        roles=[*STANDARD_ROLES, *self.directory.custom_roles],
                        today=self.now.date()),
            edited,
        )

    def replace_contact(self, code: str, index: int, contact: Contact) -> None:
        """Put ``contact`` in place and save the directory (in a worker)."""
        participants = []
        for p in self.directory.participants:
            if p.code == code:
                contacts = list(p.contacts)
                contacts[index] = contact
                p = p.model_copy(update={"contacts": contacts})
            participants.append(p)
        self.directory = Directory.model_validate(
            {**self.directory.model_dump(), "participants": [p.model_dump() for p in participants]}
        )
        first_copy = self.path is None
        if self.path is None:
            slug = re.sub(r"[^a-z0-9]+", "-", self.directory.name.lower()).strip("-") or "directory"
            self.path = services(self.app).cwd / "directories" / f"{slug}.yaml"
        self.fill()  # also names the new file in the title
        self.save(self.directory, self.path, first_copy=first_copy)

    @work(thread=True, group="dir-save", exit_on_error=False)
    def save(self, directory: Directory, path: Path, *, first_copy: bool = False) -> None:
        from simulator.io.directory_files import save_directory

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save_directory(directory, path)
        except OSError as e:
            self.app.call_from_thread(self.notify, f"cannot save {path}: {e}", severity="error")
            return
        if first_copy:  # a generated directory: the scenario does not read this file
            where = self._where()
            self.app.call_from_thread(
                self.notify,
                f"saved the edited directory as {where}. Scenarios using the generated "
                f"profile are unchanged: point one at it with directory: {{file: {where}}}",
                title="New directory file", timeout=12,
            )
            return
        self.app.call_from_thread(self.notify, f"saved {path.name}", timeout=2)


def open_directory(app: App[Any], path: Path, *, scenario: bool) -> None:
    """Load a directory file in a worker and show it; or (``scenario``) the directory the
    scenario at ``path`` uses (a file, or a generated profile)."""
    def load() -> None:
        from simulator.model.errors import InputError

        check = None
        try:
            if scenario:
                from simulator.io.scenario_files import load_scenario
                from simulator.model.check import CheckScenario

                loaded = load_scenario(path)
                if isinstance(loaded.scenario, CheckScenario):
                    check = loaded.scenario
                spec = loaded.scenario.directory
                directory = loaded.directory()
                file = (loaded.base_dir / spec.file) if spec and spec.file else None
            else:
                from simulator.io.directory_files import load_directory

                directory, file = load_directory(path), path
        except InputError as e:
            app.call_from_thread(app.notify, str(e), title="Cannot open the directory",
                                 severity="error", timeout=10)
            return
        app.call_from_thread(app.push_screen, DirectoryScreen(directory, file, check))

    app.run_worker(load, thread=True, group="dir-open", exit_on_error=False)

"""The run detail screen: one stored run's figures, distribution, groups and contacts to
fix, as far as it was observed (see :mod:`tui.summary`), or a study's aggregate (its
figures, the pooled Kaplan–Meier curve with its band, the groups, the participants least
likely to answer in time); the figures are those of
:mod:`simulator.analysis.figures`, as the terminal and the report show them. A run's notes
stand under them, scrubbed of personal data with ``pocdrill tui --redact`` (``h`` turns
that on and off), as ``results show --redact`` shows them; ``n`` adds one. A tabletop
shows its expectation scorecard (each expectation and participant: due, done, verdict)
and the injects fired, instead of check rates. A study still running refreshes itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from results.catalog import run_notes
from results.reports.figure_lines import least_likely
from results.reports.observed import Observation, ObservedRun, load_observed
from simulator.model.outcome import RunResult
from simulator.text import hm, hours, pct, t_plus, utc
from tui.forms.find import find_in_tables
from tui.forms.note import NoteForm
from tui.keys import binds
from tui.services import services
from tui.summary import ack_hours, summary_table
from tui.text import plain
from tui.widgets.ack_chart import AckChart
from tui.widgets.tables import SortedTable

REFRESH_SECONDS = 2.0
"""How often a running study's or sweep's screen reads the store again."""
VERDICT_STYLE = {"met": "bold green3", "late": "bold gold3", "missed": "bold red3",
                 "open": "bold dodger_blue2", "not_fired": "dim"}

if TYPE_CHECKING:
    from results.catalog import StudyDetail
    from results.store import NoteInfo


class RunDetailScreen(Screen[None]):
    """One stored run (summary, distribution, per group, contacts to fix), or with
    ``study`` one stored study (its aggregate)."""

    CSS_PATH = "results.tcss"
    BINDINGS = binds("back", "search", "note", "report", "export", "redact")
    help_title = "run detail"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]
    """Under 130 columns the figures stand above the chart, full width, so no value is
    squeezed or cut."""

    def __init__(self, run_id: int, *, study: bool = False) -> None:
        super().__init__()
        self.run_id = run_id
        self.study = study
        self.result: RunResult | None = None
        self.summary: dict[str, Any] | None = None
        self.obs: Observation | None = None
        self.figures: dict[str, Any] | None = None
        self.redacted = False
        """The notes scrubbed of personal data (``pocdrill tui --redact``; ``h`` toggles)."""

    def compose(self) -> ComposeResult:
        yield Header()
        what = "Study" if self.study else "Run"
        with VerticalScroll(id="detail-body"):  # a small terminal scrolls, cuts nothing
            yield Static(f"{what} {self.run_id}: loading ...", id="detail-title")
            with Horizontal(id="detail-top"):
                yield Static("", id="summary")
                yield AckChart(id="chart")
            with Vertical(id="detail-bottom"):  # one table above the other, full width
                with Vertical():
                    yield Static("By group", classes="section", id="groups-title")
                    yield SortedTable(id="groups")
                with Vertical():
                    yield Static("Contacts to fix", classes="section", id="fix-title")
                    yield SortedTable(id="fix")
                with Vertical(id="notes-box"):  # shown when the run has notes
                    yield Static("Notes", classes="section", id="notes-title")
                    yield Static("", id="notes")
        yield Footer()

    def on_mount(self) -> None:
        g = self.query_one("#groups", DataTable)
        for label in ("Group", "Participants", "Acknowledged", "Completed", "Median h"):
            g.add_column(label, key=label.lower())  # as wide as what it holds
        f = self.query_one("#fix", DataTable)
        for label in ("Contact", "Reasons", "Acknowledged anyway"):
            f.add_column(label, key=label.lower())
        run_id = self.run_id
        self.redacted = services(self.app).redact
        if self.study:
            self._load_study()
            return
        services(self.app).db(lambda store: load_observed(store, run_id), self._loaded,
                              what=f"run {run_id}")
        self._load_notes()

    def _load_notes(self) -> None:
        run_id, redact = self.run_id, self.redacted
        services(self.app).db(lambda store: run_notes(store, run_id, redact=redact),
                              self._notes_loaded, what=f"run {run_id}'s notes")

    def _notes_loaded(self, notes: list[NoteInfo]) -> None:
        box = self.query_one("#notes-box", Vertical)
        box.set_class(True, "-shown")
        state = ("redacted: h shows names" if self.redacted
                 else "as typed: h scrubs names, e-mails and phones")
        if not notes:
            self.query_one("#notes-title", Static).update("Notes (none yet: n adds one)")
            self.query_one("#notes", Static).update("")
            return
        self.query_one("#notes-title", Static).update(f"Notes ({state})")
        lines = [Text.assemble(("-" if n.t is None else hm(n.t), "bold"), "  ",
                               plain(n.participant or "-", "dim"), "  ", plain(n.text, lines=True))
                 for n in notes]
        self.query_one("#notes", Static).update(Text("\n").join(lines))

    def action_note(self) -> None:
        """Add a note to the run (the exercise as a whole), stored at once."""
        if self.study:
            self.notify("a study has no notes; open one of its runs", timeout=2)
            return
        run_id = self.run_id

        def noted(text: object) -> None:
            if isinstance(text, str):
                services(self.app).db(lambda store: store.add_note(run_id, text),
                                      lambda _: self._load_notes(), what="note")

        self.app.push_screen(NoteForm(None), noted)

    def action_report(self) -> None:
        services(self.app).write_report("study" if self.study else "run", self.run_id)

    def action_export(self) -> None:
        if self.study:
            self.notify("export works on a run; p writes the study's report", timeout=3)
            return
        services(self.app).export_run(self.run_id)

    def action_redact(self) -> None:
        """Notes scrubbed of personal data, or as typed (a study has none)."""
        if self.study:
            return
        self.redacted = not self.redacted
        self._load_notes()

    def _loaded(self, data: ObservedRun) -> None:
        self.result, s, obs = data.result, data.summary, data.obs
        self.summary, self.obs, self.figures = s, obs, data.figures
        r = data.result
        self.query_one("#detail-title", Static).update(Text.assemble(
            (f"Run {self.run_id}", "bold"), "  ", plain(r.scenario),
            f"  seed {r.seed}  start {utc(r.start)}",
            (f"  {obs.phrase()}" if obs.cut else "", "dark_orange"),
        ))
        self.query_one("#summary", Static).update(summary_table(s, data.figures, obs))
        if not obs.deadline_seen:
            self.query_one("#groups-title", Static).update(
                f"By group (acknowledged by {hm(obs.until)}, deadline not reached)")
        self.query_one(AckChart).show(ack_hours(r), r.deadline_hours, r.horizon_hours)
        if data.figures.get("kind") != "check":  # a tabletop has no check rates to show
            self.query_one(AckChart).display = False  # its scorecard is what matters here
            self._scorecard(r)
            return
        self._groups(s)
        f = self.query_one("#fix", DataTable)
        for c in data.figures.get("contacts_to_fix_list", []):
            f.add_row(plain(c["contact"]), plain(", ".join(c["reasons"]), "dark_orange"),
                      "yes" if c["acknowledged"] else "no")

    def _load_study(self) -> None:
        from results.catalog import study_detail

        run_id = self.run_id
        services(self.app).db(lambda store: study_detail(store, run_id), self._study_loaded,
                              what=f"study {run_id}")

    def _study_loaded(self, detail: StudyDetail) -> None:
        info, s = detail.study, detail.summary
        if info.status == "running" and self.is_attached:  # still going: look again soon
            self.set_timer(REFRESH_SECONDS, self._load_study)
        self.query_one("#detail-title", Static).update(Text.assemble(
            (f"Study {self.run_id}", "bold"), "  ", plain(info.scenario),
            f"  seed {info.seed}  {info.done} of {info.replications} replications "
            f"({info.status})"))
        if s is None:
            return
        self.summary, self.figures = s, s["figures"]
        self.query_one("#summary", Static).update(summary_table(s, s["figures"]))
        if s["figures"].get("kind") != "check":
            self.query_one(AckChart).display = False
            self._study_scorecard(s)
            return
        self.query_one(AckChart).show_curve(s.get("km_ack_curve") or [],
                                            float(s["deadline_hours"]),
                                            float(s["horizon_hours"]))
        self._groups(s)
        self.query_one("#groups-title", Static).update("By group (pooled over replications)")
        task = s.get("level") == "task"
        self.query_one("#fix-title", Static).update(
            f"Least likely to acknowledge{' (and complete)' * task} in time")
        f = self.query_one("#fix", DataTable)
        f.clear(columns=True)
        for label in ("Participant", "Group", "Acknowledged", *(("Completed",) if task else ())):
            f.add_column(label)
        for row in least_likely(s):
            f.add_row(*(plain(c) for c in row))

    def _scorecard(self, r: RunResult) -> None:
        """A tabletop run: each expectation and participant (due, done, verdict), and the
        injects fired."""
        self.query_one("#groups-title", Static).update("Expectation scorecard")
        _fill(self.query_one("#groups", DataTable),
              ("Expectation", "Who", "Action", "Stage", "Due", "Done", "Verdict"),
              [(x.id, x.participant, x.action, x.stage or "-",  # codes and ids, no free text
                "-" if x.due_at is None else t_plus(x.due_at),
                "-" if x.done_at is None else t_plus(x.done_at),
                Text(x.status, style=VERDICT_STYLE.get(x.status, "")))
               for x in r.expectations])
        self.query_one("#fix-title", Static).update("Injects fired")
        _fill(self.query_one("#fix", DataTable), ("Inject", "At", "Channel"),
              [(e.detail, t_plus(e.t), e.channel or "-")  # an inject's id
               for e in r.events if e.kind == "inject"])

    def _study_scorecard(self, s: dict[str, Any]) -> None:
        """A tabletop study: in how many replications each expectation was met, late,
        missed or left open."""
        self.query_one("#groups-title", Static).update("Expectation scorecard (replications)")
        g = self.query_one("#groups", DataTable)
        g.clear(columns=True)
        for label in ("Expectation", "Who", "Met", "Late", "Missed", "Open"):
            g.add_column(label, key=label.lower())
        for c in (s.get("expectations") or {}).get("scorecard", []):
            g.add_row(c["expectation"], c["participant"],
                      *(f"{c[k]:g}" for k in ("met", "late", "missed", "open")))
        self.query_one("#fix-title", Static).update("")

    def _groups(self, s: dict[str, Any]) -> None:
        g = self.query_one("#groups", DataTable)
        g.clear()
        for name, b in s.get("by_group", {}).items():
            g.add_row(plain(name or "-"), str(b["participants"]), pct(b["ack_rate"]),
                      pct(b["completion_rate"]), hours(b["median_hours_to_ack"]))

    def action_search(self) -> None:
        find_in_tables(self)

    def action_back(self) -> None:
        self.app.pop_screen()


def _fill(table: DataTable[Any], labels: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """``table`` anew with ``labels`` and ``rows``, each column as wide as its widest cell
    (set at once: a header drawn before the table measured its rows would be narrower)."""
    table.clear(columns=True)
    for i, label in enumerate(labels):
        width = max([len(label)] + [Text(r[i]).cell_len if isinstance(r[i], str)
                                    else r[i].cell_len for r in rows])
        table.add_column(label, key=label.lower(), width=width)
    for row in rows:
        table.add_row(*row)

"""Results: stored runs and sweeps; one run in detail; two runs side by side.

A run not observed to its horizon (interrupted, still running, live) is shown as the
after-action report shows it (:mod:`results.reports.observed`): cut at its last recorded instant,
its figures counted up to then, and no in-time figure claimed when the deadline was not
reached (``not observed (stopped at 10h00)``).
"""

from __future__ import annotations

import math
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from results.reports.observed import Observation
from results.text import hm, hours, pct
from simulator.model.outcome import RunResult
from tui.runs import RunInfo, field, run_info
from tui.widgets.ack_chart import AckChart


def unseen(obs: Observation | None) -> str | None:
    """``not observed (stopped at 10h00)`` when ``obs`` stopped before the deadline."""
    if obs is None or obs.deadline_seen:
        return None
    return f"not observed (stopped at {hm(obs.until)})"


def by_then(s: dict[str, Any], key: str) -> str:
    """How many participants acknowledged (``ack_rate``) or completed by the end of a
    censored summary ``s``: ``2 of 57 by then``."""
    n = s.get("participants") or 0
    rate = s.get(key)
    if not n or rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "-"
    return f"{round(rate * n)} of {n} by then"


def summary_table(s: dict[str, Any], obs: Observation | None = None) -> Table:
    """The headline figures of a run summary; with ``obs`` cut short, as the report
    gives them (``s`` is then the summary of the run cut at ``obs.until``)."""
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold", no_wrap=True)
    t.add_column()
    t.add_row("Scenario", str(s.get("scenario", "-")))
    t.add_row("Participants", str(s.get("participants", "-")))
    t.add_row("Deadline", f"{s.get('deadline_hours', 0):g} h ({s.get('level', '')})")
    if obs is not None and obs.cut:
        why = f" ({obs.why})" if obs.why else ""
        t.add_row("Observed for", Text(f"{hm(obs.until)}{why}", style="dark_orange"))
    missing = unseen(obs)
    if missing:
        t.add_row("Acknowledged in time", Text(missing, style="dark_orange"))
        t.add_row("  acknowledged", by_then(s, "ack_rate"))
    else:
        t.add_row("Acknowledged in time", pct(s.get("ack_rate")))
    if s.get("level") != "reachability":
        if missing:
            t.add_row("Completed in time", Text(missing, style="dark_orange"))
            t.add_row("  completed", by_then(s, "completion_rate"))
        else:
            t.add_row("Completed in time", pct(s.get("completion_rate")))
    t.add_row("Median to acknowledge", hours(s.get("median_hours_to_ack")))
    t.add_row("90th percentile", hours(s.get("p90_hours_to_ack")))
    t.add_row("Late acknowledgements", "-" if missing else str(s.get("late_acks", "-")))
    never = ("Never acknowledged" if obs is None or not obs.cut
             else f"No ack by {hm(obs.until)}")
    t.add_row(never, str(s.get("never_acknowledged", "-")))
    t.add_row("Bounced contacts", str(s.get("bounced_contacts", "-")))
    t.add_row("Stale contacts", str(s.get("stale_contacts", "-")))
    t.add_row("Reminders sent", str(s.get("reminders_sent", "-")))
    return t


def ack_hours(result: RunResult) -> list[float]:
    return sorted(p.ack_at for p in result.participants if p.ack_at is not None)


COMPARE_METRICS = (
    ("Acknowledged in time", "ack_rate", pct),
    ("Completed in time", "completion_rate", pct),
    ("Median h to acknowledge", "median_hours_to_ack", hours),
    ("p90 h to acknowledge", "p90_hours_to_ack", hours),
    ("Late acknowledgements", "late_acks", str),
    ("Never acknowledged", "never_acknowledged", str),
    ("Bounced contacts", "bounced_contacts", str),
    ("Reminders sent", "reminders_sent", str),
)


NOT_OBSERVED = "not observed"
DEADLINE_KEYS = frozenset({"ack_rate", "completion_rate", "median_hours_to_ack",
                           "p90_hours_to_ack", "late_acks"})
"""Figures that need the deadline to have been observed."""


def comparison_rows(
    a: dict[str, Any], b: dict[str, Any],
    obs_a: Observation | None = None, obs_b: Observation | None = None,
) -> list[tuple[str, str, str, str]]:
    """(metric, run A, run B, change B - A) rows for two summaries, then per group.

    A run observed only up to before its deadline (``obs_a`` / ``obs_b``) shows
    ``not observed`` for the in-time figures and no change against the other."""
    rows = []
    blind = (unseen(obs_a) is not None, unseen(obs_b) is not None)

    def shown(x: Any, fmt: Any, hidden: bool) -> str:
        if hidden:
            return NOT_OBSERVED
        return fmt(x) if x is not None else "-"

    def change(x: Any, y: Any, fmt: Any) -> str:
        if not isinstance(x, int | float) or not isinstance(y, int | float):
            return ""
        if any(isinstance(v, float) and math.isnan(v) for v in (x, y)):
            return ""
        d = y - x
        if fmt is pct:
            return f"{100 * d:+.1f} pts"
        if fmt is hours:
            return f"{d:+.1f} h"
        return f"{d:+g}"

    for label, key, fmt in COMPARE_METRICS:
        x, y = a.get(key), b.get(key)
        ha, hb = (h and key in DEADLINE_KEYS for h in blind)
        rows.append((label, shown(x, fmt, ha), shown(y, fmt, hb),
                     "" if ha or hb else change(x, y, fmt)))
    groups = list(dict.fromkeys([*a.get("by_group", {}), *b.get("by_group", {})]))
    for g in groups:
        x = a.get("by_group", {}).get(g, {}).get("ack_rate")
        y = b.get("by_group", {}).get(g, {}).get("ack_rate")
        rows.append((f"  {g or '-'}: acknowledged", shown(x, pct, blind[0]),
                     shown(y, pct, blind[1]), "" if any(blind) else change(x, y, pct)))
    return rows


class ResultsScreen(Screen[None]):
    """Stored runs and sweeps."""

    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Open", show=False),
        Binding("m", "mark", "Mark", tooltip="Mark this run for comparison"),
        Binding("c", "compare", "Compare", tooltip="Compare the marked run with this one"),
        Binding("f5", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[RunInfo] = []
        self.marked: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Select a run and press enter to open it; m marks one, c compares it "
                     "with the selected run.", id="results-help")
        with TabbedContent(id="results-tabs"):
            with TabPane("Runs", id="tab-runs"):
                yield DataTable(id="runs", cursor_type="row", zebra_stripes=True)
            with TabPane("Sweeps", id="tab-sweeps"):
                yield DataTable(id="sweeps", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        runs = self.query_one("#runs", DataTable)
        for key, label, width in (("mark", " ", 1), ("id", "Run", 5), ("scenario", "Scenario", 36),
                                  ("mode", "Mode", 9), ("kind", "Kind", 8), ("seed", "Seed", 6),
                                  ("status", "Status", 11), ("started", "Started (UTC)", 16)):
            runs.add_column(label, key=key, width=width)
        sweeps = self.query_one("#sweeps", DataTable)
        for key, label, width in (("id", "Sweep", 6), ("name", "Name", 28),
                                  ("scenario", "Scenario", 36), ("points", "Points", 7),
                                  ("status", "Status", 11)):
            sweeps.add_column(label, key=key, width=width)
        runs.focus()
        self.action_reload()

    def action_reload(self) -> None:
        def job(store: Any) -> tuple[list[RunInfo], list[Any]]:
            runs = [run_info(r) for r in store.list_runs(limit=500)]
            sweeps = list(store.list_sweeps()) if hasattr(store, "list_sweeps") else []
            return runs, sweeps

        self.app.db(job, self._loaded, what="results")  # type: ignore[attr-defined]

    def _loaded(self, data: tuple[list[RunInfo], list[Any]]) -> None:
        self.runs, sweeps = data
        self._fill_runs()
        table = self.query_one("#sweeps", DataTable)
        table.clear()
        for s in sweeps:
            sid = field(s, "id")
            table.add_row(str(sid), str(field(s, "name", "") or ""),
                          str(field(s, "scenario", "") or ""),
                          str(field(s, "points", None) or field(s, "n_points", "") or ""),
                          str(field(s, "status", "") or ""), key=str(sid))

    def _fill_runs(self) -> None:
        table = self.query_one("#runs", DataTable)
        keep = table.cursor_row
        table.clear()
        for r in self.runs:
            table.add_row("*" if r.id == self.marked else "", str(r.id), r.scenario, r.mode,
                          r.kind, "-" if r.seed is None else str(r.seed), r.status, r.started,
                          key=str(r.id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def selected_run(self) -> int | None:
        table = self.query_one("#runs", DataTable)
        if not table.row_count:
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    @on(DataTable.RowSelected, "#runs")
    def _run_chosen(self) -> None:
        self.action_open()

    @on(DataTable.RowSelected, "#sweeps")
    def _sweep_chosen(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(SweepScreen(int(str(event.row_key.value))))

    def action_open(self) -> None:
        rid = self.selected_run()
        if rid is not None:
            self.app.push_screen(RunDetailScreen(rid))

    def action_mark(self) -> None:
        rid = self.selected_run()
        if rid is None:
            return
        self.marked = None if self.marked == rid else rid
        self._fill_runs()
        if self.marked is not None:
            self.notify(f"run {rid} marked; select another run and press c", timeout=2)

    def action_compare(self) -> None:
        rid = self.selected_run()
        if rid is None or self.marked is None or rid == self.marked:
            self.notify("mark one run (m), select another, then press c", severity="warning",
                        timeout=3)
            return
        self.app.push_screen(CompareScreen(self.marked, rid))

    def action_back(self) -> None:
        self.app.pop_screen()


def _load(store: Any, run_id: int) -> Any:
    """Run ``run_id`` as far as it was observed (:class:`results.reports.observed.ObservedRun`)."""
    from results.reports.observed import load_observed

    return load_observed(store, run_id)


class RunDetailScreen(Screen[None]):
    """One stored run: summary, distribution, per group, contacts to fix."""

    CSS_PATH = "results.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, run_id: int) -> None:
        super().__init__()
        self.run_id = run_id
        self.result: RunResult | None = None
        self.summary: dict[str, Any] | None = None
        self.obs: Observation | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Run {self.run_id}: loading ...", id="detail-title")
        with Horizontal(id="detail-top"):
            yield Static("", id="summary")
            yield AckChart(id="chart")
        with Horizontal(id="detail-bottom"):
            with Vertical():
                yield Static("By group", classes="section", id="groups-title")
                yield DataTable(id="groups", zebra_stripes=True, cursor_type="row")
            with Vertical():
                yield Static("Contacts to fix", classes="section")
                yield DataTable(id="fix", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        g = self.query_one("#groups", DataTable)
        for label, width in (("Group", 18), ("Participants", 12), ("Acknowledged", 12),
                             ("Completed", 10), ("Median h", 9)):
            g.add_column(label, key=label.lower(), width=width)
        f = self.query_one("#fix", DataTable)
        for label, width in (("Contact", 22), ("Reasons", 24), ("Acknowledged anyway", 19)):
            f.add_column(label, key=label.lower(), width=width)
        run_id = self.run_id
        self.app.db(lambda store: _load(store, run_id), self._loaded,  # type: ignore[attr-defined]
                    what=f"run {run_id}")

    def _loaded(self, data: Any) -> None:
        self.result, s, obs = data.result, data.summary, data.obs
        self.summary, self.obs = s, obs
        r = data.result
        self.query_one("#detail-title", Static).update(
            f"[b]Run {self.run_id}[/b]  {r.scenario}  seed {r.seed}  "
            f"start {r.start:%Y-%m-%d %H:%M} UTC"
            + (f"  [dark_orange]{obs.phrase()}[/]" if obs.cut else "")
        )
        self.query_one("#summary", Static).update(summary_table(s, obs))
        if not obs.deadline_seen:
            self.query_one("#groups-title", Static).update(
                f"By group (acknowledged by {hm(obs.until)}, deadline not reached)")
        self.query_one(AckChart).show(ack_hours(r), r.deadline_hours, r.horizon_hours)
        g = self.query_one("#groups", DataTable)
        for name, b in s.get("by_group", {}).items():
            g.add_row(name or "-", str(b["participants"]), pct(b["ack_rate"]),
                      pct(b["completion_rate"]), hours(b["median_hours_to_ack"]))
        f = self.query_one("#fix", DataTable)
        for c in s.get("contacts_to_fix", []):
            f.add_row(c["contact"], Text(", ".join(c["reasons"]), style="dark_orange"),
                      "yes" if c["acknowledged"] else "no")

    def action_back(self) -> None:
        self.app.pop_screen()


class CompareScreen(Screen[None]):
    """Two runs side by side: their distributions and every headline figure."""

    CSS_PATH = "results.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, a: int, b: int) -> None:
        super().__init__()
        self.a, self.b = a, b
        self.rows: list[tuple[str, str, str, str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Comparing run {self.a} with run {self.b} ...", id="compare-title")
        with Horizontal(id="compare-charts"):
            yield AckChart(id="chart-a")
            yield AckChart(id="chart-b")
        yield DataTable(id="compare", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        t = self.query_one("#compare", DataTable)
        t.add_column("Metric", key="metric", width=28)
        t.add_column(f"Run {self.a}", key="a", width=12)
        t.add_column(f"Run {self.b}", key="b", width=12)
        t.add_column("Change", key="change", width=12)
        a, b = self.a, self.b
        self.app.db(lambda store: (_load(store, a), _load(store, b)), self._loaded,  # type: ignore[attr-defined]
                    what="compare")

    def _loaded(self, data: Any) -> None:
        oa, ob = data
        ra, sa, rb, sb = oa.result, oa.summary, ob.result, ob.summary
        self.query_one("#compare-title", Static).update(
            f"[b]Run {self.a}[/b] {ra.scenario} (seed {ra.seed})   vs   "
            f"[b]Run {self.b}[/b] {rb.scenario} (seed {rb.seed})"
        )
        self.query_one("#chart-a", AckChart).show(ack_hours(ra), ra.deadline_hours,
                                                  ra.horizon_hours, f"Run {self.a}")
        self.query_one("#chart-b", AckChart).show(ack_hours(rb), rb.deadline_hours,
                                                  rb.horizon_hours, f"Run {self.b}")
        self.rows = comparison_rows(sa, sb, oa.obs, ob.obs)
        t = self.query_one("#compare", DataTable)
        for row in self.rows:
            t.add_row(*row)

    def action_back(self) -> None:
        self.app.pop_screen()


class SweepScreen(Screen[None]):
    """One stored sweep: its axes and one row per point with the rates, their 95%
    intervals and the paired difference against the baseline point."""

    CSS_PATH = "results.tcss"
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, sweep_id: int) -> None:
        super().__init__()
        self.sweep_id = sweep_id
        self.table: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Sweep {self.sweep_id}: loading ...", id="sweep-title")
        yield DataTable(id="sweep", zebra_stripes=True, cursor_type="row")
        yield Static("± : half-width of the 95% interval over replications (a range where "
                     "it meets 0 or 100%); differences are paired by replication (common "
                     "random numbers)", id="sweep-caption")
        yield Footer()

    def on_mount(self) -> None:
        from results.sweeps import stored_sweep_table

        sid = self.sweep_id
        self.app.db(lambda store: stored_sweep_table(store, sid),  # type: ignore[attr-defined]
                    self._loaded, what=f"sweep {sid}")

    def _loaded(self, loaded: tuple[Any, list[dict[str, Any]], int]) -> None:
        from results.sweeps import format_diff, format_rate, format_value, short_labels

        info, self.table, baseline = loaded
        axes = list(info.axes)
        done = sum(p["replications_done"] for p in self.table)
        planned = info.replications * len(self.table)
        self.query_one("#sweep-title", Static).update(
            f"[b]Sweep {info.id}[/b]  {info.name}  [b]{info.status}[/b]  "
            f"{done}/{planned} replications  seed {info.base_seed}  "
            f"created {info.created_at:%Y-%m-%d %H:%M}\n"
            + "  ".join(f"[b]{a}[/b] {format_value(v)}" for a, v in info.axes.items())
        )
        t = self.query_one("#sweep", DataTable)
        labels = short_labels(axes)
        show_done = any((p.get("completion_rate") or 0) > 0 for p in self.table)
        t.add_column("#", key="point")
        for a in axes:
            t.add_column(labels[a], key=f"axis:{a}")
        t.add_column("reps", key="reps")
        t.add_column("ack %", key="ack")
        if show_done:
            t.add_column("done %", key="done")
        t.add_column("median h to ack", key="median")
        t.add_column("ack vs baseline, pp", key="diff")
        for i, p in enumerate(self.table):
            median = p.get("median_hours_to_ack")
            cells: list[Any] = [str(i), *(format_value(p["params"].get(a)) for a in axes),
                                str(p["replications_done"]),
                                format_rate(p.get("ack_rate"), p.get("ack_rate_ci95"))]
            if show_done:
                cells.append(format_rate(p.get("completion_rate"), p.get("completion_rate_ci95")))
            cells.append("-" if median is None else f"{median:.1f}")
            cells.append(Text("baseline", style="dim") if i == baseline
                         else format_diff(p.get("ack_rate_diff_vs_baseline")))
            t.add_row(*cells, key=str(i))

    def action_back(self) -> None:
        self.app.pop_screen()

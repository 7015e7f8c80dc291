"""The facilitator's terminal: the Textual application and its factory.

The app owns what every screen shares: the results store (opened lazily, used only from
worker threads through :meth:`PocdrillApp.db`, one job at a time in submission order;
:meth:`PocdrillApp.db_in_order` lets a worker such as the mail watcher take its place in
that same order and wait for its turn),
the clocks (injected so tests and snapshots are deterministic), the theme, and the way
from one screen to another (``open_...``; screens do not import each other, see
:mod:`tui.services`).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui.keys import bind
from tui.text import markup_safe

if TYPE_CHECKING:
    from results.store import Store
    from simulator.model.check import CheckScenario
    from simulator.model.directory import Directory

T = TypeVar("T")

WallClock = Callable[[], datetime]
"""Returns the current UTC time (aware)."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class PocdrillApp(App[int]):
    """Run exercises (simulated or live), browse directories and review results."""

    TITLE = "pocdrill"
    SUB_TITLE = "points-of-contact exercises"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "Theme", tooltip="Switch between light and dark",
                show=False),  # in the palette and the help; the footer needs the room
        bind("help"),
    ]

    def __init__(
        self,
        db_url: str | None = None,
        *,
        clock: WallClock | None = None,
        monotonic: Callable[[], float] | None = None,
        cwd: Path | None = None,
        resume: int | None = None,
        dark: bool = True,
        tick_seconds: float = 0.1,
        bundled: bool = True,
        mail_interval: float = 60.0,
        redact: bool = False,
        expected_replications: int = 500,
    ) -> None:
        super().__init__()
        import time

        self.db_url = db_url
        self.clock: WallClock = clock or _utc_now
        self.monotonic: Callable[[], float] = monotonic or time.monotonic
        self.cwd = (cwd or Path.cwd()).resolve()
        self.resume = resume
        self.tick_seconds = tick_seconds
        self.bundled = bundled
        self.mail_interval = mail_interval
        self.redact = redact
        self.expected_replications = expected_replications
        self.theme = "textual-dark" if dark else "textual-light"
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._db_jobs: queue.Queue[tuple[Callable[[Store], Any], Callable[[Any], None] | None]] = (
            queue.Queue()
        )

    # -- store -----------------------------------------------------------------------
    @property
    def store(self) -> Store:
        """The results store (opened on first use; call from worker threads)."""
        if self._store is None:
            from results.store import Store

            self._store = Store(self.db_url)
        return self._store

    def db(
        self,
        job: Callable[[Store], Any],
        done: Callable[[Any], None] | None = None,
        *,
        what: str = "database",
    ) -> None:
        """Run ``job(store)`` in a worker thread; then ``done(result)`` on the UI thread.

        Jobs run one at a time in the order submitted, so a facilitator's actions reach
        the store in the order they were made.
        """
        self._db_jobs.put((job, done))
        self.run_worker(lambda: self._drain_db(what), thread=True, group="db",
                        exit_on_error=False, description=what)

    def _drain_db(self, what: str) -> None:
        with self._store_lock:
            while True:
                try:
                    job, done = self._db_jobs.get_nowait()
                except queue.Empty:
                    return
                try:
                    result = job(self.store)
                except Exception as e:  # noqa: BLE001 - shown to the facilitator, not raised
                    self.call_from_thread(
                        self.notify, f"{what}: {e}", title="Store error", severity="error",
                        timeout=8,
                    )
                    continue
                if done is not None:
                    self.call_from_thread(done, result)

    def db_in_order(self, job: Callable[[Store], T], *, what: str = "database") -> T:
        """``job(store)`` after every job already queued by :meth:`db`, on this worker
        thread (never the UI's); its result, or its exception raised here. A worker's
        reads see every action made before, and its writes keep their place among them."""
        ready = threading.Event()
        box: list[tuple[bool, Any]] = []

        def run(store: Store) -> None:
            try:
                box.append((True, job(store)))
            except BaseException as e:  # noqa: BLE001 - raised again in the caller's thread
                box.append((False, e))
            finally:
                ready.set()

        self._db_jobs.put((run, None))
        self._drain_db(what)  # runs it here, unless a drain already under way takes it
        ready.wait()
        ok, value = box[0]
        if not ok:
            raise value
        return cast(T, value)

    def with_store(self, job: Callable[[Store], T]) -> T:
        """``job(store)`` now, on this (worker) thread, while no db job runs."""
        with self._store_lock:
            return job(self.store)

    # -- navigation (screens open each other through these) ----------------------------
    def start_live_run(self, path: Path) -> Screen[None]:
        """Start a live run of the scenario at ``path``."""
        from tui.screens.live_run import LiveRunScreen

        screen = LiveRunScreen(path=Path(path))
        self.push_screen(screen)
        return screen

    def open_live_run(self, run_id: int) -> Screen[None]:
        """Reopen interrupted live run ``run_id``."""
        from tui.screens.live_run import LiveRunScreen

        screen = LiveRunScreen(run_id=run_id)
        self.push_screen(screen)
        return screen

    def open_simulated_run(self, path: Path, seed: int) -> Screen[None]:
        """Simulate the scenario at ``path`` with ``seed`` and replay it."""
        from tui.screens.simulated_run import SimulatedRunScreen

        screen = SimulatedRunScreen(Path(path), seed)
        self.push_screen(screen)
        return screen

    def open_run_detail(self, run_id: int) -> None:
        from tui.screens.run_detail import RunDetailScreen

        self.push_screen(RunDetailScreen(run_id))

    def open_study(self, study_id: int) -> None:
        from tui.screens.run_detail import RunDetailScreen

        self.push_screen(RunDetailScreen(study_id, study=True))

    def open_compare(self, a: int, b: int) -> None:
        from tui.screens.compare import CompareScreen

        self.push_screen(CompareScreen(a, b))

    def open_sweep(self, sweep_id: int) -> None:
        from tui.screens.sweep import SweepScreen

        self.push_screen(SweepScreen(sweep_id))

    def open_results(self) -> None:
        from tui.screens.results import ResultsScreen

        self.push_screen(ResultsScreen())

    def open_directory(self, path: Path, *, scenario: bool) -> None:
        """Show a directory file, or (``scenario``) the directory a scenario uses."""
        from tui.screens.directory import open_directory

        open_directory(self, path, scenario=scenario)

    def open_health(self, directory: Directory, scenario: CheckScenario | None) -> None:
        """The network health of ``directory`` (under ``scenario``, if it came from one)."""
        from tui.screens.health import HealthScreen

        self.push_screen(HealthScreen(directory, scenario))

    # -- files from the results (a run's detail, the results screen) -------------------
    def write_report(self, what: str, number: int) -> None:
        """Write the HTML report of run, study or sweep ``number`` into ``reports/``
        (names scrubbed with ``--redact``), and say where."""
        from results.reports.to_file import write_report

        path = self.cwd / "reports" / f"{what}-{number}.html"
        redact = self.redact
        self.notify(f"writing {path} ...", timeout=2)
        self.db(lambda store: write_report(store, path, redact=redact, **{what: number}),
                lambda p: self.notify(f"wrote {p}", title="Report", timeout=6),
                what=f"report of {what} {number}")

    def export_run(self, run_id: int) -> None:
        """Export run ``run_id`` as CSV files into ``exports/run-N/`` and say where."""
        from results.export import export_run

        path = self.cwd / "exports" / f"run-{run_id}"
        redact = self.redact
        self.db(lambda store: export_run(store, run_id, "csv", path, redact=redact),
                lambda files: self.notify(f"wrote {len(files)} files into {path}",
                                          title="Export", timeout=6),
                what=f"export of run {run_id}")

    # -- lifecycle -------------------------------------------------------------------
    def on_mount(self) -> None:
        from tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.resume is not None:
            self.open_live_run(self.resume)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place for worker failures: tell the facilitator, keep the app running."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"{type(error).__name__}: {markup_safe(error)}",
                        title=event.worker.name or "error",
                        severity="error", timeout=10)

    def action_help(self) -> None:
        """The current screen's keys (:class:`tui.forms.help.HelpScreen`)."""
        from tui.forms.help import HelpScreen, help_rows

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        active: list[tuple[Any, Binding, bool]] = []
        for cls in type(screen).__mro__:  # the screen's own keys first, even while typing
            for b in cls.__dict__.get("BINDINGS", []):
                if isinstance(b, Binding):
                    active.append((screen, b, screen.check_action(b.action.split("(")[0], ())
                                   is not False))
        active += [(a.node, a.binding, a.enabled) for a in screen.active_bindings.values()]
        title = getattr(screen, "help_title", None) or type(screen).__name__.removesuffix(
            "Screen").lower()
        self.push_screen(HelpScreen(title, help_rows(active, (screen, self))))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key-bound action of the current screen, plus the app's own commands."""
        builtin = list(super().get_system_commands(screen))
        yield from builtin
        titles = {c.title.casefold() for c in builtin}
        seen: set[str] = {"command_palette"}
        candidates: list[tuple[Any, Binding]] = [
            (a.node, a.binding) for a in screen.active_bindings.values()
            if a.binding.show or a.node is screen or a.node is self  # not list navigation
        ]
        # the screen's and the app's own bindings, even while an input has the focus
        for node in (screen, self):
            for cls in type(node).__mro__:
                for b in cls.__dict__.get("BINDINGS", []):
                    if isinstance(b, Binding):
                        candidates.append((node, b))
        for node, b in candidates:
            if not b.description or b.action in seen or b.system:
                continue
            if b.description.casefold() in titles:
                continue  # Textual offers it already (Quit, Theme, ...)
            if node.check_action(b.action.split("(")[0], ()) is False:
                continue  # hidden here (e.g. firing injects in a check)
            seen.add(b.action)
            keys = b.key_display or b.key
            help_text = f"{b.tooltip or b.description} (key: {keys})"
            yield SystemCommand(
                b.description, help_text,
                lambda node=node, action=b.action: self._run(node, action),
            )
        for title, help_text, callback in getattr(screen, "extra_commands", lambda: [])():
            yield SystemCommand(title, help_text, callback)

    def _run(self, node: Any, action: str) -> None:
        self.call_later(node.run_action, action)


def create_app(
    db_url: str | None = None,
    *,
    clock: WallClock | None = None,
    monotonic: Callable[[], float] | None = None,
    cwd: Path | None = None,
    resume: int | None = None,
    dark: bool = True,
    tick_seconds: float = 0.1,
    bundled: bool = True,
    mail_interval: float = 60.0,
    redact: bool = False,
    expected_replications: int = 500,
) -> PocdrillApp:
    """The app the CLI runs and the tests drive.

    ``clock`` gives the wall-clock time (live runs, local times); ``monotonic`` drives the
    simulation clock; both default to the real ones. ``resume`` opens a live run at once.
    ``cwd`` is where local scenario and directory files are looked for; ``bundled=False``
    hides the bundled scenarios (stable screenshots). ``mail_interval`` is how many
    seconds the live board's mail watcher waits between passes (less when IMAP IDLE
    announces an answer). ``redact``: a run's detail shows its notes scrubbed of personal
    data (``pocdrill tui --redact``; a key turns it on and off there).
    ``expected_replications``: behind the live board's expected share (0: none shown).
    """
    return PocdrillApp(
        db_url, clock=clock, monotonic=monotonic, cwd=cwd, resume=resume, dark=dark,
        tick_seconds=tick_seconds, bundled=bundled, mail_interval=mail_interval, redact=redact,
        expected_replications=expected_replications,
    )

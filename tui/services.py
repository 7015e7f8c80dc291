"""What a screen asks of the app: the store, the clocks, and the way to other screens.

Screens do not import each other (an import-linter contract): a screen opens another
through the app (:class:`tui.app.PocdrillApp` implements :class:`Services`), so each
screen stays small and separate. :func:`services` gives a screen its app, typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from results.store import Store
    from simulator.model.check import CheckScenario
    from simulator.model.directory import Directory

T = TypeVar("T")


class Services(Protocol):
    """The app as screens use it (see :class:`tui.app.PocdrillApp`)."""

    clock: Callable[[], datetime]
    monotonic: Callable[[], float]
    cwd: Path
    tick_seconds: float
    bundled: bool
    mail_interval: float
    redact: bool
    expected_replications: int

    @property
    def store(self) -> Store: ...

    def db(self, job: Callable[[Store], Any], done: Callable[[Any], None] | None = None,
           *, what: str = "database") -> None: ...

    def db_in_order(self, job: Callable[[Store], T], *, what: str = "database") -> T: ...

    def with_store(self, job: Callable[[Store], T]) -> T: ...

    # -- navigation --------------------------------------------------------------------
    def start_live_run(self, path: Path) -> Screen[None]: ...

    def open_live_run(self, run_id: int) -> Screen[None]: ...

    def open_simulated_run(self, path: Path, seed: int) -> Screen[None]: ...

    def open_run_detail(self, run_id: int) -> None: ...

    def open_study(self, study_id: int) -> None: ...

    def open_compare(self, a: int, b: int) -> None: ...

    def open_sweep(self, sweep_id: int) -> None: ...

    def open_results(self) -> None: ...

    def open_directory(self, path: Path, *, scenario: bool) -> None: ...

    def open_health(self, directory: Directory, scenario: CheckScenario | None) -> None: ...

    # -- files -------------------------------------------------------------------------
    def write_report(self, what: str, number: int) -> None: ...

    def export_run(self, run_id: int) -> None: ...


def services(app: App[Any]) -> Services:
    """``app`` as the :class:`Services` screens use."""
    return cast("Services", app)

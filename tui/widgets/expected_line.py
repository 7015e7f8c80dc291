"""The live board's line of what the network is expected to do by now.

The band (:func:`results.live.expected.band_of_run`: replications of the run's scenario
started at the same moment, cached once computed) is made in a worker thread when the
line is mounted, its replications on two worker processes (the board's own process stays
free to draw), so the board never waits for it; until then the line says it is being
computed. Each tick the board hands the line its participants and the time
(:meth:`ExpectedLine.show_at`), and the line shows the expected share with its 90% band,
the warning when the live share is below it, and the silent participants least likely
to answer by the deadline: whom to phone first.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Static

from tui.services import services

if TYPE_CHECKING:
    from simulator.analysis.expected import ExpectedBand
    from simulator.model.outcome import ParticipantOutcome

SHOWN = 6
"""Silent participants named on the line (the least likely first)."""


class ExpectedLine(Static):
    """The expected share by now, computed once in the background."""

    def __init__(self, run_id: int) -> None:
        super().__init__("", id="expected")
        self.run_id = run_id
        self.places: list[Path] = []
        self.replications = 0
        self.band: ExpectedBand | None = None
        self.failed = False

    def on_mount(self) -> None:
        from tui.sources import local_folders

        app = services(self.app)
        self.places = list(local_folders(app.cwd))  # where the scenario file usually is
        self.replications = app.expected_replications
        self.update(f"expected share: computing from {self.replications} replications ...")
        self.compute()

    @work(thread=True, exclusive=True, group="expected", exit_on_error=False)
    def compute(self) -> None:
        from results.live.expected import band_inputs, expected_band_for

        run_id, places = self.run_id, self.places
        try:  # the store only to read the run: the facilitator's writes never wait
            got = services(self.app).with_store(
                lambda store: band_inputs(store, run_id, places=places))
            band = None if got is None else expected_band_for(
                got.scenario_text, got.scenario, got.directory, got.start,
                replications=self.replications, workers=2)
        except Exception as e:  # noqa: BLE001 - shown on the line; the board goes on
            self.app.call_from_thread(self._failed, f"expected share: not available ({e})")
            return
        if band is None:
            self.app.call_from_thread(
                self._failed, "expected share: not available (scenario or directory not found)")
            return
        self.app.call_from_thread(self._ready, band)

    def _failed(self, text: str) -> None:
        self.failed = True
        self.update(text)

    def _ready(self, band: ExpectedBand) -> None:
        self.band = band

    def show_at(self, participants: Sequence[ParticipantOutcome], t: float) -> None:
        """The line at ``t`` hours for ``participants`` (nothing until the band is ready)."""
        if self.band is None:
            return
        from results.live.expected import live_expected

        ex = live_expected(self.band, participants, min(t, self.band.horizon))
        text = ex.headline()
        if ex.below:
            text += "  [b red]below the band[/b red]"
        if ex.silent:
            text += "\nphone first (chance by the deadline): " + ", ".join(
                f"{c} {p:.0%}" for c, p in ex.silent[:SHOWN])
        self.update(text)

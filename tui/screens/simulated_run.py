"""The simulated run screen: the engine runs in a worker; then the facilitator drives a
simulation clock (start/pause, speed, jump to the next inject/reminder/deadline) and the
board replays the computed run at the clock's time. The run is stored when the clock
reaches the end, or on demand.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.widgets import Static

from results.live.expectations import board_expectations
from results.live.scenario import reminder_offsets
from simulator.model.outcome import RunResult
from simulator.model.tabletop import TabletopScenario
from simulator.text import t_plus
from tui.board import BoardModel, stops
from tui.forms.confirm import ConfirmForm
from tui.forms.injects import InjectPanel
from tui.keys import bind, binds
from tui.run_base import RunScreen
from tui.services import services
from tui.simclock import SimClock, format_speed

if TYPE_CHECKING:
    from results.store import Store
    from simulator.io.scenario_files import LoadedScenario
    from simulator.model.directory import Directory


class SimulatedRunScreen(RunScreen):
    """Replay a simulated run at a speed the facilitator controls."""

    SPEED = Binding.Group("Speed")
    BINDINGS = [bind("toggle_clock"), bind("faster", group=SPEED), bind("slower", group=SPEED),
                *binds("next_stop", "to_end", "store")]
    help_title = "simulated run"

    def __init__(self, path: Path, seed: int) -> None:
        super().__init__()
        self.path = path
        self.seed = seed
        self.result: RunResult | None = None
        self.scenario_text = ""
        self.clock: SimClock | None = None
        self.stops: list[float] = []
        self.run_id: int | None = None
        self._storing = False
        self.scenario: object = None

    def on_mount(self) -> None:
        self.query_one("#clock", Static).update(
            f"simulating {self.path.name} with seed {self.seed} ..."
        )
        self.simulate()

    @work(thread=True, exclusive=True, group="sim", exit_on_error=False)
    def simulate(self) -> None:
        """Load the scenario, build its directory and run the engine (off the UI thread)."""
        from simulator.engine.run import run
        from simulator.io.scenario_files import load_scenario
        from simulator.model.errors import InputError

        try:
            loaded = load_scenario(self.path)
            directory = loaded.directory()
            result = run(loaded.scenario, directory, seed=self.seed, replication=0)
        except InputError as e:
            self.app.call_from_thread(self.fail, str(e))
            return
        self.app.call_from_thread(self._simulated, loaded, directory, result)

    def _simulated(self, loaded: LoadedScenario, directory: Directory, result: RunResult
                   ) -> None:
        self.result = result
        self.scenario_text = loaded.text
        self.directory = directory
        self.scenario = loaded.scenario
        self.clock = SimClock(result.horizon_hours, monotonic=services(self.app).monotonic)
        self.set_events(result.events)
        self.stops = stops(result.events, result.deadline_hours, result.horizon_hours)
        model = BoardModel(
            result.participants, start=result.start, deadline=result.deadline_hours,
            zones={p.code: p.timezone for p in directory.members},
            reminder_offsets=reminder_offsets(loaded.scenario),
            events=result.events,
        )
        model.set_speed(self.clock.speed, services(self.app).tick_seconds)
        for code, exp in board_expectations(result.expectations, result.events):
            model.add_expectation(code, exp)
        self.show_model(model, f"[b]{result.scenario}[/b]  simulated, seed {self.seed}  "
                               f"({len(result.participants)} participants, deadline "
                               f"{result.deadline_hours:g}h)")

    def now(self) -> float:
        return self.clock.now() if self.clock is not None else 0.0

    def clock_text(self, now: float) -> str:
        assert self.clock is not None and self.result is not None
        state = "finished" if self.clock.finished else "paused"
        if self.clock.running:
            state = "running"
        utc = (self.result.start + timedelta(hours=now)).strftime("%a %d %b %H:%M UTC")
        stored = f"  stored as run {self.run_id}" if self.run_id is not None else ""
        return (f"{t_plus(now)}  {utc}  [b]{state.upper()}[/b]  "
                f"speed {format_speed(self.clock.speed)}"
                f"  deadline {t_plus(self.result.deadline_hours)}{stored}")

    def tick(self) -> None:
        super().tick()
        clock = self.clock
        if clock is not None and clock.finished and self.run_id is None and not self._storing:
            self.action_store()

    # -- actions ---------------------------------------------------------------------
    def action_toggle_clock(self) -> None:
        if self.clock is not None:
            self.clock.toggle()
            self.refresh_now()

    def action_faster(self) -> None:
        if self.clock is not None:
            self._speed_changed(self.clock.faster())

    def action_slower(self) -> None:
        if self.clock is not None:
            self._speed_changed(self.clock.slower())

    def _speed_changed(self, speed: int) -> None:
        if self.model is not None:
            self.model.set_speed(speed, services(self.app).tick_seconds)
        self.notify(f"speed {format_speed(speed)}", timeout=1)
        self.refresh_now()

    def action_next_stop(self) -> None:
        if self.clock is None:
            return
        if self.clock.jump_next(self.stops) is None:
            self.notify("no further stop", timeout=1)
        self.refresh_now()
        self.tick()

    def action_to_end(self) -> None:
        if self.clock is not None:
            self.clock.jump(self.clock.end)
            self.refresh_now()
            self.tick()

    def action_store(self) -> None:
        """Store the run (once) in the results database."""
        if self.result is None or self._storing:
            return
        if self.run_id is not None:
            self.notify(f"already stored as run {self.run_id}", timeout=2)
            return
        self._storing = True
        result, text, seed = self.result, self.scenario_text, self.seed

        def job(store: Store) -> int:
            return int(store.record_run(result, scenario_text=text, seed=seed, mode="simulated"))

        def done(run_id: int) -> None:
            self.run_id = run_id
            self._storing = False
            self.refresh_now()
            self.notify(f"stored as run {run_id}", timeout=3)

        services(self.app).db(job, done, what="store run")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The injects panel only for a tabletop."""
        if action == "injects":
            return isinstance(self.scenario, TabletopScenario)
        return True

    def action_injects(self) -> None:
        """The injects panel, to read (a simulated run fires them itself)."""
        if not isinstance(self.scenario, TabletopScenario) or self.result is None:
            super().action_injects()
            return
        fired: dict[str, float] = {}
        for e in self.result.events:
            if e.kind == "inject" and e.t <= self.now() + 1e-9:
                fired.setdefault(e.detail, e.t)
        self.app.push_screen(InjectPanel(self.scenario, fired_at=fired))

    def action_back(self) -> None:
        """Leave; a simulation not stored yet is discarded only once the facilitator says
        so (ctrl+s stores it)."""
        if self.result is None or self.run_id is not None or self._storing:
            self.dismiss_screen()
            return

        def answered(yes: object) -> None:
            if yes is True:
                self.dismiss_screen()

        self.app.push_screen(ConfirmForm(
            "Leave without storing this simulation?",
            "It has not been stored (it is stored when the clock reaches the end, or with "
            "ctrl+s). y leaves and discards it, n goes back.",
        ), answered)

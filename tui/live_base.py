"""What the live run screen does with a tabletop's injects and expectations, and what
its keys share: the session, the selected participant, showing what an action recorded.
(:class:`tui.screens.live_run.LiveRunScreen` builds on it; split out to keep each file
small.)"""

from __future__ import annotations

from textual.widgets import Static

from results.live.actions import Recorded
from results.live.session import LiveSession
from simulator.text import t_plus
from tui.forms.confirm import ConfirmForm
from tui.forms.injects import InjectPanel
from tui.forms.pick import PickForm
from tui.inject_text import due_now, injects_line
from tui.run_base import RunScreen


class LiveBase(RunScreen):
    """A live run's session, its tabletop keys (fire, injects, did) and the inject line."""

    def __init__(self) -> None:
        super().__init__()
        self.session: LiveSession | None = None
        self._due: tuple[str, ...] = ()  # injects shown as due now
        self._announced: set[str] = set()  # injects already announced as due

    @property
    def completed(self) -> bool:
        return self.session is not None and self.session.completed

    def _selected(self) -> str | None:
        code = self.board.selected_code if self.board is not None else None
        if code is None:
            self.notify("select a participant row first", severity="warning", timeout=2)
        return code

    def shown(self, r: Recorded) -> Recorded:
        """Put what an action recorded on the board and in the log."""
        assert self.model is not None
        for p in r.participants:
            self.model.set_participant(p)
        for e in r.events:
            self.add_event(e)
        self.refresh_now()
        return r

    def action_expectation(self) -> None:
        """Pick one of the selected participant's open expectations and close it now."""
        code = self._selected()
        if code is None or self.session is None or self.completed:
            return
        now = self.now()
        open_ = self.session.open_expectations(code, now)
        if not open_:
            self.notify(f"{code} has no open expectation", timeout=2)
            return
        options = [
            (x.id, f"{x.id}  {x.action or '-'}  due {t_plus(x.due_at)}"
                   + ("  OVERDUE" if x.due_at < now else ""))
            for x in open_
        ]

        def picked(exp_id: object) -> None:
            if isinstance(exp_id, str) and self.session is not None and not self.completed:
                r = self.shown(self.session.close_expectation(code, exp_id, self.now()))
                if r.closed:
                    self.notify(f"{code}: {r.closed[0]}", timeout=2)

        self.app.push_screen(PickForm(f"{code}: what was done?", options), picked)

    def fire(self, key: str) -> bool:
        """Fire inject ``key`` now (see :meth:`LiveSession.fire_inject`)."""
        if self.session is None or self.completed:
            return False
        self.shown(self.session.fire_inject(key, self.now()))
        return True

    def action_fire_due(self) -> None:
        if self.session is None:
            return
        due = [s.id for s in self.session.due(self.now())]
        if not due:
            self.notify("no inject is due now; i opens the injects to fire one", timeout=2)
            return
        fired = [k for k in due if self.fire(k)]
        self.refresh_now()
        if fired:
            self.notify(f"fired {', '.join(fired)}", timeout=2)

    def action_injects(self) -> None:
        """The inject panel: each inject in full; f or enter fires the highlighted one
        (asking first when it fired already)."""
        if self.session is None or self.session.tabletop is None:
            super().action_injects()
            return
        fired_at = self.session.fired_at()
        due = {s.id for s in self.session.due(self.now())}

        def fire(key: str) -> None:
            if self.fire(key):
                self.notify(f"inject {key} fired", timeout=2)

        def picked(key: object) -> None:
            if not isinstance(key, str):
                return
            if key not in fired_at:
                fire(key)
                return
            self.app.push_screen(ConfirmForm(
                f"Fire {key} again?",
                f"{key} fired at {t_plus(fired_at[key])}. Fired again it is logged; its "
                "expectations stay as the first firing set them. y fires, n goes back.",
            ), lambda yes: fire(key) if yes is True else None)

        self.app.push_screen(InjectPanel(self.session.tabletop, fired_at=fired_at, due=due,
                                         can_fire=not self.completed), picked)

    def after_tick(self, now: float) -> None:
        """A tabletop's line of injects due and next; a fresh one due is announced."""
        tabletop = self.session.tabletop if self.session is not None else None
        if tabletop is None or self.session is None:
            return
        line = self.query_one("#injects", Static)
        line.display = not self.completed
        if self.completed:
            return
        schedule = self.session.schedule(now)
        subjects = {i.id: i.subject for i in tabletop.injects}
        line.update(injects_line(schedule, now, subjects))
        due = [s for s in schedule if s.due_at <= now + 1e-9]
        ids = tuple(s.id for s in due)
        if ids != self._due:
            self._due = ids
            self.refresh_bindings()
        fresh = [s for s in due if s.id not in self._announced]
        if fresh:
            self._announced.update(s.id for s in fresh)
            self.notify(due_now(fresh, subjects), title="Inject due",
                        severity="warning", timeout=6)

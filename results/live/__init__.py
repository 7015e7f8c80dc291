"""Live runs: an exercise recorded by hand as it happens, UI-free.

* :mod:`results.live.session`: :class:`~results.live.session.LiveSession`, the one place
  that says what a facilitator's action does (acknowledgement, bounce, reminder, inject,
  note, finish, reopen) and stores it the moment it is made. The TUI drives it; a command
  line or a test can drive it the same way.
* :mod:`results.live.stored`: a live run as stored, rebuilt from its events; reopening an
  interrupted one.
* :mod:`results.live.events`: replaying events onto participant and contact outcomes.
* :mod:`results.live.expectations`: a live tabletop's expectations (opened by injects,
  closed by verdicts, scored at the finish).
* :mod:`results.live.contacts`: a live run's contacts (staleness, bounces, answers).
* :mod:`results.live.actions`: what an action gives back; how its store write is made.
* :mod:`results.live.scenario`: what a live run takes from its scenario.
"""

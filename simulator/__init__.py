"""pocdrill's simulator: the POC directory model, working-time calendars and the SimPy
engine for communication checks and tabletop exercises.

Pure domain code: no database, no screen. Nothing here imports ``results``, ``tui`` or
``pocdrill``.
"""

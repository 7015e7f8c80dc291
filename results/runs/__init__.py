"""The one place that runs scenarios and stores them; the command line, the TUI and
notebooks all call it.

- :func:`run_and_store` (:mod:`~results.runs.simulated`): one replication or many of a
  scenario, each stored as its own run the moment it is simulated, whole or not at all;
- :func:`study_and_store` and :func:`resume_study` (:mod:`~results.runs.study`): many
  replications of a scenario as one stored study, on the sweeps' worker pool, and an
  interrupted study completed; :func:`study_summary` reads a stored study's figures;
- :func:`sweep_and_store` and :func:`resume_and_store` (:mod:`~results.runs.sweep`): a
  grid of scenario parameters with many replications per point, stored batch by batch, and
  an interrupted sweep completed;
- :mod:`~results.runs.sweep_record`: how a sweep is kept in the store, and read back
  (:func:`load_resume`) to be resumed.

Each returns an outcome that says how it ended (completed, interrupted, failed) and what
is stored; Ctrl-C is an outcome, not an exception, and never leaves half a result.
"""

from results.runs.simulated import RunOutcome, checked_directory, run_and_store
from results.runs.study import (
    StudyOutcome,
    StudyResume,
    load_study,
    resume_study,
    study_and_store,
    study_summary,
)
from results.runs.sweep import (
    SweepExecution,
    SweepProgress,
    SweepRunOutcome,
    resume_and_store,
    sweep_and_store,
)
from results.runs.sweep_record import SweepResume, load_resume

__all__ = [
    "RunOutcome",
    "StudyOutcome",
    "StudyResume",
    "SweepExecution",
    "SweepProgress",
    "SweepResume",
    "SweepRunOutcome",
    "checked_directory",
    "load_resume",
    "load_study",
    "resume_and_store",
    "resume_study",
    "run_and_store",
    "study_and_store",
    "study_summary",
    "sweep_and_store",
]

"""The results store: runs, their outcomes and event logs, live runs, notes, sweeps and
studies.

``Store(url)`` opens (and, if needed, creates or upgrades) the database at ``url``
(default :func:`results.db.default_url`), then marks runs left ``running`` by a dead
process as ``interrupted`` (their ids are in ``store.recovered``). Every method takes
explicit arguments and runs in its own transaction; nothing is global, so one process may
hold several stores. Writes are retried a few times (exponential back-off) when SQLite
reports the database locked beyond its 30 s busy timeout.

:class:`Store` is made of one part per concern, each in its own module:

- :mod:`~results.store.run_writes`: simulated runs stored in one go (``record_run``, or
  ``start_run`` then ``finish_run``), ``mark_interrupted``, ``reopen_run``, ``delete_run``;
- :mod:`~results.store.reads`: runs read back (``load_result`` gives exactly the
  :class:`~simulator.model.outcome.RunResult` that was stored);
- :mod:`~results.store.live_writes`: live runs written piece by piece (``append_events``,
  ``upsert_participant``, ``upsert_contacts``, ``add_note``, ``complete_run``), each call
  committed at once so a crash loses nothing already recorded;
- :mod:`~results.store.people`: the fingerprints of a run's people's names
  (``remember_people``, ``people_marks``), what ``--redact`` recognises them by;
- :mod:`~results.store.mail`: a live check's e-mail (the outbox, the IMAP messages
  processed, unmatched mail headers; no address, no body);
- :mod:`~results.store.sweeps`: sweeps, their points and replication summaries;
- :mod:`~results.store.studies`: studies (``pocdrill run -r N``) and their replication
  summaries;
- :mod:`~results.store.imports`: past checks stored as live runs marked imported
  (``record_imported``), a file in one transaction;
- :mod:`~results.store.recovery`: runs, sweeps and studies a dead process left ``running``;
- :mod:`~results.store.base` (transactions), :mod:`~results.store.rows` (tables and
  rows), :mod:`~results.store.info` (what reads return), :mod:`~results.store.process`
  (pid checks, Ctrl-C held during a write) and :mod:`~results.store.queries` (read-only
  queries for reports).

Contacts are stored by key and role only. Names, e-mails and phones are stored only if
the caller passes ``contact_details`` to ``finish_run``; ``start_run(people=...)`` keeps
fingerprints of names, never the names.
"""

from __future__ import annotations

import socket

from sqlalchemy.exc import DBAPIError

from results.db import (
    NotFound,
    StoreError,
    connect_error,
    default_url,
    display_url,
    open_engine,
    upgrade,
)
from results.store.imports import Imports, PastRun
from results.store.info import NoteInfo, RunInfo, StudyInfo, SweepInfo
from results.store.live_writes import LiveWrites
from results.store.mail import MailWrites
from results.store.people import People
from results.store.process import deferred_ctrl_c, pid_alive
from results.store.recovery import Recovery
from results.store.rows import jsonable, scenario_hash, summarize_result
from results.store.run_writes import RunWrites
from results.store.studies import Studies
from results.store.sweeps import Sweeps


class Store(RunWrites, LiveWrites, MailWrites, People, Sweeps, Studies, Recovery, Imports):
    """The results database (see the module docstring). Use as a context manager."""

    def __init__(self, url: str | None = None, *, recover: bool = True) -> None:
        self.engine = open_engine(url or default_url())
        self.url = self.engine.url
        self.display_url = display_url(self.url)
        self.host = socket.gethostname()
        try:
            upgrade(self.engine)
        except StoreError:
            self.engine.dispose()
            raise
        except DBAPIError as e:
            self.engine.dispose()
            raise connect_error(self.url, e) from None
        self.recovered: list[int] = self.recover_stale_runs() if recover else []
        self.recovered_sweeps: list[int] = self.recover_stale_sweeps() if recover else []
        self.recovered_studies: list[int] = self.recover_stale_studies() if recover else []


__all__ = ["NoteInfo", "NotFound", "RunInfo", "Store", "StoreError", "StudyInfo", "SweepInfo",
           "PastRun", "deferred_ctrl_c", "jsonable",
           "pid_alive", "scenario_hash", "summarize_result"]

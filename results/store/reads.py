"""Reading runs back: listings, one run, its events, its outcome rows, contact details.

:meth:`RunReads.load_result` gives back exactly the :class:`RunResult` that was stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, select

from results.store.base import StoreBase
from results.store.info import RUN_INFO_FIELDS, RunInfo
from results.store.rows import (
    CONTACT_FIELDS,
    CONTACTS,
    EVENT_COLUMNS,
    EVENTS,
    EXPECTATIONS,
    PARTICIPANT_FIELDS,
    PARTICIPANTS,
    PERSONAL,
    RUNS,
)
from simulator.model.outcome import (
    ContactOutcome,
    Event,
    ExpectationOutcome,
    ParticipantOutcome,
    RunResult,
)


class RunReads(StoreBase):
    """The read side of runs (simulated and live)."""

    @staticmethod
    def _run_infos(conn: Connection, query: Select[Any]) -> list[RunInfo]:
        return [RunInfo(**dict(zip(RUN_INFO_FIELDS, row, strict=True)))
                for row in conn.execute(query)]

    @staticmethod
    def _run_select() -> Select[Any]:
        return select(*(RUNS.c[f] for f in RUN_INFO_FIELDS))

    def list_runs(
        self, *, limit: int | None = None, scenario: str | None = None, status: str | None = None,
        study_runs: bool = False,
    ) -> list[RunInfo]:
        """Stored runs, newest first, optionally of one scenario and/or status; the runs
        kept whole as a study's replications only with ``study_runs``."""
        q = self._run_select().order_by(RUNS.c.started_at.desc(), RUNS.c.id.desc())
        if not study_runs:
            q = q.where(RUNS.c.study_id.is_(None))
        if scenario is not None:
            q = q.where(RUNS.c.scenario == scenario)
        if status is not None:
            q = q.where(RUNS.c.status == status)
        if limit is not None:
            q = q.limit(limit)
        return self._read(lambda conn: self._run_infos(conn, q))

    def get_run(self, run_id: int) -> RunInfo:
        """One run, with its scenario text; :class:`NotFound` if there is none."""

        def read(conn: Connection) -> RunInfo:
            row = conn.execute(
                self._run_select().add_columns(RUNS.c.scenario_text).where(RUNS.c.id == run_id)
            ).first()
            if row is None:
                raise self._no_run(run_id)
            return RunInfo(**dict(zip((*RUN_INFO_FIELDS, "scenario_text"), row, strict=True)))

        return self._read(read)

    def scenario_history(self, scenario: str) -> list[RunInfo]:
        """Completed runs of ``scenario``, oldest first."""
        q = (self._run_select()
             .where(RUNS.c.scenario == scenario, RUNS.c.status == "completed")
             .order_by(RUNS.c.started_at, RUNS.c.id))
        return self._read(lambda conn: self._run_infos(conn, q))

    def events(self, run_id: int) -> list[Event]:
        """A run's stored events in order."""

        def read(conn: Connection) -> list[Event]:
            self._require_run(conn, run_id)
            return self._events(conn, run_id)

        return self._read(read)

    @staticmethod
    def _events(conn: Connection, run_id: int) -> list[Event]:
        cols = [EVENTS.c[c] for c in EVENT_COLUMNS[2:]]
        q = select(*cols).where(EVENTS.c.run_id == run_id).order_by(EVENTS.c.seq)
        return [Event(*row) for row in conn.execute(q)]

    def load_result(self, run_id: int) -> RunResult:
        """The :class:`RunResult` as stored (exactly what ``finish_run`` was given)."""

        def read(conn: Connection) -> RunResult:
            run = conn.execute(select(RUNS).where(RUNS.c.id == run_id)).mappings().first()
            if run is None:
                raise self._no_run(run_id)
            pcols = [PARTICIPANTS.c[f] for f in PARTICIPANT_FIELDS]
            participants = [
                ParticipantOutcome(*row) for row in conn.execute(
                    select(*pcols).where(PARTICIPANTS.c.run_id == run_id)
                    .order_by(PARTICIPANTS.c.id))
            ]
            ccols = [CONTACTS.c[f] for f in CONTACT_FIELDS]
            contacts = [
                ContactOutcome(*row) for row in conn.execute(
                    select(*ccols).where(CONTACTS.c.run_id == run_id).order_by(CONTACTS.c.id))
            ]
            return RunResult(
                scenario=run["scenario"], seed=run["seed"], replication=run["replication"],
                start=run["start"] or run["started_at"],
                deadline_hours=run["deadline_hours"] if run["deadline_hours"] is not None else 0.0,
                horizon_hours=run["horizon_hours"] if run["horizon_hours"] is not None else 0.0,
                level=run["level"] or "", participants=participants, contacts=contacts,
                events=self._events(conn, run_id),
                expectations=self._expectations(conn, run_id), kind=run["kind"],
            )

        return self._read(read)

    @staticmethod
    def _expectations(conn: Connection, run_id: int) -> list[ExpectationOutcome]:
        x = EXPECTATIONS.c
        return [
            ExpectationOutcome(id=r.expectation, inject=r.inject, participant=r.participant,
                               action=r.action, stage=r.stage, due_at=r.due_at,
                               done_at=r.done_at, status=r.status)
            for r in conn.execute(select(EXPECTATIONS).where(x.run_id == run_id).order_by(x.id))
        ]

    def contact_details(self, run_id: int) -> dict[str, dict[str, str | None]]:
        """Personal columns stored for a run's contacts (only those that have any)."""
        q = (select(CONTACTS.c.key, *(CONTACTS.c[c] for c in PERSONAL))
             .where(CONTACTS.c.run_id == run_id).order_by(CONTACTS.c.id))
        out: dict[str, dict[str, str | None]] = {}
        for key, name, email, phone in self._read(lambda conn: conn.execute(q).all()):
            if name or email or phone:
                out[key] = {"name": name, "email": email, "phone": phone}
        return out

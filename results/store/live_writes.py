"""Live runs written piece by piece as the facilitator acts: events, a participant's
outcome, contacts, notes, and the completion. Each call commits at once, so a crash loses
nothing already recorded (``results.live`` drives these)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from results.models import utcnow
from results.store import rows
from results.store.info import NoteInfo
from results.store.reads import RunReads
from results.store.rows import (
    EVENTS,
    EXPECTATIONS,
    NOTES,
    PARTICIPANTS,
    RUNS,
    expectation_rows,
    jsonable,
    new_id,
    participant_row,
    summarize_result,
    upsert_contacts,
)
from simulator.model.outcome import ContactOutcome, Event, ExpectationOutcome, ParticipantOutcome


class LiveWrites(RunReads):
    """Piece-by-piece writes of a live run, and its notes."""

    def append_events(self, run_id: int, events: Sequence[Event]) -> int:
        """Append ``events`` to a run's log (after those stored); commit; return how many."""
        if not events:
            return 0

        def tx(conn: Connection) -> int:
            self._require_run(conn, run_id)
            last = conn.execute(
                select(func.max(EVENTS.c.seq)).where(EVENTS.c.run_id == run_id)
            ).scalar()
            rows.insert_events(conn, run_id, events, 0 if last is None else last + 1)
            return len(events)

        return self._write(tx)

    def upsert_participant(self, run_id: int, outcome: ParticipantOutcome) -> None:
        """Insert or replace one participant's outcome in a run; commit."""
        row = participant_row(run_id, outcome)

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            n = conn.execute(
                update(PARTICIPANTS)
                .where(PARTICIPANTS.c.run_id == run_id, PARTICIPANTS.c.code == outcome.code)
                .values(**{k: v for k, v in row.items() if k not in ("run_id", "code")})
            ).rowcount
            if not n:
                conn.execute(insert(PARTICIPANTS).values(**row))

        self._write(tx)

    def add_note(
        self, run_id: int, text: str, *, t: float | None = None, participant: str | None = None
    ) -> int:
        """Store a facilitator's note on a run; commit; return its id."""

        def tx(conn: Connection) -> int:
            self._require_run(conn, run_id)
            return new_id(conn.execute(insert(NOTES).values(
                run_id=run_id, t=t, created_at=utcnow(), text=text, participant=participant,
            )))

        return self._write(tx)

    def notes(self, run_id: int) -> list[NoteInfo]:
        """A run's notes in the order they were made."""
        q = select(NOTES).where(NOTES.c.run_id == run_id).order_by(NOTES.c.id)
        return self._read(lambda conn: [NoteInfo(**r) for r in conn.execute(q).mappings()])

    def upsert_contacts(self, run_id: int, contacts: Sequence[ContactOutcome]) -> None:
        """Insert or replace a run's contact rows by key (no personal data); commit."""

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            upsert_contacts(conn, run_id, contacts)

        self._write(tx)

    def complete_run(
        self,
        run_id: int,
        summary: Mapping[str, Any] | None = None,
        *,
        contacts: Sequence[ContactOutcome] | None = None,
        expectations: Sequence[ExpectationOutcome] | None = None,
    ) -> None:
        """Mark a (live) run completed with ``summary`` (default: computed from its rows).

        In the same transaction, ``contacts`` are upserted by key and ``expectations``
        (when given) replace the run's expectation rows.
        """
        if summary is not None:
            summ = jsonable(dict(summary))
        else:
            result = self.load_result(run_id)
            if contacts is not None:
                merged = {c.key: c for c in result.contacts}
                merged.update((c.key, c) for c in contacts)
                result.contacts = list(merged.values())
            if expectations is not None:
                result.expectations = list(expectations)
            summ = summarize_result(result)

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            if contacts is not None:
                upsert_contacts(conn, run_id, contacts)
            if expectations is not None:
                conn.execute(delete(EXPECTATIONS).where(EXPECTATIONS.c.run_id == run_id))
                new = expectation_rows(run_id, expectations)
                if new:
                    self._insert_many(conn, EXPECTATIONS, new)
            conn.execute(update(RUNS).where(RUNS.c.id == run_id).values(
                status="completed", finished_at=utcnow(), summary=summ, interrupted_reason=None,
            ))

        self._write(tx)

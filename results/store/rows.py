"""Outcome records as table rows: the tables, the values a row holds, and the bulk writes.

Everything here works inside a transaction the caller holds (a ``Connection``); nothing
commits. :func:`insert_events` is the fast path for event logs (driver executemany on
SQLite, COPY on PostgreSQL with psycopg 3).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from sqlalchemy import Connection, CursorResult, Table, insert, update

from results.models import TABLES
from simulator.model.outcome import (
    ContactOutcome,
    Event,
    ExpectationOutcome,
    ParticipantOutcome,
    RunResult,
)

RUNS: Table = TABLES["runs"]
PARTICIPANTS: Table = TABLES["participant_results"]
CONTACTS: Table = TABLES["contact_results"]
EVENTS: Table = TABLES["events"]
EXPECTATIONS: Table = TABLES["expectation_results"]
NOTES: Table = TABLES["notes"]
SWEEPS: Table = TABLES["sweeps"]
POINTS: Table = TABLES["sweep_points"]
REPLICATIONS: Table = TABLES["replication_summaries"]
STUDIES: Table = TABLES["studies"]
STUDY_REPLICATIONS: Table = TABLES["study_replications"]

EVENT_BATCH = 10_000
"""Rows per executemany call."""

EVENT_COLUMNS = ("run_id", "seq", "t", "kind", "participant", "contact", "channel", "detail")
PARTICIPANT_FIELDS = tuple(f.name for f in fields(ParticipantOutcome))
CONTACT_FIELDS = tuple(f.name for f in fields(ContactOutcome))
PERSONAL = ("person_name", "email", "phone")
"""The only columns that may hold personal data (stored only when a caller passes them)."""


# -- values -----------------------------------------------------------------------------
def scenario_hash(text: str) -> str:
    """sha256 (hex) of a scenario's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pocdrill_version() -> str:
    try:
        return version("pocdrill")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0.0.0"


_PLAIN = (bool, int, str)


def jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON values (non-finite floats -> None, instants -> ISO strings)."""
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):  # plain values without a call each
        return [v if v is None or type(v) in _PLAIN or (type(v) is float and math.isfinite(v))
                else jsonable(v) for v in obj]
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if hasattr(obj, "item"):  # numpy scalars
        return jsonable(obj.item())
    return str(obj)


def summarize_result(result: RunResult) -> dict[str, Any] | None:
    """The run's summary (``simulator.analysis.metrics.summarize``), or None if it cannot be made.

    A summary is derived data: failing to compute one never stops a run being stored.
    """
    try:
        from simulator.analysis.metrics import summarize

        summary = dict(summarize([result]))
        if result.kind == "tabletop":
            from simulator.analysis.tabletop import summarize_expectations

            summary["expectations"] = summarize_expectations([result])
    except Exception:  # noqa: BLE001 - see the docstring
        return None
    out: dict[str, Any] = jsonable(summary)
    return out


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT made."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer primary key
        raise ValueError("the INSERT made no row")
    return int(key[0])


# -- rows -------------------------------------------------------------------------------
def personal_columns(details: Mapping[str, Any] | None, key: str) -> dict[str, Any]:
    """Personal columns for contact ``key`` from caller-supplied details (dicts or objects)."""
    if not details or key not in details:
        return dict.fromkeys(PERSONAL)
    d = details[key]

    def get(name: str, *alts: str) -> Any:
        for n in (name, *alts):
            v = d.get(n) if isinstance(d, Mapping) else getattr(d, n, None)
            if v is not None:
                return v
        return None

    return {"person_name": get("name", "person_name"), "email": get("email"),
            "phone": get("phone")}


def participant_row(run_id: int, p: ParticipantOutcome) -> dict[str, Any]:
    row = {f: getattr(p, f) for f in PARTICIPANT_FIELDS}
    row["run_id"] = run_id
    return row


def contact_row(
    run_id: int, c: ContactOutcome, details: Mapping[str, Any] | None
) -> dict[str, Any]:
    row = {f: getattr(c, f) for f in CONTACT_FIELDS}
    row.update(personal_columns(details, c.key), run_id=run_id)
    return row


def event_rows(run_id: int, events: Iterable[Event], first_seq: int) -> list[dict[str, Any]]:
    return [
        {"run_id": run_id, "seq": i, "t": e[0], "kind": e[1], "participant": e[2],
         "contact": e[3], "channel": e[4], "detail": e[5] if e[5] is not None else ""}
        for i, e in enumerate(events, start=first_seq)
    ]


def expectation_rows(run_id: int, xs: Iterable[ExpectationOutcome]) -> list[dict[str, Any]]:
    return [
        {"run_id": run_id, "expectation": x.id, "inject": x.inject,
         "participant": x.participant, "action": x.action, "stage": x.stage,
         "due_at": x.due_at, "done_at": x.done_at, "status": x.status}
        for x in xs
    ]


# -- writes inside a transaction --------------------------------------------------------
def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``table`` in batches of :data:`EVENT_BATCH`."""
    for i in range(0, len(rows), EVENT_BATCH):
        conn.execute(insert(table), rows[i : i + EVENT_BATCH])


def upsert_contacts(conn: Connection, run_id: int, contacts: Iterable[ContactOutcome]) -> None:
    """Insert or update contact rows by key (personal columns untouched)."""
    for c in contacts:
        values = {f: getattr(c, f) for f in CONTACT_FIELDS}
        n = conn.execute(
            update(CONTACTS).where(CONTACTS.c.run_id == run_id, CONTACTS.c.key == c.key)
            .values(**{k: v for k, v in values.items() if k != "key"})
        ).rowcount
        if not n:
            conn.execute(insert(CONTACTS).values(run_id=run_id, **values))


_SQLITE_EVENT_INSERT = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * 8)})"
)


def insert_events(conn: Connection, run_id: int, events: Sequence[Event], first_seq: int) -> None:
    """Insert ``events`` as seq ``first_seq``, ``first_seq + 1``, ... in batches.

    SQLite gets plain tuples through the driver's executemany (about twice as fast as Core
    with dicts); other backends go through Core executemany.
    """
    sqlite = conn.dialect.name == "sqlite"
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy_events(conn, run_id, events, first_seq)
        return
    for i in range(0, len(events), EVENT_BATCH):
        batch = events[i : i + EVENT_BATCH]
        if sqlite:
            conn.exec_driver_sql(_SQLITE_EVENT_INSERT, [
                (run_id, seq, e[0], e[1], e[2], e[3], e[4], e[5] if e[5] is not None else "")
                for seq, e in enumerate(batch, start=first_seq + i)
            ])
        else:
            conn.execute(insert(EVENTS), event_rows(run_id, batch, first_seq + i))


def _copy_events(conn: Connection, run_id: int, events: Sequence[Event], first_seq: int) -> None:
    """PostgreSQL (psycopg 3): stream the rows with COPY, inside the current transaction."""
    dbapi: Any = conn.connection.dbapi_connection  # a psycopg.Connection
    with dbapi.cursor() as cur, cur.copy(
        f"COPY events ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
    ) as copy:
        for seq, e in enumerate(events, start=first_seq):
            copy.write_row(
                (run_id, seq, e[0], e[1], e[2], e[3], e[4], e[5] if e[5] is not None else "")
            )

"""The results store: runs, their outcomes and event logs, live runs, notes and sweeps.

``Store(url)`` opens (and, if needed, creates or upgrades) the database at ``url``
(default :func:`results.db.default_url`), then marks runs left ``running`` by a dead
process as ``interrupted`` (their ids are in ``store.recovered``). Every method takes
explicit arguments and runs in its own transaction; nothing is global, so one process may
hold several stores. Writes are retried a few times (exponential back-off) when SQLite
reports the database locked beyond its 30 s busy timeout.

Simulated runs are stored in one go (:meth:`Store.record_run`, or :meth:`Store.start_run`
then :meth:`Store.finish_run`); :meth:`Store.load_result` gives back exactly the
:class:`~simulator.model.outcome.RunResult` that was stored. Live runs are written piece by
piece as the facilitator acts (:meth:`Store.append_events`,
:meth:`Store.upsert_participant`, :meth:`Store.upsert_contacts`, :meth:`Store.add_note`,
:meth:`Store.complete_run`, which also takes the final contact and expectation rows), each
call committed at once so a crash loses nothing already recorded.

Contacts are stored by key and role only. Names, e-mails and phones are stored only if
the caller passes ``contact_details`` to :meth:`Store.finish_run`.
"""

from __future__ import annotations

import hashlib
import math
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import DBAPIError, OperationalError

from results.db import (
    NotFound,
    StoreError,
    connect_error,
    default_url,
    display_url,
    open_engine,
    upgrade,
)
from results.models import TABLES, utcnow
from simulator.model.outcome import (
    ContactOutcome,
    Event,
    ExpectationOutcome,
    ParticipantOutcome,
    RunResult,
)

T = TypeVar("T")

RUNS: Table = TABLES["runs"]
PARTICIPANTS: Table = TABLES["participant_results"]
CONTACTS: Table = TABLES["contact_results"]
EVENTS: Table = TABLES["events"]
EXPECTATIONS: Table = TABLES["expectation_results"]
NOTES: Table = TABLES["notes"]
SWEEPS: Table = TABLES["sweeps"]
POINTS: Table = TABLES["sweep_points"]
REPLICATIONS: Table = TABLES["replication_summaries"]

EVENT_BATCH = 10_000
"""Event rows per executemany call."""
WRITE_RETRIES = 5
STALE_FOREIGN_RUN = timedelta(days=1)
"""A run still ``running`` on another host is given up after this long."""

_EVENT_COLUMNS = ("run_id", "seq", "t", "kind", "participant", "contact", "channel", "detail")
_PARTICIPANT_FIELDS = tuple(f.name for f in fields(ParticipantOutcome))
_CONTACT_FIELDS = tuple(f.name for f in fields(ContactOutcome))
_PERSONAL = ("person_name", "email", "phone")


# -- read models ------------------------------------------------------------------------
@dataclass(frozen=True)
class RunInfo:
    """One stored run as read back (``scenario_text`` only from :meth:`Store.get_run`)."""

    id: int
    scenario: str
    status: str
    mode: str
    kind: str
    seed: int
    replication: int
    started_at: datetime
    finished_at: datetime | None
    start: datetime | None
    deadline_hours: float | None
    horizon_hours: float | None
    level: str | None
    scenario_hash: str
    pocdrill_version: str
    pid: int | None
    host: str | None
    events_stored: bool
    sweep_id: int | None
    point_id: int | None
    interrupted_reason: str | None
    summary: dict[str, Any] | None
    scenario_text: str | None = None

    def to_dict(self, *, text: bool = False) -> dict[str, Any]:
        """A JSON-ready dict (instants as ISO 8601 strings); ``text`` keeps the scenario."""
        d = asdict(self)
        if not text:
            d.pop("scenario_text")
        for k in ("started_at", "finished_at", "start"):
            if d[k] is not None:
                d[k] = d[k].isoformat()
        return d


@dataclass(frozen=True)
class NoteInfo:
    """A facilitator's note."""

    id: int
    run_id: int
    t: float | None
    created_at: datetime
    text: str
    participant: str | None


@dataclass(frozen=True)
class SweepInfo:
    """A stored sweep; ``point_rows`` (params, aggregates, done) only from get_sweep."""

    id: int
    name: str
    scenario: str | None
    scenario_hash: str
    status: str
    replications: int
    base_seed: int
    created_at: datetime
    finished_at: datetime | None
    points: int
    axes: dict[str, Any]
    point_rows: list[dict[str, Any]] = field(default_factory=list)
    scenario_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("scenario_text")
        for k in ("created_at", "finished_at"):
            if d[k] is not None:
                d[k] = d[k].isoformat()
        return d


_RUN_INFO_FIELDS = tuple(f.name for f in fields(RunInfo) if f.name != "scenario_text")


# -- helpers ----------------------------------------------------------------------------
def scenario_hash(text: str) -> str:
    """sha256 (hex) of a scenario's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pocdrill_version() -> str:
    try:
        return version("pocdrill")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0.0.0"


def pid_alive(pid: int | None) -> bool:
    """Whether process ``pid`` exists on this machine."""
    if not pid or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON values (non-finite floats -> None, instants -> ISO strings)."""
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [jsonable(v) for v in obj]
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
    return jsonable(summary)


def _is_locked(err: DBAPIError) -> bool:
    msg = str(err.orig).lower()
    return "database is locked" in msg or "database is busy" in msg


def _detail(details: Mapping[str, Any] | None, key: str) -> dict[str, Any]:
    """Personal columns for contact ``key`` from caller-supplied details (dicts or objects)."""
    if not details or key not in details:
        return dict.fromkeys(_PERSONAL)
    d = details[key]

    def get(name: str, *alts: str) -> Any:
        for n in (name, *alts):
            v = d.get(n) if isinstance(d, Mapping) else getattr(d, n, None)
            if v is not None:
                return v
        return None

    return {"person_name": get("name", "person_name"), "email": get("email"),
            "phone": get("phone")}


def _new_id(result: Any) -> int:
    """The primary key of the row an INSERT made."""
    return int(result.inserted_primary_key[0])


def _participant_row(run_id: int, p: ParticipantOutcome) -> dict[str, Any]:
    row = {f: getattr(p, f) for f in _PARTICIPANT_FIELDS}
    row["run_id"] = run_id
    return row


def _event_rows(run_id: int, events: Iterable[Event], first_seq: int) -> list[dict[str, Any]]:
    return [
        {"run_id": run_id, "seq": i, "t": e[0], "kind": e[1], "participant": e[2],
         "contact": e[3], "channel": e[4], "detail": e[5] if e[5] is not None else ""}
        for i, e in enumerate(events, start=first_seq)
    ]


def _expectation_rows(run_id: int, xs: Iterable[ExpectationOutcome]) -> list[dict[str, Any]]:
    return [
        {"run_id": run_id, "expectation": x.id, "inject": x.inject,
         "participant": x.participant, "action": x.action, "stage": x.stage,
         "due_at": x.due_at, "done_at": x.done_at, "status": x.status}
        for x in xs
    ]


def _upsert_contacts(conn: Connection, run_id: int, contacts: Iterable[ContactOutcome]) -> None:
    """Insert or update contact rows by key (personal columns untouched)."""
    for c in contacts:
        values = {f: getattr(c, f) for f in _CONTACT_FIELDS}
        n = conn.execute(
            update(CONTACTS).where(CONTACTS.c.run_id == run_id, CONTACTS.c.key == c.key)
            .values(**{k: v for k, v in values.items() if k != "key"})
        ).rowcount
        if not n:
            conn.execute(insert(CONTACTS).values(run_id=run_id, **values))


_SQLITE_EVENT_INSERT = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * 8)})"
)


def _insert_events(conn: Connection, run_id: int, events: Sequence[Event], first_seq: int) -> None:
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
            conn.execute(insert(EVENTS), _event_rows(run_id, batch, first_seq + i))


def _copy_events(conn: Connection, run_id: int, events: Sequence[Event], first_seq: int) -> None:
    """PostgreSQL (psycopg 3): stream the rows with COPY, inside the current transaction."""
    dbapi: Any = conn.connection.dbapi_connection
    with dbapi.cursor() as cur, cur.copy(
        f"COPY events ({', '.join(_EVENT_COLUMNS)}) FROM STDIN"
    ) as copy:
        for seq, e in enumerate(events, start=first_seq):
            copy.write_row(
                (run_id, seq, e[0], e[1], e[2], e[3], e[4], e[5] if e[5] is not None else "")
            )


@contextmanager
def deferred_ctrl_c() -> Iterator[None]:
    """Hold the first SIGINT until the block is done, then raise KeyboardInterrupt; a
    second one gets through at once. Nested uses are one: the outermost holds.

    Only in the main thread and only where Ctrl-C raises KeyboardInterrupt (Python's
    default handler); elsewhere (worker threads, SIGINT ignored) a no-op.
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    held: list[int] = []

    def hold(signum: int, frame: Any) -> None:
        held.append(signum)
        if len(held) > 1:  # pressed again: the user insists
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if held:
        raise KeyboardInterrupt


class Store:
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

    # -- plumbing ---------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"

    def _write(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(conn)`` in one write transaction; retry while SQLite stays locked.

        A Ctrl-C that arrives meanwhile is held until the transaction is over (a second
        one is not): an interrupt inside a transaction could leave it open on a connection
        its traceback keeps alive, holding SQLite's write lock against the very write that
        marks the run interrupted. If an interrupt gets through anyway, the connection is
        closed, not returned to the pool, so the lock goes with it.
        """
        with deferred_ctrl_c():
            return self._write_now(fn)

    def _write_now(self, fn: Callable[[Connection], T]) -> T:
        delay = 0.05
        for attempt in range(WRITE_RETRIES + 1):
            try:
                with self.engine.connect() as conn:
                    try:
                        conn.execution_options(pocdrill_write=True)
                        with conn.begin():
                            return fn(conn)
                    except (KeyboardInterrupt, SystemExit):
                        conn.invalidate()
                        raise
            except OperationalError as e:
                if attempt == WRITE_RETRIES or not _is_locked(e):
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, fn: Callable[[Connection], T]) -> T:
        with self.engine.connect() as conn:
            return fn(conn)

    def _no_run(self, run_id: int) -> NotFound:
        return NotFound(f"no run {run_id} in {self.display_url}")

    def _require_run(self, conn: Connection, run_id: int) -> Any:
        row = conn.execute(select(RUNS.c.id, RUNS.c.status).where(RUNS.c.id == run_id)).first()
        if row is None:
            raise self._no_run(run_id)
        return row

    def _insert_many(self, conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        for i in range(0, len(rows), EVENT_BATCH):
            conn.execute(insert(table), rows[i : i + EVENT_BATCH])

    # -- runs -------------------------------------------------------------------------
    def start_run(
        self,
        *,
        scenario: str,
        scenario_text: str,
        seed: int,
        replication: int = 0,
        mode: str = "simulated",
        kind: str = "check",
        start: datetime | None = None,
        deadline_hours: float | None = None,
        horizon_hours: float | None = None,
        level: str | None = None,
        sweep_id: int | None = None,
        point_id: int | None = None,
    ) -> int:
        """Record a run as ``running`` (this pid and host) and commit; return its id."""
        if mode not in ("simulated", "live"):
            raise ValueError(f"mode {mode!r} is not one of simulated, live")
        if kind not in ("check", "tabletop"):
            raise ValueError(f"kind {kind!r} is not one of check, tabletop")
        values = dict(
            scenario=scenario, scenario_text=scenario_text,
            scenario_hash=scenario_hash(scenario_text), seed=seed, replication=replication,
            mode=mode, kind=kind, status="running", started_at=utcnow(),
            pocdrill_version=pocdrill_version(), start=start, deadline_hours=deadline_hours,
            horizon_hours=horizon_hours, level=level, pid=os.getpid(), host=self.host,
            events_stored=True, sweep_id=sweep_id, point_id=point_id,
        )

        def tx(conn: Connection) -> int:
            return _new_id(conn.execute(insert(RUNS).values(**values)))

        return self._write(tx)

    def finish_run(
        self,
        run_id: int,
        result: RunResult,
        *,
        events: bool = True,
        contact_details: Mapping[str, Any] | None = None,
        summary: Mapping[str, Any] | None = None,
    ) -> None:
        """Store ``result``'s rows and summary and mark the run completed, in ONE transaction.

        Replaces whatever rows the run had. ``events=False`` skips the event log.
        ``contact_details`` (contact key -> object or mapping with name/email/phone) is
        the only way personal data enters the store. ``summary`` defaults to
        ``simulator.analysis.metrics.summarize([result])``.
        """
        summ = jsonable(dict(summary)) if summary is not None else summarize_result(result)
        participants = [_participant_row(run_id, p) for p in result.participants]
        contacts = []
        for c in result.contacts:
            row = {f: getattr(c, f) for f in _CONTACT_FIELDS}
            row.update(_detail(contact_details, c.key), run_id=run_id)
            contacts.append(row)
        expectations = _expectation_rows(run_id, result.expectations)

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            for table in (PARTICIPANTS, CONTACTS, EXPECTATIONS, EVENTS):
                conn.execute(delete(table).where(table.c.run_id == run_id))
            for table, rows in ((PARTICIPANTS, participants), (CONTACTS, contacts),
                                (EXPECTATIONS, expectations)):
                if rows:
                    self._insert_many(conn, table, rows)
            if events:
                _insert_events(conn, run_id, result.events, 0)
            conn.execute(
                update(RUNS).where(RUNS.c.id == run_id).values(
                    status="completed", finished_at=utcnow(), summary=summ,
                    start=result.start, deadline_hours=result.deadline_hours,
                    horizon_hours=result.horizon_hours, level=result.level, kind=result.kind,
                    events_stored=events, interrupted_reason=None,
                )
            )

        self._write(tx)

    def record_run(
        self,
        result: RunResult,
        *,
        scenario_text: str,
        mode: str = "simulated",
        events: bool = True,
        seed: int | None = None,
        sweep_id: int | None = None,
        point_id: int | None = None,
        contact_details: Mapping[str, Any] | None = None,
    ) -> int:
        """Start and finish a run for ``result``; return its id.

        On any exception (or Ctrl-C) after the run was started, it is marked
        ``interrupted`` with the reason and the exception re-raised.
        """
        run_id = self.start_run(
            scenario=result.scenario, scenario_text=scenario_text,
            seed=result.seed if seed is None else seed, replication=result.replication,
            mode=mode, kind=result.kind, start=result.start,
            deadline_hours=result.deadline_hours, horizon_hours=result.horizon_hours,
            level=result.level, sweep_id=sweep_id, point_id=point_id,
        )
        try:
            self.finish_run(run_id, result, events=events, contact_details=contact_details)
        except BaseException as e:
            reason = ("interrupted by Ctrl-C" if isinstance(e, KeyboardInterrupt)
                      else f"{type(e).__name__}: {e}".splitlines()[0])
            try:
                self.mark_interrupted(run_id, reason)
            except Exception:  # noqa: BLE001 - the original error is the one to report
                pass
            raise
        return run_id

    def mark_interrupted(self, run_id: int, reason: str) -> bool:
        """Mark a run that did not complete as ``interrupted`` (a completed run stays so);
        False when it had completed."""

        def tx(conn: Connection) -> bool:
            self._require_run(conn, run_id)
            done = conn.execute(
                update(RUNS).where(RUNS.c.id == run_id, RUNS.c.status != "completed")
                .values(status="interrupted", interrupted_reason=reason, finished_at=utcnow())
            )
            return bool(done.rowcount)

        return self._write(tx)

    def reopen_run(self, run_id: int) -> RunInfo:
        """Set an interrupted (live) run back to ``running`` for this process."""

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            conn.execute(
                update(RUNS).where(RUNS.c.id == run_id).values(
                    status="running", pid=os.getpid(), host=self.host,
                    interrupted_reason=None, finished_at=None,
                )
            )

        self._write(tx)
        return self.get_run(run_id)

    def recover_stale_runs(self) -> list[int]:
        """Mark ``running`` runs whose process is gone as ``interrupted``; return their ids.

        A run is stale when it was started on this host by a process that no longer
        exists, or on another host more than a day ago.
        """
        return self._recover_stale(RUNS, RUNS.c.started_at, "run",
                                   lambda reason: {"interrupted_reason": reason})

    def recover_stale_sweeps(self) -> list[int]:
        """The same for sweeps: a ``running`` sweep whose process is gone is marked
        ``interrupted`` (``pocdrill sweep resume`` completes it)."""
        return self._recover_stale(SWEEPS, SWEEPS.c.created_at, "sweep",
                                   lambda reason: {"finished_at": utcnow()})

    def _recover_stale(
        self, table: Table, since: Any, what: str, values: Callable[[str], dict[str, Any]]
    ) -> list[int]:
        now = utcnow()
        rows = self._read(lambda conn: conn.execute(
            select(table.c.id, table.c.pid, table.c.host, since)
            .where(table.c.status == "running")
        ).all())
        stale: list[tuple[int, str]] = []
        for rid, pid, host, started_at in rows:
            if host is None:
                continue  # a sweep stored before sweeps kept their process: cannot tell
            if host == self.host:
                if not pid_alive(pid):
                    stale.append((rid, f"process {pid} ended without finishing the {what}"))
            elif started_at is None or now - started_at > STALE_FOREIGN_RUN:
                stale.append((rid, f"started on {host} more than a day ago and never finished"))
        if not stale:
            return []

        def tx(conn: Connection) -> list[int]:
            done = []
            for rid, reason in stale:
                n = conn.execute(
                    update(table).where(table.c.id == rid, table.c.status == "running")
                    .values(status="interrupted", **values(reason))
                ).rowcount
                if n:
                    done.append(rid)
            return done

        return self._write(tx)

    def _run_infos(self, conn: Connection, query: Any) -> list[RunInfo]:
        return [RunInfo(**dict(zip(_RUN_INFO_FIELDS, row, strict=True)))
                for row in conn.execute(query)]

    def _run_select(self) -> Any:
        return select(*(RUNS.c[f] for f in _RUN_INFO_FIELDS))

    def list_runs(
        self, *, limit: int | None = None, scenario: str | None = None, status: str | None = None
    ) -> list[RunInfo]:
        """Stored runs, newest first, optionally of one scenario and/or status."""
        q = self._run_select().order_by(RUNS.c.started_at.desc(), RUNS.c.id.desc())
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
            return RunInfo(**dict(zip((*_RUN_INFO_FIELDS, "scenario_text"), row, strict=True)))

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
        cols = [EVENTS.c[c] for c in _EVENT_COLUMNS[2:]]
        q = select(*cols).where(EVENTS.c.run_id == run_id).order_by(EVENTS.c.seq)
        return [Event(*row) for row in conn.execute(q)]

    def load_result(self, run_id: int) -> RunResult:
        """The :class:`RunResult` as stored (exactly what :meth:`finish_run` was given)."""

        def read(conn: Connection) -> RunResult:
            run = conn.execute(select(RUNS).where(RUNS.c.id == run_id)).mappings().first()
            if run is None:
                raise self._no_run(run_id)
            pcols = [PARTICIPANTS.c[f] for f in _PARTICIPANT_FIELDS]
            participants = [
                ParticipantOutcome(*row) for row in conn.execute(
                    select(*pcols).where(PARTICIPANTS.c.run_id == run_id)
                    .order_by(PARTICIPANTS.c.id))
            ]
            ccols = [CONTACTS.c[f] for f in _CONTACT_FIELDS]
            contacts = [
                ContactOutcome(*row) for row in conn.execute(
                    select(*ccols).where(CONTACTS.c.run_id == run_id).order_by(CONTACTS.c.id))
            ]
            x = EXPECTATIONS.c
            expectations = [
                ExpectationOutcome(id=r.expectation, inject=r.inject, participant=r.participant,
                                   action=r.action, stage=r.stage, due_at=r.due_at,
                                   done_at=r.done_at, status=r.status)
                for r in conn.execute(select(EXPECTATIONS).where(x.run_id == run_id)
                                      .order_by(x.id))
            ]
            return RunResult(
                scenario=run["scenario"], seed=run["seed"], replication=run["replication"],
                start=run["start"] or run["started_at"],
                deadline_hours=run["deadline_hours"] if run["deadline_hours"] is not None else 0.0,
                horizon_hours=run["horizon_hours"] if run["horizon_hours"] is not None else 0.0,
                level=run["level"] or "", participants=participants, contacts=contacts,
                events=self._events(conn, run_id), expectations=expectations, kind=run["kind"],
            )

        return self._read(read)

    def contact_details(self, run_id: int) -> dict[str, dict[str, str | None]]:
        """Personal columns stored for a run's contacts (only those that have any)."""
        q = (select(CONTACTS.c.key, *(CONTACTS.c[c] for c in _PERSONAL))
             .where(CONTACTS.c.run_id == run_id).order_by(CONTACTS.c.id))
        out: dict[str, dict[str, str | None]] = {}
        for key, name, email, phone in self._read(lambda conn: conn.execute(q).all()):
            if name or email or phone:
                out[key] = {"name": name, "email": email, "phone": phone}
        return out

    def delete_run(self, run_id: int) -> None:
        """Delete a run and everything recorded for it."""

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            for table in (EVENTS, PARTICIPANTS, CONTACTS, EXPECTATIONS, NOTES):
                conn.execute(delete(table).where(table.c.run_id == run_id))
            conn.execute(delete(RUNS).where(RUNS.c.id == run_id))

        self._write(tx)

    # -- live runs --------------------------------------------------------------------
    def append_events(self, run_id: int, events: Sequence[Event]) -> int:
        """Append ``events`` to a run's log (after those stored); commit; return how many."""
        if not events:
            return 0

        def tx(conn: Connection) -> int:
            self._require_run(conn, run_id)
            last = conn.execute(
                select(func.max(EVENTS.c.seq)).where(EVENTS.c.run_id == run_id)
            ).scalar()
            _insert_events(conn, run_id, events, 0 if last is None else last + 1)
            return len(events)

        return self._write(tx)

    def upsert_participant(self, run_id: int, outcome: ParticipantOutcome) -> None:
        """Insert or replace one participant's outcome in a run; commit."""
        row = _participant_row(run_id, outcome)

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
            return _new_id(conn.execute(insert(NOTES).values(
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
            _upsert_contacts(conn, run_id, contacts)

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
                _upsert_contacts(conn, run_id, contacts)
            if expectations is not None:
                conn.execute(delete(EXPECTATIONS).where(EXPECTATIONS.c.run_id == run_id))
                rows = _expectation_rows(run_id, expectations)
                if rows:
                    self._insert_many(conn, EXPECTATIONS, rows)
            conn.execute(update(RUNS).where(RUNS.c.id == run_id).values(
                status="completed", finished_at=utcnow(), summary=summ, interrupted_reason=None,
            ))

        self._write(tx)

    # -- sweeps -----------------------------------------------------------------------
    def create_sweep(
        self,
        *,
        name: str,
        scenario_text: str,
        axes: Mapping[str, Any],
        replications: int,
        base_seed: int,
        points: Sequence[Mapping[str, Any]],
        scenario: str | None = None,
    ) -> int:
        """Record a sweep and its grid points (``points[i]`` is point i's parameters)."""

        def tx(conn: Connection) -> int:
            sid = _new_id(conn.execute(insert(SWEEPS).values(
                name=name, scenario=scenario, scenario_text=scenario_text,
                scenario_hash=scenario_hash(scenario_text), axes=jsonable(dict(axes)),
                replications=replications, base_seed=base_seed, status="running",
                created_at=utcnow(), pocdrill_version=pocdrill_version(),
                pid=os.getpid(), host=self.host,
            )))
            rows = [{"sweep_id": sid, "point": i, "params": jsonable(dict(p)), "aggregates": None}
                    for i, p in enumerate(points)]
            if rows:
                self._insert_many(conn, POINTS, rows)
            return sid

        return self._write(tx)

    def _no_sweep(self, sweep_id: int) -> NotFound:
        return NotFound(f"no sweep {sweep_id} in {self.display_url}")

    def _require_sweep(self, conn: Connection, sweep_id: int) -> None:
        if conn.execute(select(SWEEPS.c.id).where(SWEEPS.c.id == sweep_id)).first() is None:
            raise self._no_sweep(sweep_id)

    def add_replication_summaries(self, sweep_id: int, rows: Sequence[Mapping[str, Any]]) -> None:
        """Store replication summaries: dicts with point, replication, seed, metrics.

        Idempotent on (sweep, point, replication): a pair already stored is left as it is.
        ``ack_rate`` and ``completion_rate`` are copied out of ``metrics`` for fast queries.
        """
        if not rows:
            return

        def rate(m: Mapping[str, Any], key: str) -> float | None:
            v = m.get(key)
            return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None

        new: dict[tuple[int, int], dict[str, Any]] = {}
        for r in rows:
            key = (int(r["point"]), int(r["replication"]))
            if key not in new:
                metrics = jsonable(dict(r["metrics"]))
                new[key] = {"sweep_id": sweep_id, "point": key[0], "replication": key[1],
                            "seed": int(r["seed"]), "metrics": metrics,
                            "ack_rate": rate(metrics, "ack_rate"),
                            "completion_rate": rate(metrics, "completion_rate")}
        values = list(new.values())

        def tx(conn: Connection) -> None:
            self._require_sweep(conn, sweep_id)
            dialect = conn.dialect.name
            if dialect in ("sqlite", "postgresql"):
                mod = sqlite_dialect if dialect == "sqlite" else pg_dialect
                stmt = mod.insert(REPLICATIONS).on_conflict_do_nothing(
                    index_elements=["sweep_id", "point", "replication"])
                for i in range(0, len(values), EVENT_BATCH):
                    conn.execute(stmt, values[i : i + EVENT_BATCH])
            else:  # other backends: skip what is there
                done = self._done(conn, sweep_id)
                todo = [v for v in values if (v["point"], v["replication"]) not in done]
                if todo:
                    self._insert_many(conn, REPLICATIONS, todo)

        self._write(tx)

    @staticmethod
    def _done(conn: Connection, sweep_id: int) -> set[tuple[int, int]]:
        q = (select(REPLICATIONS.c.point, REPLICATIONS.c.replication)
             .where(REPLICATIONS.c.sweep_id == sweep_id))
        return {(p, r) for p, r in conn.execute(q)}

    def done_replications(self, sweep_id: int) -> set[tuple[int, int]]:
        """The (point, replication) pairs already stored for a sweep."""
        return self._read(lambda conn: self._done(conn, sweep_id))

    def set_point_aggregates(
        self, sweep_id: int, point: int, aggregates: Mapping[str, Any]
    ) -> None:
        """Store the aggregates of one sweep point."""

        def tx(conn: Connection) -> None:
            n = conn.execute(
                update(POINTS).where(POINTS.c.sweep_id == sweep_id, POINTS.c.point == point)
                .values(aggregates=jsonable(dict(aggregates)))
            ).rowcount
            if not n:
                raise NotFound(f"no point {point} in sweep {sweep_id} in {self.display_url}")

        self._write(tx)

    def claim_sweep(self, sweep_id: int) -> None:
        """Mark a sweep ``running`` again, by this process (a resume)."""

        def tx(conn: Connection) -> None:
            self._require_sweep(conn, sweep_id)
            conn.execute(update(SWEEPS).where(SWEEPS.c.id == sweep_id).values(
                status="running", finished_at=None, pid=os.getpid(), host=self.host))

        self._write(tx)

    def finish_sweep(self, sweep_id: int, status: str = "completed") -> None:
        """Mark a sweep completed (or ``interrupted``)."""

        def tx(conn: Connection) -> None:
            self._require_sweep(conn, sweep_id)
            conn.execute(update(SWEEPS).where(SWEEPS.c.id == sweep_id)
                         .values(status=status, finished_at=utcnow()))

        self._write(tx)

    def _sweep_infos(self, conn: Connection, where: Any = None) -> list[SweepInfo]:
        n_points = (select(func.count()).where(POINTS.c.sweep_id == SWEEPS.c.id)
                    .scalar_subquery().label("points"))
        q = select(SWEEPS.c.id, SWEEPS.c.name, SWEEPS.c.scenario, SWEEPS.c.scenario_hash,
                   SWEEPS.c.status, SWEEPS.c.replications, SWEEPS.c.base_seed,
                   SWEEPS.c.created_at, SWEEPS.c.finished_at, n_points, SWEEPS.c.axes)
        if where is not None:
            q = q.where(where)
        q = q.order_by(SWEEPS.c.created_at.desc(), SWEEPS.c.id.desc())
        return [SweepInfo(**r) for r in conn.execute(q).mappings()]

    def list_sweeps(self) -> list[SweepInfo]:
        """Stored sweeps, newest first."""
        return self._read(self._sweep_infos)

    def get_sweep(self, sweep_id: int) -> SweepInfo:
        """One sweep with its points (params, aggregates, replications done)."""

        def read(conn: Connection) -> SweepInfo:
            found = self._sweep_infos(conn, SWEEPS.c.id == sweep_id)
            if not found:
                raise self._no_sweep(sweep_id)
            done = (select(REPLICATIONS.c.point, func.count().label("n"))
                    .where(REPLICATIONS.c.sweep_id == sweep_id)
                    .group_by(REPLICATIONS.c.point))
            counts = {p: n for p, n in conn.execute(done)}
            rows = [
                {"point": r.point, "params": r.params, "replications_done": counts.get(r.point, 0),
                 "aggregates": r.aggregates}
                for r in conn.execute(select(POINTS).where(POINTS.c.sweep_id == sweep_id)
                                      .order_by(POINTS.c.point))
            ]
            text = conn.execute(select(SWEEPS.c.scenario_text)
                                .where(SWEEPS.c.id == sweep_id)).scalar()
            info = found[0]
            return SweepInfo(**{**asdict(info), "point_rows": rows, "scenario_text": text})

        return self._read(read)

    def replication_summaries(self, sweep_id: int) -> list[dict[str, Any]]:
        """A sweep's replication summaries, by point then replication."""

        def read(conn: Connection) -> list[dict[str, Any]]:
            self._require_sweep(conn, sweep_id)
            c = REPLICATIONS.c
            q = (select(c.point, c.replication, c.seed, c.ack_rate, c.completion_rate, c.metrics)
                 .where(c.sweep_id == sweep_id).order_by(c.point, c.replication))
            return [dict(r) for r in conn.execute(q).mappings()]

        return self._read(read)

    def delete_sweep(self, sweep_id: int) -> None:
        """Delete a sweep, its points and replication summaries (its runs are kept)."""

        def tx(conn: Connection) -> None:
            self._require_sweep(conn, sweep_id)
            conn.execute(update(RUNS).where(RUNS.c.sweep_id == sweep_id).values(sweep_id=None))
            for table in (REPLICATIONS, POINTS):
                conn.execute(delete(table).where(table.c.sweep_id == sweep_id))
            conn.execute(delete(SWEEPS).where(SWEEPS.c.id == sweep_id))

        self._write(tx)


__all__ = ["NoteInfo", "NotFound", "RunInfo", "Store", "StoreError", "SweepInfo",
           "deferred_ctrl_c", "jsonable",
           "pid_alive", "scenario_hash", "summarize_result"]

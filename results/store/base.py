"""The store's plumbing, shared by every part: one engine, and transactions that retry
while SQLite is locked, hold Ctrl-C until they are over, and turn a database gone away
(server stopped, file replaced or unwritable) into one :class:`StoreError` line."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Self, TypeVar

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from results.db import NotFound, StoreError
from results.store.process import deferred_ctrl_c
from results.store.rows import RUNS, SWEEPS, insert_many

T = TypeVar("T")

WRITE_RETRIES = 5


def is_locked(err: DBAPIError) -> bool:
    msg = str(err.orig).lower()
    return "database is locked" in msg or "database is busy" in msg


def lost(display_url: str, err: DBAPIError) -> StoreError:
    """One line for a database that went away or refuses the work: its URL (host and
    database, no password) and the driver's first line."""
    first = (str(err.orig).strip().splitlines() or ["unknown error"])[0]
    if isinstance(err, OperationalError) and is_locked(err):
        return StoreError(f"the database {display_url} stayed locked by another writer: {first}")
    return StoreError(f"lost the database {display_url}: {first}")


class StoreBase:
    """An open database (``engine``) and the transactions every part of the store uses."""

    engine: Engine
    url: URL
    display_url: str
    host: str

    def __enter__(self) -> Self:
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
            try:
                return self._write_now(fn)
            except (OperationalError, InterfaceError) as e:
                raise lost(self.display_url, e) from None

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
                if attempt == WRITE_RETRIES or not is_locked(e):
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, fn: Callable[[Connection], T]) -> T:
        try:
            with self.engine.connect() as conn:
                return fn(conn)
        except (OperationalError, InterfaceError) as e:
            raise lost(self.display_url, e) from None

    def _insert_many(self, conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        insert_many(conn, table, rows)

    # -- what must exist --------------------------------------------------------------
    def _no_run(self, run_id: int) -> NotFound:
        return NotFound(f"no run {run_id} in {self.display_url}")

    def _require_run(self, conn: Connection, run_id: int) -> None:
        if conn.execute(select(RUNS.c.id).where(RUNS.c.id == run_id)).first() is None:
            raise self._no_run(run_id)

    def _no_sweep(self, sweep_id: int) -> NotFound:
        return NotFound(f"no sweep {sweep_id} in {self.display_url}")

    def _require_sweep(self, conn: Connection, sweep_id: int) -> None:
        if conn.execute(select(SWEEPS.c.id).where(SWEEPS.c.id == sweep_id)).first() is None:
            raise self._no_sweep(sweep_id)

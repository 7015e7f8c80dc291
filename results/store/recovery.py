"""Recovery: runs, sweeps and studies left ``running`` by a process that is gone are marked
``interrupted`` (each :class:`~results.store.Store` does this when it opens)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, Connection, Table, select, update

from results.models import utcnow
from results.store.base import StoreBase
from results.store.process import pid_alive
from results.store.rows import RUNS, STUDIES, SWEEPS

STALE_FOREIGN_RUN = timedelta(days=1)
"""A run still ``running`` on another host is given up after this long."""


class Recovery(StoreBase):
    """Finding and marking runs and sweeps whose process died."""

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

    def recover_stale_studies(self) -> list[int]:
        """The same for studies: ``pocdrill run --resume STUDY`` completes them."""
        return self._recover_stale(STUDIES, STUDIES.c.started_at, "study",
                                   lambda reason: {"finished_at": utcnow()})

    def _stale(
        self, table: Table, since: Column[datetime], what: str
    ) -> list[tuple[int, str]]:
        """The ``running`` rows of ``table`` whose process is gone, with the reason."""
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
        return stale

    def _recover_stale(
        self,
        table: Table,
        since: Column[datetime],
        what: str,
        values: Callable[[str], dict[str, Any]],
    ) -> list[int]:
        stale = self._stale(table, since, what)
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

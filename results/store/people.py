"""A run's people as ``--redact`` recognises them: keyed fingerprints of their names,
never the names (see :mod:`results.name_marks`), written when a run starts and added to
when a live run is reopened on a changed directory."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, insert, select, update

from results.models import TABLES
from results.name_marks import NameMarks
from results.store.base import StoreBase

PEOPLE: Table = TABLES["run_people"]


def mark_people(conn: Connection, run_id: int, names: Iterable[str]) -> None:
    """Add the fingerprints of ``names`` to run ``run_id``'s (a first call gives the run its
    key, even with no names: the run is then known to name nobody)."""
    row = conn.execute(select(PEOPLE).where(PEOPLE.c.run_id == run_id)).mappings().first()
    if row is None:
        marks = NameMarks.of(names)
        conn.execute(insert(PEOPLE).values(run_id=run_id, key=marks.key.hex(),
                                           marks=sorted(marks.marks)))
        return
    old = NameMarks(bytes.fromhex(row["key"]), frozenset(row["marks"]))
    new = old.plus(names)
    if new.marks != old.marks:
        conn.execute(update(PEOPLE).where(PEOPLE.c.run_id == run_id)
                     .values(marks=sorted(new.marks)))


class People(StoreBase):
    """The fingerprints of a run's people."""

    def remember_people(self, run_id: int, names: Iterable[str]) -> None:
        """Add the fingerprints of ``names`` to run ``run_id``'s; commit."""
        names = list(names)

        def tx(conn: Connection) -> None:
            self._require_run(conn, run_id)
            mark_people(conn, run_id, names)

        self._write(tx)

    def people_marks(self, run_id: int) -> NameMarks | None:
        """The fingerprints of run ``run_id``'s people; None for a run stored without them
        (before pocdrill kept them, or a simulated run)."""
        q = select(PEOPLE).where(PEOPLE.c.run_id == run_id)
        row = self._read(lambda conn: conn.execute(q).mappings().first())
        if row is None:
            return None
        return NameMarks(bytes.fromhex(row["key"]), frozenset(row["marks"]))

"""Where a results database stands against this pocdrill's schema, and bringing it up to
date (``pocdrill db current`` / ``pocdrill db upgrade``).

Every failure (a bad URL, an unreachable server, a database from a newer pocdrill) is one
:class:`~results.db.StoreError` line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from results.db import (
    connect_error,
    current_revision,
    display_url,
    head_revision,
    open_engine,
    refuse_unusable,
    upgrade,
)

T = TypeVar("T")


@dataclass(frozen=True)
class SchemaStatus:
    """A database's schema revision against the newest this pocdrill knows."""

    database: str
    revision: str | None
    head: str

    @property
    def state(self) -> Literal["empty", "current", "behind"]:
        if self.revision is None:
            return "empty"
        return "current" if self.revision == self.head else "behind"

    def to_dict(self) -> dict[str, str | None]:
        """What ``db current --json`` prints."""
        return {"database": self.database, "revision": self.revision, "head": self.head,
                "state": self.state}


@dataclass(frozen=True)
class SchemaUpgrade:
    """What ``upgrade_schema`` did: the revision before (None: empty) and the one now."""

    database: str
    before: str | None
    head: str

    @property
    def changed(self) -> bool:
        return self.before != self.head


@contextmanager
def _engine(db: str | None) -> Iterator[Engine]:
    engine = open_engine(db)
    try:
        yield engine
    except DBAPIError as e:
        raise connect_error(engine.url, e) from None
    finally:
        engine.dispose()


def _with_engine(db: str | None, work: Callable[[Engine], T]) -> tuple[str, T]:
    with _engine(db) as engine:
        return display_url(engine.url), work(engine)


def _checked_revision(engine: Engine) -> str | None:
    rev = current_revision(engine)
    refuse_unusable(engine, rev)
    return rev


def schema_status(db: str | None) -> SchemaStatus:
    """The revision of the database at ``db`` (None: default), changing nothing."""
    url, rev = _with_engine(db, _checked_revision)
    return SchemaStatus(url, rev, head_revision())


def upgrade_schema(db: str | None) -> SchemaUpgrade:
    """Create the database at ``db`` or bring it to the newest schema revision."""
    url, before = _with_engine(db, upgrade)
    return SchemaUpgrade(url, before, head_revision())

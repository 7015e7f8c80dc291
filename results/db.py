"""Where the results live and how the database is opened and migrated.

The database URL
    ``default_url()`` is the environment variable ``POCDRILL_DATABASE_URL`` when set,
    otherwise the per-user SQLite file
    ``sqlite:///$XDG_DATA_HOME/pocdrill/results.db`` (``XDG_DATA_HOME`` defaults to
    ``~/.local/share``). Any SQLAlchemy URL works; PostgreSQL is
    ``postgresql+psycopg://user:password@host/dbname`` (a bare ``postgresql://`` is
    taken to mean psycopg 3).

SQLite
    The file is created by pocdrill with mode 0600 - results can name people - before
    SQLite opens it; its WAL and shared-memory files take the same mode. Its folder must
    exist (a URL into a missing folder is refused, never created), except the per-user
    default's, which is created with mode 0700. Every connection runs in WAL mode with
    ``synchronous=NORMAL``, a 30 s ``busy_timeout`` and foreign keys on. Write transactions
    start with ``BEGIN IMMEDIATE`` (they take the write lock at once, so two writers queue
    instead of dead-locking); readers never block writers.

Migrations
    The schema is made by the Alembic migrations in ``results/migrations`` (no
    ``alembic.ini`` needed). :func:`upgrade` brings a fresh or older database to the
    newest revision; every :class:`results.store.Store` calls it on open. A database at a
    revision this pocdrill does not know (made by a newer pocdrill) is refused with
    :class:`StoreError`, and so is a database that is not a pocdrill store: one holding
    tables without pocdrill's revision (another application's), which pocdrill never
    writes into. An empty database becomes a store.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

ENV_URL = "POCDRILL_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
_PG_MIGRATION_LOCK = 0x706F6364  # "pocd": advisory lock held while migrating PostgreSQL


class StoreError(Exception):
    """The results store cannot do what was asked (one line, shown to the user)."""


class NotFound(StoreError, KeyError):
    """No such run / sweep in the store."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


def default_url() -> str:
    """``POCDRILL_DATABASE_URL`` or the per-user SQLite file (see the module docstring)."""
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env
    return f"sqlite:///{per_user_file()}"


def per_user_file() -> Path:
    """The per-user SQLite file: ``$XDG_DATA_HOME/pocdrill/results.db``."""
    data_home = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(data_home) / "pocdrill" / "results.db"


def normalize_url(url: str | URL) -> URL:
    """``url`` parsed; plain ``postgresql://`` means the psycopg 3 driver."""
    u = make_url(url) if isinstance(url, str) else url
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def display_url(url: str | URL) -> str:
    """``url`` as it may be shown: the password masked."""
    try:
        return normalize_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given
        return str(url)


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind a SQLite URL (None for in-memory or other backends)."""
    u = normalize_url(url)
    if u.get_backend_name() != "sqlite":
        return None
    db = u.database or ""
    if not db or db == ":memory:" or db.startswith("file:") or u.query.get("uri"):
        return None
    return Path(db).expanduser()


def ensure_sqlite_file(path: Path) -> None:
    """Create ``path`` as an empty file with mode 0600 if missing; :class:`StoreError` if
    its folder does not exist (only the per-user default's folder is created)."""
    if not path.parent.is_dir():
        if path != per_user_file():
            raise StoreError(
                f"{path}: no such folder {str(path.parent)!r} for the database file; create "
                "the folder first, or give a path in an existing one"
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, 0o600)


def open_engine(url: str | URL | None = None) -> Engine:
    """:func:`make_engine`, with a bad URL or an uncreatable file as :class:`StoreError`."""
    try:
        return make_engine(url)
    except ArgumentError as e:
        raise StoreError(
            f"{url!s}: not a usable database URL ({e}); write e.g. sqlite:///path/results.db "
            "or postgresql+psycopg://user@host/dbname"
        ) from None
    except ImportError as e:
        raise StoreError(f"{display_url(url or default_url())}: the database driver is not "
                         f"installed ({e.name or e}); pocdrill supports SQLite and PostgreSQL "
                         "(postgresql+psycopg://)") from None
    except OSError as e:
        raise StoreError(f"cannot create database {display_url(url or default_url())}: "
                         f"{e.strerror or e}") from None


def connect_error(url: str | URL, err: DBAPIError) -> StoreError:
    """A one-line :class:`StoreError` for a database that cannot be reached or read."""
    first = (str(err.orig).strip().splitlines() or ["unknown error"])[0]
    return StoreError(f"cannot open database {display_url(url)}: {first}")


def make_engine(url: str | URL | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`default_url`), SQLite tuned as documented."""
    u = normalize_url(url or default_url())
    if u.get_backend_name() != "sqlite":
        return create_engine(u, pool_pre_ping=True)
    path = sqlite_path(u)
    if path is not None:
        ensure_sqlite_file(path)
    engine = create_engine(u, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Manage transactions ourselves (see _on_begin); pysqlite's own handling would
        # not put DDL or the first SELECT inside them.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if path is not None:
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("pocdrill_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    """The newest schema revision this pocdrill knows."""
    head = _scripts().get_current_head()
    assert head is not None
    return str(head)


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _known(revision: str) -> bool:
    try:
        return _scripts().get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for unknown revisions
        return False


def refuse_unusable(engine: Engine, revision: str | None) -> None:
    """Raise :class:`StoreError` if the database (at ``revision``) is not a pocdrill store
    but holds tables, or was made by a newer pocdrill."""
    from sqlalchemy import inspect

    tables = set(inspect(engine).get_table_names())
    foreign = set()
    if revision is None:
        foreign = tables - {"alembic_version"}
    elif not _known(revision) and "runs" not in tables:
        foreign = tables
    if foreign:
        shown = ", ".join(sorted(foreign)[:5]) + (", ..." if len(foreign) > 5 else "")
        raise StoreError(
            f"database {display_url(engine.url)} is not a pocdrill store: it holds "
            f"{len(foreign)} other table(s) ({shown}); give a new or empty database, "
            "or a pocdrill store"
        )
    if revision is not None and not _known(revision):
        raise StoreError(
            f"database {display_url(engine.url)} is at schema revision {revision}, newer than "
            f"this pocdrill (knows up to {head_revision()}); upgrade pocdrill"
        )


def upgrade(engine: Engine) -> str | None:
    """Bring the database to the newest revision; return the revision it was at before.

    Concurrent openers are serialised (SQLite: the write lock; PostgreSQL: an advisory
    lock), and the whole upgrade is one transaction. On SQLite, foreign keys are off while
    migrating (batch migrations copy tables) and checked afterwards.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    head = head_revision()
    before = current_revision(engine)
    refuse_unusable(engine, before)
    if before == head:
        return before
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            _raw(conn, "PRAGMA foreign_keys = OFF")
        try:
            conn.execution_options(pocdrill_write=True)
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                                 {"k": _PG_MIGRATION_LOCK})
                before = MigrationContext.configure(conn).get_current_revision()
                refuse_unusable(engine, before)
                if before != head:
                    command.upgrade(_alembic_config(conn), "head")
            bad = _raw(conn, "PRAGMA foreign_key_check") if sqlite else []
        finally:
            if sqlite:
                _raw(conn, "PRAGMA foreign_keys = ON")
        if bad:
            raise StoreError(f"database {display_url(engine.url)}: migration left "
                             f"{len(bad)} rows with broken references")
    return before


def _raw(conn: Connection, sql: str) -> list[tuple[Any, ...]]:
    """Run ``sql`` on the DBAPI connection outside any transaction (SQLite pragmas)."""
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql)
        return list(cur.fetchall())
    finally:
        cur.close()


def stamp(engine: Engine, revision: str) -> None:
    """Record ``revision`` as the database's schema revision without migrating (tests, repair)."""
    with engine.connect() as conn:
        conn.execution_options(pocdrill_write=True)
        with conn.begin():
            conn.execute(text("DELETE FROM alembic_version"))
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"),
                         {"v": revision})

"""The results database: location, SQLite settings, file mode, migrations and revisions."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from results.db import (
    StoreError,
    current_revision,
    default_url,
    display_url,
    head_revision,
    make_engine,
    stamp,
    upgrade,
)
from results.models import metadata
from results.store import Store
from tests.store_support import make_result


def test_default_url_from_env_then_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POCDRILL_DATABASE_URL", "postgresql+psycopg://u:secret@db/pocdrill")
    assert default_url() == "postgresql+psycopg://u:secret@db/pocdrill"
    monkeypatch.delenv("POCDRILL_DATABASE_URL")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path / 'pocdrill' / 'results.db'}"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_url() == f"sqlite:///{tmp_path / 'home' / '.local/share/pocdrill/results.db'}"


def test_display_url_hides_password() -> None:
    shown = display_url("postgresql://alice:s3cret@db.example/pocdrill")
    assert "s3cret" not in shown and shown.startswith("postgresql+psycopg://alice:")


def test_sqlite_file_is_private_and_tuned(tmp_path: Path) -> None:
    path = tmp_path / "results.db"
    with Store(f"sqlite:///{path}") as store:
        store.record_run(make_result(), scenario_text="x")
        with store.engine.connect() as conn:
            pragmas = {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                       for p in ("journal_mode", "busy_timeout", "synchronous", "foreign_keys")}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for side in ("-wal", "-shm"):
        extra = path.with_name(path.name + side)
        if extra.exists():
            assert stat.S_IMODE(extra.stat().st_mode) & 0o077 == 0
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 30000, "synchronous": 1,
                       "foreign_keys": 1}


def test_migrations_match_the_models(store_url: str) -> None:
    engine = make_engine(store_url)
    try:
        assert upgrade(engine) is None  # it was empty
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
        assert upgrade(engine) == head_revision()  # a second upgrade does nothing
    finally:
        engine.dispose()


def test_a_sqlite_url_into_a_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "results.db"
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///{path}")
    assert str(err.value) == (f"{path}: no such folder {str(path.parent)!r} for the database "
                              "file; create the folder first, or give a path in an existing one")
    assert not (tmp_path / "new").exists()


def test_the_per_user_default_folder_is_created_private(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("POCDRILL_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with Store() as store:
        assert store.display_url == default_url()
    folder = tmp_path / "data" / "pocdrill"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "results.db").stat().st_mode) == 0o600


def test_an_empty_database_becomes_a_store(sqlite_url: str) -> None:
    make_engine(sqlite_url).dispose()  # the file, empty
    with Store(sqlite_url) as store:
        assert current_revision(store.engine) == head_revision()


@pytest.mark.parametrize("revision", [None, "abc123"])
def test_another_applications_database_is_refused_and_left_as_it_was(
    sqlite_url: str, revision: str | None
) -> None:
    # Another application's tables (with or without its own Alembic revision): pocdrill
    # names the file and adds nothing (it used to add its tables beside them).
    engine = make_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE unrelated (x INTEGER)"))
        conn.execute(text("INSERT INTO unrelated VALUES (1)"))
        if revision:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
            conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": revision})
    shown = display_url(engine.url)
    with pytest.raises(StoreError) as err:
        Store(sqlite_url)
    others = "unrelated" if revision is None else "alembic_version, unrelated"
    assert str(err.value) == (
        f"database {shown} is not a pocdrill store: it holds {len(others.split(', '))} other "
        f"table(s) ({others}); give a new or empty database, or a pocdrill store")
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        assert sorted(t for (t,) in tables) == sorted(others.split(", "))
    engine.dispose()


def test_newer_database_is_refused(store_url: str) -> None:
    with Store(store_url) as store:
        stamp(store.engine, "9999_future")
        shown = store.display_url
    with pytest.raises(StoreError) as err:
        Store(store_url)
    assert str(err.value) == (
        f"database {shown} is at schema revision 9999_future, newer than this pocdrill "
        f"(knows up to {head_revision()}); upgrade pocdrill"
    )


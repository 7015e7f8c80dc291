"""Shared fixtures.

Results store:

* ``sqlite_url`` - a fresh SQLite file URL in the test's temp directory;
* ``postgres_url`` - a fresh PostgreSQL schema (created and dropped per test) on the
  server at ``POCDRILL_TEST_POSTGRES_URL``; skipped without it, unless
  ``POCDRILL_REQUIRE_POSTGRES=1`` (CI), which makes a missing server a failure;
* ``store_url`` - parametrized over both (the PostgreSQL variant carries the
  ``postgres`` marker);
* ``store`` - an open :class:`results.store.Store` on ``store_url``.

Sweeps:

* ``sweep_scenario`` - the small communication check of :mod:`tests.sweep_support` (12
  participants) and its directory file, written to the test's temp directory.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from results.store import Store

POSTGRES_ENV = "POCDRILL_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "POCDRILL_REQUIRE_POSTGRES"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    (tmp_path / "store").mkdir()  # a store's folder must exist (only the default's is made)
    return f"sqlite:///{tmp_path / 'store' / 'results.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {POSTGRES_ENV} is not set")
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV}")
    from sqlalchemy import create_engine, text

    from results.db import normalize_url

    url = normalize_url(base)
    schema = f"pocdrill_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        # A fresh schema per test, first on the search path: cheaper than a database.
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    from results.store import Store

    with Store(store_url) as s:
        yield s


@pytest.fixture
def sweep_scenario(tmp_path: Path) -> Path:
    from tests.sweep_support import write_scenario

    return write_scenario(tmp_path)


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                   ) -> None:
    """Every test caches (live runs' expected bands) in a folder of its own, never in the
    user's ``~/.cache``; commands it starts inherit the setting."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))

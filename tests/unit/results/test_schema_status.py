"""``db current`` / ``db upgrade`` as library calls: empty, behind, current, unusable."""

from __future__ import annotations

import pytest

from results.db import StoreError, head_revision, make_engine, stamp
from results.schema_status import SchemaStatus, schema_status, upgrade_schema


def test_an_empty_database_is_created_on_upgrade(sqlite_url: str) -> None:
    status = schema_status(sqlite_url)
    assert (status.revision, status.state) == (None, "empty")
    assert status.to_dict() == {"database": status.database, "revision": None,
                                "head": head_revision(), "state": "empty"}
    done = upgrade_schema(sqlite_url)
    assert done.before is None and done.head == head_revision() and done.changed
    again = upgrade_schema(sqlite_url)
    assert not again.changed
    assert schema_status(sqlite_url).state == "current"


def test_behind_is_reported(sqlite_url: str) -> None:
    upgrade_schema(sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        stamp(engine, "0001")
    finally:
        engine.dispose()
    assert schema_status(sqlite_url).state == "behind"


def test_state_names() -> None:
    assert SchemaStatus("db", "b", "b").state == "current"
    assert SchemaStatus("db", "a", "b").state == "behind"


@pytest.mark.parametrize("url", ["nonsense://x", "postgresql+psycopg://nobody@127.0.0.1:1/x"])
def test_unusable_databases_are_one_store_error(url: str) -> None:
    with pytest.raises(StoreError) as e:
        schema_status(url)
    assert "\n" not in str(e.value)

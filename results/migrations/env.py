"""Alembic environment for the results store.

pocdrill runs migrations from code (:func:`results.db.upgrade`), handing over an open
connection in ``config.attributes["connection"]``; no ``alembic.ini`` is needed. Run by
hand (``alembic -x url=... upgrade head`` with ``script_location`` pointing here), it
opens the URL given by ``-x url=``, ``sqlalchemy.url`` or :func:`results.db.default_url`.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from results.models import metadata

config = context.config


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        transactional_ddl=True,
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from results.db import default_url, make_engine

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url") or default_url()
    engine = make_engine(url)
    with engine.connect() as conn:
        conn.execution_options(pocdrill_write=True)
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def run_migrations_offline() -> None:
    from results.db import default_url

    context.configure(
        url=config.get_main_option("sqlalchemy.url") or default_url(),
        target_metadata=metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

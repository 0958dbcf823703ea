"""Alembic environment: runs migrations on the connection handed over by :func:`flashpoint.store.migrate`.

Flashpoint never runs Alembic from the command line; :func:`flashpoint.store.database.migrate` puts an
open connection into ``config.attributes["connection"]`` and calls ``command.upgrade``.
"""

from __future__ import annotations

from alembic import context

from flashpoint.store.schema import metadata


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        url = context.config.get_main_option("sqlalchemy.url")
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
    else:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


_run()
